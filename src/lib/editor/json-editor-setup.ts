// The CodeMirror extension bundle for a small JSON pane: JSON colouring from the page's colour tokens, wrapping,
// undo, and the diagnostics of diagnostics.ts (JSON syntax errors plus findings pushed in from outside). Builds
// no view (create-json-editor.ts does). No autocomplete, search, gutters or Lezer parser: see "Bundle budget".

import { Compartment, EditorSelection, EditorState, RangeSetBuilder } from '@codemirror/state';
import type { Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, keymap } from '@codemirror/view';
import type { Command, DecorationSet, ViewUpdate } from '@codemirror/view';
import { history, historyKeymap, selectAll } from '@codemirror/commands';
import { jsonTokens, type JsonTokenKind } from './json-positions';
import { jsonDiagnostics, selectNextDiagnostic } from './diagnostics';

// Bundle budget: the whole app must stay under 110 KB of gzipped JavaScript (scripts/check-budget.mjs), and
// CodeMirror's view and state alone are about 64 KB. @codemirror/lang-json plus the standard keymap would add
// about 20 KB (Lezer and @codemirror/language, which the keymap's Enter command also pulls in; measured 105 KB
// instead of 86 KB for this chunk), so colouring reuses json-positions' lexer and the keymap stays minimal.
// @codemirror/lint (about 10 KB) is replaced by diagnostics.ts. Importing anything from @codemirror/commands
// also brings @lezer/common (about 6 KB, unused here): that package lacks `sideEffects: false`, so tree-shaking
// keeps it unless the build config marks it side-effect free (`treeshake.moduleSideEffects`).

const TOKEN_MARKS: Readonly<Record<JsonTokenKind, Decoration>> = Object.freeze({
  key: Decoration.mark({ class: 'cmj-key' }),
  string: Decoration.mark({ class: 'cmj-string' }),
  number: Decoration.mark({ class: 'cmj-number' }),
  literal: Decoration.mark({ class: 'cmj-literal' }),
  punctuation: Decoration.mark({ class: 'cmj-punctuation' }),
});

function colourTokens(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  const { from, to } = view.viewport;
  // Lexing stops after the viewport, so typing near the top of a long document stays cheap.
  for (const token of jsonTokens(view.state.doc.toString(), to)) {
    if (token.to >= from) builder.add(token.from, token.to, TOKEN_MARKS[token.kind]);
  }
  return builder.finish();
}

const jsonColouring = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = colourTokens(view);
    }
    update(update: ViewUpdate): void {
      if (update.docChanged || update.viewportChanged) this.decorations = colourTokens(update.view);
    }
  },
  { decorations: (plugin) => plugin.decorations },
);

/** Enter keeps the current line's indentation, one step more after an opening bracket (no parser needed). */
const insertNewlineKeepingIndent: Command = (view) => {
  if (view.state.readOnly) return false;
  const transaction = view.state.changeByRange((range) => {
    const line = view.state.doc.lineAt(range.from);
    const indent = /^[ \t]*/.exec(line.text)?.[0] ?? '';
    const before = view.state.sliceDoc(Math.max(line.from, range.from - 1), range.from);
    const insert = `\n${indent}${before === '{' || before === '[' ? '  ' : ''}`;
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.cursor(range.from + insert.length),
    };
  });
  view.dispatch(transaction, { scrollIntoView: true, userEvent: 'input' });
  return true;
};

