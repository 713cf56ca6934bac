// Key text as the Jitsi server's OpenSSL reads it (luaossl `pkey.new`, OpenSSL 3.0 PEM decoder): which PEM blocks it
// finds, which of them load as a key, and why a text loads nothing (the server then crashes). Classifies only; the
// crypto is done by WebCrypto in server-key.ts.

import { keyKindOf, keyStructureOf, outerTlv, type KeyKind, type KeyStructure } from './der';

/** A key the server loads: the first private key of the text if it has one (luaossl prefers it), else the first public key. */
export interface LoadedServerKey {
  isLoaded: true;
  /** A private key verifies with its public half, and serving it is a leak. */
  isPrivate: boolean;
  /** The PEM label it was found under, e.g. `RSA PUBLIC KEY`. */
  label: string;
  structure: KeyStructure;
  /** `rsa` verifies RS*; `rsa-pss` never does; other kinds make the verify call raise. */
  kind: KeyKind;
  der: Uint8Array;
}

/** Why a key text loads no key: the server crashes in `pkey.new` (stage auth, no clean refusal). */
export type KeyTextProblem =
  | 'not-pem'
  | 'certificate'
  | 'indented'
  | 'unbroken-body'
  | 'escaped-line-breaks'
  | 'cr-line-breaks'
  | 'no-end-line'
  | 'bad-base64'
  | 'blank-line'
  | 'pem-header'
  | 'encrypted'
  | 'empty-body'
  | 'wrong-structure'
  | 'not-a-key';

/** A key text the server cannot load, with the label of the block the problem is in, when there is one. */
export interface UnloadableServerKey {
  isLoaded: false;
  problem: KeyTextProblem;
  label?: string;
}

/** What the server's OpenSSL makes of a key text. */
export type ServerKeyReading = LoadedServerKey | UnloadableServerKey;

// pem_lib.c: BIO_gets into a LINESIZE (255) buffer reads at most 254 characters of a line at a time.
const LINE_CHUNK = 254;
const BEGIN = '-----BEGIN ';
const END = '-----END ';
const TAIL = '-----\n';
// decode_pem2der.c: a header of 10 characters or fewer cannot hold "Proc-Type:" and is ignored.
const MAX_IGNORED_HEADER = 10;

type BlockRead =
  | { kind: 'eof' }
  | { kind: 'failed'; problem: KeyTextProblem; label: string; next: number }
  | { kind: 'block'; label: string; header: string; body: string; next: number };

/**
 * Reads a key text as `pkey.new(text)` does: each PEM block OpenSSL's reader finds, in order, blocks that do not
 * decode as a key skipped; the first private key wins, else the first public key.
 * @see rules §14 "Keys, as the server's OpenSSL reads them"; OpenSSL 3.0 crypto/pem/pem_lib.c, pem_pkey.c; luaossl pk_new
 */
export function readKeyTextAsOpenSsl(text: string): ServerKeyReading {
  const bytes = utf8ByteString(text);
  const failures: UnloadableServerKey[] = [];
  let firstPublic: LoadedServerKey | null = null;
  let pos = 0;
  for (;;) {
    const read = readBlock(bytes, pos);
    if (read.kind === 'eof') break;
    pos = read.next;
    const reading =
      read.kind === 'failed'
        ? ({ isLoaded: false, problem: read.problem, label: read.label } as const)
        : keyOfBlock(read.label, read.header, read.body);
    if (!reading.isLoaded) failures.push(reading);
    else if (reading.isPrivate) return reading;
    else firstPublic ??= reading;
  }
  if (firstPublic) return firstPublic;
  const first = failures[0];
  if (!first) return { isLoaded: false, problem: problemWithoutBlock(bytes) };
  // An END line that is only missing because it is indented is the indentation's fault.
  if (first.problem === 'no-end-line' && /^[ \t]+-----END /m.test(bytes))
    return { ...first, problem: 'indented' };
  return first;
}

