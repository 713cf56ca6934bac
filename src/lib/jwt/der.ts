// Just enough DER to name a key: the AlgorithmIdentifier OID of a PKCS#8 PrivateKeyInfo or an SPKI, so messages can
// say "an EC key" instead of repeating WebCrypto's "Invalid keyData". Not an ASN.1 library.

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

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}
