// The least page that gives the workbench's own verdict on `#token=<jwt>`: the checker's core, run as the app runs
// it when nothing about the server is known (the settings assumed from the token, then what they cannot decide
// dropped), and the app's headline. No UI, no framework: what any page running Jitsi's real rules must at least
// load, compile and run. scripts/bench.mjs builds it with Vite from the same sources as the app.
import { readPastedInput } from '../../src/lib/jitsi/explain/meeting-paste';
import { checkToken } from '../../src/lib/jitsi/server/prosody-checker';
import { assumeUnknownSettings, withoutUnknownSettings } from '../../src/lib/jitsi/server/unknown-settings';
import { DEFAULT_RELEASE_LINE } from '../../src/lib/jitsi/server/release-line-id';
import { decodeToken } from '../../src/lib/jwt/token-codec';
import { prosodyText, verdictHeadline } from '../../src/components/check/verdict-text';

const status = document.querySelector<HTMLElement>('[data-testid=verdict]');
const text = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
const token = readPastedInput(text).token;
const decoded = token === null ? null : decodeToken(token);
const header = decoded?.header.ok ? decoded.header.value : null;
const payload = decoded?.payload.ok ? decoded.payload.value : null;
const assumed = assumeUnknownSettings({}, header, payload);
const result = withoutUnknownSettings(
  await checkToken({
    token,
    settings: assumed.settings,
    domain: '',
    room: '',
    tenant: null,
    now: Math.floor(Date.now() / 1000),
    release: DEFAULT_RELEASE_LINE,
    publicKeys: {},
  }),
  assumed.unknown,
);
if (status) {
  const reason = prosodyText(result.verdict);
  status.textContent = `${verdictHeadline(result.verdict)}${reason ? ` prosody says: ${reason}` : ''}`;
  status.dataset['state'] = result.verdict.accepted ? 'ok' : 'refused';
}
