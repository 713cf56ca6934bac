// The key the Jitsi server verifies RS* signatures with, made usable by WebCrypto (through jose): a key text read as
// OpenSSL reads it (openssl-pem.ts), PKCS#1 wrapped into SPKI/PKCS#8, a private key reduced to its public half.

import { exportJWK, importJWK, importPKCS8, importSPKI } from 'jose';
import { wrapPkcs1PrivateKey, wrapPkcs1PublicKey } from './der';
import type { JitsiAlgorithm } from './jws';
import { errorText } from './key-problems';
import { readKeyTextAsOpenSsl, type LoadedServerKey, type UnloadableServerKey } from './openssl-pem';

/**
 * What verifying with a key text does on the server: a key that verifies (`isPrivate` when the text was a private
 * key), a key that loads but never verifies (RSA-PSS: every RS* signature is "Invalid signature"), a key whose type
 * makes the verify call raise, or a text that does not load at all (both crash the server).
 */
export type ServerVerificationKey =
  | { state: 'key'; key: CryptoKey; reading: LoadedServerKey }
  | { state: 'never-verifies'; reading: LoadedServerKey }
  | { state: 'verify-raises'; reading: LoadedServerKey }
  | { state: 'unloadable'; reading: UnloadableServerKey }
  | { state: 'import-failed'; reading: LoadedServerKey; message: string };

/**
 * Reads a key text as prosody's `pkey.new` does and imports the RSA public key it verifies with for `alg`.
 * @see rules §14 "Keys, as the server's OpenSSL reads them"
 */
export async function importServerKey(text: string, alg: JitsiAlgorithm): Promise<ServerVerificationKey> {
  const reading = readKeyTextAsOpenSsl(text);
  if (!reading.isLoaded) return { state: 'unloadable', reading };
  if (reading.kind === 'rsa-pss') return { state: 'never-verifies', reading };
  if (reading.kind !== 'rsa') return { state: 'verify-raises', reading };
  try {
    return { state: 'key', key: await publicKeyOf(reading, alg), reading };
  } catch (error) {
    return { state: 'import-failed', reading, message: errorText(error) };
  }
}

async function publicKeyOf(reading: LoadedServerKey, alg: JitsiAlgorithm): Promise<CryptoKey> {
  switch (reading.structure) {
    case 'spki':
      return importSPKI(toPem('PUBLIC KEY', reading.der), alg, { extractable: true });
    case 'pkcs1-public':
      return importSPKI(toPem('PUBLIC KEY', wrapPkcs1PublicKey(reading.der)), alg, { extractable: true });
    default: {
      const pkcs8 = reading.structure === 'pkcs1-private' ? wrapPkcs1PrivateKey(reading.der) : reading.der;
      const privateKey = await importPKCS8(toPem('PRIVATE KEY', pkcs8), alg, { extractable: true });
      const { n, e } = await exportJWK(privateKey);
      const publicKey = await importJWK({ kty: 'RSA', n, e }, alg, { extractable: true });
      if (publicKey instanceof Uint8Array) throw new Error('not an RSA key');
      return publicKey;
    }
  }
}

function toPem(label: string, der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  const body = btoa(binary)
    .replace(/(.{64})/g, '$1\n')
    .trim();
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}
