// Diagnostics for a JSON pane without @codemirror/lint: the first JSON syntax error plus diagnostics pushed in
// from outside, held in one state field, underlined with mark decorations and described for assistive technology.
// No tooltips, panel or gutter: @codemirror/lint and hover tooltips cost about 10 KB and 4 KB gzipped.

import { StateEffect, StateField } from '@codemirror/state';
import type { ChangeDesc, EditorState, Extension, Range } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, WidgetType } from '@codemirror/view';
import type { Command, ViewUpdate } from '@codemirror/view';
import { jsonSyntaxError } from './json-positions';
import type { EditorDiagnostic } from './finding-diagnostics';

// The two sources are kept apart so that each replaces only its own: a new syntax check never wipes the
// findings pushed in from outside, and a new push never wipes the syntax error. Both are mapped through edits
// until they are replaced.
interface DiagnosticSources {
  readonly syntax: readonly EditorDiagnostic[];
  readonly external: readonly EditorDiagnostic[];
}

const setSyntaxEffect = StateEffect.define<readonly EditorDiagnostic[]>();
const setExternalEffect = StateEffect.define<readonly EditorDiagnostic[]>();

/** Short enough to feel live in a small pane, long enough not to flag every half-typed key. */
const SYNTAX_CHECK_DELAY_MS = 300;

const SEVERITY_LABELS: Readonly<Record<EditorDiagnostic['severity'], string>> = Object.freeze({
  error: 'Error',
  warning: 'Warning',
  info: 'Note',
});

function checkSyntax(state: EditorState): readonly EditorDiagnostic[] {
  const error = jsonSyntaxError(state.doc.toString());
  return error ? [{ ...error, severity: 'error' }] : [];
}

function mapDiagnostics(
  diagnostics: readonly EditorDiagnostic[],
  changes: ChangeDesc,
): readonly EditorDiagnostic[] {
  if (diagnostics.length === 0) return diagnostics;
  return diagnostics.map((diagnostic) => {
    const from = changes.mapPos(diagnostic.from, 1);
    return { ...diagnostic, from, to: Math.max(from, changes.mapPos(diagnostic.to, -1)) };
  });
}

function isSameList(a: readonly EditorDiagnostic[], b: readonly EditorDiagnostic[]): boolean {
  return (
    a.length === b.length &&
    a.every((d, i) => {
      const other = b[i];
      return other !== undefined && d.from === other.from && d.to === other.to && d.message === other.message;
    })
  );
}

const diagnosticsField = StateField.define<DiagnosticSources>({
  create: (state) => ({ syntax: checkSyntax(state), external: [] }),
  update(sources, transaction) {
    let { syntax, external } = sources;
    if (transaction.docChanged) {
      syntax = mapDiagnostics(syntax, transaction.changes);
      external = mapDiagnostics(external, transaction.changes);
    }
    for (const effect of transaction.effects) {
      if (effect.is(setSyntaxEffect)) syntax = effect.value;
      else if (effect.is(setExternalEffect)) external = effect.value;
    }
    return syntax === sources.syntax && external === sources.external ? sources : { syntax, external };
  },
  provide: (field) => [
    EditorView.decorations.compute([field], (state) => Decoration.set(underlines(state), true)),
    EditorView.contentAttributes.compute([field], (state): Record<string, string> => {
      const hasError = currentDiagnostics(state).some((d) => d.severity === 'error');
      return hasError ? { 'aria-invalid': 'true' } : {};
    }),
  ],
});

/** Every diagnostic the editor shows, syntax and external together, in document order. */
export function currentDiagnostics(state: EditorState): readonly EditorDiagnostic[] {
  const { syntax, external } = state.field(diagnosticsField);
  return [...syntax, ...external].sort((a, b) => a.from - b.from || a.to - b.to);
}

/** The text of one diagnostic as the underline's `title` shows it: severity, message and rule id. */
export function diagnosticText({ severity, message, source }: EditorDiagnostic): string {
  return `${SEVERITY_LABELS[severity]}: ${message}${source === undefined ? '' : ` (${source})`}`;
}

/** One sentence per diagnostic, with its line, for a screen-reader description of the pane. */
export function describeDiagnostics(state: EditorState): string[] {
  return currentDiagnostics(state).map((diagnostic) => {
    const line = state.doc.lineAt(diagnostic.from).number;
    return `Line ${line}: ${diagnosticText(diagnostic)}`;
  });
}

