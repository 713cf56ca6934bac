import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import { EditorView } from '@codemirror/view';
import JsonEditor from './JsonEditor.svelte';
import { currentDiagnostics } from '../../lib/editor/diagnostics';
import type { EditorDiagnostic } from '../../lib/editor/finding-diagnostics';

const LABEL = 'Payload JSON';
const PAYLOAD = '{"aud": "jitsi", "room": "*"}';

afterEach(() => cleanup());

function renderEditor(props: { value?: string; diagnostics?: EditorDiagnostic[]; readonly?: boolean } = {}) {
  const onChange = vi.fn<(text: string) => void>();
  const result = render(JsonEditor, {
    label: LABEL,
    value: PAYLOAD,
    onChange,
    id: 'payload-editor',
    ...props,
  });
  return { ...result, onChange };
}

/** Waits for the dynamic import to land and returns the live view. */
async function loadedView(container: HTMLElement): Promise<EditorView> {
  const content = await vi.waitFor(() => {
    const element = container.querySelector<HTMLElement>('.cm-content');
    if (element === null) throw new Error('CodeMirror has not replaced the textarea yet');
    return element;
  });
  const view = EditorView.findFromDOM(content);
  if (view === null) throw new Error('no EditorView behind .cm-content');
  return view;
}

function diagnosticsOf(view: EditorView): { from: number; to: number; severity: string; message: string }[] {
  return currentDiagnostics(view.state).map(({ from, to, severity, message }) => ({
    from,
    to,
    severity,
    message,
  }));
}

/** The underlined text and its title, for each diagnostic mark in the editor. */
function underlinesIn(container: HTMLElement, severity: string): { text: string; title: string }[] {
  return [...container.querySelectorAll<HTMLElement>(`.cmj-diagnostic.cmj-${severity}`)].map((mark) => ({
    text: mark.textContent ?? '',
    title: mark.title,
  }));
}

/** What a screen reader gets as the editor's description: the text of the elements named by aria-describedby. */
function accessibleDescription(view: EditorView): string[] {
  const ids = view.contentDOM.getAttribute('aria-describedby')?.split(' ') ?? [];
  return ids.flatMap((id) =>
    [...(document.getElementById(id)?.querySelectorAll('p') ?? [])].map((line) => line.textContent ?? ''),
  );
}

describe('JsonEditor before CodeMirror arrives', () => {
  it('renders a labelled textarea with the value at once', () => {
    renderEditor();
    const field = screen.getByLabelText(LABEL);
    expect(field.tagName).toBe('TEXTAREA');
    expect((field as HTMLTextAreaElement).value).toBe(PAYLOAD);
    expect(field.id).toBe('payload-editor');
  });

  it('reports typing in the textarea through onChange', () => {
    const { onChange } = renderEditor();
    fireEvent.input(screen.getByLabelText(LABEL), { target: { value: '{"aud": "x"}' } });
    expect(onChange).toHaveBeenCalledExactlyOnceWith('{"aud": "x"}');
  });
});

