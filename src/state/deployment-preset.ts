// Applies a deployment preset (Debian packages, docker-jitsi-meet, JaaS) to the generator and checker forms.
// The preset table lives in lib/jitsi/config/presets.ts and is loaded on demand, when the user picks a preset.

import type { PresetId } from '../lib/jitsi/config/presets';
import type { GeneratorState } from './generator.svelte';
import type { CheckerState } from './checker.svelte';
import { serverOptionsFrom } from './checker-actions';

/** Sets settings, template inputs and server options as the preset describes; keeps the user's own values for
 * the fields that are theirs (its `placeholderFields`, left empty for their placeholder). */
export async function applyDeploymentPreset(
  id: PresetId,
  gen: GeneratorState,
  checker: CheckerState,
): Promise<void> {
  const { PRESETS, presetGeneratorSettings } = await import('../lib/jitsi/config/presets');
  const preset = PRESETS[id];
  // A plain copy: the settings are a reactive proxy, which structuredClone cannot copy.
  const current = JSON.parse(JSON.stringify(gen.settings)) as typeof gen.settings;
  gen.settings = presetGeneratorSettings(id, current);
  checker.server = serverOptionsFrom(preset.settings, checker.server.release);
  checker.presetId = id;
  checker.presetExplanation = preset.explanation;
}