/** Marks an empty range, e.g. "unexpected end of input" after the last character, which a mark cannot show. */
class DiagnosticPoint extends WidgetType {
  constructor(
    private readonly className: string,
    private readonly title: string,
  ) {
    super();
  }
  override eq(other: DiagnosticPoint): boolean {
    return other.className === this.className && other.title === this.title;
  }
  toDOM(view: EditorView): HTMLElement {
    const point = view.dom.ownerDocument.createElement('span');
    point.className = this.className;
    point.title = this.title;
    return point;
  }
}

function underlines(state: EditorState): Range<Decoration>[] {
  return currentDiagnostics(state).map((diagnostic) => {
    const title = diagnosticText(diagnostic);
    const { from, to, severity } = diagnostic;
    if (from < to) {
      return Decoration.mark({ class: `cmj-diagnostic cmj-${severity}`, attributes: { title } }).range(
        from,
        to,
      );
    }
    return Decoration.widget({
      widget: new DiagnosticPoint(`cmj-diagnostic-point cmj-${severity}`, title),
    }).range(from);
  });
}

const delayedSyntaxCheck = ViewPlugin.fromClass(
  class {
    private timer: ReturnType<typeof setTimeout> | undefined;
    constructor(private readonly view: EditorView) {}
    update(update: ViewUpdate): void {
      if (!update.docChanged) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        const { state } = this.view;
        const syntax = checkSyntax(state);
        if (isSameList(syntax, state.field(diagnosticsField).syntax)) return;
        this.view.dispatch({ effects: setSyntaxEffect.of(syntax) });
      }, SYNTAX_CHECK_DELAY_MS);
    }
    destroy(): void {
      clearTimeout(this.timer);
    }
  },
);

// Colours come from the page's tokens (app.css), which switch with prefers-color-scheme; light-dark() is the
// fallback for a page without them. A wavy line, not colour alone, tells a marked range from plain text.
const diagnosticsTheme = EditorView.theme({
  '.cmj-diagnostic': {
    textDecoration: 'underline wavy var(--cmj-diagnostic-colour)',
    textDecorationSkipInk: 'none',
    textUnderlineOffset: '3px',
  },
  '.cmj-diagnostic-point': {
    position: 'relative',
    '&::after': {
      content: '""',
      position: 'absolute',
      bottom: '-2px',
      left: '-3px',
      borderLeft: '3px solid transparent',
      borderRight: '3px solid transparent',
      borderBottom: '4px solid var(--cmj-diagnostic-colour)',
    },
  },
  '.cmj-error': { '--cmj-diagnostic-colour': 'var(--error, light-dark(#b3261e, #ff7b72))' },
  '.cmj-warning': { '--cmj-diagnostic-colour': 'var(--warn, light-dark(#7d4e00, #e3b341))' },
  '.cmj-info': { '--cmj-diagnostic-colour': 'var(--accent, light-dark(#1d4ed8, #4f8cff))' },
});

/** Shows the JSON syntax error and the diagnostics set by {@link setExternalDiagnostics}, underlined. */
export function jsonDiagnostics(): Extension {
  return [diagnosticsField, delayedSyntaxCheck, diagnosticsTheme];
}

/**
 * Replaces the diagnostics shown from outside (e.g. checker findings), leaving the JSON syntax check alone.
 * Positions are clamped to the current text, since they may have been computed for a slightly older one.
 */
export function setExternalDiagnostics(view: EditorView, diagnostics: readonly EditorDiagnostic[]): void {
  const length = view.state.doc.length;
  const clamped = diagnostics.map((diagnostic) => {
    const from = Math.min(Math.max(0, diagnostic.from), length);
    return { ...diagnostic, from, to: Math.min(Math.max(from, diagnostic.to), length) };
  });
  view.dispatch({ effects: setExternalEffect.of(clamped) });
}

/**
 * Selects the next diagnostic after the selection (wrapping round) and announces its text, so a keyboard or
 * screen-reader user can reach every message without a mouse. Bound to F8, as in @codemirror/lint.
 */
export const selectNextDiagnostic: Command = (view) => {
  const diagnostics = currentDiagnostics(view.state);
  const { from, to } = view.state.selection.main;
  const next = diagnostics.find((d) => d.from > from || (d.from === from && d.to > to)) ?? diagnostics[0];
  if (next === undefined) return false;
  view.dispatch({
    selection: { anchor: next.from, head: next.to },
    effects: EditorView.announce.of(diagnosticText(next)),
    scrollIntoView: true,
    userEvent: 'select',
  });
  return true;
};
