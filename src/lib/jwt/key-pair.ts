// Generating an RS* key pair in the browser (WebCrypto through jose), with the exports a tester needs to configure a
// server: PKCS#8 to sign with, SPKI for asap_key_server, a public JWK for cache_keys_url.

import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import type { JsonObject } from './json-types';
import { MIN_MODULUS_BITS, errorText } from './key-problems';

/** A freshly generated RS* key pair, with the exports a tester needs to configure a server. */
export interface RsaKeyPair {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** PKCS#8 PEM (`BEGIN PRIVATE KEY`). */
  privatePem: string;
  /** SPKI PEM (`BEGIN PUBLIC KEY`): the file to put on the asap_key_server. */
  publicPem: string;
  /** Public JWK with `alg` and `use: "sig"`, for a JWKS served at cache_keys_url. */
  publicJwk: JsonObject;
}

/** A generated key pair, or why WebCrypto could not make one (for example an insecure `http:` page). */
export type RsaKeyPairResult =
  | ({ ok: true } & RsaKeyPair)
  | { ok: false; code: 'bad-modulus-length' | 'generate-failed'; message: string };

/** Generates an extractable RSA key pair for `alg` through WebCrypto (jose `generateKeyPair`). */
export async function generateRsaKeyPair(
  alg: 'RS256' | 'RS384' | 'RS512',
  modulusLength = MIN_MODULUS_BITS,
): Promise<RsaKeyPairResult> {
  if (
    !Number.isInteger(modulusLength) ||
    modulusLength < MIN_MODULUS_BITS ||
    modulusLength > 16384 ||
    modulusLength % 8 !== 0
  ) {
    return {
      ok: false,
      code: 'bad-modulus-length',
      message: `An RSA key for ${alg} needs 2048 to 16384 bits (a multiple of 8); ${modulusLength} was asked for.`,
    };
  }
  try {
    const { privateKey, publicKey } = await generateKeyPair(alg, { modulusLength, extractable: true });
    const [privatePem, publicPem, jwk] = await Promise.all([
      exportPKCS8(privateKey),
      exportSPKI(publicKey),
      exportJWK(publicKey),
    ]);
    const publicJwk: JsonObject = { kty: 'RSA', n: jwk.n ?? '', e: jwk.e ?? '', alg, use: 'sig' };
    return { ok: true, privateKey, publicKey, privatePem, publicPem, publicJwk };
  } catch (error) {
    return {
      ok: false,
      code: 'generate-failed',
      message: `The browser could not generate an RSA key (WebCrypto needs an https: or localhost page): ${errorText(error)}`,
    };
  }
}
