// Importing a pasted or served RSA public key for verifying RS* tokens: PEM SPKI, an X.509 certificate, a JWK, a JWKS
// picked by kid, or the kid-to-certificate map prosody's cache_keys_url also accepts; and re-exporting it as the SPKI
// file a key server serves. Does not fetch keys: the caller hands over the text.

import { exportSPKI, importJWK, importSPKI, importX509 } from 'jose';
import type { JitsiAlgorithm } from './jws';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types';
import { OID_EC_PUBLIC_KEY, containsBytes, keyKindOf, keyStructureOf, wrapPkcs1PublicKey } from './der';
import { checkJwkType, parseKeyJson, pickMembers, withKidAndNotice } from './key-json';
import {
  PUBLIC_FROM_PRIVATE_COMMAND,
  checkRsaAlgorithm,
  ecProblem,
  errorText,
  notPemProblem,
  problem,
  unsupportedKindProblem,
  type KeyProblem,
} from './key-problems';
import { keyTextAdvice } from './key-text-advice';
import { readKeyTextAsOpenSsl } from './openssl-pem';
import { firstPemBlock, looksLikeJson, normalizePaste, type PemBlock } from './pem-block';

/** A public key ready for verifying; `kid` is the kid of the JWK or certificate-map entry that was used. */
export type VerificationKeyImportResult =
  { ok: true; key: CryptoKey; kid?: string; notice?: string } | KeyProblem;

/** A pasted public key as the SPKI PEM a key server serves, or why it cannot be used. */
export type PublicKeyPemResult = { ok: true; pem: string; kid?: string; notice?: string } | KeyProblem;

/**
 * Imports a public key for verifying `alg` (RS*): PEM SPKI, an X.509 certificate, a JWK, a JWKS (`{"keys":[…]}`,
 * the key picked by `kid`) or the `{kid: certificate}` map that prosody's cache_keys_url also accepts.
 * @see jitsi-token-rules.md §2 (cache_keys_url), §5
 */
export async function importVerificationKey(
  text: string,
  alg: JitsiAlgorithm,
  kid?: string,
): Promise<VerificationKeyImportResult> {
  const algProblem = checkRsaAlgorithm(alg, 'public key');
  if (algProblem) return algProblem;
  const input = normalizePaste(text);
  if (input === '') return problem('empty', 'Paste the RSA public key (PEM, certificate, JWK or JWKS).');
  if (looksLikeJson(input)) {
    const parsed = parseKeyJson(input);
    if (!parsed.ok) return parsed;
    if (!isJsonObject(parsed.value))
      return problem('not-a-key', 'This JSON is not a JWK, a JWKS or a kid-to-certificate map.');
    return importPublicJson(parsed.value, alg, kid);
  }
  const block = firstPemBlock(input);
  if (!block) return notPemProblem(input, 'public');
  const result = await importPublicBlock(block, alg);
  return result.ok ? withServerReading(result, text) : result;
}

// The page reads a paste leniently; the server's OpenSSL does not (rules §14). A text that imports here but would
// crash the server as it is gets a notice with the fix.
function withServerReading(
  result: { ok: true; key: CryptoKey; kid?: string; notice?: string },
  text: string,
): VerificationKeyImportResult {
  const reading = readKeyTextAsOpenSsl(text);
  if (reading.isLoaded) return result;
  const advice = keyTextAdvice(reading.problem);
  const warning = `Served as it is, this text crashes the Jitsi server: ${advice.problem}. ${advice.fix}`;
  return { ...result, notice: result.notice ? `${result.notice} ${warning}` : warning };
}

/**
 * Imports a pasted public key as {@link importVerificationKey} does (PEM, certificate, JWK, JWKS picked by `kid`)
 * and exports it again as the SPKI PEM file a key server serves, whatever form it was pasted in.
 */
export async function importPublicKeyAsPem(
  text: string,
  alg: JitsiAlgorithm,
  kid?: string,
): Promise<PublicKeyPemResult> {
  const result = await importVerificationKey(text, alg, kid);
  if (!result.ok) return result;
  try {
    // A .pem file ends with a line break; jose's armour does not.
    const pem = `${await exportSPKI(result.key)}\n`;
    const exported: PublicKeyPemResult = { ok: true, pem };
    if (result.kid !== undefined) exported.kid = result.kid;
    if (result.notice !== undefined) exported.notice = result.notice;
    return exported;
  } catch (error) {
    return problem('import-failed', `The key was read but could not be exported as PEM: ${errorText(error)}`);
  }
}

async function importPublicJson(
  json: JsonObject,
  alg: JitsiAlgorithm,
  kid: string | undefined,
): Promise<VerificationKeyImportResult> {
  const keys = json['keys'];
  if (Array.isArray(keys)) return importFromJwks(keys, alg, kid);
  if (typeof json['kty'] === 'string') return importPublicJwk(json, alg);
  const certificates = Object.entries(json).filter(
    (entry): entry is [string, string] =>
      typeof entry[1] === 'string' && entry[1].startsWith('-----BEGIN CERTIFICATE-----'),
  );
  if (certificates.length === 0) {
    return problem(
      'not-a-key',
      'This JSON is not a JWK (no "kty"), a JWKS (no "keys") or a kid-to-certificate map.',
    );
  }
  const picked = pickByKid(
    certificates.map(([id]) => id),
    kid,
  );
  if (!picked.ok) return picked;
  const entry = certificates[picked.index];
  if (!entry) return problem('jwks-empty', 'The certificate map is empty.');
  const result = await importPublicBlockText(entry[1], alg);
  return result.ok ? { ...result, kid: entry[0] } : result;
}

