// Reading a pasted key's text: undoing the damage of .env files and JSON strings, finding the first PEM block and
// its DER. Says nothing about what the key is for; the importers decide that.

import { decodeBase64url } from './token-codec';

/** One PEM block found in a paste. */
export interface PemBlock {
  label: string;
  /** The whole block, from its BEGIN line to its END line, re-wrapped at 64 columns. */
  text: string;
  /** DER bytes, or null when the body is not base64. */
  der: Uint8Array | null;
  /** PKCS#1 "traditional" encryption (`Proc-Type: 4,ENCRYPTED`). */
  isEncrypted: boolean;
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;

/** Whether a trimmed paste is JSON (a JWK, a JWKS or a kid-to-certificate map) rather than PEM. */
export function looksLikeJson(text: string): boolean {
  return text.startsWith('{') || text.startsWith('[');
}

/**
 * Trims a paste and undoes what copying did to it: CRLF line ends, and the literal "\n" sequences keys carry when
 * copied out of .env files and JSON strings.
 */
export function normalizePaste(text: string): string {
  let out = text.replace(/\r\n?/g, '\n').trim();
  if (!looksLikeJson(out) && out.includes('-----BEGIN') && out.includes('\\n'))
    out = out.replace(/\\n/g, '\n');
  return out;
}

/**
 * The first PEM block of a paste, whatever stands around it (openssl pkcs12 output puts "Bag Attributes" lines
 * before it; jose wants the block alone), or null when there is none.
 */
export function firstPemBlock(text: string): PemBlock | null {
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
