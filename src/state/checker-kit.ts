// The checker's core as one module, so that a single import() (and one chunk, see vite.config.ts) brings all of
// it: main.ts starts that import at once when the page opens on a token, App.svelte when the checker is reached.
// The server-configuration reader is apart, in ./config-kit.ts.

export { checkToken } from '../lib/jitsi/server/prosody-checker';
export { readPastedInput } from '../lib/jitsi/explain/meeting-paste';
export { classifyBoxText } from '../lib/jitsi/explain/wrong-box';
export { validateJwtLikeClient, clientNotification } from '../lib/jitsi/client/client-validate';
export { fixForRule, fixContextFrom } from '../lib/jitsi/server/token-fixes';
export { findingsToDiagnostics } from '../lib/editor/finding-diagnostics';
export { assumeUnknownSettings, withoutUnknownSettings } from '../lib/jitsi/server/unknown-settings';
