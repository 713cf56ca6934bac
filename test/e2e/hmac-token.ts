// Signs, decodes and verifies HS256/384/512 tokens with node:crypto, independently of the app's own jose code,
// so a browser test can tell whether a token the page shows would pass a server that knows the secret. Also the
// test server's identity and a claim set it accepts, shared by the specs and scripts/bench.mjs.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** A JWT split into its decoded header and payload, with the text that was signed. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: string;
}

const HASH_OF = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;
export type HmacAlgorithm = keyof typeof HASH_OF;

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` with `secret` (raw UTF-8 bytes, as prosody uses it). */
export function signHmacToken(
  payload: Record<string, unknown>,
  secret: string,
  algorithm: HmacAlgorithm = 'HS256',
): string {
  const signingInput = `${encodePart({ alg: algorithm, typ: 'JWT' })}.${encodePart(payload)}`;
  const signature = createHmac(HASH_OF[algorithm], secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** Decodes a compact JWT; throws when it is not three base64url JSON parts. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`not a JWT (${parts.length} parts): ${token.slice(0, 40)}`);
  const [header = '', payload = '', signature = ''] = parts;
  const json = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: json(header), payload: json(payload), signingInput: `${header}.${payload}`, signature };
}

/** True when `token` carries a valid HMAC signature for `secret` with the given hash. */
export function verifyHmacToken(token: string, secret: string, algorithm: HmacAlgorithm): boolean {
  const { signingInput, signature } = decodeJwt(token);
  const expected = createHmac(HASH_OF[algorithm], secret).update(signingInput).digest();
  const actual = Buffer.from(signature, 'base64url');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The time in seconds, as token claims count it: now, or at `ms` (e.g. a page's own `Date.now()`). */
export const nowSeconds = (ms: number = Date.now()) => Math.floor(ms / 1000);

/**
 * The test server every spec signs for: its XMPP domain, app_id and app_secret (48 bytes: more than the 32 HS256
 * wants, so the checker adds no short-secret warning).
 */
export const DOMAIN = 'meet.example.com';
export const APP_ID = 'example_app';
export const SECRET = 'test-secret-5f1c9a7e-2b44-4c0e-9d1a-7c3e8b6f0a21';

/**
 * Claims the test server accepts for room `lobby` at `now`, with `overrides` on top; a claim overridden with
 * `undefined` is left out of the token (JSON drops it).
 */
export function validClaims(
  overrides: Record<string, unknown> = {},
  now: number = nowSeconds(),
): Record<string, unknown> {
  return {
    aud: 'jitsi',
    iss: APP_ID,
    sub: DOMAIN,
    room: 'lobby',
    iat: now,
    nbf: now - 60,
    exp: now + 3600,
    ...overrides,
  };
}

/**
 * Claims the test server accepts except that they expired 2 h before `now` (issued 3 h before), with `overrides`
 * on top, as `validClaims` takes them.
 */
export function expiredClaims(
  overrides: Record<string, unknown> = {},
  now: number = nowSeconds(),
): Record<string, unknown> {
  return validClaims(
    { iat: now - 3 * 3600, nbf: now - 3 * 3600 - 60, exp: now - 2 * 3600, ...overrides },
    now,
  );
}
