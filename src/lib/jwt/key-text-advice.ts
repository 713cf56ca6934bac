// Plain words for a key text the Jitsi server's OpenSSL cannot use (openssl-pem.ts): what it is and the exact fix,
// so a finding can say "this is a certificate: serve its public key" instead of "bad key".

import type { KeyTextProblem } from './openssl-pem';

/** What is wrong with a key text, and how to fix it. */
export interface KeyTextAdvice {
  problem: string;
  fix: string;
}

const SERVE_SPKI =
  'serve the public key as a PEM file ("-----BEGIN PUBLIC KEY-----", lines of 64 characters)';

const ADVICE: Readonly<Record<KeyTextProblem, KeyTextAdvice>> = Object.freeze({
  'not-pem': { problem: 'it is not a PEM key at all', fix: `Replace it: ${SERVE_SPKI}.` },
  certificate: {
    problem: 'it is an X.509 certificate, which OpenSSL does not read as a key',
    fix: 'Serve its public key instead: `openssl x509 -pubkey -noout -in cert.pem > public.pem`.',
  },
  indented: {
    problem: 'its lines are indented, so OpenSSL finds no "-----BEGIN" line',
    fix: 'Remove the spaces before "-----BEGIN" and "-----END" (a YAML or .env paste often adds them).',
  },
  'unbroken-body': {
    problem: 'its base64 body is on the "-----BEGIN" line, so OpenSSL finds no "-----BEGIN" line',
    fix: 'Put "-----BEGIN …-----", the base64 body and "-----END …-----" on lines of their own: `openssl pkey -pubin -in key.pem -out public.pem` rewrites it.',
  },
  'escaped-line-breaks': {
    problem: 'its line breaks are the two characters "\\n", so OpenSSL sees one long line',
    fix: 'Write real line breaks instead of "\\n" (a key copied out of JSON or an .env file keeps the escapes).',
  },
  'cr-line-breaks': {
    problem: 'its lines end with a lone carriage return, so OpenSSL sees one long line',
    fix: 'Convert the file to Unix line ends (`dos2unix` or `tr "\\r" "\\n"`).',
  },
  'no-end-line': {
    problem: 'its "-----END …-----" line is missing or does not match the BEGIN line',
    fix: 'Copy the whole key again, up to and including the matching "-----END …-----" line.',
  },
  'bad-base64': {
    problem: 'its body holds characters that are not base64 (or "=" in the middle)',
    fix: 'Copy the key again from the original file; only A-Z, a-z, 0-9, "+", "/" and a final "=" belong in it.',
  },
  'blank-line': {
    problem:
      'it has a blank line (or a line of another length) inside its body, which OpenSSL reads as a header',
    fix: 'Remove the blank lines between "-----BEGIN" and "-----END".',
  },
  'pem-header': {
    problem: 'it has header lines ("Name: value") after "-----BEGIN", which OpenSSL refuses',
    fix: 'Remove the header lines, or rewrite the key: `openssl pkey -pubin -in key.pem -out public.pem`.',
  },
  encrypted: {
    problem: 'it is an encrypted private key, which the server cannot open without its passphrase',
    fix: 'Serve the public key instead: `openssl pkey -in key.pem -pubout -out public.pem` (asks for the passphrase).',
  },
  'empty-body': { problem: 'its body is empty', fix: `Replace it: ${SERVE_SPKI}.` },
  'wrong-structure': {
    problem: 'its body is not the key its label says (damaged, cut short or under the wrong label)',
    fix: 'Export the public key again: `openssl pkey -in key.pem -pubout -out public.pem`.',
  },
  'not-a-key': {
    problem: 'its PEM label is not one OpenSSL reads as a key',
    fix: `Replace it: ${SERVE_SPKI}.`,
  },
});

/** The advice for a key text OpenSSL cannot load. */
export function keyTextAdvice(problem: KeyTextProblem): KeyTextAdvice {
  return ADVICE[problem];
}