describe('JsonEditor with CodeMirror', () => {
  it('replaces the textarea with an editor carrying the label, id and text', async () => {
    const { container } = renderEditor();
    const view = await loadedView(container);
    expect(container.querySelector('textarea')).toBeNull();
    expect(view.contentDOM.getAttribute('aria-label')).toBe(LABEL);
    expect(view.contentDOM.id).toBe('payload-editor');
    expect(screen.getByLabelText(LABEL)).toBe(view.contentDOM);
    expect(view.state.doc.toString()).toBe(PAYLOAD);
  });

  it('keeps what was typed, the focus and the cursor of the textarea', async () => {
    // happy-dom fires selectionchange synchronously, re-entering CodeMirror in the middle of an update; browsers
    // queue the event as a task. Queue it here too, for this focused-editor test.
    const requeued = new WeakSet<Event>();
    let queued = 0;
    const deferSelectionChange = (event: Event): void => {
      if (requeued.has(event)) return;
      event.stopImmediatePropagation();
      const later = new Event('selectionchange');
      requeued.add(later);
      queued++;
      setTimeout(() => {
        document.dispatchEvent(later);
        // Counted down after the dispatch, so an event it queues in turn keeps the count above zero.
        queued--;
      });
    };
    document.addEventListener('selectionchange', deferSelectionChange, { capture: true });
    try {
      const { container, onChange } = renderEditor();
      const field = screen.getByLabelText(LABEL) as HTMLTextAreaElement;
      field.focus();
      fireEvent.input(field, { target: { value: '{"aud": "jitsi!"}' } });
      field.setSelectionRange(3, 6);
      const view = await loadedView(container);
      expect(view.state.doc.toString()).toBe('{"aud": "jitsi!"}');
      expect(view.state.selection.main).toMatchObject({ anchor: 3, head: 6 });
      expect(view.hasFocus).toBe(true);
      expect(onChange).toHaveBeenCalledExactlyOnceWith('{"aud": "jitsi!"}');
      // Every queued selection event reaches CodeMirror before the listener goes.
      await vi.waitFor(() => expect(queued).toBe(0));
    } finally {
      document.removeEventListener('selectionchange', deferSelectionChange, { capture: true });
    }
  });

  it('shows external value changes without calling onChange, keeping the cursor', async () => {
    const { container, onChange, rerender } = renderEditor();
    const view = await loadedView(container);
    view.dispatch({ selection: { anchor: 2 } });
    await rerender({ value: '{"aud": "jitsi", "room": "lobby"}' });
    expect(view.state.doc.toString()).toBe('{"aud": "jitsi", "room": "lobby"}');
    expect(view.state.selection.main.head).toBe(2);
    await rerender({ value: '{"aud": "jitsi", "room": "lobby"}' });
    expect(onChange).not.toHaveBeenCalled();
  });

  it('reports edits through onChange once, with no echo when the parent passes the text back', async () => {
    const { container, onChange, rerender } = renderEditor();
    const view = await loadedView(container);
    view.dispatch({ changes: { from: 1, insert: '"sub": "meet.example.com", ' }, selection: { anchor: 5 } });
    const typed = '{"sub": "meet.example.com", "aud": "jitsi", "room": "*"}';
    expect(onChange).toHaveBeenCalledExactlyOnceWith(typed);
    await rerender({ value: typed });
    expect(view.state.doc.toString()).toBe(typed);
    expect(view.state.selection.main.head).toBe(5);
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('colours keys, strings and numbers', async () => {
    const { container } = renderEditor({ value: '{"exp": 1700000000, "aud": "jitsi"}' });
    await loadedView(container);
    const texts = (selector: string): string[] =>
      [...container.querySelectorAll(selector)].map((element) => element.textContent ?? '');
    expect(texts('.cmj-key')).toEqual(['"exp"', '"aud"']);
    expect(texts('.cmj-string')).toEqual(['"jitsi"']);
    expect(texts('.cmj-number')).toEqual(['1700000000']);
  });

  it('keeps the indentation on Enter and undoes with Mod-z', async () => {
    const { container, onChange } = renderEditor({ value: '{\n  "a": 1\n}' });
    const view = await loadedView(container);
    view.dispatch({ selection: { anchor: '{\n  "a": 1'.length } });
    fireEvent.keyDown(view.contentDOM, { key: 'Enter', code: 'Enter', keyCode: 13 });
    expect(view.state.doc.toString()).toBe('{\n  "a": 1\n  \n}');
    expect(onChange).toHaveBeenLastCalledWith('{\n  "a": 1\n  \n}');
    // CodeMirror reads "Mod" as Cmd on macOS and Ctrl elsewhere, by navigator.platform.
    const mod = /Mac/.test(navigator.platform) ? { metaKey: true } : { ctrlKey: true };
    fireEvent.keyDown(view.contentDOM, { key: 'z', code: 'KeyZ', keyCode: 90, ...mod });
    expect(view.state.doc.toString()).toBe('{\n  "a": 1\n}');
  });

  it('underlines a JSON syntax error', async () => {
    const { container } = renderEditor();
    const view = await loadedView(container);
    view.dispatch({ changes: { from: view.state.doc.length - 1, insert: ',' } });
    await vi.waitFor(() =>
      expect(diagnosticsOf(view)).toEqual([
        {
          from: PAYLOAD.length,
          to: PAYLOAD.length + 1,
          severity: 'error',
          message: "Trailing comma: JSON does not allow ',' before '}'.",
        },
      ]),
    );
    const message = "Error: Trailing comma: JSON does not allow ',' before '}'.";
    await vi.waitFor(() => expect(underlinesIn(container, 'error')).toEqual([{ text: '}', title: message }]));
    expect(view.contentDOM.getAttribute('aria-invalid')).toBe('true');
    expect(accessibleDescription(view)).toEqual([`Line 1: ${message}`]);
  });

  it('describes the diagnostics to screen readers in a polite live region', async () => {
    const { container } = renderEditor({
      value: '{\n  "aud": "jitsi"\n}',
      diagnostics: [{ from: 4, to: 9, severity: 'warning', message: 'Audience check.', source: 'aud-rule' }],
    });
    const view = await loadedView(container);
    const region = document.getElementById(view.contentDOM.getAttribute('aria-describedby') ?? '');
    expect(region?.getAttribute('aria-live')).toBe('polite');
    expect(region?.classList.contains('visually-hidden')).toBe(true);
    expect(accessibleDescription(view)).toEqual(['Line 2: Warning: Audience check. (aud-rule)']);
    expect(view.contentDOM.hasAttribute('aria-invalid')).toBe(false);
  });

  it('shows external diagnostics alongside syntax errors, neither wiping the other', async () => {
    const finding: EditorDiagnostic = {
      from: 2,
      to: 5,
      severity: 'warning',
      message: 'Audience check.',
      source: 'aud-rule',
    };
    const { container, rerender } = renderEditor({ value: '{"aud": }', diagnostics: [finding] });
    const view = await loadedView(container);
    const syntax = { from: 8, to: 9, severity: 'error', message: "Unexpected '}': expected a value" };
    await vi.waitFor(() => {
      const shown = diagnosticsOf(view);
      expect(shown).toHaveLength(2);
      expect(shown).toContainEqual({ from: 2, to: 5, severity: 'warning', message: 'Audience check.' });
      expect(shown.find((d) => d.severity === 'error')?.message).toContain(syntax.message);
    });
    expect(underlinesIn(container, 'warning')).toEqual([
      { text: 'aud', title: 'Warning: Audience check. (aud-rule)' },
    ]);
    expect(underlinesIn(container, 'error').map((mark) => mark.text)).toEqual(['}']);

    await rerender({ diagnostics: [{ ...finding, from: 1, to: 6, message: 'Replaced.' }] });
    await vi.waitFor(() => {
      const shown = diagnosticsOf(view);
      expect(shown.map((d) => d.message)).toEqual([
        'Replaced.',
        expect.stringContaining("Unexpected '}'") as unknown as string,
      ]);
    });

    expect(accessibleDescription(view)).toEqual([
      'Line 1: Warning: Replaced. (aud-rule)',
      expect.stringContaining("Line 1: Error: Unexpected '}'") as unknown as string,
    ]);

    await rerender({ diagnostics: [] });
    await vi.waitFor(() => expect(diagnosticsOf(view).map((d) => d.severity)).toEqual(['error']));
    expect(underlinesIn(container, 'warning')).toEqual([]);
  });

  it('moves to the next diagnostic on F8, so each message can be reached from the keyboard', async () => {
    const { container } = renderEditor({
      diagnostics: [{ from: 17, to: 23, severity: 'info', message: 'Any room.' }],
    });
    const view = await loadedView(container);
    fireEvent.keyDown(view.contentDOM, { key: 'F8', code: 'F8', keyCode: 119 });
    expect(view.state.selection.main).toMatchObject({ anchor: 17, head: 23 });
    expect(container.querySelector('.cm-announced')?.textContent).toBe('Note: Any room.');
  });

  it('clamps diagnostics that run past the end of the text', async () => {
    const { container } = renderEditor({
      value: '{}',
      diagnostics: [{ from: 1, to: 99, severity: 'info', message: 'Long.' }],
    });
    const view = await loadedView(container);
    await vi.waitFor(() =>
      expect(diagnosticsOf(view)).toEqual([{ from: 1, to: 2, severity: 'info', message: 'Long.' }]),
    );
  });

  it('follows the readonly and label props', async () => {
    const { container, rerender } = renderEditor();
    const view = await loadedView(container);
    expect(view.state.readOnly).toBe(false);
    await rerender({ readonly: true, label: 'Header JSON' });
    expect(view.state.readOnly).toBe(true);
    expect(view.contentDOM.getAttribute('aria-readonly')).toBe('true');
    expect(view.contentDOM.getAttribute('aria-label')).toBe('Header JSON');
  });

  it('destroys the view on teardown', async () => {
    const { container, unmount } = renderEditor();
    const view = await loadedView(container);
    const destroy = vi.spyOn(view, 'destroy');
    unmount();
    expect(destroy).toHaveBeenCalledOnce();
  });
});
