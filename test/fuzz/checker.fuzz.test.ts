// @vitest-environment node
// Property test of decode + check on random and mutated tokens (flipped characters, extra dots, backslashes and
// padding, truncation, random JSON payloads including arrays, null and deep nesting). Seeded; FUZZ_RUNS scales it.

import { createHmac, generateKeyPairSync, sign as rsaSign, verify as rsaVerify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../src/lib/jwt/token-codec';
import type { CheckInput, CheckResult } from '../../src/lib/jitsi/server/check-types';
import { checkToken } from '../../src/lib/jitsi/server/prosody-checker';
import type { ProsodySettings } from '../../src/lib/jitsi/server/prosody-settings';
import { Raw, b64, token } from '../prosody-cases/tokens';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 10_000);
const SEED = 0x5eed;
const NOW = 1_800_000_000;
const DOMAIN = 'meet.example.com';
const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface Server {
  settings: ProsodySettings;
  alg: 'HS256' | 'HS512' | 'RS256';
}

const SERVERS: readonly Server[] = [
  { settings: { app_id: 'my_app', app_secret: SECRET }, alg: 'HS256' },
  { settings: { app_id: 'my_app', app_secret: SECRET, signature_algorithm: 'HS512' }, alg: 'HS512' },
  { settings: { app_id: 'my_app', app_secret: SECRET, enable_domain_verification: false }, alg: 'HS256' },
  {
    settings: {
      app_id: 'my_app',
      app_secret: SECRET,
      asap_require_room_claim: false,
      allow_empty_token: true,
    },
    alg: 'HS256',
  },
  { settings: { app_id: 'my_app', app_secret: SECRET, asap_accepted_issuers: ['*'] }, alg: 'HS256' },
  { settings: { app_id: 'my_app', asap_key_server: 'https://keys.example.com/asap' }, alg: 'RS256' },
];

// HMAC tokens from the shared kit; RS tokens with this file's own key, which its key server serves.
function signed(alg: string, headerText: string, payloadText: string, secret: string): string {
  if (!alg.startsWith('RS')) return token(new Raw(headerText), new Raw(payloadText), secret, alg);
  const input = `${b64(headerText)}.${b64(payloadText)}`;
  return `${input}.${b64(rsaSign('sha256', Buffer.from(input), rsa.privateKey))}`;
}

// RSA signing is slow, so RS tokens come from a small fixed pool that the mutations then vary.
const RS_POOL = [
  { iss: 'my_app', aud: 'jitsi', sub: DOMAIN, room: 'myroom', exp: NOW + 60 },
  { iss: 'my_app', aud: 'jitsi', sub: '*', room: '*' },
  { iss: 'my_app', aud: 'jitsi', room: 'myroom' },
  { iss: 'my_app', aud: 'jitsi', sub: DOMAIN, room: null },
].map((claims) =>
  signed(
    'RS256',
    JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: 'my_app/key1' }),
    JSON.stringify(claims),
    '',
  ),
);

const claimValue = fc.oneof(
  fc.constantFrom('my_app', 'jitsi', DOMAIN, '*', 'myroom', 'MyRoom', 'my room', '^my.*$', '[x', 'acme', ''),
  fc.constantFrom(NOW, NOW - 1, NOW + 60, NOW * 1000, 0.5, -1e15, null, true, false),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 12 }),
  fc.constant([]),
  fc.constant({ regex: true }),
);

const claimsArbitrary = fc
  .record(
    {
      iss: claimValue,
      aud: claimValue,
      sub: claimValue,
      room: claimValue,
      exp: claimValue,
      nbf: claimValue,
      iat: claimValue,
      context: fc.oneof(
        fc.constant({ user: { name: 'A' } }),
        fc.record(
          { room: fc.constantFrom({ regex: true }, { regex: 'true' }, 5, null), tenant: claimValue },
          { requiredKeys: [] },
        ),
        claimValue,
      ),
    },
    { requiredKeys: [] },
  )
  .map((claims) => ({ iss: 'my_app', aud: 'jitsi', sub: DOMAIN, room: 'myroom', ...claims }));

const deepJson = fc
  .integer({ min: 1, max: 1100 })
  .map((depth) => `${'['.repeat(depth)}1${']'.repeat(depth)}`);

const VALID_CLAIMS = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: DOMAIN,
  room: 'myroom',
  exp: NOW + 60,
  context: { user: { name: 'A' } },
};

const payloadText = fc.oneof(
  { weight: 5, arbitrary: fc.constant(JSON.stringify(VALID_CLAIMS)) },
  { weight: 6, arbitrary: claimsArbitrary.map((claims) => JSON.stringify(claims)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'null',
      '[]',
      '5',
      '"x"',
      '{',
      '{"exp":+1}',
      '{"exp":Infinity}',
      '{"a":"\\ud800"}',
    ),
  },
  { weight: 1, arbitrary: deepJson },
);

const headerText = fc.oneof(
  { weight: 8, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"alg":"HS256"}',
      '{"alg":"none","typ":"JWT"}',
      '5',
      'null',
      '{"typ":"JWT"}',
      '[]',
      '{',
    ),
  },
);

