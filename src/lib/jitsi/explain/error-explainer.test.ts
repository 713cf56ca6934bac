// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explainError } from './error-explainer';
import type { ExplainStage } from './catalogue/catalogue-entry';
import type { ProsodyRuleId } from '../server/prosody-rules';

// Rules §9, word for word (plus the §9 old wordings, the §11 quirk and the §6.6 traceback), with the entry each
// must be recognised as and the checker rules its causes must point at.
const SERVER_CATALOGUE: readonly [
  text: string,
  id: string,
  stage: ExplainStage,
  ruleIds: readonly ProsodyRuleId[],
][] = [
  ['token required', 'token-required', 'auth', ['token-required']],
  ['Invalid token', 'invalid-token', 'auth', ['invalid-token']],
  ['bad token format', 'bad-token-format', 'auth', ['bad-token-format']],
  ["'kid' claim is missing", 'kid-missing', 'auth', ['kid-missing']],
  ["'alg' claim is missing", 'alg-missing', 'auth', ['alg-missing']],
  ["'kid' claim only support with RS family", 'kid-needs-rs', 'auth', ['kid-needs-rs']],
  ['could not obtain public key', 'public-key-unavailable', 'auth', ['public-key-unavailable']],
  // The checker cannot see this (no key reached the check), so the cause names no rule.
  ['signature verification key is missing', 'key-missing', 'auth', []],
  ['Invalid header', 'invalid-header', 'auth', ['invalid-header']],
  ['Invalid body', 'invalid-body', 'auth', ['invalid-body']],
  ['Invalid signature', 'signature-invalid', 'auth', ['signature-invalid', 'invalid-signature-encoding']],
  ['Invalid typ', 'typ-invalid', 'auth', ['typ-invalid']],
  ['Invalid or incorrect alg', 'alg-mismatch', 'auth', ['alg-mismatch']],
  ['Algorithm not supported', 'alg-not-supported', 'auth', ['algorithm-not-supported']],
  ['exp must be number', 'exp-not-number', 'auth', ['exp-not-number']],
  ['nbf must be number', 'nbf-not-number', 'auth', ['nbf-not-number']],
  ['Not acceptable by exp (60 sec since expired)', 'token-expired', 'auth', ['token-expired']],
  [
    'Not acceptable by exp (60 sec since expired, valid for:3600 sec)',
    'token-expired',
    'auth',
    ['token-expired'],
  ],
  [
    'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
    'token-expired',
    'auth',
    ['token-expired'],
  ],
  ['Not acceptable by exp (1.00000175e+15 sec since expired)', 'token-expired', 'auth', ['token-expired']],
  ['Not acceptable by nbf', 'token-not-yet-valid', 'auth', ['token-not-yet-valid']],
  ["'iss' claim is missing", 'iss-missing', 'auth', ['iss-missing']],
  ["invalid 'iss' claim", 'iss-invalid', 'auth', ['iss-invalid']],
  ["'aud' claim is missing", 'aud-missing', 'auth', ['aud-missing']],
  ["invalid 'aud' claim", 'aud-invalid', 'auth', ['aud-invalid']],
  ['jwt missing required context claim', 'context-required', 'auth', ['context-missing']],
  // Bans are server state the checker cannot see.
  ['user is banned', 'user-banned', 'auth', []],
  ["'room' claim is missing", 'room-claim-missing', 'auth', ['room-claim-missing']],
  ['invalid-room-address', 'invalid-room-address', 'muc', ['room-address-invalid']],
  ['Room address is invalid', 'invalid-room-address', 'muc', ['room-address-invalid']],
  ['room-does-not-exist', 'room-does-not-exist', 'muc', ['room-does-not-exist']],
  ['Room does not exist', 'room-does-not-exist', 'muc', ['room-does-not-exist']],
  ['authentication-required', 'authentication-required', 'muc', ['anonymous-access']],
  ['Authentication required', 'authentication-required', 'muc', ['anonymous-access']],
  // prosody's err `room-mismatch` is the domain-verification-off refusal; the rule `room-mismatch` is §6.7's.
  ['room-mismatch', 'room-mismatch', 'muc', ['room-mismatch-no-domain-check']],
  [
    'Room does not match the room from token',
    'room-mismatch',
    'muc',
    ['room-mismatch-no-domain-check', 'room-claim-not-encoded'],
  ],
  [
    'room-name-does-not-match',
    'room-name-does-not-match',
    'muc',
    ['room-regex-no-match', 'room-claim-missing'],
  ],
  [
    'Room name cannot be matched to the one from token.',
    'room-name-does-not-match',
    'muc',
    ['room-regex-no-match'],
  ],
  ['server-missing-config', 'server-missing-config', 'muc', ['room-does-not-exist']],
  ['Misconfiguration of server', 'server-missing-config', 'muc', ['room-does-not-exist']],
  [
    'Room and token mismatched',
    'room-and-token-mismatched',
    'muc',
    ['sub-mismatch', 'room-mismatch', 'tenant-mismatch'],
  ],
  ["'app_id' must not be empty", 'app-id-missing', 'config', ['app-id-missing']],
  [
    "'app_secret', 'asap_key_server or 'cacheKeysUrl' must be specified",
    'key-config-missing',
    'config',
    ['key-config-missing'],
  ],
  // Older releases (rules §9, last paragraph).
  ["Invalid issuer ('iss' claim)", 'iss-invalid', 'auth', ['iss-invalid', 'iss-missing']],
  ["Invalid audience ('aud' claim)", 'aud-invalid', 'auth', ['aud-invalid', 'aud-missing']],
  ["'alg' claim must not be empty", 'alg-missing', 'auth', ['alg-missing']],
  // §11 and §6.6: crashes instead of clean refusals.
  ['invalid tag name: contains invalid characters', 'invalid-tag-name', 'auth', ['room-claim-missing']],
  ["bad argument #1 to 'lower' (string expected, got nil)", 'lower-on-nil', 'muc', ['sub-missing']],
  [
    "bad argument #1 to 'lower' (string expected, got userdata)",
    'lower-on-nil',
    'muc',
    ['sub-invalid-type', 'tenant-claim-invalid-type'],
  ],
  // §12: wording of newer servers.
  ['room claim is missing', 'room-claim-missing', 'auth', ['room-claim-missing']],
  ['sub claim is missing', 'sub-claim-missing', 'auth', ['sub-missing']],
  ['invalid-regex', 'invalid-regex', 'muc', ['room-regex-invalid']],
];