// Every colour CodeMirror's base theme would pick by its own light/dark flag is overridden from the page, so the
// editor follows the page (and prefers-color-scheme) without a JavaScript media-query listener.
const jsonEditorTheme = EditorView.theme({
  '&': {
    color: 'var(--text, CanvasText)',
    backgroundColor: 'var(--panel, Canvas)',
    border: '1px solid var(--border, GrayText)',
    borderRadius: '6px',
  },
  '&.cm-focused': {
    // Matches the page's :focus-visible ring; a text field shows focus however it was reached.
    outline: '3px solid var(--focus, Highlight)',
    outlineOffset: '2px',
  },
  '.cm-scroller': { fontFamily: 'var(--mono, monospace)', lineHeight: '1.45' },
  '.cm-content': { padding: '0.35rem 0', caretColor: 'var(--text, CanvasText)' },
  '.cm-line': { padding: '0 0.5rem' },
  // Colours come from the page's design tokens (app.css), which already switch with prefers-color-scheme.
  // `--json-*` lets a page tune the editor alone; light-dark() is the last resort for a page without tokens.
  '.cmj-key': { color: 'var(--json-key, var(--token-signature, light-dark(#0a6ebd, #79c0ff)))' },
  '.cmj-string': { color: 'var(--json-string, var(--ok, light-dark(#116329, #56d364)))' },
  '.cmj-number': { color: 'var(--json-number, var(--token-payload, light-dark(#6f42c1, #d2a8ff)))' },
  '.cmj-literal': { color: 'var(--json-literal, var(--warn, light-dark(#7d4e00, #e3b341)))' },
  '.cmj-punctuation': { color: 'var(--json-punctuation, var(--muted, light-dark(#57606a, #9da7b3)))' },
});

const labelCompartment = new Compartment();
const readonlyCompartment = new Compartment();

function accessibleName(label: string, id: string | undefined): Extension {
  return EditorView.contentAttributes.of(
    id === undefined ? { 'aria-label': label } : { 'aria-label': label, id },
  );
}

function accessibleDescription(describedBy: string | undefined): Extension {
  return describedBy === undefined
    ? []
    : EditorView.contentAttributes.of({ 'aria-describedby': describedBy });
}

function readonlyMode(isReadonly: boolean): Extension {
  // readOnly, not editable=false: a read-only pane must stay focusable so its text can be selected and copied.
  return [
    EditorState.readOnly.of(isReadonly),
    EditorView.contentAttributes.of({ 'aria-readonly': String(isReadonly) }),
  ];
}

/** Options for {@link jsonEditorSetup}. */
export interface JsonEditorSetupOptions {
  /** The accessible name, announced by screen readers and used by `getByLabel`. */
  label: string;
  /** Put on the focusable content element, so a skip link or `getElementById(id).focus()` reaches the editor. */
  id?: string;
  isReadonly?: boolean;
  /** The id of an element describing the pane, e.g. a list of its diagnostics (see `describeDiagnostics`). */
  describedBy?: string;
}

/** Returns the extensions for a small JSON pane; pair with diagnostics.ts' `setExternalDiagnostics`. */
export function jsonEditorSetup({
  label,
  id,
  isReadonly = false,
  describedBy,
}: JsonEditorSetupOptions): Extension[] {
  return [
    jsonColouring,
    jsonEditorTheme,
    EditorView.lineWrapping,
    history(),
    // Arrows, Backspace, Delete and selection are left to the browser, which CodeMirror reads back; Tab is not
    // bound, so it keeps moving focus out of the pane.
    keymap.of([
      { key: 'Enter', run: insertNewlineKeepingIndent },
      { key: 'Mod-a', run: selectAll },
      { key: 'F8', run: selectNextDiagnostic },
      ...historyKeymap,
    ]),
    jsonDiagnostics(),
    labelCompartment.of(accessibleName(label, id)),
    accessibleDescription(describedBy),
    readonlyCompartment.of(readonlyMode(isReadonly)),
  ];
}

/** Changes the accessible name (and id) of an editor built with {@link jsonEditorSetup}. */
export function setEditorLabel(view: EditorView, label: string, id?: string): void {
  view.dispatch({ effects: labelCompartment.reconfigure(accessibleName(label, id)) });
}

/** Switches an editor built with {@link jsonEditorSetup} between editable and read-only. */
export function setEditorReadonly(view: EditorView, isReadonly: boolean): void {
  view.dispatch({ effects: readonlyCompartment.reconfigure(readonlyMode(isReadonly)) });
}
