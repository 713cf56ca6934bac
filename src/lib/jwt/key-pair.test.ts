// @vitest-environment node
import { verify as nodeVerify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  NODE_HASH,
  RS_ALGORITHMS,
  nodeRsaPair,
  privateKey,
  publicKey,
  signWith as sign,
  type NodePair,
} from '../../../test/fixtures/rsa-keys';
import { verifySignature } from './jws';
import { generateRsaKeyPair, type RsaKeyPair } from './key-pair';

let main: NodePair;
let other: NodePair;
let generated: RsaKeyPair;

beforeAll(async () => {
  main = nodeRsaPair();
  other = nodeRsaPair();
  const result = await generateRsaKeyPair('RS256');
  if (!result.ok) throw new Error(result.message);
  generated = result;
});

describe('sign and verify round trips', () => {
  it.each(RS_ALGORITHMS)('%s with PEM keys, checked by verifySignature and node:crypto', async (alg) => {
    const { signingInput, signature } = await sign(alg, await privateKey(main.privatePem, alg));
    expect(await verifySignature(alg, signingInput, signature, await publicKey(main.publicPem, alg))).toBe(
      true,
    );
    expect(
      nodeVerify(NODE_HASH[alg], Buffer.from(signingInput), main.publicPem, Buffer.from(signature)),
    ).toBe(true);
  });

  it.each(RS_ALGORITHMS)('%s with JWK keys, checked by verifySignature and node:crypto', async (alg) => {
    const { signingInput, signature } = await sign(
      alg,
      await privateKey(JSON.stringify(main.privateJwk), alg),
    );
    const verifyKey = await publicKey(JSON.stringify(main.publicJwk), alg);
    expect(await verifySignature(alg, signingInput, signature, verifyKey)).toBe(true);
    expect(
      nodeVerify(NODE_HASH[alg], Buffer.from(signingInput), main.publicPem, Buffer.from(signature)),
    ).toBe(true);
  });

  it.each(RS_ALGORITHMS)('%s: a mismatched public key is rejected by both verifiers', async (alg) => {
    const { signingInput, signature } = await sign(alg, await privateKey(main.privatePem, alg));
    expect(await verifySignature(alg, signingInput, signature, await publicKey(other.publicPem, alg))).toBe(
      false,
    );
    expect(
      nodeVerify(NODE_HASH[alg], Buffer.from(signingInput), other.publicPem, Buffer.from(signature)),
    ).toBe(false);
  });

  it('a key imported for RS256 does not verify an RS512 signature', async () => {
    const { signingInput, signature } = await sign('RS512', await privateKey(main.privatePem, 'RS512'));
    expect(
      await verifySignature('RS512', signingInput, signature, await publicKey(main.publicPem, 'RS256')),
    ).toBe(false);
  });

  it('a generated key pair signs, and its PEM and JWK verify (node:crypto too)', async () => {
    expect(generated.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(generated.publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(generated.publicJwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    expect(generated.publicJwk).not.toHaveProperty('d');
    expect((generated.publicKey.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
    const { signingInput, signature } = await sign('RS256', generated.privateKey);
    expect(nodeVerify('sha256', Buffer.from(signingInput), generated.publicPem, Buffer.from(signature))).toBe(
      true,
    );
    expect(
      await verifySignature('RS256', signingInput, signature, await publicKey(generated.publicPem, 'RS256')),
    ).toBe(true);
    const fromJwk = await publicKey(JSON.stringify(generated.publicJwk), 'RS256');
    expect(await verifySignature('RS256', signingInput, signature, fromJwk)).toBe(true);
    const reimported = await privateKey(generated.privatePem, 'RS256');
    expect(reimported.type).toBe('private');
  });

  it.each([1024, 2047, 2048.5, Number.NaN])('refuses a modulus length of %s as data', async (bits) => {
    const result = await generateRsaKeyPair('RS256', bits);
    expect(result).toMatchObject({ ok: false, code: 'bad-modulus-length' });
  });
});
