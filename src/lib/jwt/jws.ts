// Signing and signature verification for the algorithms Jitsi supports (HS256/384/512, RS256/384/512).
// Signing goes through jose's CompactSign, fetched on the first signature (the first screen does not need it);
// verification checks the exact bytes a server would sign, so a checker can mirror a server's own parsing. Key
// import lives in private-key.ts and public-key.ts.

import type { JsonObject } from './json-types';
import { toHex } from './token-codec';

/** The algorithms prosody's luajwtjitsi can verify. */
export const JITSI_ALGORITHMS = Object.freeze([
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
] as const);
export type JitsiAlgorithm = (typeof JITSI_ALGORITHMS)[number];

/** True when `alg` is one of the algorithms Jitsi can verify. */
export function isJitsiAlgorithm(alg: unknown): alg is JitsiAlgorithm {
  return typeof alg === 'string' && (JITSI_ALGORITHMS as readonly string[]).includes(alg);
}

/** True for the HMAC family, whose key is a shared secret. */
export function isHmacAlgorithm(alg: string): boolean {
  return alg.startsWith('HS');
}

/** A key ready for signing or verifying: secret bytes for HS*, a WebCrypto key for RS*. */
export type JwsKey = Uint8Array | CryptoKey;

/** The HMAC key prosody uses: the secret's UTF-8 bytes as written, never base64-decoded. */
export function secretToKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Result of signing: the compact token, or a message saying why it could not be signed. */
export type SignResult = { ok: true; token: string } | { ok: false; message: string };

/** jose's signer, fetched on the first signature; later signatures use it without waiting for an import. */
let compactSign: typeof import('jose').CompactSign | null = null;

/**
 * Signs `payload` with the header's `alg`. The header is written as given (so `typ` stays what the user set).
 * @see RFC 7515 §5.1
 */
export async function signToken(header: JsonObject, payload: JsonObject, key: JwsKey): Promise<SignResult> {
  const alg = header['alg'];
  if (!isJitsiAlgorithm(alg)) {
    return {
      ok: false,
      message:
        typeof alg === 'string'
          ? `Cannot sign with "alg": "${alg}"; Jitsi accepts only ${JITSI_ALGORITHMS.join(', ')}.`
          : 'The header needs an "alg" (for example "HS256") to sign.',
    };
  }
  if (isHmacAlgorithm(alg) && !(key instanceof Uint8Array)) {
    return { ok: false, message: `${alg} needs the app secret, not a public/private key.` };
  }
  if (!isHmacAlgorithm(alg) && key instanceof Uint8Array) {
    return { ok: false, message: `${alg} needs an RSA private key, not a shared secret.` };
  }
  if (key instanceof Uint8Array && key.length === 0) {
    return { ok: false, message: 'Enter the app secret to sign the token.' };
  }
  try {
    if (!compactSign) {
      const { CompactSign } = await import('jose');
      compactSign = CompactSign;
    }
    const CompactSign = compactSign;
    const bytes = new TextEncoder().encode(JSON.stringify(payload));
    const token = await new CompactSign(bytes).setProtectedHeader({ ...header, alg }).sign(key);
    return { ok: true, token };
  } catch (error) {
    return {
      ok: false,
      message: `Could not sign: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

const HASH_BY_ALG: Readonly<Record<JitsiAlgorithm, string>> = Object.freeze({
  HS256: 'SHA-256',
  HS384: 'SHA-384',
  HS512: 'SHA-512',
  RS256: 'SHA-256',
  RS384: 'SHA-384',
  RS512: 'SHA-512',
});

/**
 * Verifies `signature` over the exact `signingInput` text (usually `header.payload` as sent); an empty HMAC secret is
 * a valid key, as it is to prosody. Returns false, never throws, for a wrong key, a key of the wrong type or a
 * malformed signature.
 */
export async function verifySignature(
  alg: JitsiAlgorithm,
  signingInput: string,
  signature: Uint8Array,
  key: JwsKey,
): Promise<boolean> {
  const data = new TextEncoder().encode(signingInput);
  try {
    if (isHmacAlgorithm(alg)) {
      if (!(key instanceof Uint8Array)) return false;
      // OpenSSL (so prosody) accepts an empty HMAC key, WebCrypto does not. HMAC pads a short key with zero bytes,
      // so "" and "\0" are the same key (RFC 2104 §2).
      const hmacKey = await importHmacVerifyKey(alg, key.length === 0 ? new Uint8Array(1) : key);
      return await crypto.subtle.verify('HMAC', hmacKey, bytesOf(signature), bytesOf(data));
    }
    if (key instanceof Uint8Array || key.algorithm.name !== 'RSASSA-PKCS1-v1_5') return false;
    const keyHash = (key.algorithm as RsaHashedKeyAlgorithm).hash.name;
    if (keyHash !== HASH_BY_ALG[alg]) return false;
    return await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, bytesOf(signature), bytesOf(data));
  } catch {
    return false;
  }
}

// A checker re-verifies with the same secret on every edit; importing it once per secret and algorithm saves about
// a third of a verification. Bounded: a workbench holds one or two secrets at a time.
const hmacVerifyKeys = new Map<string, Promise<CryptoKey>>();
const HMAC_KEY_CACHE_SIZE = 8;

function importHmacVerifyKey(alg: JitsiAlgorithm, secret: Uint8Array): Promise<CryptoKey> {
  const cacheKey = `${alg}:${toHex(secret)}`;
  let entry = hmacVerifyKeys.get(cacheKey);
  if (!entry) {
    entry = crypto.subtle.importKey('raw', bytesOf(secret), { name: 'HMAC', hash: HASH_BY_ALG[alg] }, false, [
      'verify',
    ]);
    // A rejected import must not stay cached.
    entry.catch(() => hmacVerifyKeys.delete(cacheKey));
    if (hmacVerifyKeys.size >= HMAC_KEY_CACHE_SIZE)
      hmacVerifyKeys.delete(hmacVerifyKeys.keys().next().value as string);
    hmacVerifyKeys.set(cacheKey, entry);
  }
  return entry;
}

/** A copy of the bytes in an ArrayBuffer-backed view from this realm, as WebCrypto wants (never SharedArrayBuffer). */
export function bytesOf(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy;
}
