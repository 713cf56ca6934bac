// Importing a pasted RSA private key for signing RS* tokens: PEM PKCS#8 or a JWK with `d`. Every other kind of paste
// (PKCS#1, encrypted, EC, OpenSSH, a public key, garbage) gets a message saying how to fix it.

import { importJWK, importPKCS8 } from 'jose';
import type { JitsiAlgorithm } from './jws';
import { isJsonObject, type JsonObject } from './json-types';
import { keyKindOf } from './der';
import { checkJwkType, parseKeyJson, pickMembers, withKidAndNotice } from './key-json';
import {
  OPENSSH_PRIVATE_TO_PKCS8_COMMAND,
  PKCS1_TO_PKCS8_COMMAND,
  checkModulus,
  checkRsaAlgorithm,
  ecProblem,
  errorText,
  notPemProblem,
  problem,
  unsupportedKindProblem,
  type KeyProblem,
} from './key-problems';
import { firstPemBlock, looksLikeJson, normalizePaste, type PemBlock } from './pem-block';

/** A private key ready for signing; `kid` comes from a JWK's `kid` member, `notice` flags a harmless oddity. */
export type PrivateKeyImportResult = { ok: true; key: CryptoKey; kid?: string; notice?: string } | KeyProblem;

/**
 * Imports a private key for signing with `alg` (RS256/384/512), pasted as PEM PKCS#8 or as a JWK with `d`.
 * Every other kind of paste (PKCS#1, encrypted, EC, a public key, garbage) gets a message saying how to fix it.
 */
export async function importPrivateKey(text: string, alg: JitsiAlgorithm): Promise<PrivateKeyImportResult> {
  const algProblem = checkRsaAlgorithm(alg, 'private key');
  if (algProblem) return algProblem;
  const input = normalizePaste(text);
  if (input === '') return problem('empty', 'Paste an RSA private key (PEM "BEGIN PRIVATE KEY" or a JWK).');
  if (looksLikeJson(input)) {
    const parsed = parseKeyJson(input);
    if (!parsed.ok) return parsed;
    if (isJsonObject(parsed.value) && Array.isArray(parsed.value['keys'])) {
      const keys = parsed.value['keys'];
      if (keys.length !== 1 || !isJsonObject(keys[0])) {
        return problem(
          'not-a-key',
          `This is a key set with ${keys.length} keys; paste the single private JWK to sign with.`,
        );
      }
      return importPrivateJwk(keys[0], alg);
    }
    if (!isJsonObject(parsed.value)) return problem('not-a-key', 'This JSON is not a JWK object.');
    return importPrivateJwk(parsed.value, alg);
  }
  const block = firstPemBlock(input);
  if (!block) return notPemProblem(input, 'private');
  switch (block.label) {
    case 'PRIVATE KEY':
      return importPkcs8(block, alg);
    case 'RSA PRIVATE KEY':
      return problem(
        'pkcs1-private-key',
        'This is a PKCS#1 RSA private key ("BEGIN RSA PRIVATE KEY"), which browsers cannot import. Convert it to ' +
          `PKCS#8${block.isEncrypted ? ' (you will be asked for its passphrase)' : ''}.`,
        PKCS1_TO_PKCS8_COMMAND,
      );
    case 'ENCRYPTED PRIVATE KEY':
      return problem(
        'encrypted-private-key',
        'This private key is encrypted with a passphrase, which this page does not ask for. Decrypt it to plain PKCS#8 ' +
          '(you will be asked for the passphrase).',
        PKCS1_TO_PKCS8_COMMAND,
      );
    case 'EC PRIVATE KEY':
      return ecProblem();
    case 'OPENSSH PRIVATE KEY':
      return problem(
        'openssh-key',
        'This is an OpenSSH private key. Convert a copy of the file to PKCS#8 (ssh-keygen rewrites it in place).',
        OPENSSH_PRIVATE_TO_PKCS8_COMMAND,
      );
    case 'PUBLIC KEY':
    case 'RSA PUBLIC KEY':
    case 'CERTIFICATE':
      return problem(
        'public-key-not-private',
        `This is a public key ("BEGIN ${block.label}"). Signing needs the private key ("BEGIN PRIVATE KEY"); the public ` +
          'key goes on the key server or in the verification field.',
      );
    default:
      return problem(
        'not-a-key',
        `"BEGIN ${block.label}" is not a private key. Paste a PEM "BEGIN PRIVATE KEY" or a JWK.`,
      );
  }
}

async function importPkcs8(block: PemBlock, alg: JitsiAlgorithm): Promise<PrivateKeyImportResult> {
  const kind = block.der ? keyKindOf(block.der, 'pkcs8') : null;
  if (kind === 'ec') return ecProblem();
  if (kind !== null && kind !== 'rsa') return unsupportedKindProblem(kind);
  try {
    const key = await importPKCS8(block.text, alg, { extractable: true });
    return checkModulus(key) ?? { ok: true, key };
  } catch (error) {
    return problem('import-failed', `This PKCS#8 private key could not be imported: ${errorText(error)}`);
  }
}

async function importPrivateJwk(jwk: JsonObject, alg: JitsiAlgorithm): Promise<PrivateKeyImportResult> {
  const ktyProblem = checkJwkType(jwk);
  if (ktyProblem) return ktyProblem;
  if (typeof jwk['d'] !== 'string') {
    return problem(
      'public-key-not-private',
      'This JWK has no "d" member, so it is a public key. Signing needs the private JWK (with d, p, q, dp, dq, qi).',
    );
  }
  const missing = ['n', 'e', 'p', 'q', 'dp', 'dq', 'qi'].filter((name) => typeof jwk[name] !== 'string');
  if (missing.length > 0) {
    return problem(
      'jwk-incomplete',
      `This private JWK lacks ${missing.join(', ')}; browsers need every RSA member (n, e, d, p, q, dp, dq, qi). ` +
        'Export the full JWK again, or paste the PEM "BEGIN PRIVATE KEY" instead.',
    );
  }
  const pick = ['kty', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];
  try {
    const key = await importJWK(pickMembers(jwk, pick), alg, { extractable: true });
    if (key instanceof Uint8Array)
      return problem('import-failed', 'This JWK is a symmetric key, not an RSA private key.');
    const tooSmall = checkModulus(key);
    if (tooSmall) return tooSmall;
    return withKidAndNotice(key, jwk, alg);
  } catch (error) {
    return problem('import-failed', `This private JWK could not be imported: ${errorText(error)}`);
  }
}
