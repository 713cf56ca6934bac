// @vitest-environment node
// The 2020 release line at connect time: its own rules fire and stay quiet, and the verdicts of luajwtjitsi 2.0's
// decode and the 2020 verify_token where they differ from the current line (rules §15).

import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { RELEASE_RULE_CASES, legacy } from '../../../../test/prosody-cases/release-rule-cases';
import {
  ACCEPTED,
  CLAIMS,
  HEADER,
  KEY_SERVER,
  NOW,
  PEM,
  SECRET,
  SETTINGS,
  hs,
  keyServer,
  rs,
  sign,
  testRuleCases,
  token,
} from '../../../../test/prosody-cases/tokens';

const refused = (reason: string): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage: 'auth',
  error: 'not-allowed',
  reason,
});
const luaError: Partial<ProsodyVerdict> = {
  accepted: false,
  stage: 'auth',
  error: 'lua-error',
  reason: null,
};
const legacyKeyServer = (changes: Partial<CheckInput> = {}): CheckInput =>
  keyServer({ release: 'jitsi-2020', ...changes });
const { h, p, s } = sign(HEADER, CLAIMS);

testRuleCases(RELEASE_RULE_CASES);

describe('2020 verdicts at connect time', () => {
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['a valid token', legacy(), ACCEPTED],
    ['two pieces', legacy({ token: `${h}.${p}` }), refused('Invalid token')],
    ['a backslash does not separate', legacy({ token: `${h}\\${p}\\${s}` }), refused('Invalid token')],
    ['an empty header', legacy({ token: `.${hs()}` }), refused('Invalid json')],
    ['a third dot falls into the signature', legacy({ token: `${hs()}.x` }), refused('Invalid signature')],
    [
      'padding inside the signature stops its decode',
      legacy({ token: `${h}.${p}.${s.slice(0, 4)}=${s.slice(4)}` }),
      refused('Invalid signature'),
    ],
    ['missing typ', legacy({ token: token({ alg: 'HS256' }, CLAIMS) }), refused('Invalid typ')],
    [
      'exp type is checked before the signature',
      legacy({ token: token(HEADER, { ...CLAIMS, exp: 'x' }, 'wrong') }),
      refused('exp must be number'),
    ],
    ['wrong secret', legacy({ token: token(HEADER, CLAIMS, 'wrong') }), refused('Invalid signature')],
    ['exp equal to now', legacy({ token: hs({ exp: NOW }) }), refused('Not acceptable by exp')],
    ['nbf ahead', legacy({ token: hs({ nbf: NOW + 1 }) }), refused('Not acceptable by nbf')],
    [
      'iss comes before the room claim',
      legacy({ token: hs({ iss: 'x' }, ['room', 'aud']) }),
      refused("Invalid issuer ('iss' claim)"),
    ],
    [
      'the room claim comes before aud',
      legacy({ token: hs({}, ['room', 'aud']) }),
      refused("'room' claim is missing"),
    ],
    [
      'aud not accepted',
      legacy({
        settings: { ...SETTINGS, asap_accepted_audiences: ['jitsi'] },
        token: hs({ aud: ['jitsi'] }),
      }),
      refused("Invalid audience ('aud' claim)"),
    ],
    [
      'signature_algorithm does not exist',
      legacy({ settings: { ...SETTINGS, signature_algorithm: 'HS512' } }),
      ACCEPTED,
    ],
    ['HS384 without any setting', legacy({ token: token({ alg: 'HS384', typ: 'JWT' }, CLAIMS) }), ACCEPTED],
    ['RS256 token to an app_secret server reads app_secret as a key', legacy({ token: rs() }), luaError],
    ['payload null', legacy({ token: token(HEADER, null) }), luaError],
    ['header a number', legacy({ token: token(5, CLAIMS) }), luaError],
    [
      'cache_keys_url does not exist',
      legacy({ settings: { app_id: 'my_app', cache_keys_url: 'https://keys.example.com/jwks' } }),
      { accepted: false, stage: 'config', reason: "'app_secret' or 'asap_key_server' must be specified" },
    ],
    ['key server, RS256', legacyKeyServer(), ACCEPTED],
    [
      'key server, HS256 signed with the public key text',
      legacyKeyServer({ token: token({ alg: 'HS256', typ: 'JWT', kid: 'my_app/key1' }, CLAIMS, PEM) }),
      ACCEPTED,
    ],
    [
      'key server, HS256 signed with another secret',
      legacyKeyServer({ token: token({ alg: 'HS256', typ: 'JWT', kid: 'my_app/key1' }, CLAIMS, SECRET) }),
      refused('Invalid signature'),
    ],
    [
      'key server, no kid',
      legacyKeyServer({ token: token({ alg: 'HS256', typ: 'JWT' }, CLAIMS, PEM) }),
      refused("'kid' claim is missing"),
    ],
    ['key server, unknown kid', legacyKeyServer({ publicKeys: {} }), refused('could not obtain public key')],
    [
      'key server without a key',
      legacy({ settings: KEY_SERVER, token: hs() }),
      refused("'kid' claim is missing"),
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });

  it('reports the forged token as a valid signature and the hole as an error', async () => {
    const result = await checkToken(
      legacyKeyServer({ token: token({ alg: 'HS256', typ: 'JWT', kid: 'my_app/key1' }, CLAIMS, PEM) }),
    );
    expect(result.signature).toEqual({ state: 'valid' });
    expect(result.findings[0]).toMatchObject({ ruleId: 'key-server-alg-confusion', severity: 'error' });
    expect(result.findings[0]?.message).toContain('Jitsi 2020');
    expect(result.findings.map((f) => f.ruleId)).toContain('alg-from-token');
  });

  it('refuses to guess a release line it does not know', async () => {
    const result = await checkToken({ ...legacy(), release: 'jitsi-2019' } as unknown as CheckInput);
    expect(result.verdict).toMatchObject({
      error: 'checker-error',
      detail: 'release must be one of current, jitsi-2020, got "jitsi-2019"',
    });
  });
});