function ruleIdsOf(id: string, text: string): ProsodyRuleId[] {
  const found = explainError(text).recognised.find((r) => r.id === id);
  return found ? found.causes.flatMap((c) => [...c.ruleIds]) : [];
}

describe('explainError: the server catalogue (rules §9)', () => {
  it.each(SERVER_CATALOGUE)('%s', (text, id, stage, ruleIds) => {
    const result = explainError(text);
    expect(result.unrecognised).toBe(false);
    expect(result.recognised.map((r) => r.id)).toEqual([id]);
    expect(result.recognised[0]?.stage).toBe(stage);
    expect(result.recognised[0]?.causes.length).toBeGreaterThan(0);
    expect(ruleIdsOf(id, text)).toEqual(expect.arrayContaining([...ruleIds]));
  });

  it.each([
    [
      '60 sec since expired',
      'Not acceptable by exp (60 sec since expired)',
      'Expired 60 s before the server checked it.',
    ],
    [
      'Lua 5.4 floats',
      'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
      'Expired 60 s before the server checked it. It was valid for 3600 s (exp − iat).',
    ],
    [
      'born expired',
      'Not acceptable by exp (0.0 sec since expired, valid for:0.0 sec)',
      'Expired 0 s before the server checked it. It was valid for 0 s (exp − iat). exp is not after iat: the token was born expired.',
    ],
    [
      'an exp of about zero',
      'Not acceptable by exp (1.8e+09 sec since expired)',
      /looks like a duration or 0/,
    ],
    ['no numbers', 'Not acceptable by exp', null],
  ])('reads the numbers of the exp message: %s', (_name, text, detail) => {
    const found = explainError(text).recognised[0];
    if (detail instanceof RegExp) expect(found?.detail).toMatch(detail);
    else expect(found?.detail).toBe(detail);
  });
});

