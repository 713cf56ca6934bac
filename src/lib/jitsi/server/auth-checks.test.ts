// @vitest-environment node
// The auth-stage checks: each of their rules fires and stays quiet on a fixed clock, parse_token refuses in its
// own order, and the verdicts of the branches of rules §3 and §13.

import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { AUTH_RULE_CASES } from '../../../../test/prosody-cases/auth-rule-cases';
import {
  ACCEPTED,
  authError,
  b64,
  CLAIMS,
  HEADER,
  hs,
  input,
  luaError,
  NOW,
  Raw,
  SECRET,
  SETTINGS,
  sign,
  testRuleCases,
  token,
} from '../../../../test/prosody-cases/tokens';

testRuleCases(AUTH_RULE_CASES);

describe('auth-stage verdicts for the branches of rules §3 and §13', () => {
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['payload null', input({ token: token(HEADER, null) }), luaError('auth')],
    ['payload array', input({ token: token(HEADER, [CLAIMS]) }), authError("'iss' claim is missing")],
    ['payload string', input({ token: token(HEADER, 'x') }), authError("'iss' claim is missing")],
    ['leading dot, app_secret', input({ token: `.${hs()}` }), ACCEPTED],
    ['trailing dot and backslash, app_secret', input({ token: `${hs().replace('.', '\\')}.` }), ACCEPTED],
    [
      'padding inside the signed text',
      input({ token: `${sign(HEADER, CLAIMS).h}=.${sign(HEADER, CLAIMS).p}.${sign(HEADER, CLAIMS).s}` }),
      authError('Invalid signature'),
    ],
    ['bad characters in the signature', input({ token: `${hs()}+x` }), authError('Invalid signature')],
    ['bad characters in the header', input({ token: `+${hs()}` }), luaError('auth')],
    [
      'empty token with allow_empty_token',
      input({ token: '', settings: { ...SETTINGS, allow_empty_token: true } }),
      authError('Invalid token'),
    ],
    [
      'exp float formatting',
      input({ token: hs({ exp: -999999950000000, iat: -2000000000000000 }) }),
      authError('Not acceptable by exp (1.00000175e+15 sec since expired, valid for:1.00000005e+15 sec)'),
    ],
    [
      'exp 0.5 s ago',
      input({ token: hs({ exp: NOW - 0.5 }, ['iat']) }),
      authError('Not acceptable by exp (0.5 sec since expired)'),
    ],
    ['exp false', input({ token: hs({ exp: false }) }), ACCEPTED],
    [
      'exp Infinity (cjson accepts it)',
      input({ token: token(HEADER, new Raw(JSON.stringify(CLAIMS).replace(`${NOW + 3600}`, 'Infinity'))) }),
      ACCEPTED,
    ],
    ['exp null', input({ token: hs({ exp: null }) }), authError('exp must be number')],
    ['nbf false', input({ token: hs({ nbf: false }) }), ACCEPTED],
    ['aud null', input({ token: hs({ aud: null }) }), ACCEPTED],
    ['iss null', input({ token: hs({ iss: null }) }), authError("invalid 'iss' claim")],
    ['app_id ""', input({ settings: { app_id: '', app_secret: SECRET }, token: hs({ iss: '' }) }), ACCEPTED],
    [
      'asap_accepted_issuers as a plain string',
      input({ settings: { ...SETTINGS, asap_accepted_issuers: 'my_app' } }),
      ACCEPTED,
    ],
    [
      'unsupported signature_algorithm',
      input({ settings: { ...SETTINGS, signature_algorithm: 'PS256' } }),
      authError('Algorithm not supported'),
    ],
    [
      'HS384 configured',
      input({
        settings: { ...SETTINGS, signature_algorithm: 'HS384' },
        token: token({ alg: 'HS384', typ: 'JWT' }, CLAIMS),
      }),
      ACCEPTED,
    ],
    ['top-level user_id without context', input({ token: hs({ user_id: 'x' }, ['context']) }), ACCEPTED],
    [
      'authentication not token',
      input({ settings: { ...SETTINGS, authentication: 'jitsi-anonymous' } }),
      { accepted: false, stage: 'config', error: 'token-auth-not-configured' },
    ],
    [
      'no app_id and no key',
      input({ settings: {} }),
      { stage: 'config', reason: "'app_id' must not be empty" },
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });
});

// parse_token (L:70-89) refuses in its own order: the segment count, the header, the body, the signature encoding.
describe('parse_token order', () => {
  const { h, p, s } = sign(HEADER, CLAIMS);
  const notJson = b64('not json');
  const lua: Partial<ProsodyVerdict> = { accepted: false, stage: 'auth', error: 'lua-error', reason: null };
  const refused = (reason: string): Partial<ProsodyVerdict> => ({
    accepted: false,
    stage: 'auth',
    error: 'not-allowed',
    reason,
  });
  it.each<[string, string, Partial<ProsodyVerdict>]>([
    ['three segments', `${h}.${p}.${s}`, ACCEPTED],
    ['empty signature', `${h}.${p}.`, refused('Invalid token')],
    ['extra dots vanish', `.${h}..${p}.${s}.`, ACCEPTED],
    ['backslashes separate', `${h}\\${p}\\${s}`, ACCEPTED],
    ['padding on the signature', `${h}.${p}.${s}==`, ACCEPTED],
    ['header not JSON', `${notJson}.${p}.${s}`, refused('Invalid header')],
    ['body not JSON', `${h}.${b64('{')}.${s}`, refused('Invalid body')],
    ['signature not base64url', `${h}.${p}.${s.slice(0, -1)}+`, refused('Invalid signature')],
    ['bad character in the header', `${h}+.${p}.${s}`, lua],
    ['bad character in the body', `${h}.${p} .${s}`, lua],
    ['a bad header comes before a crashing body', `${b64('{')}.${p}+.${s}`, refused('Invalid header')],
    ['a bad body comes before a bad signature', `${h}.${b64('{')}.${s}+`, refused('Invalid body')],
  ])('%s', async (_name, jwt, verdict) => {
    const result = await checkToken(input({ token: jwt }));
    expect(result.verdict).toMatchObject(verdict);
    if (verdict.error === 'lua-error') {
      expect(result.verdict.detail).toBe("bad argument #1 to 'decode' (expected 1 argument)");
    }
  });
});

describe('secret-short follows where the line takes the algorithm from', () => {
  it('judges the secret by the header alg on the 2020 line, by the setting on the current one', async () => {
    const hs512 = token({ ...HEADER, alg: 'HS512' }, CLAIMS);
    const legacy = await checkToken(input({ release: 'jitsi-2020', token: hs512 }));
    const note = legacy.findings.find((f) => f.ruleId === 'secret-short');
    expect(note?.message).toContain('HS512 wants at least 64 bytes');
    const current = await checkToken(input({ token: hs512 }));
    expect(current.findings.map((f) => f.ruleId)).not.toContain('secret-short');
  });
});