// UTF-8 bytes, one char per byte: OpenSSL sees bytes, and a non-ASCII character is several of them.
function utf8ByteString(text: string): string {
  if (!/[\u0080-\uffff]/.test(text)) return text;
  let out = '';
  for (const byte of new TextEncoder().encode(text)) out += String.fromCharCode(byte);
  return out;
}

// BIO_gets: up to and including the next "\n", at most LINE_CHUNK characters.
function nextLine(bytes: string, pos: number): { line: string; next: number; isPartial: boolean } | null {
  if (pos >= bytes.length) return null;
  const newline = bytes.indexOf('\n', pos);
  const end = Math.min(newline < 0 ? bytes.length : newline + 1, pos + LINE_CHUNK);
  const line = bytes.slice(pos, end);
  return { line, next: end, isPartial: line.length === LINE_CHUNK && !line.endsWith('\n') };
}

// sanitize_line with PEM_FLAG_EAY_COMPATIBLE: a leading UTF-8 BOM goes on the first line a read starts with; trailing bytes up to ' '
// go, and so do trailing bytes of 0x80 and above (C's char is signed there); then one "\n".
function sanitize(line: string, isFirst: boolean): string {
  let out = isFirst && line.length > 3 && line.startsWith('\xef\xbb\xbf') ? line.slice(3) : line;
  let end = out.length;
  while (end > 0 && (out.charCodeAt(end - 1) <= 0x20 || out.charCodeAt(end - 1) >= 0x80)) end--;
  out = out.slice(0, end);
  return `${out}\n`;
}

// PEM_read_bio: get_name, then get_header_and_data, then the base64 decode.
function readBlock(bytes: string, start: number): BlockRead {
  let pos = start;
  let label: string | null = null;
  let isFirst = true;
  while (label === null) {
    const read = nextLine(bytes, pos);
    if (!read) return { kind: 'eof' };
    pos = read.next;
    const line = sanitize(read.line, isFirst);
    isFirst = false;
    if (line.startsWith(BEGIN) && line.length >= BEGIN.length + TAIL.length && line.endsWith(TAIL))
      label = line.slice(BEGIN.length, -TAIL.length);
  }
  let state: 'maybe' | 'in-header' | 'post-header' = 'maybe';
  let header = '';
  let data = '';
  let isEnded = false;
  let wasPartial = false;
  for (;;) {
    const read = nextLine(bytes, pos);
    if (!read) return { kind: 'failed', problem: 'no-end-line', label, next: pos };
    pos = read.next;
    const previousPartial = wasPartial;
    wasPartial = read.isPartial;
    if (state === 'maybe' && read.line.includes(':')) state = 'in-header';
    const line = sanitize(read.line, false);
    if (line === '\n') {
      if (previousPartial) continue;
      if (state === 'post-header') return { kind: 'failed', problem: 'blank-line', label, next: pos };
      state = 'post-header';
      continue;
    }
    if (line.startsWith(END)) {
      if (line !== `${END}${label}${TAIL}`)
        return { kind: 'failed', problem: 'no-end-line', label, next: pos };
      break;
    }
    if (isEnded) return { kind: 'failed', problem: 'blank-line', label, next: pos };
    if (state === 'post-header') {
      data += line;
      // Only after a header do lines have to be the standard 64 characters, the last one shorter.
      if (line.length > 65) return { kind: 'failed', problem: 'blank-line', label, next: pos };
      if (line.length < 65) isEnded = true;
    } else {
      header += line;
    }
  }
  // Without a blank line, everything read was body, not header.
  if (state === 'maybe') return { kind: 'block', label, header: '', body: header, next: pos };
  return { kind: 'block', label, header, body: data, next: pos };
}

