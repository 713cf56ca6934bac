// @vitest-environment node
// Keys and signatures: each rule of the key choice and the signature fires and stays quiet, the signature status
// is reported apart from the claims, and the verdicts of the algorithm and key-server branches of rules §5.

import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { SIGNATURE_RULE_CASES } from '../../../../test/prosody-cases/signature-rule-cases';
import {
  ACCEPTED,
  CLAIMS,
  KEY_SERVER,
  RS_HEADER,
  hs,
  input,
  keyServer,
  rs,
  token,
  testRuleCases,
} from '../../../../test/prosody-cases/tokens';

const authError = (reason: string | null, error = 'not-allowed'): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage: 'auth',
  error,
  reason,
});

const luaError = (stage: 'auth' | 'muc'): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage,
  error: 'lua-error',
  reason: null,
});

testRuleCases(SIGNATURE_RULE_CASES);

describe('key and algorithm verdicts for the branches of rules §5', () => {
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['leading dot, key server', keyServer({ token: `.${rs()}` }), authError('bad token format')],
    ['bad characters in the header, key server', keyServer({ token: `/${rs()}` }), luaError('auth')],
    ['empty token, key server', keyServer({ token: '' }), authError('Invalid token')],
    [
      'unsupported signature_algorithm, key server',
      keyServer({ settings: { ...KEY_SERVER, signature_algorithm: 'ES256' } }),
      authError('Algorithm not supported'),
    ],
    [
      'RS384 configured',
      keyServer({
        settings: { ...KEY_SERVER, signature_algorithm: 'RS384' },
        token: rs({ ...RS_HEADER, alg: 'RS384' }),
      }),
      ACCEPTED,
    ],
    [
      'RS512 token, RS256 server',
      keyServer({ token: rs({ ...RS_HEADER, alg: 'RS512' }) }),
      authError('Invalid or incorrect alg'),
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });
});

describe('signature status', () => {
  it('reports the signature apart from the claims', async () => {
    expect((await checkToken(input())).signature).toEqual({ state: 'valid' });
    expect((await checkToken(input({ token: hs({ iss: 'x' }) }))).signature).toEqual({ state: 'valid' });
    expect((await checkToken(keyServer({ publicKeys: {} }))).signature).toMatchObject({
      state: 'not-checked',
    });
    expect((await checkToken(input({ token: null }))).signature).toMatchObject({ state: 'not-checked' });
    const hs512 = await checkToken(input({ token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS) }));
    expect(hs512.verdict.reason).toBe('Invalid or incorrect alg');
    expect(hs512.signature).toEqual({ state: 'valid' });
  });
});