// Prosody's cache_keys_url loader keeps only entries with a kid (token/util.lib.lua, "JWKS format" branch), but a
// single kid-less key is what a tester pastes when checking one key, so it is accepted when no kid is asked for.
async function importFromJwks(
  keys: JsonValue[],
  alg: JitsiAlgorithm,
  kid: string | undefined,
): Promise<VerificationKeyImportResult> {
  const jwks = keys.filter(isJsonObject);
  if (jwks.length === 0) return problem('jwks-empty', 'This key set has no keys ("keys" is empty).');
  const picked = pickByKid(
    jwks.map((jwk) => (typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined)),
    kid,
  );
  if (!picked.ok) return picked;
  const jwk = jwks[picked.index];
  if (!jwk) return problem('jwks-empty', 'This key set has no keys ("keys" is empty).');
  return importPublicJwk(jwk, alg);
}

function pickByKid(
  kids: readonly (string | undefined)[],
  kid: string | undefined,
): { ok: true; index: number } | KeyProblem {
  const listed = kids.filter((id): id is string => id !== undefined);
  const shown = listed.length > 0 ? listed.map((id) => `"${id}"`).join(', ') : 'none';
  if (kid === undefined) {
    if (kids.length === 1) return { ok: true, index: 0 };
    return problem(
      'jwks-kid-required',
      `This key set has ${kids.length} keys; the token header's "kid" picks one. Kids present: ${shown}.`,
    );
  }
  const index = kids.indexOf(kid);
  if (index < 0) {
    return problem(
      'jwks-no-match',
      `No key has kid "${kid}" (prosody would answer "could not obtain public key"). Kids present: ${shown}.`,
    );
  }
  return { ok: true, index };
}

// Prosody's token/jwk.lib.lua builds the PEM from n and e only; every other member (alg, use, key_ops, d) is ignored.
async function importPublicJwk(jwk: JsonObject, alg: JitsiAlgorithm): Promise<VerificationKeyImportResult> {
  const ktyProblem = checkJwkType(jwk);
  if (ktyProblem) return ktyProblem;
  if (typeof jwk['n'] !== 'string' || typeof jwk['e'] !== 'string') {
    return problem('jwk-incomplete', 'This RSA JWK lacks "n" or "e", the two members a public key needs.');
  }
  try {
    const key = await importJWK(pickMembers(jwk, ['kty', 'n', 'e']), alg, { extractable: true });
    if (key instanceof Uint8Array)
      return problem('import-failed', 'This JWK is a symmetric key, not an RSA public key.');
    const result = withKidAndNotice(key, jwk, alg);
    if (typeof jwk['d'] === 'string') {
      const leak =
        'This JWK also holds the private exponent "d": never publish it; a JWKS should carry only kty, kid, n and e.';
      return { ...result, notice: result.notice ? `${result.notice} ${leak}` : leak };
    }
    return result;
  } catch (error) {
    return problem('import-failed', `This public JWK could not be imported: ${errorText(error)}`);
  }
}

async function importPublicBlockText(
  text: string,
  alg: JitsiAlgorithm,
): Promise<VerificationKeyImportResult> {
  const block = firstPemBlock(normalizePaste(text));
  return block ? importPublicBlock(block, alg) : problem('not-a-key', 'The certificate text is not PEM.');
}

async function importPublicBlock(block: PemBlock, alg: JitsiAlgorithm): Promise<VerificationKeyImportResult> {
  switch (block.label) {
    case 'PUBLIC KEY': {
      const kind = block.der ? keyKindOf(block.der, 'spki') : null;
      if (kind === 'ec') return ecProblem();
      if (kind !== null && kind !== 'rsa') return unsupportedKindProblem(kind);
      try {
        return { ok: true, key: await importSPKI(block.text, alg, { extractable: true }) };
      } catch (error) {
        return problem('import-failed', `This public key could not be imported: ${errorText(error)}`);
      }
    }
    case 'CERTIFICATE':
      try {
        return { ok: true, key: await importX509(block.text, alg, { extractable: true }) };
      } catch (error) {
        if (block.der && containsBytes(block.der, OID_EC_PUBLIC_KEY)) return ecProblem();
        return problem('import-failed', `This certificate's key could not be imported: ${errorText(error)}`);
      }
    case 'RSA PUBLIC KEY':
      // Prosody's OpenSSL loads PKCS#1 as it is (rules §14); WebCrypto takes it wrapped in an SPKI.
      if (!block.der || keyStructureOf(block.der) !== 'pkcs1-public')
        return problem(
          'import-failed',
          'This "BEGIN RSA PUBLIC KEY" block does not hold a PKCS#1 RSA public key.',
        );
      try {
        const spki = `-----BEGIN PUBLIC KEY-----\n${toBase64(wrapPkcs1PublicKey(block.der))}\n-----END PUBLIC KEY-----`;
        return { ok: true, key: await importSPKI(spki, alg, { extractable: true }) };
      } catch (error) {
        return problem('import-failed', `This PKCS#1 public key could not be imported: ${errorText(error)}`);
      }
    case 'PRIVATE KEY':
    case 'RSA PRIVATE KEY':
    case 'ENCRYPTED PRIVATE KEY':
    case 'EC PRIVATE KEY':
    case 'OPENSSH PRIVATE KEY':
      return problem(
        'private-key-not-public',
        `This is a private key ("BEGIN ${block.label}"); verifying needs the public key, which is what the key server ` +
          'serves. Extract it from the private key.',
        PUBLIC_FROM_PRIVATE_COMMAND,
      );
    default:
      return problem(
        'not-a-key',
        `"BEGIN ${block.label}" is not a public key. Paste a PEM "BEGIN PUBLIC KEY" or a certificate.`,
      );
  }
}

function toBase64(der: Uint8Array): string {
  let binary = '';
  for (const byte of der) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/(.{64})/g, '$1\n')
    .trim();
}
