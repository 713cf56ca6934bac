// Importing RSA keys for signing and verifying through jose/WebCrypto. Secrets (HS*) are handled in jws.ts.
// Does not fetch keys: the caller hands over the text a key server would serve.

import { importSPKI, importX509 } from 'jose';
import type { JitsiAlgorithm } from './jws';

/** Result of importing a key: the WebCrypto key, or why it could not be imported. */
export type KeyImportResult = { ok: true; key: CryptoKey } | { ok: false; message: string };

/** Imports a PEM public key (SPKI `BEGIN PUBLIC KEY`, or an X.509 certificate) for `alg` (RS*). */
export async function importPublicKeyPem(pem: string, alg: JitsiAlgorithm): Promise<KeyImportResult> {
  const text = pem.trim();
  try {
    if (text.includes('-----BEGIN CERTIFICATE-----')) return { ok: true, key: await importX509(text, alg, { extractable: true }) };
    if (text.includes('-----BEGIN RSA PUBLIC KEY-----')) {
      return {
        ok: false,
        message:
          'This is a PKCS#1 RSA public key. Convert it to SPKI: openssl rsa -RSAPublicKey_in -in key.pem -pubout -out public.pem',
      };
    }
    return { ok: true, key: await importSPKI(text, alg, { extractable: true }) };
  } catch (error) {
    return { ok: false, message: `Not a usable public key: ${error instanceof Error ? error.message : String(error)}` };
  }
}
