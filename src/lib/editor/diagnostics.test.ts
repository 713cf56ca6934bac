import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import {
  currentDiagnostics,
  describeDiagnostics,
  diagnosticText,
  jsonDiagnostics,
  selectNextDiagnostic,
  setExternalDiagnostics,
} from './diagnostics';
import type { EditorDiagnostic } from './finding-diagnostics';

const views: EditorView[] = [];

function createView(doc: string): EditorView {
  const parent = document.createElement('div');
  document.body.append(parent);
  const view = new EditorView({ parent, doc, extensions: jsonDiagnostics() });
  views.push(view);
  return view;
}

afterEach(() => {
  for (const view of views.splice(0)) {
    view.dom.parentElement?.remove();
    view.destroy();
  }
  vi.useRealTimers();
});

/** The underlined text, class and title of every mark, so tests read as what the user sees. */
function underlines(view: EditorView): { text: string; className: string; title: string }[] {
  return [...view.contentDOM.querySelectorAll<HTMLElement>('.cmj-diagnostic')].map((mark) => ({
    text: mark.textContent ?? '',
    className: mark.className,
    title: mark.title,
  }));
}

const WARNING: EditorDiagnostic = {
  from: 2,
  to: 5,
  severity: 'warning',
  message: 'Audience check.',
  source: 'aud-rule',
};

describe('diagnostic text', () => {
  it.each<[string, EditorDiagnostic, string]>([
    ['an error without a source', { from: 0, to: 1, severity: 'error', message: 'Bad.' }, 'Error: Bad.'],
    ['a warning with its rule id', WARNING, 'Warning: Audience check. (aud-rule)'],
    ['an info note', { from: 0, to: 1, severity: 'info', message: 'FYI.' }, 'Note: FYI.'],
  ])('words %s', (_, diagnostic, text) => {
    expect(diagnosticText(diagnostic)).toBe(text);
  });

  it('describes each diagnostic with its line, in document order', () => {
    const view = createView('{\n  "aud": 1,\n}');
    setExternalDiagnostics(view, [{ ...WARNING, from: 4, to: 9 }]);
    expect(describeDiagnostics(view.state)).toEqual([
      'Line 2: Warning: Audience check. (aud-rule)',
      "Line 3: Error: Trailing comma: JSON does not allow ',' before '}'.",
    ]);
  });
});

