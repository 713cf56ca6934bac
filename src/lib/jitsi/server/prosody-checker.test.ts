// @vitest-environment node
// checkToken as a whole: the no-token path (allow_empty_token, rules §8), the order and sorting of findings, what
// it returns for display and fixes, and that it never throws and never guesses a clock.

import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../jwt/token-codec';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { CHECKER_RULE_CASES } from '../../../../test/prosody-cases/checker-rule-cases';
import {
  ACCEPTED,
  authError,
  claims,
  DOMAIN,
  HEADER,
  hs,
  input,
  KEY_SERVER,
  keyServer,
  mucError,
  NOW,
  Raw,
  ruleIds,
  SETTINGS,
  testRuleCases,
  token,
} from '../../../../test/prosody-cases/tokens';

testRuleCases(CHECKER_RULE_CASES);

describe('verdicts with and without a token (rules §8)', () => {
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    [
      'no token, allow_empty_token, no room',
      input({ token: null, room: '', settings: { ...SETTINGS, allow_empty_token: true } }),
      mucError('Room address is invalid', 'invalid-room-address'),
    ],
    [
      'present but bad token with allow_empty_token',
      input({ token: hs({ iss: 'x' }), settings: { ...SETTINGS, allow_empty_token: true } }),
      authError("invalid 'iss' claim"),
    ],
    [
      'allow_empty_token given as "true"',
      input({ token: null, settings: { ...SETTINGS, allow_empty_token: 'true' as unknown as boolean } }),
      ACCEPTED,
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });
});

describe('checkToken results', () => {
  it('keeps checking after the first failure and sorts errors, then warnings, then info', async () => {
    const result = await checkToken(
      input({
        token: token(HEADER, claims({ exp: NOW - 10, sub: 'other.example.com', moderator: true }), 'wrong'),
      }),
    );
    expect(result.verdict).toMatchObject({ stage: 'auth', reason: 'Invalid signature' });
    expect(ruleIds(result)).toEqual([
      'signature-invalid',
      'token-expired',
      'sub-mismatch',
      'moderator-top-level',
    ]);
    expect(result.signature).toMatchObject({ state: 'invalid' });
  });

  it('returns the standard decode for display', async () => {
    const checkInput = input();
    const result = await checkToken(checkInput);
    expect(result.decoded).toEqual(decodeToken(checkInput.token as string));
    expect((await checkToken(input({ token: null }))).decoded).toBeNull();
  });

  it.each<[string, unknown]>([
    ['settings null', { ...input(), settings: null }],
    ['settings a number', { ...input(), settings: 5 }],
    ['token a number', { ...input(), token: 5 }],
    ['domain missing', { ...input(), domain: undefined }],
    ['room missing', { ...input(), room: undefined }],
    ['publicKeys null', { ...keyServer(), publicKeys: null }],
    ['lone surrogates', input({ token: `\ud800${hs()}`, room: '\udc00', tenant: '\ud800' })],
    ['binary', input({ token: String.fromCharCode(...Array.from({ length: 512 }, (_, i) => i % 256)) })],
    ['a megabyte', input({ token: `${hs()}${'A'.repeat(1 << 20)}` })],
    ['deep JSON', input({ token: token(HEADER, new Raw(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`)) })],
  ])('never throws: %s', async (_name, weird) => {
    const result = await checkToken(weird as CheckInput);
    expect(result.verdict.error).not.toBe('checker-error');
    expect(result.verdict.accepted).toBe(result.verdict.stage === null);
  });

  it.each<[string, unknown, string]>([
    ['NaN', NaN, 'now must be a finite number of seconds, got NaN'],
    ['Infinity', Infinity, 'now must be a finite number of seconds, got Infinity'],
    ['a string', '1800000000', 'now must be a finite number of seconds, got "1800000000"'],
    ['missing', undefined, 'now must be a finite number of seconds, got undefined'],
  ])('refuses to guess a clock: now %s', async (_name, now, detail) => {
    const result = await checkToken({ ...input(), now } as CheckInput);
    expect(result).toEqual({
      verdict: { accepted: false, stage: 'auth', error: 'checker-error', reason: null, detail },
      findings: [],
      signature: { state: 'not-checked', message: `The checker failed: ${detail}` },
      decoded: null,
      expected: null,
    });
  });

  it('takes whole seconds of now, as os.time() does', async () => {
    const result = await checkToken(input({ token: hs({ exp: NOW + 1 }), now: NOW + 0.9 }));
    expect(result.verdict).toEqual(ACCEPTED);
  });

  it('says what the server and meeting want, for the fixes', async () => {
    expect((await checkToken(input())).expected).toEqual({
      algorithm: 'HS256',
      issuer: 'my_app',
      audience: 'jitsi',
      sub: DOMAIN,
      backendRoom: 'myroom',
    });
    const tenant = await checkToken(
      keyServer({
        settings: { ...KEY_SERVER, asap_accepted_issuers: ['*'], asap_accepted_audiences: 'chat' },
        tenant: 'Big Co/Team',
        room: 'Café',
      }),
    );
    expect(tenant.expected).toEqual({
      algorithm: 'RS256',
      issuer: 'my_app',
      audience: 'chat',
      sub: 'big%20co/team',
      backendRoom: 'caf%c3%a9',
    });
  });

  it('reports a key-server token without any "." once', async () => {
    const result = await checkToken(keyServer({ token: 'nodots' }));
    expect(result.verdict).toMatchObject({ stage: 'auth', reason: 'Invalid token' });
    expect(ruleIds(result).filter((id) => id === 'invalid-token')).toEqual(['invalid-token']);
    expect(result.findings.find((f) => f.ruleId === 'invalid-token')?.message).toContain('no "." at all');
  });
});
