// Applies a deployment preset (Debian packages, docker-jitsi-meet, JaaS) to the generator and checker forms.
// The preset table lives in lib/jitsi/config/presets.ts and is loaded on demand, when the user picks a preset.

import type { PresetId } from '../lib/jitsi/config/presets';
import type { GeneratorSettings } from '../lib/jitsi/generate/claim-template';
import type { GeneratorState } from './generator.svelte';
import type { CheckerState } from './checker.svelte';
import { serverOptionsFrom } from './checker-actions';

/** Sets settings, template inputs and server options as the preset describes; keeps the user's own values for
 * fields the preset only suggests (its `placeholderFields`). */
export async function applyDeploymentPreset(
  id: PresetId,
  gen: GeneratorState,
  checker: CheckerState,
): Promise<void> {
  const { PRESETS } = await import('../lib/jitsi/config/presets');
  const preset = PRESETS[id];
  const settings = gen.settings as unknown as Record<string, unknown>;
  const defaults = preset.generator as Partial<GeneratorSettings>;
  for (const [key, value] of Object.entries(defaults)) {
    const isPlaceholder = (preset.placeholderFields as readonly string[]).includes(key);
    const current = settings[key];
    if (isPlaceholder && typeof current === 'string' && current.trim() !== '') continue;
    settings[key] = structuredClone(value);
  }
  checker.server = serverOptionsFrom(preset.settings);
  checker.presetId = id;
  checker.presetExplanation = preset.explanation;
}