describe('jsonDiagnostics', () => {
  it('checks the syntax of the starting text at once, without a view', () => {
    const state = EditorState.create({ doc: '{"a": 1,}', extensions: jsonDiagnostics() });
    expect(currentDiagnostics(state)).toEqual([
      { from: 8, to: 9, severity: 'error', message: "Trailing comma: JSON does not allow ',' before '}'." },
    ]);
    expect(currentDiagnostics(EditorState.create({ doc: '{}', extensions: jsonDiagnostics() }))).toEqual([]);
  });

  it('underlines a syntax error with its message as the title and marks the content invalid', () => {
    const view = createView('{"a": 1,}');
    expect(underlines(view)).toEqual([
      {
        text: '}',
        className: 'cmj-diagnostic cmj-error',
        title: "Error: Trailing comma: JSON does not allow ',' before '}'.",
      },
    ]);
    expect(view.contentDOM.getAttribute('aria-invalid')).toBe('true');
  });

  it('shows external diagnostics by severity, and only errors make the content invalid', () => {
    const view = createView('{"aud": "x", "n": 1}');
    setExternalDiagnostics(view, [WARNING, { from: 18, to: 19, severity: 'info', message: 'Small.' }]);
    expect(underlines(view)).toEqual([
      { text: 'aud', className: 'cmj-diagnostic cmj-warning', title: 'Warning: Audience check. (aud-rule)' },
      { text: '1', className: 'cmj-diagnostic cmj-info', title: 'Note: Small.' },
    ]);
    expect(view.contentDOM.hasAttribute('aria-invalid')).toBe(false);
  });

  it('clamps external diagnostics to the text and sorts them', () => {
    const view = createView('{}');
    setExternalDiagnostics(view, [
      { from: 1, to: 99, severity: 'info', message: 'Long.' },
      { from: -5, to: 1, severity: 'error', message: 'Before.' },
    ]);
    expect(currentDiagnostics(view.state)).toEqual([
      { from: 0, to: 1, severity: 'error', message: 'Before.' },
      { from: 1, to: 2, severity: 'info', message: 'Long.' },
    ]);
  });

  it('marks an empty range with a point that carries the message', () => {
    const view = createView('{"a": 1');
    const [diagnostic] = currentDiagnostics(view.state);
    expect(diagnostic).toMatchObject({ from: 7, to: 7, severity: 'error' });
    const point = view.contentDOM.querySelector<HTMLElement>('.cmj-diagnostic-point');
    expect(point?.className).toBe('cmj-diagnostic-point cmj-error');
    expect(point?.title).toBe(diagnosticText(diagnostic as EditorDiagnostic));
  });

  describe('while the text is edited', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    it('maps diagnostics through edits and re-checks the syntax after a pause', () => {
      const view = createView('{"aud": 1,}');
      setExternalDiagnostics(view, [WARNING]);
      view.dispatch({ changes: { from: 0, insert: '\n' } });
      // Until the pause, the old syntax error moves with the text instead of being re-checked per key.
      expect(currentDiagnostics(view.state).map(({ from, to }) => [from, to])).toEqual([
        [3, 6],
        [11, 12],
      ]);
      view.dispatch({ changes: { from: 10, to: 11 } });
      expect(currentDiagnostics(view.state)).toHaveLength(2);
      vi.advanceTimersByTime(300);
      expect(currentDiagnostics(view.state)).toEqual([{ ...WARNING, from: 3, to: 6 }]);
      expect(underlines(view).map((mark) => mark.text)).toEqual(['aud']);
    });

    it('keeps the syntax error when external diagnostics are replaced, and the reverse', () => {
      const view = createView('{"aud": }');
      setExternalDiagnostics(view, [WARNING]);
      const syntaxError =
        "Unexpected '}': expected a value (string, number, object, array, true, false or null).";
      expect(currentDiagnostics(view.state).map((d) => d.message)).toEqual(['Audience check.', syntaxError]);

      setExternalDiagnostics(view, [{ ...WARNING, from: 1, to: 6, message: 'Replaced.' }]);
      expect(currentDiagnostics(view.state).map((d) => d.message)).toEqual(['Replaced.', syntaxError]);

      view.dispatch({ changes: { from: 8, insert: '1' } });
      vi.advanceTimersByTime(300);
      expect(currentDiagnostics(view.state).map((d) => d.message)).toEqual(['Replaced.']);

      setExternalDiagnostics(view, []);
      expect(currentDiagnostics(view.state)).toEqual([]);
      expect(underlines(view)).toEqual([]);
    });

    it('stops checking once the view is destroyed', () => {
      const view = createView('{}');
      view.dispatch({ changes: { from: 1, insert: ',' } });
      view.destroy();
      expect(() => vi.advanceTimersByTime(300)).not.toThrow();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});

describe('selectNextDiagnostic', () => {
  it('selects each diagnostic in turn, wrapping round, and announces its text', () => {
    const view = createView('{"aud": 1,}');
    setExternalDiagnostics(view, [WARNING]);
    const selections: [number, number][] = [];
    for (let step = 0; step < 3; step++) {
      expect(selectNextDiagnostic(view)).toBe(true);
      const { anchor, head } = view.state.selection.main;
      selections.push([anchor, head]);
    }
    expect(selections).toEqual([
      [2, 5],
      [10, 11],
      [2, 5],
    ]);
    expect(view.dom.querySelector('.cm-announced')?.textContent).toBe('Warning: Audience check. (aud-rule)');
  });

  it('does nothing when there is nothing to go to', () => {
    expect(selectNextDiagnostic(createView('{}'))).toBe(false);
  });
});