describe('explainError: prosody log lines', () => {
  it.each<[string, string, string[]]>([
    [
      'an auth failure',
      'Error verifying token err:not-allowed, reason:Invalid signature tenant:nil room:myroom user_agent:Mozilla/5.0 (X11; Linux x86_64)',
      ['signature-invalid'],
    ],
    [
      'an auth failure with the room quirk',
      "Error verifying token err:'room' claim is missing, reason:nil tenant:acme room:standup user_agent:curl/8.0",
      ['room-claim-missing'],
    ],
    [
      'a join failure',
      'Token alice@meet.example.com/abc not allowed to join: myroom@conference.meet.example.com/alice err: room-mismatch reason: Room does not match the room from token',
      ['room-mismatch'],
    ],
    [
      'a join failure with no err',
      'Token bob@meet.example.com/x not allowed to join: [acme]room@conference.meet.example.com/bob err: nil reason: Room and token mismatched',
      ['room-and-token-mismatched'],
    ],
    [
      'several lines in the order they appear',
      "Jan 01 12:00:00 c2s55d info Error verifying token err:not-allowed, reason:invalid 'aud' claim\nJan 01 12:00:05 c2s56e info Error verifying token err:not-allowed, reason:Not acceptable by exp (12.0 sec since expired)",
      ['aud-invalid', 'token-expired'],
    ],
    [
      'a traceback',
      "mod_token_verification: Error in muc-occupant-pre-join: /usr/share/jitsi-meet/prosody-plugins/token/util.lib.lua:487: bad argument #1 to 'lower' (string expected, got nil)\nstack traceback:",
      ['lower-on-nil'],
    ],
    [
      'an unknown reason keeps the generic explanation',
      'Error verifying token err:not-allowed, reason:Something brand new tenant:nil room:x user_agent:y',
      ['auth-log-line', 'not-allowed'],
    ],
  ])('%s', (_name, text, ids) => {
    const result = explainError(text);
    expect(result.recognised.map((r) => r.id)).toEqual(ids);
    expect(result.unrecognised).toBe(false);
  });
});

describe('explainError: client messages (client rules §2-§3)', () => {
  it.each<[string, string[], ExplainStage]>([
    ['not-allowed', ['not-allowed'], 'auth'],
    ['token required', ['token-required'], 'auth'],
    ['connection.passwordRequired', ['password-required'], 'client'],
    ['Authentication failed', ['authentication-failed'], 'client'],
    ["Sorry, you're not allowed to join this call.", ['authentication-failed'], 'client'],
    ['Sorry, you’re not allowed to join this call.', ['authentication-failed'], 'client'],
    ['Invalid tenant', ['client-invalid-tenant'], 'client'],
    ["The tenant you are using is invalid (starts or ends with '-').", ['client-invalid-tenant'], 'client'],
    ['Missing the header.', ['client-header-not-found'], 'client'],
    ['Missing the payload.', ['client-payload-not-found'], 'client'],
    ['Missing Key ID (kid).', ['client-kid-not-found'], 'client'],
    ['Key ID (kid) does not match sub.', ['client-kid-mismatch'], 'client'],
    ['Invalid `aud` value. It should be `jitsi`.', ['client-aud-invalid'], 'client'],
    ['Invalid `iss` value. It should be `chat`.', ['client-iss-invalid'], 'client'],
    ['The `features` object is missing from the payload.', ['client-features-not-found'], 'client'],
    ['Invalid `nbf` value.', ['client-nbf-invalid'], 'client'],
    ['The `nbf` value is in the future.', ['client-nbf-future'], 'client'],
    ['Invalid `exp` value.', ['client-exp-invalid'], 'client'],
    ['Token is expired.', ['client-token-expired'], 'client'],
    ['The `context` object is missing from the payload.', ['client-context-not-found'], 'client'],
    ['Invalid feature: foo, most likely not implemented yet.', ['client-feature-invalid'], 'client'],
    ['Invalid value for feature: recording.', ['client-feature-value-invalid'], 'client'],
    ['- Key ID(kid) does not match sub', ['client-kid-mismatch'], 'client'],
    ['- invalid `nbf` value', ['client-nbf-invalid'], 'client'],
  ])('%s', (text, ids, stage) => {
    const result = explainError(text);
    expect(result.recognised.map((r) => r.id)).toEqual(ids);
    expect(result.recognised[0]?.stage).toBe(stage);
  });

  it('explains each reason of a full notification, keeping the note that they are the client’s own checks', () => {
    const result = explainError(
      "Authentication failed\nSorry, you're not allowed to join this call. Possible reasons: Invalid `exp` value. The `context` object is missing from the payload.",
    );
    expect(result.recognised.map((r) => r.id)).toEqual([
      'authentication-failed',
      'client-exp-invalid',
      'client-context-not-found',
    ]);
  });

  it('drops the generic explanations once a server reason is recognised', () => {
    const result = explainError('not-allowed\nAuthentication failed\nJWT error: Invalid typ');
    expect(result.recognised.map((r) => r.id)).toEqual(['typ-invalid']);
  });

  it('names the feature in the detail', () => {
    expect(
      explainError('Invalid feature: screen_sharing, most likely not implemented yet.').recognised[0]?.detail,
    ).toBe('Feature: screen_sharing');
  });
});

