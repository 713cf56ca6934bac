// User story: a keyboard or screen-reader user can do everything a mouse user can. axe-core finds no violation in
// any screen state at phone and desktop widths, and Tab reaches the main controls with a visible focus ring.
import type { ElementHandle, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { expectNoAxeViolations } from './axe';
import { APP_ID, DOMAIN, SECRET, nowSeconds, signHmacToken, validClaims } from './hmac-token';
import {
  checkText,
  fillGenerator,
  openChecker,
  openTools,
  readRoomLink,
  useServerConfig,
} from './workbench-actions';

const SETTINGS = { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'standup' };
const PROSODY_CONFIG = `VirtualHost "meet.example.com"
    authentication = "token"
    app_id = "example_app"
    app_secret = "${SECRET}"
    asap_accepted_issuers = { "example_app", "partner_portal" }
`;

// axe is injected as a script tag, which the page's CSP (script-src 'self') rightly blocks; this spec is about
// accessibility, and security.spec.ts checks the CSP itself.
test.use({ bypassCSP: true });

/** A link to `standup` whose token is for another room and expired an hour ago. */
function failingLink(): string {
  const now = nowSeconds();
  const token = signHmacToken(
    validClaims({ room: 'otherroom', iat: now - 7200, nbf: now - 7260, exp: now - 3600 }, now),
    SECRET,
  );
  return `https://${DOMAIN}/standup?jwt=${token}`;
}

for (const width of [375, 1440]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 900 } });

    test('no axe violations from an empty start to a pasted config', async ({ page }) => {
      await page.goto('./');
      // Sections load when they come into view; load them all first, so none swaps its placeholder for its view
      // while axe is walking the page (axe fails on nodes that leave the document mid-run).
      await openChecker(page);
      await openTools(page);
      await expect(page.getByText('Server settings (prosody)', { exact: true })).toBeVisible();
      await expect(page.getByTestId('verdict')).toContainText('Nothing to check yet');
      await page.evaluate(() => window.scrollTo(0, 0));
      await expectNoAxeViolations(page, 'empty start');

      await fillGenerator(page, SETTINGS);
      await readRoomLink(page);
      await expect(page.locator('.cm-editor')).toHaveCount(2);
      const generated = page.getByRole('region', { name: 'What prosody says about this token' });
      await generated.scrollIntoViewIfNeeded();
      await expect(generated.getByTestId('verdict')).toContainText('Accepted');
      await expectNoAxeViolations(page, 'filled generator');

      // A token signed with another secret: refused, with the signature status and prosody's reason.
      const forged = signHmacToken(validClaims({ room: 'standup' }), 'someone-elses-secret-0123456789abcdef');
      await checkText(page, forged);
      await expect(page.getByTestId('prosody-reason')).toHaveText('Invalid signature');
      await expectNoAxeViolations(page, 'checker with a refused token');

      await checkText(page, failingLink());
      await expect(page.getByTestId('findings').locator('li[data-rule="room-mismatch"]')).toBeVisible();
      await expect(page.getByTestId('findings').getByRole('button').first()).toBeVisible();
      await expectNoAxeViolations(page, 'checker with findings and fix buttons');

      await useServerConfig(page, PROSODY_CONFIG);
      await expect(page.getByTestId('config-result')).toContainText('Read as a prosody config');
      await expectNoAxeViolations(page, 'config pasted');
    });
  });
}

/** What Tab has focused: its accessible name as a user would read it. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const labelled = el.getAttribute('aria-label');
    if (labelled) return labelled;
    const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    return (label?.textContent ?? el.textContent ?? '').trim();
  });
}

/** The focus indicator of the focused element (CodeMirror draws it on its .cm-editor box). */
async function outlineOf(
  handle: ElementHandle<Node>,
): Promise<{ style: string; width: number; color: string }> {
  return handle.evaluate((node) => {
    const el = node as Element;
    const box = el.closest('.cm-editor') ?? el;
    const style = getComputedStyle(box);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor };
  });
}

test('keyboard only: Tab reaches the fields, the payload editor and the copy buttons, each with a focus ring', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto('./#generate');
  await expect(page.locator('.cm-editor')).toHaveCount(2);

  const typeInto: Record<string, string> = {
    Domain: SETTINGS.domain,
    Room: SETTINGS.room,
    'App ID': SETTINGS.appId,
    'App secret': SECRET,
  };
  const targets = ['Domain', 'App ID', 'App secret', 'Payload', 'Copy token', 'Copy link'];
  const reached: string[] = [];
  const order: string[] = [];
  for (let i = 0; i < 80 && reached.length < targets.length; i++) {
    await page.keyboard.press('Tab');
    const name = await focusedName(page);
    order.push(name);
    const value = typeInto[name];
    if (value !== undefined) await page.keyboard.type(value);
    if (!targets.includes(name) || reached.includes(name)) continue;
    reached.push(name);

    const focused = await page.evaluateHandle(() => document.activeElement as Node);
    expect(
      await focused.evaluate((el) => (el as Element).matches(':focus-visible')),
      `${name} :focus-visible`,
    ).toBe(true);
    // CodeMirror marks itself focused a moment after the focus event, hence the poll.
    await expect
      .poll(async () => (await outlineOf(focused)).style, { message: `${name} outline style`, timeout: 2000 })
      .not.toBe('none');
    const ring = await outlineOf(focused);
    expect(ring.width, `${name} outline width`).toBeGreaterThanOrEqual(2);
    // The ring belongs to focus: moving on removes it.
    await page.keyboard.press('Tab');
    order.push(await focusedName(page));
    await expect
      .poll(() => outlineOf(focused), { message: `${name} outline after it lost focus`, timeout: 2000 })
      .not.toEqual(ring);
    await page.keyboard.press('Shift+Tab');
  }
  expect(reached.sort(), `Tab order seen: ${order.join(' → ')}`).toEqual([...targets].sort());
  // What was typed by keyboard alone signed a working link.
  const { url } = await readRoomLink(page);
  expect(url.href.startsWith(`https://${DOMAIN}/standup?jwt=`)).toBe(true);
});
