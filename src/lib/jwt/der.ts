// Just enough DER for keys: which structure a key's DER is (SPKI, PKCS#8, PKCS#1, SEC1), the AlgorithmIdentifier OID
// that names its type, and wrapping PKCS#1 in SPKI/PKCS#8 so WebCrypto can import it. Not an ASN.1 library.
import { toHex } from './token-codec';

/** The key types a pasted key can be, by the OID of its AlgorithmIdentifier. */
export type KeyKind = 'rsa' | 'rsa-pss' | 'ec' | 'Ed25519' | 'Ed448' | 'X25519' | 'unknown';

/** The OID of id-ecPublicKey (1.2.840.10045.2.1), DER-encoded without its tag and length. */
export const OID_EC_PUBLIC_KEY = Uint8Array.of(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);

const KIND_BY_OID: Readonly<Record<string, KeyKind>> = Object.freeze({
  '2a864886f70d010101': 'rsa',
  '2a864886f70d01010a': 'rsa-pss',
  '2a8648ce3d0201': 'ec',
  '2b6570': 'Ed25519',
  '2b6571': 'Ed448',
  '2b656e': 'X25519',
});

/**
 * The key type named by the AlgorithmIdentifier of a PKCS#8 PrivateKeyInfo or an SPKI, or null when the DER does not
 * have that shape.
 * @see RFC 5208 §5, RFC 5280 §4.1
 */
export function keyKindOf(der: Uint8Array, format: 'pkcs8' | 'spki'): KeyKind | null {
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

/** Whether `needle` occurs anywhere in `haystack`. */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  for (let i = 0; i + needle.length <= haystack.length; i++) {
    if (needle.every((byte, j) => haystack[i + j] === byte)) return true;
  }
  return false;
}

/** The key structures a PEM body can hold. */
export type KeyStructure = 'spki' | 'pkcs8' | 'pkcs1-public' | 'pkcs1-private' | 'sec1';

interface Tlv {
  tag: number;
  /** Offset of the contents. */
  start: number;
  /** Offset just past the contents. */
  end: number;
}

// One DER TLV at `pos`, or null when the bytes do not hold a whole one (definite lengths only, as DER requires).
function readTlv(der: Uint8Array, pos: number, limit: number): Tlv | null {
  const tag = der[pos];
  const first = der[pos + 1];
  if (tag === undefined || first === undefined || pos + 2 > limit) return null;
  let start = pos + 2;
  let length = first;
  if (first >= 0x80) {
    const count = first & 0x7f;
    if (count === 0 || count > 4 || start + count > limit) return null;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (der[start + i] as number);
    start += count;
  }
  const end = start + length;
  return end > limit ? null : { tag, start, end };
}

// The TLVs directly inside a constructed TLV, or null when they do not tile it exactly.
function children(der: Uint8Array, parent: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  let pos = parent.start;
  while (pos < parent.end) {
    const child = readTlv(der, pos, parent.end);
    if (!child) return null;
    out.push(child);
    pos = child.end;
  }
  return out;
}

/** The first whole TLV of `der` (what a d2i call reads), or all of `der` when it does not start with one. */
export function outerTlv(der: Uint8Array): Uint8Array {
  const outer = readTlv(der, 0, der.length);
  return outer ? der.subarray(0, outer.end) : der;
}

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const BIT_STRING = 0x03;
const OCTET_STRING = 0x04;

/**
 * Which key structure the DER holds, judged by its shape (RFC 5280 SubjectPublicKeyInfo, RFC 5208 PrivateKeyInfo,
 * RFC 8017 RSAPublicKey/RSAPrivateKey, RFC 5915 ECPrivateKey); bytes after the outer SEQUENCE are ignored, as
 * OpenSSL ignores them. Null when it is none of these.
 */
export function keyStructureOf(der: Uint8Array): KeyStructure | null {
  const outer = readTlv(der, 0, der.length);
  if (!outer || outer.tag !== SEQUENCE) return null;
  const items = children(der, outer);
  if (!items || items.length === 0) return null;
  const tags = items.map((item) => item.tag);
  const [first, second] = items;
  if (tags.length === 2 && tags[0] === SEQUENCE && tags[1] === BIT_STRING) return 'spki';
  if (tags.length >= 3 && tags[0] === INTEGER && tags[1] === SEQUENCE && tags[2] === OCTET_STRING)
    return 'pkcs8';
  if (tags.length === 2 && tags.every((tag) => tag === INTEGER)) return 'pkcs1-public';
  if (tags.length === 9 && tags.every((tag) => tag === INTEGER)) return 'pkcs1-private';
  if (tags.length >= 2 && tags[0] === INTEGER && tags[1] === OCTET_STRING && first && second) {
    return der[first.start] === 1 && first.end - first.start === 1 ? 'sec1' : null;
  }
  return null;
}

const RSA_ALGORITHM_IDENTIFIER = Uint8Array.of(
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
);

/** Wraps a PKCS#1 RSAPublicKey in an SPKI with the rsaEncryption AlgorithmIdentifier (RFC 8017 A.1, RFC 5280). */
export function wrapPkcs1PublicKey(pkcs1: Uint8Array): Uint8Array {
  const bitString = tlv(BIT_STRING, concat(Uint8Array.of(0), pkcs1));
  return tlv(SEQUENCE, concat(RSA_ALGORITHM_IDENTIFIER, bitString));
}

/** Wraps a PKCS#1 RSAPrivateKey in a version-0 PKCS#8 PrivateKeyInfo (RFC 5208 §5). */
export function wrapPkcs1PrivateKey(pkcs1: Uint8Array): Uint8Array {
  const version = Uint8Array.of(INTEGER, 1, 0);
  return tlv(SEQUENCE, concat(version, RSA_ALGORITHM_IDENTIFIER, tlv(OCTET_STRING, pkcs1)));
}

function tlv(tag: number, contents: Uint8Array): Uint8Array {
  const length = contents.length;
  let header: number[];
  if (length < 0x80) header = [tag, length];
  else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return concat(Uint8Array.from(header), contents);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let pos = 0;
  for (const part of parts) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