describe('explainError: unknown and odd input', () => {
  it.each([
    ['an unknown text', 'the video froze'],
    ['a near miss', 'Invalid tokens are fun'],
    ['another system’s error', 'ECONNREFUSED 127.0.0.1:5280'],
  ])('%s is unrecognised', (_name, text) => {
    expect(explainError(text)).toEqual({
      recognised: [],
      unrecognised: true,
      releaseLine: null,
      releaseEvidence: null,
    });
  });

  it('treats empty input as nothing to explain', () => {
    expect(explainError('   \n')).toEqual({
      recognised: [],
      unrecognised: false,
      releaseLine: null,
      releaseEvidence: null,
    });
  });

  it('copes with line-wrapped and upper-case text', () => {
    expect(explainError('ROOM DOES NOT\nMATCH THE ROOM FROM TOKEN').recognised[0]?.id).toBe('room-mismatch');
  });

  it.each([
    ['repeated near-misses', 'Not acceptable by exp (1'.repeat(45000) + 'x'.repeat(1 << 19), 'token-expired'],
    ['a long run after Token', `Token ${'a'.repeat(1 << 20)}`, null],
    ['long digit runs', `Not acceptable by exp (${'1'.repeat(1 << 20)}`, 'token-expired'],
    ['many short lines', 'Token a b\nnot allowed\n'.repeat(60000), null],
  ])('reads a 1 MB paste: %s', (_name, text, first) => {
    expect(explainError(text).recognised[0]?.id ?? null).toBe(first);
  });
});

describe('the recorded verdict vectors', () => {
  interface ProsodyCase {
    name: string;
    expect: { accepted: boolean; error: string | null; reason: string | null; detail?: string };
  }
  interface ClientCase {
    name: string;
    expect: { messages: string[]; notification: string };
  }
  const prosody = (
    JSON.parse(readFileSync('test/fixtures/prosody/prosody-verdicts.json', 'utf8')) as {
      cases: ProsodyCase[];
    }
  ).cases;
  const client = (
    JSON.parse(readFileSync('test/fixtures/client/client-verdicts.json', 'utf8')) as {
      tokenChecks: ClientCase[];
    }
  ).tokenChecks;

  it.each(prosody.filter((c) => !c.expect.accepted).map((c) => [c.name, c] as const))(
    'prosody %s: the reason or error is recognised',
    (_name, c) => {
      const text = c.expect.reason ?? c.expect.detail ?? c.expect.error ?? '';
      const result = explainError(text);
      expect(result.unrecognised, text).toBe(false);
      expect(
        result.recognised.some((r) => !['not-allowed', 'auth-log-line', 'muc-log-line'].includes(r.id)),
        text,
      ).toBe(true);
    },
  );

  it.each(client.map((c) => [c.name, c] as const))('client %s: every message is recognised', (_name, c) => {
    for (const message of c.expect.messages) {
      expect(explainError(message).recognised.filter((r) => r.stage === 'client').length, message).toBe(1);
    }
    // The notification is "Sorry, …" plus the messages joined: the same entries, plus the notification itself.
    const expected = new Set([
      'authentication-failed',
      ...c.expect.messages.flatMap((m) => explainError(m).recognised.map((r) => r.id)),
    ]);
    expect(new Set(explainError(c.expect.notification).recognised.map((r) => r.id))).toEqual(expected);
  });
});