type Mutation = { kind: 'flip' | 'insert' | 'delete' | 'truncate'; at: number; char: string };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'insert', 'delete', 'truncate'),
  at: fc.nat(),
  char: fc.oneof(
    fc.constantFrom('.', '\\', '=', '+', '/', ' ', '\n', '*', 'é', '\u0000', '-', '_', 'A'),
    fc.string({ minLength: 1, maxLength: 1 }),
  ),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const { kind, at, char } of mutations) {
    const i = out.length === 0 ? 0 : at % (out.length + 1);
    if (kind === 'flip') out = out.slice(0, i) + char + out.slice(i + 1);
    else if (kind === 'insert') out = out.slice(0, i) + char + out.slice(i);
    else if (kind === 'delete') out = out.slice(0, i) + out.slice(i + 1);
    else out = out.slice(0, i);
  }
  return out;
}

const caseArbitrary = fc
  .record({
    server: fc.constantFrom(...SERVERS),
    header: headerText,
    payload: payloadText,
    wrongSecret: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    rsIndex: fc.nat({ max: RS_POOL.length - 1 }),
    mutations: fc.oneof(
      { weight: 2, arbitrary: fc.constant([]) },
      { weight: 3, arbitrary: fc.array(mutation, { maxLength: 4 }) },
    ),
    random: fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 120 }) },
    ),
    isNull: fc.oneof(
      { weight: 30, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    room: fc.oneof(
      { weight: 4, arbitrary: fc.constant('myroom') },
      { weight: 1, arbitrary: fc.constantFrom('MyRoom', 'my room', 'Café', '', 'x') },
    ),
    tenant: fc.oneof(
      { weight: 4, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constant('acme') },
    ),
  })
  .map(
    ({
      server,
      header,
      payload,
      wrongSecret,
      rsIndex,
      mutations,
      random,
      isNull,
      room,
      tenant,
    }): { server: Server; input: CheckInput } => {
      let token: string | null;
      if (random !== null) token = random;
      else if (server.alg === 'RS256') token = mutate(RS_POOL[rsIndex] as string, mutations);
      else {
        const headerJson = header === '' ? JSON.stringify({ alg: server.alg, typ: 'JWT' }) : header;
        token = mutate(signed(server.alg, headerJson, payload, wrongSecret ? 'wrong' : SECRET), mutations);
      }
      if (isNull) token = null;
      const input: CheckInput = {
        settings: server.settings,
        domain: DOMAIN,
        token,
        room,
        tenant,
        now: NOW,
        publicKeys: { 'my_app/key1': PEM },
      };
      return { server, input };
    },
  );

// An independent oracle: what luajwtjitsi signs (the first two pieces as split on `.` and `\`) checked by node:crypto.
function signatureVerifies(server: Server, token: string): boolean {
  const pieces = token.split(/[.\\]/).filter((piece) => piece.length > 0);
  if (pieces.length !== 3) return false;
  const [header, payload, signature] = pieces as [string, string, string];
  const data = Buffer.from(`${header}.${payload}`, 'latin1');
  const bytes = Buffer.from(signature.replace(/=/g, ''), 'base64url');
  if (server.alg === 'RS256') return rsaVerify('sha256', data, rsa.publicKey, bytes);
  const expected = createHmac(server.alg === 'HS512' ? 'sha512' : 'sha256', SECRET)
    .update(data)
    .digest();
  return expected.equals(bytes);
}

const RANK = { error: 0, warning: 1, info: 2 } as const;

function checkInvariants(server: Server, input: CheckInput, result: CheckResult): void {
  const { verdict, findings } = result;
  expect(verdict.error).not.toBe('checker-error');
  expect(result.expected).not.toBeNull();
  // Every reason is a rule-table text with its placeholders filled in.
  expect(verdict.reason ?? '').not.toMatch(/\{\w+\}/);
  if (verdict.accepted) {
    expect(verdict).toMatchObject({ stage: null, error: null, reason: null });
    expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  } else {
    expect(['config', 'auth', 'muc']).toContain(verdict.stage);
    expect(typeof verdict.error).toBe('string');
    expect(findings.some((finding) => finding.severity === 'error')).toBe(true);
  }
  if (verdict.error === 'lua-error') {
    expect(verdict.reason).toBeNull();
    expect(verdict.detail).toMatch(/\S/);
  }
  for (let i = 1; i < findings.length; i++) {
    expect(RANK[(findings[i - 1] as (typeof findings)[number]).severity]).toBeLessThanOrEqual(
      RANK[(findings[i] as (typeof findings)[number]).severity],
    );
  }
  if (verdict.accepted && typeof input.token === 'string') {
    expect(result.signature).toEqual({ state: 'valid' });
    expect(signatureVerifies(server, input.token)).toBe(true);
  }
}

describe('checker fuzz', () => {
  it(`survives ${RUNS} random and mutated tokens and never accepts a bad signature`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async ({ server, input }) => {
        if (typeof input.token === 'string') decodeToken(input.token);
        const result = await checkToken(input);
        if (result.verdict.accepted) accepted++;
        checkInvariants(server, input, result);
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The generator must reach acceptance often enough for the signature property to mean something.
    expect(accepted).toBeGreaterThan(RUNS / 50);
  });
});
