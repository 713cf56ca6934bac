// The server-configuration reader and the deployment presets' own rules (JaaS's verdict among them), apart from the checker's core: a first
// verdict rarely needs them, so they load once it is on screen, or with the core when a configuration or a preset
// is already in use (see CheckerState.loadKit).

export { parseServerConfig } from '../lib/jitsi/config/server-config';
export { checkPresetRules } from '../lib/jitsi/config/presets';
export { mucChecksRooms } from '../lib/jitsi/config/prosody-modules';
export { jaasVerdict } from '../lib/jitsi/jaas/jaas-verdict';