describe('the key server log line', () => {
  const LOG =
    'Dec 01 23:50:02 meet.example.com:auth_token warn Error on public key request: Code 404, Content <html><body>404 Not Found</body></html>\n' +
    'Dec 01 23:50:02 meet.example.com:auth_token warn Error verifying token err:not-allowed, reason:could not obtain public key tenant:nil room:r user_agent:x';

  it('recognises "Error on public key request: Code 404" before the refusal it causes', () => {
    const { recognised } = explainError(LOG);
    expect(recognised.map((m) => m.id)).toEqual(['public-key-request-failed', 'public-key-unavailable']);
    const [request] = recognised;
    expect(request?.detail).toContain('Code 404: the key server has no file at the URL');
    expect(request?.detail).toContain('<sha256(kid)>.pem');
    expect(request?.causes[0]?.ruleIds).toEqual(['public-key-unavailable']);
  });

  it.each([
    ['Error on public key request: Code 403, Content Forbidden', 'refuses to serve'],
    ['Error on public key request: Code 502, Content Bad Gateway', 'Code 502: the key server answered'],
    ['Error on public key request: Code connection refused, Content nil', 'did not get an HTTP answer'],
  ])('says what %j means', (line, says) => {
    expect(explainError(line).recognised[0]?.detail).toContain(says);
  });
});

describe('explainError: the release line a wording shows (rules §15)', () => {
  it.each([
    [
      "Error verifying token err:not-allowed, reason:Invalid issuer ('iss' claim)",
      "Invalid issuer ('iss' claim)",
    ],
    ["Invalid audience ('aud' claim)", "Invalid audience ('aud' claim)"],
    ['reason:Not acceptable by exp', 'Not acceptable by exp'],
    ["'alg' claim must not be empty", "'alg' claim must not be empty"],
    ['Invalid json', 'Invalid json'],
  ])('%s → jitsi-2020', (text, evidence) => {
    expect(explainError(text)).toMatchObject({ releaseLine: 'jitsi-2020', releaseEvidence: evidence });
  });

  it.each([
    "invalid 'iss' claim",
    'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
    'Not acceptable by exp (0.5 sec since expired)',
    'token required',
  ])('%s → no release line', (text) => {
    expect(explainError(text).releaseLine).toBeNull();
  });
});

describe('explainError: server lines that are not token refusals', () => {
  it.each([
    ["Unable to load module 'auth_jwt': No such file or directory", 'module-load-failed'],
    [
      "error loading module 'crypto' from file '/usr/lib/x86_64-linux-gnu/lua/5.4/crypto.so'",
      'module-load-failed',
    ],
    [
      "No available SASL mechanisms, verify that the configured authentication module 'token' is loaded",
      'sasl-no-mechanism',
    ],
    ['guest.meet.jitsi:auth_token warn WARNING - empty tokens allowed', 'empty-tokens-warning'],
    ['Given token does not match calculated token', 'component-secret-mismatch'],
    ['meet.jitsi:tokenauth warn Failed to verify access token: (nil)', 'prosody-tokenauth'],
    ['conference.connectionError.notAllowed', 'client-not-allowed'],
    ['invalid tag name: expected string, got nil', 'invalid-tag-name-nil'],
  ])('%s', (text, id) => {
    expect(explainError(text).recognised.map((r) => r.id)).toEqual([id]);
  });

  it('no longer explains a token without dots as a missing room claim', () => {
    const ids = explainError('invalid tag name: expected string, got nil').recognised.map((r) => r.id);
    expect(ids).not.toContain('invalid-tag-name');
  });
});
