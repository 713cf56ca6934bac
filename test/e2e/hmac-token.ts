// Signs, decodes and verifies HS256/384/512 tokens with node:crypto, independently of the app's own jose code,
// so a browser test can tell whether a token the page shows would pass a server that knows the secret.
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

/** The current time in seconds, as token claims count it. */
export const nowSeconds = () => Math.floor(Date.now() / 1000);
