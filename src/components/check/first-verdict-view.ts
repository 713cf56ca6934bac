// Draws the first verdict (state/first-verdict.ts) before Svelte and the app have arrived: in the app's own frame
// (the header and the check view's grid, whose classes are global in app.css) and with VerdictView's box and
// words, so that when the app replaces it the verdict does not move. Plain DOM and textContent only (no markup from
// the token ever becomes HTML). test/e2e/first-visit.spec.ts checks that the verdict keeps its place.
import type { FirstVerdict } from '../../state/first-verdict';
import {
  assumptionsText,
  conditionText,
  prosodyText,
  releaseLineText,
  signatureText,
  verdictHeadline,
} from './verdict-text';
import { DEPLOYMENT_CHOICES, PASTE_HINT, PASTE_PLACEHOLDER, TAGLINE } from './first-screen-text';
import { RELEASE_LINES } from '../../lib/jitsi/server/release-lines';

export { firstVerdict } from '../../state/first-verdict';

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.append(...children);
  return node;
}

function paragraph(text: string, className = ''): HTMLParagraphElement {
  return element('p', className, text);
}

/**
 * The app's header as App.svelte and PresetSelect.svelte draw it (title, the two views, the deployment select):
 * the same size, so what follows sits where it will sit in the app.
 */
function pageHeader(): HTMLElement {
  const link = (href: string, text: string, isCurrent: boolean) => {
    const a = element('a', '', text);
    a.href = href;
    if (isCurrent) a.setAttribute('aria-current', 'page');
    return a;
  };
  const nav = element(
    'nav',
    'page-modes',
    link('#check', 'Check a token', true),
    link('#generate', 'Generate a link', false),
  );
  nav.setAttribute('aria-label', 'What to do');
  const label = element('label', '', 'Deployment');
  label.htmlFor = 'preset';
  const select = element(
    'select',
    '',
    ...DEPLOYMENT_CHOICES.map(({ label: text }) => element('option', '', text)),
  );
  select.id = 'preset';
  select.disabled = true;
  return element(
    'header',
    'page-header',
    element(
      'div',
      'page-title',
      element('h1', '', 'Jitsi token workbench'),
      paragraph(TAGLINE, 'page-tagline'),
    ),
    nav,
    element('div', 'page-preset', label, select),
  );
}

/** The paste box as CheckView draws it, holding the text being checked (read-only until the app arrives). */
function pasteBox(text: string): HTMLElement {
  const label = element('label', '', 'Token or meeting URL');
  label.htmlFor = 'first-verdict-input';
  const box = element('textarea', '');
  box.id = 'first-verdict-input';
  box.rows = 7;
  box.readOnly = true;
  box.spellcheck = false;
  box.placeholder = PASTE_PLACEHOLDER;
  box.value = text;
  return element(
    'div',
    'check-paste',
    element('h2', '', 'Check a token'),
    label,
    box,
    paragraph(PASTE_HINT, 'hint'),
  );
}

/** Replaces what `target` shows (index.html's static shell) with the app's frame holding `first`. */
export function showFirstVerdict(target: HTMLElement, first: FirstVerdict): void {
  const { verdict, signature } = first.result;
  const box = element('div', 'verdict-box');
  box.dataset['state'] = verdict.accepted ? 'ok' : 'refused';
  const status = document.createElement('div');
  status.setAttribute('role', 'status');
  status.dataset['testid'] = 'verdict';
  status.append(paragraph(verdictHeadline(verdict), 'headline'));
  const reason = prosodyText(verdict);
  if (reason) {
    const says = element('p', '', 'prosody says: ', element('q', 'mono', reason));
    const condition = conditionText(verdict);
    if (condition)
      says.append(' ', element('span', 'hint', '(condition ', element('code', '', condition), ')'));
    status.append(says);
  }
  if (first.assumptions.length > 0) status.append(paragraph(assumptionsText(first.assumptions), 'assumed'));
  const line = RELEASE_LINES[first.release];
  const badge = element('span', 'release-line', releaseLineText(line));
  badge.dataset['release'] = line.id;
  box.append(status, badge);
  box.append(element('p', 'signature', element('strong', '', 'Signature:'), ` ${signatureText(signature)}`));
  const grid = element('section', 'check-grid', pasteBox(first.input), element('div', 'check-results', box));
  grid.setAttribute('aria-label', 'Check a token');
  target.replaceChildren(pageHeader(), element('main', 'page-layout', grid));
}
