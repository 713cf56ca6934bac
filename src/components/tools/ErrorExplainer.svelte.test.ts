import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import ErrorExplainer from './ErrorExplainer.svelte';

afterEach(cleanup);

const LABEL = 'Error message or log line';
const LOG_LINE =
  'Error verifying token err:not-allowed, reason:Invalid signature tenant:nil room:myroom user_agent:x';

function paste(text: string) {
  fireEvent.input(screen.getByLabelText(LABEL), { target: { value: text } });
}

describe('ErrorExplainer', () => {
  it('sits closed inside "Explain an error message"', () => {
    render(ErrorExplainer);
    expect(screen.getByText('Explain an error message').closest('details')?.open).toBe(false);
    expect(screen.queryByTestId('explanations')).toBeNull();
    expect(screen.queryByTestId('not-recognised')).toBeNull();
  });

  it('explains a prosody log line: connect stage, summary, a cause naming the secret, rule ids', async () => {
    render(ErrorExplainer);
    paste(LOG_LINE);
    const entry = await vi.waitFor(() => {
      const li = screen.getByTestId('explanations').querySelector('[data-entry="signature-invalid"]');
      expect(li).not.toBeNull();
      return li as HTMLElement;
    });
    expect(within(entry).getByText('connect')).toBeTruthy();
    expect(entry.textContent).toContain('The signature does not verify');
    const causes = within(entry)
      .getAllByRole('listitem')
      .map((li) => li.textContent ?? '');
    expect(causes.some((c) => /secret/.test(c) && /signature-invalid/.test(c))).toBe(true);
    // Without onShowRule the rule ids are plain code, not buttons.
    expect(within(entry).queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('status').textContent).toMatch(/^Recognised \d+ messages?\.$/);
  });

  it('makes the rule ids buttons that call onShowRule', async () => {
    const onShowRule = vi.fn<(ruleId: string) => void>();
    render(ErrorExplainer, { onShowRule });
    paste(LOG_LINE);
    const [button] = await screen.findAllByRole('button', { name: 'Show checker rule signature-invalid' });
    await fireEvent.click(button as HTMLElement);
    expect(onShowRule).toHaveBeenCalledWith('signature-invalid');
  });

  it('says when the text is not recognised, with a hint of what to paste', async () => {
    render(ErrorExplainer);
    paste('the coffee machine is out of beans');
    const box = await screen.findByTestId('not-recognised');
    expect(box.textContent).toContain('Not recognised');
    expect(box.textContent).toContain('Error verifying token');
    expect(screen.queryByTestId('explanations')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Not recognised.');
  });
});

describe('ErrorExplainer: release line', () => {
  it('says the server runs the 2020 release line when the wording is the 2020 one', () => {
    render(ErrorExplainer);
    paste("Error verifying token err:not-allowed, reason:Invalid issuer ('iss' claim)");
    const note = screen.getByTestId('explained-release-line');
    expect(note.dataset['release']).toBe('jitsi-2020');
    expect(note.textContent).toMatch(/runs the 2020 release line/);
  });

  it('says nothing about release lines for today’s wording', () => {
    render(ErrorExplainer);
    paste(LOG_LINE);
    expect(screen.queryByTestId('explained-release-line')).toBeNull();
  });

  it('offers to switch the checker to the 2020 line, and says so once it answers that way', async () => {
    const onSwitchRelease = vi.fn();
    const { rerender } = render(ErrorExplainer, { release: 'current', onSwitchRelease });
    paste('Error verifying token err:not-allowed, reason:Not acceptable by exp');
    await fireEvent.click(screen.getByRole('button', { name: 'Check tokens as Jitsi 2020 would' }));
    expect(onSwitchRelease).toHaveBeenCalledWith('jitsi-2020');

    await rerender({ release: 'jitsi-2020', onSwitchRelease });
    expect(screen.queryByRole('button', { name: 'Check tokens as Jitsi 2020 would' })).toBeNull();
    expect(screen.getByTestId('release-switched').textContent).toContain('answers as Jitsi 2020');
  });
});
