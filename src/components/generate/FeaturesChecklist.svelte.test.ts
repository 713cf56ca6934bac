import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import FeaturesChecklist from './FeaturesChecklist.svelte';
import { FEATURE_LIST, FEATURES_EXPLANATION } from '../../lib/jitsi/generate/features';
import type { JsonObject } from '../../lib/jwt/json-types';

afterEach(() => cleanup());

function renderChecklist(features: Record<string, boolean>, payload?: JsonObject | null) {
  const onChoose = vi.fn<(key: string, isOn: boolean | null) => void>();
  const result = render(FeaturesChecklist, {
    features,
    onChoose,
    ...(payload === undefined ? {} : { payload }),
  });
  return { ...result, onChoose };
}

const select = (key: string) => screen.getByLabelText(key) as HTMLSelectElement;

describe('FeaturesChecklist', () => {
  it('collapses into a details element and labels one control per known feature', () => {
    const { container } = renderChecklist({});
    const details = container.querySelector('details');
    expect(details?.open).toBe(false);
    expect(details?.querySelector('summary')?.textContent).toContain('Features (context.features)');
    expect(screen.getByRole('group', { name: 'Features (context.features)' })).toBeTruthy();
    for (const feature of FEATURE_LIST) {
      expect(select(feature.key).value).toBe('unset');
      expect(screen.getByText(feature.description)).toBeTruthy();
    }
    expect(screen.getByText(FEATURES_EXPLANATION)).toBeTruthy();
  });

  it('shows the current values from the features prop', () => {
    renderChecklist({ recording: true, flip: false });
    expect(select('recording').value).toBe('on');
    expect(select('flip').value).toBe('off');
    expect(select('livestreaming').value).toBe('unset');
    expect(screen.getByText('2 set')).toBeTruthy();
  });

  it.each([
    ['on', true],
    ['off', false],
  ] as const)('chooses %s as %s for that one feature', async (choice, expected) => {
    const { onChoose } = renderChecklist({ flip: true });
    await fireEvent.change(select('recording'), { target: { value: choice } });
    expect(onChoose).toHaveBeenCalledExactlyOnceWith('recording', expected);
  });

  it('removes the key when set back to "not set"', async () => {
    const features = { recording: true, flip: false };
    const { onChoose } = renderChecklist(features);
    await fireEvent.change(select('flip'), { target: { value: 'unset' } });
    expect(onChoose).toHaveBeenCalledExactlyOnceWith('flip', null);
    expect(features).toEqual({ recording: true, flip: false });
  });

  it('lists names the client does not know and lets them be removed', async () => {
    const { onChoose } = renderChecklist({ Recording: true, recording: false });
    await fireEvent.click(screen.getByRole('button', { name: 'Remove Recording' }));
    expect(onChoose).toHaveBeenCalledExactlyOnceWith('Recording', null);
  });

  it("shows the token's values, not the settings', once there is a payload", () => {
    const payload = { context: { features: { recording: 'true', flip: false, livestreaming: 'TRUE' } } };
    renderChecklist({ recording: false, transcription: true }, payload);
    expect(select('recording').value).toBe('on');
    expect(select('flip').value).toBe('off');
    expect(select('transcription').value).toBe('unset');
    expect(select('livestreaming').value).toBe('other');
    expect(screen.getByRole('option', { name: '"TRUE" (counts as off)' })).toBeTruthy();
    expect(screen.getByText('3 set')).toBeTruthy();
  });

  it('lists the payload findings the checker does not report: unknown names and non-text values', () => {
    renderChecklist({}, { context: { features: { screen_sharing: true, recording: 1, flip: 'true' } } });
    expect(screen.getByText(/"screen_sharing" is not a feature name/)).toBeTruthy();
    expect(screen.getByText(/Did you mean "screen-sharing"\?/)).toBeTruthy();
    expect(screen.getByText(/"recording" is a number/)).toBeTruthy();
    expect(screen.getByText(/2 to check/)).toBeTruthy();
    expect(screen.getAllByRole('listitem').filter((item) => item.closest('.findings'))).toHaveLength(2);
  });

  it('shows no findings list for a clean payload or none', () => {
    renderChecklist({}, { context: { features: { recording: true } } });
    expect(screen.queryByText('In the payload')).toBeNull();
    cleanup();
    renderChecklist({}, null);
    expect(screen.queryByText('In the payload')).toBeNull();
  });
});
