// Why a pasted RSA key cannot be used: the stable problem codes, their fix-it commands and the shared checks
// (algorithm family, modulus size, key type) every key importer applies. Reads no key text itself.

import { isHmacAlgorithm, type JitsiAlgorithm } from './jws';
import type { KeyKind } from './der';

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

/** The exact conversion command for a PKCS#1 (`BEGIN RSA PRIVATE KEY`) key, which WebCrypto cannot import. */
export const PKCS1_TO_PKCS8_COMMAND = 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem';
/** Extracts the public half of a private key file as SPKI PEM. */
export const PUBLIC_FROM_PRIVATE_COMMAND = 'openssl pkey -in key.pem -pubout -out public.pem';
// ssh-keygen -p rewrites the file in place, hence a copy.
/** Converts a copy of an OpenSSH private key file to PKCS#8. */
export const OPENSSH_PRIVATE_TO_PKCS8_COMMAND = 'ssh-keygen -p -m PKCS8 -f key_copy';
/** Converts an OpenSSH public key to PEM. */
export const OPENSSH_PUBLIC_TO_PEM_COMMAND = 'ssh-keygen -e -m PKCS8 -f key.pub > public.pem';
/** Generates a 2048-bit RSA private key. */
export const GENERATE_RSA_KEY_COMMAND =
  'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem';
/** jose refuses to sign with smaller RSA keys (RFC 7518 §3.3 requires 2048 bits); prosody itself would not care. */
export const MIN_MODULUS_BITS = 2048;

/** Builds a {@link KeyProblem}, with the command only when there is one. */
export function problem(code: KeyProblemCode, message: string, command?: string): KeyProblem {
  return command === undefined ? { ok: false, code, message } : { ok: false, code, message, command };
}

/** The message of a caught error, whatever was thrown. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** An HS* algorithm has no RSA key: the problem to report, or null for RS*. */
export function checkRsaAlgorithm(alg: JitsiAlgorithm, what: string): KeyProblem | null {
  if (!isHmacAlgorithm(alg)) return null;
  return problem(
    'hmac-algorithm',
    `${alg} is signed with the app secret, not with a ${what}; choose RS256/384/512 to use RSA keys.`,
  );
}

/** A key under {@link MIN_MODULUS_BITS}: the problem to report, or null. */
export function checkModulus(key: CryptoKey): KeyProblem | null {
  const bits = (key.algorithm as RsaHashedKeyAlgorithm).modulusLength;
  if (bits >= MIN_MODULUS_BITS) return null;
  return problem(
    'key-too-small',
    `This is a ${bits}-bit RSA key. Prosody would accept it, but this page (jose, RFC 7518 §3.3) signs only with ` +
      '2048 bits or more, and smaller keys are breakable: generate a 2048-bit key.',
  );
}

/** An elliptic-curve key where Jitsi needs RSA. */
export function ecProblem(): KeyProblem {
  return problem(
    'ec-key',
    'This is an elliptic-curve (EC) key. Jitsi verifies only RS256/384/512, so it needs an RSA key; generate one.',
    GENERATE_RSA_KEY_COMMAND,
  );
}

/** A key of a type Jitsi cannot verify with (RSA-PSS, Ed25519, …). */
export function unsupportedKindProblem(kind: KeyKind): KeyProblem {
  const name = kind === 'rsa-pss' ? 'an RSA-PSS (PS256) key' : `an ${kind} key`;
  return problem(
    'unsupported-key-type',
    `This is ${name}; Jitsi verifies only RSA PKCS#1 v1.5 signatures (RS256/384/512).`,
  );
}

/** Text with no PEM block: an OpenSSH key, a PEM cut short, or no key at all. */
export function notPemProblem(input: string, wanted: 'private' | 'public'): KeyProblem {
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
