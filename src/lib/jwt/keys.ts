// RSA keys for the RS* algorithms: importing pasted private and public keys (PEM, JWK, JWKS) with a fix-it command
// for each kind that cannot be used, generating a key pair, and naming the file prosody fetches from
// asap_key_server. Secrets (HS*) are handled in jws.ts.
// Does not fetch keys: the caller hands over the text a key server would serve.

import {
  exportJWK,
  exportPKCS8,
  exportSPKI,
  generateKeyPair,
  importJWK,
  importPKCS8,
  importSPKI,
  importX509,
} from 'jose';
import { isHmacAlgorithm, type JitsiAlgorithm } from './jws';
import { isJsonObject, type JsonObject, type JsonValue } from './json-types';
import { decodeBase64url } from './token-codec';

/** Result of importing a key: the WebCrypto key, or why it could not be imported. */
export type KeyImportResult = { ok: true; key: CryptoKey } | { ok: false; message: string };

/** Imports a PEM public key (SPKI `BEGIN PUBLIC KEY`, or an X.509 certificate) for `alg` (RS*). */
export async function importPublicKeyPem(pem: string, alg: JitsiAlgorithm): Promise<KeyImportResult> {
  const text = pem.trim();
  try {
    if (text.includes('-----BEGIN CERTIFICATE-----'))
      return { ok: true, key: await importX509(text, alg, { extractable: true }) };
    if (text.includes('-----BEGIN RSA PUBLIC KEY-----')) {
      return {
        ok: false,
        message: `This is a PKCS#1 RSA public key. Convert it to SPKI: ${PKCS1_PUBLIC_TO_SPKI_COMMAND}`,
      };
    }
    return { ok: true, key: await importSPKI(text, alg, { extractable: true }) };
  } catch (error) {
    return {
      ok: false,
      message: `Not a usable public key: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Stable codes for every way a pasted key can be unusable. */
export type KeyProblemCode =
  | 'empty'
  | 'hmac-algorithm'
  | 'pkcs1-private-key'
  | 'encrypted-private-key'
  | 'openssh-key'
  | 'ec-key'
  | 'unsupported-key-type'
  | 'public-key-not-private'
  | 'private-key-not-public'
  | 'pkcs1-public-key'
  | 'jwk-incomplete'
  | 'jwks-no-match'
  | 'jwks-kid-required'
  | 'jwks-empty'
  | 'key-too-small'
  | 'not-a-key'
  | 'import-failed';

/** A pasted key that cannot be used: a stable code, a message that says how to fix it and, where one does it, the command. */
export interface KeyProblem {
  ok: false;
  code: KeyProblemCode;
  message: string;
  /** The shell command that converts or extracts the key the message asks for, when one does it. */
  command?: string;
}

/** A private key ready for signing; `kid` comes from a JWK's `kid` member, `notice` flags a harmless oddity. */
export type PrivateKeyImportResult = { ok: true; key: CryptoKey; kid?: string; notice?: string } | KeyProblem;

/** A public key ready for verifying; `kid` is the kid of the JWK or certificate-map entry that was used. */
export type VerificationKeyImportResult =
  { ok: true; key: CryptoKey; kid?: string; notice?: string } | KeyProblem;

/** The exact conversion command for a PKCS#1 (`BEGIN RSA PRIVATE KEY`) key, which WebCrypto cannot import. */
export const PKCS1_TO_PKCS8_COMMAND = 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem';

const PUBLIC_FROM_PRIVATE_COMMAND = 'openssl pkey -in key.pem -pubout -out public.pem';
const PKCS1_PUBLIC_TO_SPKI_COMMAND = 'openssl rsa -RSAPublicKey_in -in key.pem -pubout -out public.pem';
// ssh-keygen -p rewrites the file in place, hence a copy.
const OPENSSH_PRIVATE_TO_PKCS8_COMMAND = 'ssh-keygen -p -m PKCS8 -f key_copy';
const OPENSSH_PUBLIC_TO_PEM_COMMAND = 'ssh-keygen -e -m PKCS8 -f key.pub > public.pem';
const GENERATE_RSA_KEY_COMMAND = 'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem';
// jose refuses to sign with smaller RSA keys (RFC 7518 §3.3 requires 2048 bits); prosody itself would not care.
const MIN_MODULUS_BITS = 2048;

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
    const parsed = parseJson(input);
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
    const parsed = parseJson(input);
    if (!parsed.ok) return parsed;
    if (!isJsonObject(parsed.value))
      return problem('not-a-key', 'This JSON is not a JWK, a JWKS or a kid-to-certificate map.');
    return importPublicJson(parsed.value, alg, kid);
  }
  const block = firstPemBlock(input);
  if (!block) return notPemProblem(input, 'public');
  return importPublicBlock(block, alg);
}

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

/**
 * The file name prosody requests from asap_key_server for `kid`: lower-case hex SHA-256 of the kid's UTF-8 bytes,
 * plus `.pem`. The kid itself never appears in the URL.
 * @see jitsi-meet resources/prosody-plugins/token/util.lib.lua Util:get_public_key (`hex.to(sha256(keyId))..'.pem'`)
 */
export async function keyServerFileName(kid: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytesOf(new TextEncoder().encode(kid)));
  return `${toHex(new Uint8Array(digest))}.pem`;
}

/** The URL prosody fetches a kid's public key from, or why the key server setting cannot produce one. */
export type KeyServerUrlResult =
  | { ok: true; url: string; fileName: string; warning?: string }
  | { ok: false; code: 'bad-url' | 'bad-scheme'; message: string };

/**
 * Builds the URL prosody fetches for `kid`: `asap_key_server .. "/" .. fileName`, joined exactly as prosody does.
 * Prosody's util.paths.join only concatenates with `/`, so a trailing `/` on the setting yields `//` in the URL;
 * that is reproduced here and explained in `warning`, not silently fixed.
 * @see jitsi-meet token/util.lib.lua Util:get_public_key (`path.join(self.asapKeyServer, …)`); prosody util/paths.lua join
 */
export async function keyServerUrl(asapKeyServer: string, kid: string): Promise<KeyServerUrlResult> {
  let parsed: URL;
  try {
    parsed = new URL(asapKeyServer);
  } catch {
    return {
      ok: false,
      code: 'bad-url',
      message: `asap_key_server "${asapKeyServer}" is not an absolute URL; it should look like https://keys.example.com/asap.`,
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      ok: false,
      code: 'bad-scheme',
      message: `asap_key_server must be an https: (or http:) URL; prosody's HTTP client cannot fetch "${parsed.protocol}" URLs.`,
    };
  }
  const fileName = await keyServerFileName(kid);
  const url = `${asapKeyServer}/${fileName}`;
  const warnings: string[] = [];
  if (asapKeyServer.endsWith('/')) {
    warnings.push(
      'asap_key_server ends with "/", and prosody adds another one, so it requests a path with "//". Servers that merge ' +
        'slashes (nginx by default) still find the file; object stores and CDNs usually do not. Remove the trailing "/".',
    );
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    warnings.push(
      'asap_key_server has a "?" query or "#" fragment; prosody appends the file name after it, which breaks the path.',
    );
  }
  if (asapKeyServer !== asapKeyServer.trim()) {
    warnings.push(
      'asap_key_server has spaces around it; prosody uses the value as written, spaces included.',
    );
  }
  return warnings.length > 0
    ? { ok: true, url, fileName, warning: warnings.join(' ') }
    : { ok: true, url, fileName };
}

interface PemBlock {
  label: string;
  /** The whole block, from its BEGIN line to its END line. */
  text: string;
  /** DER bytes, or null when the body is not base64. */
  der: Uint8Array | null;
  /** PKCS#1 "traditional" encryption (`Proc-Type: 4,ENCRYPTED`). */
  isEncrypted: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

// Keys copied out of .env files and JSON often carry literal "\n" sequences and CRLF line ends.
function normalizePaste(text: string): string {
  let out = text.replace(/\r\n?/g, '\n').trim();
  if (!looksLikeJson(out) && out.includes('-----BEGIN') && out.includes('\\n'))
    out = out.replace(/\\n/g, '\n');
  return out;
}

// A PEM may follow "Bag Attributes" lines (openssl pkcs12 output); jose wants the block alone.
function firstPemBlock(text: string): PemBlock | null {
  const match = PEM_BLOCK.exec(text);
  if (!match) return null;
  const label = match[1] ?? '';
  const body = match[2] ?? '';
  const isEncrypted = /Proc-Type:\s*4,ENCRYPTED/.test(body);
  const base64 = body
    .split('\n')
    .filter((line) => !line.includes(':'))
    .join('')
    .replace(/\s/g, '');
  const decoded = decodeBase64url(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  const der = decoded.ok && decoded.bytes.length > 0 ? decoded.bytes : null;
  return {
    label,
    text: `-----BEGIN ${label}-----\n${base64.replace(/(.{64})/g, '$1\n').trim()}\n-----END ${label}-----`,
    der,
    isEncrypted,
  };
}

function notPemProblem(input: string, wanted: 'private' | 'public'): KeyProblem {
  if (/^(ssh-rsa|ssh-ed25519|ecdsa-sha2-\S+) /.test(input)) {
    return wanted === 'private'
      ? problem(
          'public-key-not-private',
          'This is an OpenSSH public key; signing needs the private key in PKCS#8 PEM.',
        )
      : problem(
          'openssh-key',
          'This is an OpenSSH public key. Convert it to PEM.',
          OPENSSH_PUBLIC_TO_PEM_COMMAND,
        );
  }
  if (input.includes('-----BEGIN') || input.includes('-----END') || /^[A-Za-z0-9+/=\s]{40,}$/.test(input)) {
    return problem(
      'not-a-key',
      'This looks like part of a PEM key: keep the whole text, including the "-----BEGIN …-----" and "-----END …-----" lines.',
    );
  }
  return problem(
    'not-a-key',
    wanted === 'private'
      ? 'Not a key. Paste a PEM private key ("-----BEGIN PRIVATE KEY-----…") or a JWK ({"kty":"RSA", …, "d": …}).'
      : 'Not a key. Paste a PEM public key ("-----BEGIN PUBLIC KEY-----…"), a certificate, a JWK or a JWKS ({"keys":[…]}).',
  );
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
      return problem(
        'pkcs1-public-key',
        'This is a PKCS#1 RSA public key ("BEGIN RSA PUBLIC KEY"). Convert it to SPKI ("BEGIN PUBLIC KEY").',
        PKCS1_PUBLIC_TO_SPKI_COMMAND,
      );
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

function checkRsaAlgorithm(alg: JitsiAlgorithm, what: string): KeyProblem | null {
  if (!isHmacAlgorithm(alg)) return null;
  return problem(
    'hmac-algorithm',
    `${alg} is signed with the app secret, not with a ${what}; choose RS256/384/512 to use RSA keys.`,
  );
}

function checkJwkType(jwk: JsonObject): KeyProblem | null {
  const kty = jwk['kty'];
  if (kty === 'RSA') return null;
  if (kty === 'EC') return ecProblem();
  if (kty === 'oct') {
    return problem(
      'hmac-algorithm',
      'This JWK is a shared secret ("kty": "oct"); HS* tokens use the app secret field instead.',
    );
  }
  return problem(
    'unsupported-key-type',
    typeof kty === 'string'
      ? `This JWK is a "${kty}" key; Jitsi verifies only RSA keys (RS256/384/512).`
      : 'This JSON has no "kty" member, so it is not a JWK.',
  );
}

function checkModulus(key: CryptoKey): KeyProblem | null {
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (bits >= MIN_MODULUS_BITS) return null;
  return problem(
    'key-too-small',
    `This is a ${bits}-bit RSA key. Prosody would accept it, but this page (jose, RFC 7518 §3.3) signs only with ` +
      '2048 bits or more, and smaller keys are breakable: generate a 2048-bit key.',
  );
}

function withKidAndNotice(
  key: CryptoKey,
  jwk: JsonObject,
  alg: JitsiAlgorithm,
): { ok: true; key: CryptoKey; kid?: string; notice?: string } {
  const result: { ok: true; key: CryptoKey; kid?: string; notice?: string } = { ok: true, key };
  if (typeof jwk['kid'] === 'string') result.kid = jwk['kid'];
  const jwkAlg = jwk['alg'];
  if (typeof jwkAlg === 'string' && jwkAlg !== alg) {
    result.notice = `The JWK says "alg": "${jwkAlg}" but the token uses ${alg}; prosody ignores the JWK's alg, the token's alg decides.`;
  }
  return result;
}

function ecProblem(): KeyProblem {
  return problem(
    'ec-key',
    'This is an elliptic-curve (EC) key. Jitsi verifies only RS256/384/512, so it needs an RSA key; generate one.',
    GENERATE_RSA_KEY_COMMAND,
  );
}

function unsupportedKindProblem(kind: KeyKind): KeyProblem {
  const name = kind === 'rsa-pss' ? 'an RSA-PSS (PS256) key' : `an ${kind} key`;
  return problem(
    'unsupported-key-type',
    `This is ${name}; Jitsi verifies only RSA PKCS#1 v1.5 signatures (RS256/384/512).`,
  );
}

type KeyKind = 'rsa' | 'rsa-pss' | 'ec' | 'Ed25519' | 'Ed448' | 'X25519' | 'unknown';

const OID_EC_PUBLIC_KEY = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);
const KIND_BY_OID: Readonly<Record<string, KeyKind>> = Object.freeze({
  '2a864886f70d010101': 'rsa',
  '2a864886f70d01010a': 'rsa-pss',
  '2a8648ce3d0201': 'ec',
  '2b6570': 'Ed25519',
  '2b6571': 'Ed448',
  '2b656e': 'X25519',
});

// Reads the AlgorithmIdentifier OID of a PKCS#8 PrivateKeyInfo or an SPKI (RFC 5208 §5, RFC 5280 §4.1), so the
// message can name the key type instead of repeating WebCrypto's "Invalid keyData".
function keyKindOf(der: Uint8Array, format: 'pkcs8' | 'spki'): KeyKind | null {
  let pos = 0;
  const readHeader = (tag: number): number | null => {
    if (der[pos] !== tag) return null;
    pos += 1;
    const first = der[pos];
    if (first === undefined) return null;
    pos += 1;
    if (first < 0x80) return first;
    let length = 0;
    for (let i = 0; i < (first & 0x7f); i++) length = length * 256 + (der[pos++] ?? 0);
    return length;
  };
  if (readHeader(0x30) === null) return null;
  if (format === 'pkcs8') {
    const versionLength = readHeader(0x02);
    if (versionLength === null) return null;
    pos += versionLength;
  }
  if (readHeader(0x30) === null) return null;
  const oidLength = readHeader(0x06);
  if (oidLength === null || pos + oidLength > der.length) return null;
  return KIND_BY_OID[toHex(der.subarray(pos, pos + oidLength))] ?? 'unknown';
}

function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((byte, j) => haystack[i + j] === byte)) return true;
  }
  return false;
}

function looksLikeJson(text: string): boolean {
  return text.startsWith('{') || text.startsWith('[');
}

function parseJson(text: string): { ok: true; value: JsonValue } | KeyProblem {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return problem('not-a-key', `This looks like JSON but does not parse: ${errorText(error)}`);
  }
}

function pickMembers(jwk: JsonObject, names: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) {
    const value = jwk[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

function problem(code: KeyProblemCode, message: string, command?: string): KeyProblem {
  return command === undefined ? { ok: false, code, message } : { ok: false, code, message, command };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

// WebCrypto wants an ArrayBuffer-backed view from this realm.
function bytesOf(view: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(view.length);
  copy.set(view);
  return copy;
}

/** A pasted public key as the SPKI PEM a key server serves, or why it cannot be used. */
export type PublicKeyPemResult = { ok: true; pem: string; kid?: string; notice?: string } | KeyProblem;

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
