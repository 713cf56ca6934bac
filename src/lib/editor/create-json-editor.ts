// Builds the CodeMirror view for one JSON pane and hides it behind a small handle, so the Svelte wrapper never
// handles transactions. The wrapper loads this module with import(): it and CodeMirror form their own chunk, and
// the page shows a plain textarea until it arrives. Knows nothing of tokens or findings.

import { Annotation, EditorSelection, Transaction } from '@codemirror/state';
import type { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { EditorDiagnostic } from './finding-diagnostics';
import { describeDiagnostics, setExternalDiagnostics } from './diagnostics';
import { jsonEditorSetup, setEditorLabel, setEditorReadonly } from './json-editor-setup';

/** Marks transactions that came from the `value` prop, so they are not echoed back through `onChange`. */
const fromOutside = Annotation.define<boolean>();

/** What a new editor starts with. */
export interface JsonEditorOptions {
  /** The element the editor is appended to. */
  parent: HTMLElement;
  text: string;
  label: string;
  id?: string;
  isReadonly: boolean;
  diagnostics: readonly EditorDiagnostic[];
  /** Called with the whole text after each change the user makes (never for {@link JsonEditorHandle.setText}). */
  onChange: (text: string) => void;
  /** The selection to start with, e.g. the one in the textarea the editor replaces; clamped to the text. */
  selection?: { anchor: number; head: number };
  /** Focus the editor at once (the textarea it replaces had focus). */
  isFocused?: boolean;
  /** The id of the element that lists this pane's diagnostics for screen readers (`aria-describedby`). */
  describedBy?: string;
  /**
   * Called with one sentence per shown diagnostic (line, severity, message) whenever that text changes, and once
   * at the start; the wrapper renders them in the element named by `describedBy`.
   */
  onDiagnosticsChange?: (descriptions: readonly string[]) => void;
}

/** The few operations the wrapper needs, in its own terms. */
export interface JsonEditorHandle {
  readonly view: EditorView;
  /** Replaces the text without calling `onChange`; a no-op when the text is unchanged, so the cursor stays. */
  setText(text: string): void;
  setDiagnostics(diagnostics: readonly EditorDiagnostic[]): void;
  setLabel(label: string, id?: string): void;
  setReadonly(isReadonly: boolean): void;
  destroy(): void;
}

/** The smallest single change turning `before` into `after`: only the differing middle is replaced. */
function minimalChange(before: string, after: string): { from: number; to: number; insert: string } {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (
    end < limit - start &&
    before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)
  ) {
    end++;
  }
  return { from: start, to: before.length - end, insert: after.slice(start, after.length - end) };
}

/** Creates a JSON editor inside `options.parent` and returns its handle; call `destroy()` on teardown. */
export function createJsonEditor(options: JsonEditorOptions): JsonEditorHandle {
  const { text, selection } = options;
  let label = options.label;
  let id = options.id;
  let isReadonly = options.isReadonly;
  const clamp = (position: number): number => Math.min(Math.max(0, position), text.length);
  // Compared as text, so edits that only move the diagnostics within their lines do not re-render the list.
  let describedText: string | null = null;
  const reportDiagnostics = (state: EditorState): void => {
    if (options.onDiagnosticsChange === undefined) return;
    const descriptions = describeDiagnostics(state);
    const joined = descriptions.join('\n');
    if (joined === describedText) return;
    describedText = joined;
    options.onDiagnosticsChange(descriptions);
  };
  const view = new EditorView({
    parent: options.parent,
    doc: text,
    selection: selection ? EditorSelection.single(clamp(selection.anchor), clamp(selection.head)) : undefined,
    extensions: [
      jsonEditorSetup({ label, id, isReadonly, describedBy: options.describedBy }),
      EditorView.updateListener.of((update) => {
        reportDiagnostics(update.state);
        if (!update.docChanged) return;
        if (update.transactions.every((transaction) => transaction.annotation(fromOutside))) return;
        options.onChange(update.state.doc.toString());
      }),
    ],
  });
  setExternalDiagnostics(view, options.diagnostics);
  reportDiagnostics(view.state);
  if (options.isFocused) view.focus();

  return {
    view,
    setText(next) {
      const current = view.state.doc.toString();
      if (next === current) return;
      view.dispatch({
        // A minimal change keeps the cursor where it was when the edit is elsewhere in the text.
        changes: minimalChange(current, next),
        // Not undoable: Ctrl-Z in the pane undoes the user's own typing, not a settings change made elsewhere.
        annotations: [fromOutside.of(true), Transaction.addToHistory.of(false)],
      });
    },
    setDiagnostics(diagnostics) {
      setExternalDiagnostics(view, diagnostics);
    },
    setLabel(nextLabel, nextId) {
      if (nextLabel === label && nextId === id) return;
      label = nextLabel;
      id = nextId;
      setEditorLabel(view, label, id);
    },
    setReadonly(nextIsReadonly) {
      if (nextIsReadonly === isReadonly) return;
      isReadonly = nextIsReadonly;
      setEditorReadonly(view, isReadonly);
    },
    destroy() {
      view.destroy();
    },
  };
}
