// @vitest-environment node
// Keys and signatures: each rule of the key choice and the signature fires and stays quiet, the signature status
// is reported apart from the claims, and the verdicts of the algorithm and key-server branches of rules §5.

import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { SIGNATURE_RULE_CASES } from '../../../../test/prosody-cases/signature-rule-cases';
import {
  ACCEPTED,
  authError,
  CLAIMS,
  hs,
  input,
  KEY_SERVER,
  keyServer,
  luaError,
  rs,
  RS_HEADER,
  testRuleCases,
  token,
} from '../../../../test/prosody-cases/tokens';

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

describe('key-server wording: public keys, and conditional where the page cannot know', () => {
  it('says what prosody asks for, with the full URL to try, instead of stating the key server lacks it', async () => {
    const result = await checkToken(keyServer({ publicKeys: {} }));
    const finding = result.findings.find((f) => f.ruleId === 'public-key-unavailable');
    expect(finding?.message).toContain('assumes');
    expect(finding?.message).not.toMatch(/the key server has no/);
    expect(finding?.message).toMatch(/https:\/\/keys\.example\.com\/asap\/[0-9a-f]{64}\.pem/);
    expect(finding?.hint).toMatch(/curl -fsS 'https:\/\/keys\.example\.com\/asap\/[0-9a-f]{64}\.pem'/);
    expect(finding?.hint).toContain('restarts');
  });

  it('names the public key, never a private key or the app secret, when an RS signature fails', async () => {
    const result = await checkToken(keyServer({ token: `${rs().slice(0, -4)}AAAA` }));
    const finding = result.findings.find((f) => f.ruleId === 'signature-invalid');
    expect(finding?.message).toContain('the public key served for kid "my_app/key1"');
    expect(`${finding?.message} ${finding?.hint}`).not.toMatch(/private key \(kid|app secret/);
    expect(finding?.hint).toContain('restarts');
    expect(result.signature).toMatchObject({ state: 'invalid' });
    if (result.signature.state === 'invalid') expect(result.signature.message).toContain('public key');
  });

  it('keeps the app-secret advice for HS tokens', async () => {
    const result = await checkToken(input({ token: `${hs().slice(0, -4)}AAAA` }));
    const finding = result.findings.find((f) => f.ruleId === 'signature-invalid');
    expect(finding?.message).toContain("the server's app secret");
    expect(finding?.hint).toContain('never base64-decoded');
  });
});
