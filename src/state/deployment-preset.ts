// Applies a deployment preset (Debian packages, docker-jitsi-meet, JaaS) to the generator and checker forms.
// The preset table lives in lib/jitsi/presets.ts and is loaded on demand, when the user picks a preset.

import type { PresetId } from '../lib/jitsi/presets';
import type { GeneratorSettings } from '../lib/jitsi/claim-template';
import type { GeneratorState } from './generator.svelte';
import type { CheckerState } from './checker.svelte';

/** Sets settings, template inputs and server options as the preset describes; keeps the user's own values for
 * fields the preset only suggests (its `placeholderFields`). */
export async function applyDeploymentPreset(
  id: PresetId,
  gen: GeneratorState,
  checker: CheckerState,
): Promise<void> {
  const { PRESETS } = await import('../lib/jitsi/presets');
  const preset = PRESETS[id];
  const settings = gen.settings as unknown as Record<string, unknown>;
  const defaults = preset.generator as Partial<GeneratorSettings>;
  for (const [key, value] of Object.entries(defaults)) {
    const isPlaceholder = (preset.placeholderFields as readonly string[]).includes(key);
    const current = settings[key];
    if (isPlaceholder && typeof current === 'string' && current.trim() !== '') continue;
    settings[key] = structuredClone(value);
  }
  const server = preset.settings;
  const list = (v: string[] | string | undefined) =>
    v === undefined ? '' : typeof v === 'string' ? v : v.join(', ');
  checker.server = {
    allow_empty_token: server.allow_empty_token ?? false,
    enable_domain_verification: server.enable_domain_verification ?? true,
    asap_require_room_claim: server.asap_require_room_claim ?? true,
    asap_accepted_issuers: list(server.asap_accepted_issuers),
    asap_accepted_audiences: list(server.asap_accepted_audiences),
    asap_key_server: server.asap_key_server ?? '',
  };
  checker.presetId = id;
}
