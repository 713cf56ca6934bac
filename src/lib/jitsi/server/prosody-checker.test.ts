// @vitest-environment node
// The prosody checker: every rule in PROSODY_RULES has at least one case where it fires and one where it does not
// (enforced below), plus the verdicts of the branches in rules §3, §6, §8 and §13, on a fixed clock.

import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken } from '../../jwt/token-codec';
import { PROSODY_RULES, PROSODY_RULE_IDS, type ProsodyRuleId } from './prosody-rules';
import { checkToken, type CheckInput, type CheckResult, type ProsodyVerdict } from './prosody-checker';
import type { ProsodySettings } from './prosody-settings';

const NOW = 1_800_000_000;
const DOMAIN = 'meet.example.com';
const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const SETTINGS: ProsodySettings = { app_id: 'my_app', app_secret: SECRET };
const KEY_SERVER: ProsodySettings = { app_id: 'my_app', asap_key_server: 'https://keys.example.com/asap' };
const HEADER = { alg: 'HS256', typ: 'JWT' };
const RS_HEADER = { alg: 'RS256', typ: 'JWT', kid: 'my_app/key1' };
const CLAIMS = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: DOMAIN,
  room: 'myroom',
  iat: NOW - 60,
  nbf: NOW - 60,
  exp: NOW + 3600,
  context: { user: { id: 'u-1', name: 'Alice' } },
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PUBLIC_KEYS = { 'my_app/key1': PEM };

/** JSON text written as is, for segments that are not what JSON.stringify would produce. */
class Raw {
  constructor(readonly text: string) {}
}

const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
const jsonText = (value: unknown): string => (value instanceof Raw ? value.text : JSON.stringify(value));

function sign(header: unknown, payload: unknown, secret = SECRET): { h: string; p: string; s: string } {
  const h = b64(jsonText(header));
  const p = b64(jsonText(payload));
  const alg = typeof header === 'object' && header !== null && 'alg' in header ? String(header.alg) : 'HS256';
  const input = `${h}.${p}`;
  let signature: Buffer;
  if (alg.startsWith('RS')) {
    const key = secret === 'other-key' ? otherRsa.privateKey : rsa.privateKey;
    signature = rsaSign(`sha${alg.slice(2)}`, Buffer.from(input), key);
  } else {
    signature = createHmac(alg.startsWith('HS') ? `sha${alg.slice(2)}` : 'sha256', secret)
      .update(input)
      .digest();
  }
  return { h, p, s: b64(signature) };
}

function token(header: unknown, payload: unknown, secret?: string): string {
  const { h, p, s } = sign(header, payload, secret);
  return `${h}.${p}.${s}`;
}

function claims(
  changes: Record<string, unknown> = {},
  drop: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...CLAIMS, ...changes };
  for (const name of drop) delete out[name];
  return out;
}

const hs = (changes?: Record<string, unknown>, drop?: readonly string[]): string =>
  token(HEADER, claims(changes, drop));
const rs = (header: unknown = RS_HEADER, changes?: Record<string, unknown>): string =>
  token(header, claims(changes));

function input(changes: Partial<CheckInput> = {}): CheckInput {
  return { settings: SETTINGS, domain: DOMAIN, token: hs(), room: 'myroom', now: NOW, ...changes };
}

const keyServer = (changes: Partial<CheckInput> = {}): CheckInput =>
  input({ settings: KEY_SERVER, token: rs(), publicKeys: PUBLIC_KEYS, ...changes });

interface FailCase {
  name: string;
  input: CheckInput;
  /** When this rule is the first failure, the verdict must be exactly the rule's stage, error and reason. */
  isFirst?: boolean;
  verdict?: Partial<ProsodyVerdict>;
}

interface PassCase {
  name: string;
  input: CheckInput;
  /** The verdict reached: ACCEPTED when the input is meant to pass, else the refusal that comes instead. */
  verdict: Partial<ProsodyVerdict>;
}

const ACCEPTED = { accepted: true, stage: null, error: null, reason: null };