// What a block that was read holds, by its label and the shape of its DER (pem2der + der2key decoders).
function keyOfBlock(label: string, header: string, body: string): ServerKeyReading {
  const fail = (problem: KeyTextProblem): UnloadableServerKey => ({ isLoaded: false, problem, label });
  if (header.length > MAX_IGNORED_HEADER) {
    return fail(
      /Proc-Type:[^\n]*ENCRYPTED/.test(header)
        ? 'encrypted'
        : header.includes(':')
          ? 'pem-header'
          : 'blank-line',
    );
  }
  if (/^(X509 |TRUSTED )?CERTIFICATE$/.test(label)) return fail('certificate');
  if (label === 'ENCRYPTED PRIVATE KEY') return fail('encrypted');
  const accepted = STRUCTURES_BY_LABEL[label];
  if (!accepted) return fail('not-a-key');
  if (body.trim() === '') return fail('empty-body');
  const decoded = decodeOpenSslBase64(body);
  if (!decoded) return fail('bad-base64');
  // Bytes after the key's outer SEQUENCE are ignored by OpenSSL's d2i.
  const der = outerTlv(decoded);
  const structure = keyStructureOf(der);
  if (!structure || !accepted.includes(structure)) return fail('wrong-structure');
  const isPrivate = structure === 'pkcs8' || structure === 'pkcs1-private' || structure === 'sec1';
  const kind =
    structure === 'spki' || structure === 'pkcs8'
      ? (keyKindOf(der, structure) ?? 'unknown')
      : structure === 'sec1'
        ? 'ec'
        : 'rsa';
  return { isLoaded: true, isPrivate, label, structure, kind, der };
}

// The structures each label decodes to. The RSA labels go through OpenSSL's type-specific RSA decoder, which also
// takes the generic structures (observed with OpenSSL 3.0: an SPKI under "RSA PUBLIC KEY" loads).
const RSA_ANY: readonly KeyStructure[] = ['pkcs1-public', 'pkcs1-private', 'spki', 'pkcs8'];
const STRUCTURES_BY_LABEL: Readonly<Record<string, readonly KeyStructure[]>> = Object.freeze({
  'PUBLIC KEY': ['spki'],
  'PRIVATE KEY': ['pkcs8'],
  'RSA PUBLIC KEY': RSA_ANY,
  'RSA PRIVATE KEY': RSA_ANY,
  'EC PRIVATE KEY': ['sec1', 'pkcs8'],
});

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * EVP_DecodeUpdate + EVP_DecodeFinal: spaces, tabs and line ends are skipped, `-` ends the input, `=` only at the
 * end (two at most), any other character fails, and the characters must come in groups of four.
 */
function decodeOpenSslBase64(body: string): Uint8Array | null {
  let chars = '';
  let padding = 0;
  for (const ch of body) {
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    if (ch === '-') break;
    if (ch === '=') padding++;
    else if (!BASE64.includes(ch) || padding > 0) return null;
    if (padding > 2) return null;
    chars += ch;
  }
  if (chars.length === 0 || chars.length % 4 !== 0) return null;
  const out: number[] = [];
  for (let i = 0; i < chars.length; i += 4) {
    const values = [...chars.slice(i, i + 4)].map((ch) => (ch === '=' ? 0 : BASE64.indexOf(ch)));
    const [a = 0, b = 0, c = 0, d = 0] = values;
    const group = (a << 18) | (b << 12) | (c << 6) | d;
    out.push((group >> 16) & 0xff, (group >> 8) & 0xff, group & 0xff);
  }
  return Uint8Array.from(out.slice(0, out.length - padding));
}

// No BEGIN line was found: say what the text looks like instead, so the fix can be precise.
function problemWithoutBlock(bytes: string): KeyTextProblem {
  if (bytes.includes('-----BEGIN') && bytes.includes('\\n')) return 'escaped-line-breaks';
  if (bytes.includes('-----BEGIN') && bytes.includes('\r') && !bytes.includes('\n')) return 'cr-line-breaks';
  if (/^[ \t]+-----BEGIN /m.test(bytes)) return 'indented';
  if (/^-----BEGIN [^\n]*-----[ \t]*\S/m.test(bytes)) return 'unbroken-body';
  return 'not-pem';
}
