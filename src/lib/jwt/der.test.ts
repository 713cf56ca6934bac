// @vitest-environment node
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyStructureOf, outerTlv, wrapPkcs1PrivateKey, wrapPkcs1PublicKey } from './der';

const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const der = (key: typeof publicKey, type: 'spki' | 'pkcs1' | 'pkcs8'): Uint8Array =>
  new Uint8Array(key.export({ format: 'der', type }));

describe('DER key structures', () => {
  it('names SPKI, PKCS#8, PKCS#1 and SEC1 by shape', () => {
    expect(keyStructureOf(der(publicKey, 'spki'))).toBe('spki');
    expect(keyStructureOf(der(publicKey, 'pkcs1'))).toBe('pkcs1-public');
    expect(keyStructureOf(der(privateKey, 'pkcs8'))).toBe('pkcs8');
    expect(keyStructureOf(der(privateKey, 'pkcs1'))).toBe('pkcs1-private');
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    expect(keyStructureOf(new Uint8Array(ec.export({ format: 'der', type: 'sec1' })))).toBe('sec1');
    expect(keyStructureOf(Uint8Array.of(0x30, 0x03, 0x02, 0x01))).toBeNull();
    expect(keyStructureOf(new Uint8Array())).toBeNull();
  });

  it('wraps PKCS#1 into exactly the SPKI and PKCS#8 that OpenSSL writes for the same key', () => {
    expect(wrapPkcs1PublicKey(der(publicKey, 'pkcs1'))).toEqual(der(publicKey, 'spki'));
    expect(wrapPkcs1PrivateKey(der(privateKey, 'pkcs1'))).toEqual(der(privateKey, 'pkcs8'));
  });

  it('cuts bytes after the outer TLV', () => {
    const spki = der(publicKey, 'spki');
    expect(outerTlv(Uint8Array.from([...spki, 0, 0, 0]))).toEqual(spki);
  });
});