const RULE_CASES: Record<ProsodyRuleId, { fail: FailCase[]; pass: PassCase[] }> = {
  'auth-not-token': {
    fail: [
      {
        name: 'internal_hashed',
        input: input({ settings: { ...SETTINGS, authentication: 'internal_hashed' } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'token',
        input: input({ settings: { ...SETTINGS, authentication: 'token' } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'app-id-missing': {
    fail: [{ name: 'no app_id', input: input({ settings: { app_secret: SECRET } }), isFirst: true }],
    pass: [
      {
        name: 'app_id ""',
        input: input({ settings: { app_id: '', app_secret: SECRET }, token: hs({ iss: '' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'key-config-missing': {
    fail: [{ name: 'no key source', input: input({ settings: { app_id: 'my_app' } }), isFirst: true }],
    pass: [
      {
        name: 'cache_keys_url only',
        input: input({
          settings: { app_id: 'my_app', cache_keys_url: 'https://keys.example.com/jwks' },
          token: rs(),
          publicKeys: PUBLIC_KEYS,
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'token-required': {
    fail: [{ name: 'no jwt', input: input({ token: null }), isFirst: true }],
    pass: [
      {
        name: 'allow_empty_token',
        input: input({ token: null, settings: { ...SETTINGS, allow_empty_token: true } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-token': {
    fail: [
      { name: 'not a JWT', input: input({ token: 'not-a-jwt' }), isFirst: true },
      {
        name: 'unsigned',
        input: input({ token: `${sign({ alg: 'none', typ: 'JWT' }, CLAIMS).h}.${sign(HEADER, CLAIMS).p}.` }),
        isFirst: true,
      },
      { name: 'key server, no dot', input: keyServer({ token: 'nodots' }), isFirst: true },
      { name: 'four parts', input: input({ token: `${hs()}.abc` }), isFirst: true },
    ],
    pass: [{ name: 'doubled dot', input: input({ token: hs().replace('.', '..') }), verdict: ACCEPTED }],
  },
  'bad-token-format': {
    fail: [{ name: 'leading dot with a key server', input: keyServer({ token: `.${rs()}` }), isFirst: true }],
    pass: [{ name: 'leading dot with app_secret', input: input({ token: `.${hs()}` }), verdict: ACCEPTED }],
  },
  'header-not-object': {
    fail: [
      { name: 'header 5', input: input({ token: token(new Raw('5'), CLAIMS) }), isFirst: true },
      {
        name: 'header null, key server',
        input: keyServer({ token: token(new Raw('null'), CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'header object', input: input(), verdict: ACCEPTED }],
  },
  'kid-missing': {
    fail: [{ name: 'no kid', input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT' }) }), isFirst: true }],
    pass: [{ name: 'kid', input: keyServer(), verdict: ACCEPTED }],
  },
  'alg-missing': {
    fail: [
      { name: 'no alg', input: keyServer({ token: rs({ typ: 'JWT', kid: 'my_app/key1' }) }), isFirst: true },
    ],
    pass: [{ name: 'alg', input: keyServer(), verdict: ACCEPTED }],
  },
  'kid-alg-not-string': {
    fail: [
      {
        name: 'alg 256',
        input: keyServer({ token: rs({ alg: 256, typ: 'JWT', kid: 'my_app/key1' }) }),
        isFirst: true,
      },
      {
        name: 'kid true',
        input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT', kid: true }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'numeric kid is looked up as "5.0"',
        input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT', kid: 5 }), publicKeys: { '5.0': PEM } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'kid-needs-rs': {
    fail: [
      {
        name: 'HS256 with kid',
        input: keyServer({ token: token({ ...HEADER, kid: 'my_app/key1' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'RS256', input: keyServer(), verdict: ACCEPTED }],
  },
  'public-key-unavailable': {
    fail: [
      {
        name: 'unknown kid',
        input: keyServer({ token: rs({ ...RS_HEADER, kid: 'my_app/other' }) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'known kid', input: keyServer(), verdict: ACCEPTED }],
  },
  'algorithm-not-supported': {
    fail: [
      {
        name: 'ES256',
        input: input({ settings: { ...SETTINGS, signature_algorithm: 'ES256' } }),
        isFirst: true,
      },
      {
        name: 'ES256, garbage token',
        input: input({ settings: { ...SETTINGS, signature_algorithm: 'ES256' }, token: 'x' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'HS512 configured',
        input: input({
          settings: { ...SETTINGS, signature_algorithm: 'HS512' },
          token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'segment-not-base64url': {
    fail: [
      { name: '+ in the header', input: input({ token: hs().replace('.', '+.') }), isFirst: true },
      { name: 'space in the payload', input: input({ token: hs().replace(/\.(.)/, '. $1') }), isFirst: true },
    ],
    pass: [{ name: 'clean', input: input(), verdict: ACCEPTED }],
  },
  'invalid-header': {
    fail: [{ name: 'not JSON', input: input({ token: token(new Raw('not json'), CLAIMS) }), isFirst: true }],
    pass: [
      {
        name: 'cjson stops at a NUL byte, JSON.parse would refuse',
        input: input({ token: token(new Raw('{"alg":"HS256","typ":"JWT"}\u0000junk'), CLAIMS) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-body': {
    fail: [
      { name: 'truncated JSON', input: input({ token: token(HEADER, new Raw('{')) }), isFirst: true },
      {
        name: 'lone surrogate',
        input: input({ token: token(HEADER, new Raw('{"room":"\\ud800"}')) }),
        isFirst: true,
      },
      {
        name: '1001 levels deep',
        input: input({ token: token(HEADER, new Raw(`${'['.repeat(1001)}${']'.repeat(1001)}`)) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: '+1800003600 (strtod accepts it)',
        input: input({
          token: token(
            HEADER,
            new Raw(JSON.stringify(CLAIMS).replace(`"exp":${NOW + 3600}`, `"exp":+${NOW + 3600}`)),
          ),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-signature-encoding': {
    fail: [{ name: '* in the signature', input: input({ token: `${hs()}*` }), isFirst: true }],
    pass: [{ name: '= padding in the signature', input: input({ token: `${hs()}=` }), verdict: ACCEPTED }],
  },
  'typ-invalid': {
    fail: [
      {
        name: 'typ jwt',
        input: input({ token: token({ alg: 'HS256', typ: 'jwt' }, CLAIMS) }),
        isFirst: true,
      },
      {
        name: 'no typ (jose default)',
        input: input({ token: token({ alg: 'HS256' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'typ JWT', input: input(), verdict: ACCEPTED }],
  },
  'alg-mismatch': {
    fail: [
      {
        name: 'HS512 on a default server',
        input: input({ token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
      { name: 'RS256 on an app_secret server', input: input({ token: rs() }), isFirst: true },
      {
        name: 'alg none',
        input: input({ token: token({ alg: 'none', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'HS256', input: input(), verdict: ACCEPTED }],
  },
  'public-key-unusable': {
    fail: [
      {
        name: 'key server serves garbage',
        input: keyServer({ publicKeys: { 'my_app/key1': 'not a key' } }),
        isFirst: true,
      },
      {
        name: 'RS256 configured with app_secret only',
        input: input({
          settings: { ...SETTINGS, signature_algorithm: 'RS256' },
          token: rs({ alg: 'RS256', typ: 'JWT' }),
        }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'SPKI PEM', input: keyServer(), verdict: ACCEPTED }],
  },
  'signature-invalid': {
    fail: [
      {
        name: 'other secret',
        input: input({ token: token(HEADER, CLAIMS, 'another-secret') }),
        isFirst: true,
      },
      {
        name: 'other RSA key',
        input: keyServer({ token: token(RS_HEADER, CLAIMS, 'other-key') }),
        isFirst: true,
      },
      {
        name: 'payload changed after signing',
        input: input({ token: hs().replace(/\.[^.]+\./, `.${b64(JSON.stringify(claims({ room: '*' })))}.`) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'empty app_secret (OpenSSL accepts an empty HMAC key)',
        input: input({ settings: { app_id: 'my_app', app_secret: '' }, token: token(HEADER, CLAIMS, '') }),
        verdict: ACCEPTED,
      },
    ],
  },
  'payload-not-object': {
    fail: [
      { name: 'null', input: input({ token: token(HEADER, null) }), isFirst: true },
      { name: '5', input: input({ token: token(HEADER, 5) }), isFirst: true },
    ],
    pass: [
      {
        name: 'array (no claims)',
        input: input({ token: token(HEADER, []) }),
        verdict: { reason: "'iss' claim is missing" },
      },
    ],
  },
  'exp-not-number': {
    fail: [
      { name: 'string', input: input({ token: hs({ exp: String(NOW + 3600) }) }), isFirst: true },
      { name: 'null', input: input({ token: hs({ exp: null }) }), isFirst: true },
    ],
    pass: [
      { name: 'false counts as absent', input: input({ token: hs({ exp: false }) }), verdict: ACCEPTED },
    ],
  },
  'nbf-not-number': {
    fail: [{ name: 'string', input: input({ token: hs({ nbf: 'now' }) }), isFirst: true }],
    pass: [{ name: 'number', input: input(), verdict: ACCEPTED }],
  },
  'token-expired': {
    fail: [
      {
        name: 'exp == now',
        input: input({ token: hs({ exp: NOW }) }),
        verdict: {
          stage: 'auth',
          error: 'not-allowed',
          reason: 'Not acceptable by exp (0.0 sec since expired, valid for:60.0 sec)',
        },
      },
      {
        name: 'huge distance, %.14g',
        input: input({ token: hs({ exp: -999999950000000 }, ['iat']) }),
        isFirst: true,
        verdict: { reason: 'Not acceptable by exp (1.00000175e+15 sec since expired)' },
      },
      {
        name: 'an hour ago, issued two hours ago',
        input: input({ token: hs({ iat: NOW - 7200, nbf: NOW - 7200, exp: NOW - 3600 }) }),
        isFirst: true,
        verdict: { reason: 'Not acceptable by exp (3600.0 sec since expired, valid for:3600.0 sec)' },
      },
    ],
    pass: [{ name: 'exp == now + 1', input: input({ token: hs({ exp: NOW + 1 }) }), verdict: ACCEPTED }],
  },
  'iat-not-number': {
    fail: [
      {
        name: 'iat "abc" on an expired token',
        input: input({ token: hs({ exp: NOW - 1, iat: 'abc' }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'numeric string iat is coerced',
        input: input({ token: hs({ exp: NOW - 1, iat: String(NOW - 1000) }) }),
        verdict: { reason: 'Not acceptable by exp (1.0 sec since expired, valid for:999.0 sec)' },
      },
      { name: 'iat "abc" on a valid token', input: input({ token: hs({ iat: 'abc' }) }), verdict: ACCEPTED },
    ],
  },
  'token-not-yet-valid': {
    fail: [{ name: 'nbf now + 60', input: input({ token: hs({ nbf: NOW + 60 }) }), isFirst: true }],
    pass: [{ name: 'nbf == now', input: input({ token: hs({ nbf: NOW }) }), verdict: ACCEPTED }],
  },
  'iss-missing': {
    fail: [{ name: 'no iss', input: input({ token: hs({}, ['iss']) }), isFirst: true }],
    pass: [{ name: 'iss', input: input(), verdict: ACCEPTED }],
  },
  'iss-invalid': {
    fail: [
      { name: 'other issuer', input: input({ token: hs({ iss: 'someone_else' }) }), isFirst: true },
      { name: 'iss null is present but wrong', input: input({ token: hs({ iss: null }) }), isFirst: true },
      { name: 'case differs', input: input({ token: hs({ iss: 'MY_APP' }) }), isFirst: true },
      {
        name: 'empty list',
        input: input({ settings: { ...SETTINGS, asap_accepted_issuers: [] } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'string list',
        input: input({
          settings: { ...SETTINGS, asap_accepted_issuers: 'other' },
          token: hs({ iss: 'other' }),
        }),
        verdict: ACCEPTED,
      },
      {
        name: '*',
        input: input({ settings: { ...SETTINGS, asap_accepted_issuers: ['*'] }, token: hs({ iss: null }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'aud-missing': {
    fail: [{ name: 'no aud', input: input({ token: hs({}, ['aud']) }), isFirst: true }],
    pass: [{ name: 'aud null', input: input({ token: hs({ aud: null }) }), verdict: ACCEPTED }],
  },
  'aud-invalid': {
    fail: [
      {
        name: 'array vs a list',
        input: input({
          settings: { ...SETTINGS, asap_accepted_audiences: ['jitsi'] },
          token: hs({ aud: ['jitsi'] }),
        }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'string in a plain-string list',
        input: input({ settings: { ...SETTINGS, asap_accepted_audiences: 'jitsi' } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-missing': {
    fail: [{ name: 'no room', input: input({ token: hs({}, ['room']) }), isFirst: true }],
    pass: [
      {
        name: 'no room, not required',
        input: input({ settings: { ...SETTINGS, asap_require_room_claim: false }, token: hs({}, ['room']) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'context-not-object': {
    fail: [
      { name: 'null', input: input({ token: hs({ context: null }) }), isFirst: true },
      { name: '5', input: input({ token: hs({ context: 5 }) }), isFirst: true },
    ],
    pass: [
      { name: 'a string indexes to nil', input: input({ token: hs({ context: 'x' }) }), verdict: ACCEPTED },
    ],
  },
  'room-address-invalid': {
    fail: [{ name: 'empty room', input: input({ room: '' }), isFirst: true }],
    pass: [{ name: 'room', input: input(), verdict: ACCEPTED }],
  },
  'room-does-not-exist': {
    fail: [
      {
        name: 'muc_mapper_domain_base elsewhere',
        input: input({ settings: { ...SETTINGS, muc_mapper_domain_base: 'other.example.com' } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'muc_mapper_domain_base = domain',
        input: input({ settings: { ...SETTINGS, muc_mapper_domain_base: DOMAIN } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-mismatch-no-domain-check': {
    fail: [
      {
        name: 'other room',
        input: input({ settings: { ...SETTINGS, enable_domain_verification: false }, room: 'otherroom' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: '[tenant]room matches by suffix',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          tenant: 'acme',
          token: hs({ sub: 'nonsense' }),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-invalid-type': {
    fail: [
      {
        name: 'null',
        input: input({ token: hs({ room: null }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a userdata value (local 'node')" },
      },
      {
        name: 'true',
        input: input({ token: hs({ room: true }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a boolean value (local 'node')" },
      },
      {
        name: 'an object, on a tenant URL (another expression fails)',
        input: input({ tenant: 'acme', token: hs({ room: { name: 'x' }, sub: 'acme' }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a table value (local 'room_to_check')" },
      },
      {
        name: 'null, no domain verification',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ room: null }),
        }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a userdata value (local 'auth_room')" },
      },
      {
        name: 'true, no sub: sub is lower-cased first',
        input: input({ token: hs({ room: true }, ['sub']) }),
        verdict: {
          stage: 'muc',
          error: 'lua-error',
          detail: "bad argument #1 to 'lower' (string expected, got nil)",
        },
      },
      {
        name: 'true, context.tenant true: the tenant is lower-cased first',
        input: input({ token: hs({ room: true, context: { tenant: true } }) }),
        verdict: {
          stage: 'muc',
          error: 'lua-error',
          detail: "bad argument #1 to 'lower' (string expected, got boolean)",
        },
      },
    ],
    pass: [
      {
        name: 'numeric room becomes "12345.0"',
        input: input({ token: hs({ room: 12345 }), room: '12345.0' }),
        verdict: ACCEPTED,
      },
      {
        name: 'numeric room never matches "12345"',
        input: input({ token: hs({ room: 12345 }), room: '12345' }),
        verdict: { reason: 'Room and token mismatched' },
      },
    ],
  },
  'room-claim-false': {
    fail: [{ name: 'false', input: input({ token: hs({ room: false }) }), isFirst: true }],
    pass: [
      {
        name: 'false, room claim not required',
        input: input({
          settings: { ...SETTINGS, asap_require_room_claim: false },
          token: hs({ room: false }),
        }),
        verdict: ACCEPTED,
      },
      { name: 'a string', input: input(), verdict: ACCEPTED },
    ],
  },
  'context-room-not-object': {
    fail: [{ name: 'context.room 5', input: input({ token: hs({ context: { room: 5 } }) }), isFirst: true }],
    pass: [
      {
        name: 'context.room {regex:false}',
        input: input({ token: hs({ context: { room: { regex: false } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-regex-invalid': {
    fail: [
      {
        name: 'unclosed [',
        input: input({ token: hs({ room: '[abc', context: { room: { regex: true } } }) }),
        isFirst: true,
      },
      {
        name: 'trailing %',
        input: input({ token: hs({ room: 'team%', context: { room: { regex: 'true' } } }), room: 'team-1' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'valid pattern',
        input: input({
          token: hs({ room: '^team%-.*$', context: { room: { regex: true } } }),
          room: 'team-42',
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-regex-no-match': {
    fail: [
      {
        name: 'other room',
        input: input({
          token: hs({ room: '^team%-%d+$', context: { room: { regex: true } } }),
          room: 'other',
        }),
        isFirst: true,
      },
      {
        name: 'lower-casing turns %D (non-digit) into %d',
        input: input({
          token: hs({ room: '^team%-%D+$', context: { room: { regex: true } } }),
          room: 'team-abc',
        }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'lower-casing turns %D into %d',
        input: input({
          token: hs({ room: '^TEAM%-%D+$', context: { room: { regex: true } } }),
          room: 'Team-42',
        }),
        verdict: ACCEPTED,
      },
      {
        name: 'no match, room claim optional',
        input: input({
          settings: { ...SETTINGS, asap_require_room_claim: false },
          token: hs({ room: '^x$', context: { room: { regex: true } } }),
          room: 'other',
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'tenant-claim-invalid-type': {
    fail: [
      {
        name: 'context.tenant true',
        input: input({ token: hs({ context: { tenant: true } }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'context.tenant "ACME"',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'ACME' } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-missing': {
    fail: [{ name: 'no sub', input: input({ token: hs({}, ['sub']) }), isFirst: true }],
    pass: [
      {
        name: 'no sub, no domain verification',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({}, ['sub']),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-invalid-type': {
    fail: [
      { name: 'true', input: input({ token: hs({ sub: true }) }), isFirst: true },
      { name: 'null', input: input({ token: hs({ sub: null }) }), isFirst: true },
    ],
    pass: [{ name: '*', input: input({ token: hs({ sub: '*' }) }), verdict: ACCEPTED }],
  },
  'room-mismatch': {
    fail: [
      { name: 'other room', input: input({ room: 'otherroom' }), isFirst: true },
      {
        name: 'unencoded space',
        input: input({ room: 'my room', token: hs({ room: 'my room' }) }),
        isFirst: true,
      },
      {
        name: 'unanchored pattern',
        input: input({ token: hs({ room: '^team%-', context: { room: { regex: true } } }), room: 'team-42' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'case differs',
        input: input({ room: 'MYROOM', token: hs({ room: 'MyRoom' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'encoded space',
        input: input({ room: 'My Room', token: hs({ room: 'my%20room' }) }),
        verdict: ACCEPTED,
      },
      { name: '*', input: input({ room: 'anything', token: hs({ room: '*' }) }), verdict: ACCEPTED },
    ],
  },
  'sub-mismatch': {
    fail: [
      { name: 'other domain', input: input({ token: hs({ sub: 'other.example.com' }) }), isFirst: true },
      { name: 'domain on a tenant URL', input: input({ tenant: 'acme' }), isFirst: true },
      { name: 'tenant on a plain URL', input: input({ token: hs({ sub: 'acme' }) }), isFirst: true },
    ],
    pass: [
      { name: 'tenant', input: input({ tenant: 'acme', token: hs({ sub: 'ACME' }) }), verdict: ACCEPTED },
      {
        name: '* on a tenant URL',
        input: input({ tenant: 'Acme', token: hs({ sub: '*' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'upper-case domain',
        input: input({ token: hs({ sub: DOMAIN.toUpperCase() }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'token-format-quirk': {
    fail: [
      { name: 'doubled dot', input: input({ token: hs().replace('.', '..') }), verdict: ACCEPTED },
      { name: 'padding', input: input({ token: `${hs()}==` }), verdict: ACCEPTED },
      { name: 'backslashes', input: input({ token: hs().replace(/\./g, '\\') }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'plain', input: input(), verdict: ACCEPTED }],
  },
  'moderator-top-level': {
    fail: [{ name: 'moderator: true', input: input({ token: hs({ moderator: true }) }), verdict: ACCEPTED }],
    pass: [
      {
        name: 'context.user.moderator',
        input: input({ token: hs({ context: { user: { name: 'A', moderator: true } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'exp-milliseconds': {
    fail: [
      { name: 'exp in ms', input: input({ token: hs({ exp: (NOW + 3600) * 1000 }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'exp in s', input: input(), verdict: ACCEPTED }],
  },
  'exp-missing': {
    fail: [{ name: 'no exp', input: input({ token: hs({}, ['exp']) }), verdict: ACCEPTED }],
    pass: [{ name: 'exp', input: input(), verdict: ACCEPTED }],
  },
  'lifetime-long': {
    fail: [{ name: '30 days', input: input({ token: hs({ exp: NOW + 30 * 86400 }) }), verdict: ACCEPTED }],
    pass: [{ name: '1 day', input: input({ token: hs({ exp: NOW + 86400 }) }), verdict: ACCEPTED }],
  },
  'iat-future': {
    fail: [
      { name: 'iat 2 minutes ahead', input: input({ token: hs({ iat: NOW + 120 }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'iat now', input: input({ token: hs({ iat: NOW }) }), verdict: ACCEPTED }],
  },
  'time-claim-false': {
    fail: [
      { name: 'exp false', input: input({ token: hs({ exp: false }) }), verdict: ACCEPTED },
      { name: 'nbf false', input: input({ token: hs({ nbf: false }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'numbers', input: input(), verdict: ACCEPTED }],
  },
  'aud-null-accepted': {
    fail: [{ name: 'aud null', input: input({ token: hs({ aud: null }) }), verdict: ACCEPTED }],
    pass: [{ name: 'aud string', input: input(), verdict: ACCEPTED }],
  },
  'aud-array': {
    fail: [
      { name: 'aud array, default list', input: input({ token: hs({ aud: ['jitsi'] }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'aud string', input: input(), verdict: ACCEPTED }],
  },
  'secret-short': {
    fail: [
      {
        name: '5-byte secret',
        input: input({
          settings: { app_id: 'my_app', app_secret: 'short' },
          token: token(HEADER, CLAIMS, 'short'),
        }),
        verdict: ACCEPTED,
      },
    ],
    pass: [{ name: '40-byte secret', input: input(), verdict: ACCEPTED }],
  },
  'user-field-not-string': {
    fail: [
      { name: 'name 5', input: input({ token: hs({ context: { user: { name: 5 } } }) }), verdict: ACCEPTED },
      {
        name: 'email null',
        input: input({ token: hs({ context: { user: { email: null } } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'moderator may be a boolean',
        input: input({ token: hs({ context: { user: { name: 'A', moderator: true } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'feature-value-string': {
    fail: [
      {
        name: '"true"',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: 'true' } } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'true',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: true } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-hostname': {
    fail: [
      {
        name: 'public host name in docker',
        input: input({
          domain: 'meet.jitsi',
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ sub: 'jitsi.mycompany.com' }),
        }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'XMPP domain',
        input: input({
          domain: 'meet.jitsi',
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ sub: 'meet.jitsi' }),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-not-encoded': {
    fail: [
      { name: 'space', input: input({ room: 'my room', token: hs({ room: 'my room' }) }) },
      { name: 'non-ASCII', input: input({ room: 'Café', token: hs({ room: 'Café' }) }) },
      {
        name: 'upper case (harmless)',
        input: input({ room: 'MyRoom', token: hs({ room: 'MyRoom' }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'encoded',
        input: input({ room: 'Café', token: hs({ room: 'caf%c3%a9' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'context-missing': {
    fail: [{ name: 'no context', input: input({ token: hs({}, ['context']) }), verdict: ACCEPTED }],
    pass: [{ name: 'context', input: input(), verdict: ACCEPTED }],
  },
  'tenant-mismatch': {
    fail: [
      {
        name: 'other tenant',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'other' } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'same tenant',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'acme' } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'anonymous-access': {
    fail: [
      {
        name: 'no token, allowed',
        input: input({ token: null, settings: { ...SETTINGS, allow_empty_token: true } }),
        verdict: ACCEPTED,
      },
    ],
    pass: [{ name: 'token', input: input(), verdict: ACCEPTED }],
  },
};

const ruleIds = (result: CheckResult): string[] => result.findings.map((finding) => finding.ruleId);

// A rule's reason template as a whole-string pattern: its text literally, each {placeholder} as anything.
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

describe('rule table coverage', () => {
  it('has a firing and a non-firing case for every rule, and no cases for unknown rules', () => {
    for (const id of PROSODY_RULE_IDS) {
      expect(RULE_CASES[id]?.fail.length, `${id} needs a failing case`).toBeGreaterThan(0);
      expect(RULE_CASES[id]?.pass.length, `${id} needs a passing case`).toBeGreaterThan(0);
    }
    expect(Object.keys(RULE_CASES).sort()).toEqual([...PROSODY_RULE_IDS].sort());
  });

  it('is frozen, kebab-case, and complete in every field', () => {
    expect(Object.isFrozen(PROSODY_RULES)).toBe(true);
    for (const id of PROSODY_RULE_IDS) {
      const rule = PROSODY_RULES[id];
      expect(Object.isFrozen(rule)).toBe(true);
      expect(rule.id).toBe(id);
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.hint.length).toBeGreaterThan(10);
      expect(rule.source).toMatch(/jitsi|Lua|rules/);
      expect(rule.stage === null).toBe(rule.severity !== 'error');
      if (rule.error === 'lua-error') expect(rule.reason).toBeNull();
    }
  });
});

describe.each(PROSODY_RULE_IDS)('%s', (ruleId) => {
  const rule = PROSODY_RULES[ruleId];
  const { fail, pass } = RULE_CASES[ruleId];

  it.each(fail)('fires: $name', async (ruleCase) => {
    const result = await checkToken(ruleCase.input);
    expect(ruleIds(result)).toContain(ruleId);
    const finding = result.findings.find((f) => f.ruleId === ruleId);
    expect(finding?.severity).toBe(rule.severity);
    expect(finding?.message).not.toMatch(/\{\w+\}/);
    expect(finding?.hint).not.toMatch(/\{\w+\}/);
    if (ruleCase.isFirst) {
      expect(result.verdict).toMatchObject({ accepted: false, stage: rule.stage, error: rule.error });
      // A templated reason is asserted by its fixed text here; the cases' own verdicts assert the filled-in values.
      expect(result.verdict.reason).toEqual(
        rule.reason === null ? null : expect.stringMatching(templatePattern(rule.reason)),
      );
      if (rule.error === 'lua-error') expect(result.verdict.detail).toMatch(/\S/);
    }
    if (ruleCase.verdict) expect(result.verdict).toMatchObject(ruleCase.verdict);
  });

  it.each(pass)('does not fire: $name', async (ruleCase) => {
    const result = await checkToken(ruleCase.input);
    expect(ruleIds(result)).not.toContain(ruleId);
    expect(result.verdict).toMatchObject(ruleCase.verdict);
  });
});

describe('verdicts for the branches of rules §3, §6, §8 and §13', () => {
  const mucError = (reason: string | null, error = 'not-allowed'): Partial<ProsodyVerdict> => ({
    accepted: false,
    stage: 'muc',
    error,
    reason,
  });
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

  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['tenant URL, sub *', input({ tenant: 'acme', token: hs({ sub: '*' }) }), ACCEPTED],
    [
      'tenant URL, room * and sub *',
      input({ tenant: 'acme', room: 'any', token: hs({ sub: '*', room: '*' }) }),
      ACCEPTED,
    ],
    [
      'tenant URL, upper-case tenant in the URL',
      input({ tenant: 'ACME', token: hs({ sub: 'acme' }) }),
      ACCEPTED,
    ],
    [
      'no domain verification: [tenant]room suffix',
      input({ settings: { ...SETTINGS, enable_domain_verification: false }, tenant: 'acme' }),
      ACCEPTED,
    ],
    [
      'no domain verification: room *',
      input({
        settings: { ...SETTINGS, enable_domain_verification: false },
        room: 'x',
        token: hs({ room: '*' }),
      }),
      ACCEPTED,
    ],
    [
      'no domain verification: other room',
      input({ settings: { ...SETTINGS, enable_domain_verification: false }, room: 'x' }),
      mucError('Room does not match the room from token', 'room-mismatch'),
    ],
    [
      'regex room, %D flips to %d',
      input({ token: hs({ room: '^ROOM%D+$', context: { room: { regex: true } } }), room: 'room42' }),
      ACCEPTED,
    ],
    [
      'regex room with a capture uses the capture',
      input({ token: hs({ room: '^(team)%-%d+$', context: { room: { regex: true } } }), room: 'team-1' }),
      mucError('Room and token mismatched'),
    ],
    [
      'regex room on a tenant URL',
      input({
        tenant: 'acme',
        token: hs({ sub: 'acme', room: '^team%-.*$', context: { room: { regex: true } } }),
        room: 'team-x',
      }),
      ACCEPTED,
    ],
    [
      'numeric room claim',
      input({ token: hs({ room: 12345 }), room: '12345' }),
      mucError('Room and token mismatched'),
    ],
    ['room null', input({ token: hs({ room: null }) }), luaError('muc')],
    ['payload null', input({ token: token(HEADER, null) }), luaError('auth')],
    ['payload array', input({ token: token(HEADER, [CLAIMS]) }), authError("'iss' claim is missing")],
    ['payload string', input({ token: token(HEADER, 'x') }), authError("'iss' claim is missing")],
    ['leading dot, key server', keyServer({ token: `.${rs()}` }), authError('bad token format')],
    ['leading dot, app_secret', input({ token: `.${hs()}` }), ACCEPTED],
    ['trailing dot and backslash, app_secret', input({ token: `${hs().replace('.', '\\')}.` }), ACCEPTED],
    [
      'padding inside the signed text',
      input({ token: `${sign(HEADER, CLAIMS).h}=.${sign(HEADER, CLAIMS).p}.${sign(HEADER, CLAIMS).s}` }),
      authError('Invalid signature'),
    ],
    ['bad characters in the signature', input({ token: `${hs()}+x` }), authError('Invalid signature')],
    ['bad characters in the header', input({ token: `+${hs()}` }), luaError('auth')],
    ['bad characters in the header, key server', keyServer({ token: `/${rs()}` }), luaError('auth')],
    [
      'empty token with allow_empty_token',
      input({ token: '', settings: { ...SETTINGS, allow_empty_token: true } }),
      authError('Invalid token'),
    ],
    ['empty token, key server', keyServer({ token: '' }), authError('Invalid token')],
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
      'unsupported signature_algorithm, key server',
      keyServer({ settings: { ...KEY_SERVER, signature_algorithm: 'ES256' } }),
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
    [
      'muc_mapper_domain_base elsewhere',
      input({ settings: { ...SETTINGS, muc_mapper_domain_base: 'other.example.com' } }),
      mucError('Room does not exist', 'room-does-not-exist'),
    ],
    [
      'muc_mapper_domain_prefix muc',
      input({ settings: { ...SETTINGS, muc_mapper_domain_prefix: 'muc' } }),
      ACCEPTED,
    ],
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
    // moduleapi get_option_boolean: a value it does not understand yields nil, not the default (here: no domain check).
    [
      'enable_domain_verification "yes"',
      input({
        settings: { ...SETTINGS, enable_domain_verification: 'yes' as unknown as boolean },
        token: hs({ sub: 'x' }),
      }),
      ACCEPTED,
    ],
    [
      'room claim missing, regex, not required',
      input({
        settings: { ...SETTINGS, asap_require_room_claim: false },
        token: hs({ context: { room: { regex: true } } }, ['room']),
      }),
      luaError('muc'),
    ],
    [
      'room claim missing, not required: sub is not checked',
      input({ settings: { ...SETTINGS, asap_require_room_claim: false }, token: hs({ sub: 'x' }, ['room']) }),
      ACCEPTED,
    ],
    [
      'tenant differs: only logged',
      input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'other' } }) }),
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

  it('returns the standard decode for display', async () => {
    const checkInput = input();
    const result = await checkToken(checkInput);
    expect(result.decoded).toEqual(decodeToken(checkInput.token as string));
    expect((await checkToken(input({ token: null }))).decoded).toBeNull();
  });

  it('points findings at JSON paths', async () => {
    const result = await checkToken(
      input({ token: hs({ context: { user: { name: 5 }, features: { recording: 'true' } } }) }),
    );
    expect(result.findings.map((f) => f.path)).toEqual([
      ['payload', 'context', 'user', 'name'],
      ['payload', 'context', 'features', 'recording'],
    ]);
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
