// @vitest-environment node
import { createHash, generateKeyPairSync, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signToken, verifySignature, type JitsiAlgorithm } from './jws';
import type { JsonObject } from './json-types';
import {
  generateRsaKeyPair,
  importPrivateKey,
  importPublicKeyAsPem,
  importPublicKeyPem,
  importVerificationKey,
  keyServerFileName,
  keyServerUrl,
  PKCS1_TO_PKCS8_COMMAND,
  type RsaKeyPair,
} from './keys';
import { decodeBase64url } from './token-codec';

const RS_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;
const NODE_HASH = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' } as const;

// A throwaway self-signed certificate (openssl req -x509 -newkey rsa:2048) and the SPKI openssl extracted from it.
const CERTIFICATE = `-----BEGIN CERTIFICATE-----
MIIDFTCCAf2gAwIBAgIUH5TzYqYJ8g1PbNl40hP3TlnBSywwDQYJKoZIhvcNAQEL
BQAwGTEXMBUGA1UEAwwOd29ya2JlbmNoLXRlc3QwIBcNMjYxMTI4MDQwNzA1WhgP
MjEyNjExMDQwNDA3MDVaMBkxFzAVBgNVBAMMDndvcmtiZW5jaC10ZXN0MIIBIjAN
BgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvI6W9nfyZY8qqUKLnmySJwvwxqPd
qBBAVSOWoVI/Kc3/AmKaBZyK9ce3qtZ9mda9O+BbgFeQD4L7kR0OR+gohi7Hej27
5zobIGxzIU0ns262f/2muSqfNNH1Hj8Ra/8akq77cdLB7AFJX5DwelgZ/tOTbGQT
Fcjq4r44k/12dMccAtfnM87KfU/4CtRagFAX5dw7FWILoxt02hLUglcUa2WFThsQ
mjLdm9LPlzc1uQyibv4KP2gcrUPYPtC8TX1Jb3NtJAzSZm8Au5DGQuCTouPNvCbX
Qn5bXYjL+bLxbEGhRfPat9f2jC1KnNdlCF+5edSfMJdSzo9uAx2Is0if8wIDAQAB
o1MwUTAdBgNVHQ4EFgQUIUFU0kPwaZVxO/TugzXjeRLbqNEwHwYDVR0jBBgwFoAU
IUFU0kPwaZVxO/TugzXjeRLbqNEwDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0B
AQsFAAOCAQEAe0b7FLbUv1LVTbWlCM3jyOYqGQ1NV3pJVa2hBAOsSX1hywPYmam7
+N7FPix12rkJV2Pzgp57Hzs+kzZy1r7zq98G1GvZvSxy+vA/pImJJmxnmyRkixDm
+Eq7sZ4ewMFmy7/4TIVoYhT7bCGnchD2daUeAoOpqXLc70yfhAXcXO7LubDTiRVo
9AGOmWpdZjrfNG8/a0aVUFlISqtkoyQ/+XHr6OtAu6q8Rtrh5+dp3h0qinfhTciG
wQUE97KdmoM/Z4HL2jDcLiXlAeT29ZHZVkGdXKN72oVZ9G/SuqktxMUVYfnsLUJ0
TAHjM1atxjvgtNvIvUH+Wy+o1XypvJ81Ow==
-----END CERTIFICATE-----`;
const CERTIFICATE_SPKI = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvI6W9nfyZY8qqUKLnmyS
JwvwxqPdqBBAVSOWoVI/Kc3/AmKaBZyK9ce3qtZ9mda9O+BbgFeQD4L7kR0OR+go
hi7Hej275zobIGxzIU0ns262f/2muSqfNNH1Hj8Ra/8akq77cdLB7AFJX5DwelgZ
/tOTbGQTFcjq4r44k/12dMccAtfnM87KfU/4CtRagFAX5dw7FWILoxt02hLUglcU
a2WFThsQmjLdm9LPlzc1uQyibv4KP2gcrUPYPtC8TX1Jb3NtJAzSZm8Au5DGQuCT
ouPNvCbXQn5bXYjL+bLxbEGhRfPat9f2jC1KnNdlCF+5edSfMJdSzo9uAx2Is0if
8wIDAQAB
-----END PUBLIC KEY-----`;

interface NodePair {
  privatePem: string;
  publicPem: string;
  privateJwk: JsonObject;
  publicJwk: JsonObject;
}

function nodePair(privateKey: KeyObject, publicKey: KeyObject): NodePair {
  return {
    privatePem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    privateJwk: privateKey.export({ format: 'jwk' }) as JsonObject,
    publicJwk: publicKey.export({ format: 'jwk' }) as JsonObject,
  };
}

let main: NodePair;
let other: NodePair;
let generated: RsaKeyPair;

beforeAll(async () => {
  const a = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b = generateKeyPairSync('rsa', { modulusLength: 2048 });
  main = nodePair(a.privateKey, a.publicKey);
  other = nodePair(b.privateKey, b.publicKey);
  const result = await generateRsaKeyPair('RS256');
  if (!result.ok) throw new Error(result.message);
  generated = result;
});

const HEADER = (alg: JitsiAlgorithm, kid = 'my_app/key1'): JsonObject => ({ alg, typ: 'JWT', kid });
const PAYLOAD: JsonObject = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: 'meet.example.com',
  room: '*',
  exp: 1_800_000_000,
};

async function sign(
  alg: JitsiAlgorithm,
  key: CryptoKey,
): Promise<{ signingInput: string; signature: Uint8Array }> {
  const signed = await signToken(HEADER(alg), PAYLOAD, key);
  if (!signed.ok) throw new Error(signed.message);
  const [h, p, s] = signed.token.split('.');
  const bytes = decodeBase64url(s ?? '');
  if (!bytes.ok) throw new Error(bytes.reason);
  return { signingInput: `${h}.${p}`, signature: bytes.bytes };
}

async function privateKey(text: string, alg: JitsiAlgorithm): Promise<CryptoKey> {
  const result = await importPrivateKey(text, alg);
  if (!result.ok) throw new Error(result.message);
  return result.key;
}

async function publicKey(text: string, alg: JitsiAlgorithm, kid?: string): Promise<CryptoKey> {
  const result = await importVerificationKey(text, alg, kid);
  if (!result.ok) throw new Error(result.message);
  return result.key;
}

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

describe('importVerificationKey', () => {
  it('picks the key of a JWKS by kid', async () => {
    const jwks = JSON.stringify({
      keys: [
        { ...other.publicJwk, kid: 'app/old' },
        { ...main.publicJwk, kid: 'app/new' },
      ],
    });
    const result = await importVerificationKey(jwks, 'RS256', 'app/new');
    expect(result).toMatchObject({ ok: true, kid: 'app/new' });
    const { signingInput, signature } = await sign('RS256', await privateKey(main.privatePem, 'RS256'));
    expect(
      await verifySignature('RS256', signingInput, signature, await publicKey(jwks, 'RS256', 'app/new')),
    ).toBe(true);
    expect(
      await verifySignature('RS256', signingInput, signature, await publicKey(jwks, 'RS256', 'app/old')),
    ).toBe(false);
  });

  it('says which kids exist when none matches', async () => {
    const jwks = JSON.stringify({
      keys: [
        { ...main.publicJwk, kid: 'a' },
        { ...other.publicJwk, kid: 'b' },
      ],
    });
    const result = await importVerificationKey(jwks, 'RS256', 'c');
    expect(result).toEqual({
      ok: false,
      code: 'jwks-no-match',
      message:
        'No key has kid "c" (prosody would answer "could not obtain public key"). Kids present: "a", "b".',
    });
  });

  it('asks for a kid when the JWKS has several keys', async () => {
    const jwks = JSON.stringify({ keys: [{ ...main.publicJwk, kid: 'a' }, { ...other.publicJwk }] });
    const result = await importVerificationKey(jwks, 'RS256');
    expect(result).toMatchObject({ ok: false, code: 'jwks-kid-required' });
    expect(result.ok ? '' : result.message).toContain('Kids present: "a".');
  });

  it('uses the only key of a JWKS when no kid is asked for, even without a kid', async () => {
    const result = await importVerificationKey(JSON.stringify({ keys: [main.publicJwk] }), 'RS256');
    expect(result.ok).toBe(true);
  });

  it('does not match a kid-less key by kid, as prosody skips it', async () => {
    const result = await importVerificationKey(JSON.stringify({ keys: [main.publicJwk] }), 'RS256', 'x');
    expect(result).toMatchObject({ ok: false, code: 'jwks-no-match' });
    expect(result.ok ? '' : result.message).toContain('Kids present: none.');
  });

  it('reports an empty key set', async () => {
    expect(await importVerificationKey('{"keys":[]}', 'RS256')).toMatchObject({
      ok: false,
      code: 'jwks-empty',
    });
  });

  it('imports an X.509 certificate to the same key as its SPKI', async () => {
    const fromCert = await publicKey(CERTIFICATE, 'RS256');
    const fromSpki = await publicKey(CERTIFICATE_SPKI, 'RS256');
    const [a, b] = await Promise.all([
      crypto.subtle.exportKey('spki', fromCert),
      crypto.subtle.exportKey('spki', fromSpki),
    ]);
    expect(new Uint8Array(a)).toEqual(new Uint8Array(b));
  });

  it('picks from the kid-to-certificate map that cache_keys_url accepts', async () => {
    const map = JSON.stringify({ k1: CERTIFICATE, k2: CERTIFICATE });
    expect(await importVerificationKey(map, 'RS256', 'k2')).toMatchObject({ ok: true, kid: 'k2' });
    expect(await importVerificationKey(map, 'RS256', 'k3')).toMatchObject({
      ok: false,
      code: 'jwks-no-match',
    });
  });

  it('accepts a JWK that leaks "d" but says so', async () => {
    const result = await importVerificationKey(JSON.stringify(main.privateJwk), 'RS256');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.notice).toContain('never publish it');
  });

  it('notes a JWK alg that differs from the token alg, as prosody ignores it', async () => {
    const result = await importVerificationKey(JSON.stringify({ ...main.publicJwk, alg: 'RS512' }), 'RS256');
    expect(result.ok && result.notice).toContain("prosody ignores the JWK's alg");
  });

  it('imports a PEM with Windows line ends, or with literal \\n escapes from an .env file', async () => {
    expect((await importVerificationKey(main.publicPem.replace(/\n/g, '\r\n'), 'RS256')).ok).toBe(true);
    expect((await importVerificationKey(main.publicPem.replace(/\n/g, '\\n'), 'RS256')).ok).toBe(true);
  });

  it.each([
    [
      'a private key PEM',
      () => main.privatePem,
      'private-key-not-public',
      'openssl pkey -in key.pem -pubout -out public.pem',
    ],
    [
      'a PKCS#1 public key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .publicKey.export({ format: 'pem', type: 'pkcs1' })
          .toString(),
      'pkcs1-public-key',
      'openssl rsa -RSAPublicKey_in -in key.pem -pubout -out public.pem',
    ],
    [
      'an EC public key',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .publicKey.export({ format: 'pem', type: 'spki' })
          .toString(),
      'ec-key',
      'elliptic-curve',
    ],
    [
      'an EC JWK',
      () => JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }),
      'ec-key',
      'RS256/384/512',
    ],
    ['an RSA JWK without n', () => JSON.stringify({ kty: 'RSA', e: 'AQAB' }), 'jwk-incomplete', '"n" or "e"'],
    [
      'an OpenSSH public key',
      () => 'ssh-rsa AAAAB3NzaC1yc2E user@host',
      'openssh-key',
      'ssh-keygen -e -m PKCS8',
    ],
    ['garbage', () => 'hello world', 'not-a-key', 'Not a key.'],
    ['broken JSON', () => '{"kty": "RSA",', 'not-a-key', 'does not parse'],
    ['nothing', () => '   ', 'empty', 'Paste the RSA public key'],
  ])('rejects %s', async (_name, text, code, fragment) => {
    const result = await importVerificationKey(text(), 'RS256');
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : `${result.message} ${result.command ?? ''}`).toContain(fragment);
  });

  it('refuses an HS algorithm', async () => {
    expect(await importVerificationKey(main.publicPem, 'HS256')).toMatchObject({
      ok: false,
      code: 'hmac-algorithm',
    });
  });

  it('keeps importPublicKeyPem working as before', async () => {
    expect((await importPublicKeyPem(main.publicPem, 'RS256')).ok).toBe(true);
    expect((await importPublicKeyPem(CERTIFICATE, 'RS256')).ok).toBe(true);
  });
});

describe('importPublicKeyAsPem', () => {
  const squash = (pem: string) => pem.replace(/\s/g, '');

  it('re-exports a JWKS key, picked by kid, as the SPKI PEM file a key server serves', async () => {
    const jwks = JSON.stringify({
      keys: [
        { ...other.publicJwk, kid: 'a' },
        { ...main.publicJwk, kid: 'b' },
      ],
    });
    const result = await importPublicKeyAsPem(jwks, 'RS256', 'b');
    if (!result.ok) throw new Error(result.message);
    expect(result.kid).toBe('b');
    expect(result.pem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);
    expect(squash(result.pem)).toBe(squash(main.publicPem));
  });

  it('extracts the SPKI of a certificate, and passes a notice on', async () => {
    const fromCertificate = await importPublicKeyAsPem(CERTIFICATE, 'RS256');
    expect(fromCertificate.ok && squash(fromCertificate.pem)).toBe(squash(CERTIFICATE_SPKI));
    const withAlg = await importPublicKeyAsPem(JSON.stringify({ ...main.publicJwk, alg: 'RS512' }), 'RS256');
    expect(withAlg.ok && withAlg.notice).toContain("prosody ignores the JWK's alg");
  });

  it('returns the import problem with its command', async () => {
    expect(await importPublicKeyAsPem(main.privatePem, 'RS256')).toEqual({
      ok: false,
      code: 'private-key-not-public',
      message:
        'This is a private key ("BEGIN PRIVATE KEY"); verifying needs the public key, which is what the key server ' +
        'serves. Extract it from the private key.',
      command: 'openssl pkey -in key.pem -pubout -out public.pem',
    });
  });
});

describe('key problems with a fix-it command', () => {
  const ecPem = () =>
    generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
  it.each([
    ['a PKCS#1 private key', () => importPrivateKey(pkcs1Private(), 'RS256'), PKCS1_TO_PKCS8_COMMAND],
    [
      'an OpenSSH private key',
      () =>
        importPrivateKey(
          '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----',
          'RS256',
        ),
      'ssh-keygen -p -m PKCS8 -f key_copy',
    ],
    [
      'an OpenSSH public key',
      () => importVerificationKey('ssh-rsa AAAAB3NzaC1yc2E user@host', 'RS256'),
      'ssh-keygen -e -m PKCS8 -f key.pub > public.pem',
    ],
    [
      'an EC key',
      () => importPrivateKey(ecPem(), 'RS256'),
      'openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem',
    ],
  ])('%s: the command is its own field, not in the message', async (_name, run, command) => {
    const result = await run();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.command).toBe(command);
    expect(result.message).not.toContain(command);
    expect(result.message).toMatch(/\.$/);
  });

  it('has no command where none fixes the paste', async () => {
    const result = await importPrivateKey('not a key at all', 'RS256');
    expect(result.ok ? 'ok' : Object.hasOwn(result, 'command')).toBe(false);
  });
});

function pkcs1Private(): string {
  return generateKeyPairSync('rsa', { modulusLength: 1024 })
    .privateKey.export({ format: 'pem', type: 'pkcs1' })
    .toString();
}

describe('importPrivateKey', () => {
  it('returns the kid of a JWK', async () => {
    const result = await importPrivateKey(
      JSON.stringify({ ...main.privateJwk, kid: 'my_app/key1' }),
      'RS256',
    );
    expect(result).toMatchObject({ ok: true, kid: 'my_app/key1' });
  });

  it('gives the exact conversion command for a PKCS#1 key', async () => {
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ format: 'pem', type: 'pkcs1' })
      .toString();
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    const result = await importPrivateKey(pkcs1, 'RS256');
    expect(result).toEqual({
      ok: false,
      code: 'pkcs1-private-key',
      message:
        'This is a PKCS#1 RSA private key ("BEGIN RSA PRIVATE KEY"), which browsers cannot import. Convert it to PKCS#8.',
      command: 'openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem',
    });
    expect(PKCS1_TO_PKCS8_COMMAND).toBe('openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.pkcs8.pem');
  });

  it('mentions the passphrase for an encrypted PKCS#1 key', async () => {
    const { privateKey: key } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = key
      .export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: 'secret' })
      .toString();
    const result = await importPrivateKey(pem, 'RS256');
    expect(result).toMatchObject({ ok: false, code: 'pkcs1-private-key' });
    expect(result.ok ? '' : result.message).toContain('asked for its passphrase');
  });

  it.each([
    [
      'an encrypted PKCS#8 key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'secret' })
          .toString(),
      'encrypted-private-key',
      PKCS1_TO_PKCS8_COMMAND,
    ],
    [
      'an EC key in PKCS#8',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      'ec-key',
      'elliptic-curve',
    ],
    [
      'an EC key in SEC1',
      () =>
        generateKeyPairSync('ec', { namedCurve: 'P-256' })
          .privateKey.export({ format: 'pem', type: 'sec1' })
          .toString(),
      'ec-key',
      'openssl genpkey -algorithm RSA',
    ],
    [
      'an Ed25519 key',
      () => generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      'unsupported-key-type',
      'Ed25519',
    ],
    [
      'a 1024-bit RSA key',
      () =>
        generateKeyPairSync('rsa', { modulusLength: 1024 })
          .privateKey.export({ format: 'pem', type: 'pkcs8' })
          .toString(),
      'key-too-small',
      '1024-bit',
    ],
    ['a public key PEM', () => main.publicPem, 'public-key-not-private', '"BEGIN PUBLIC KEY"'],
    ['a certificate', () => CERTIFICATE, 'public-key-not-private', '"BEGIN CERTIFICATE"'],
    ['a public JWK', () => JSON.stringify(main.publicJwk), 'public-key-not-private', 'no "d" member'],
    [
      'a private JWK without the CRT members',
      () =>
        JSON.stringify({
          kty: 'RSA',
          n: main.privateJwk['n'],
          e: main.privateJwk['e'],
          d: main.privateJwk['d'],
        }),
      'jwk-incomplete',
      'lacks p, q, dp, dq, qi',
    ],
    ['an oct JWK', () => JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }), 'hmac-algorithm', 'app secret'],
    [
      'an OpenSSH private key',
      () => '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----',
      'openssh-key',
      'ssh-keygen -p -m PKCS8',
    ],
    [
      'a bare base64 body',
      () => main.privatePem.split('\n').slice(1, -2).join('\n'),
      'not-a-key',
      '-----BEGIN',
    ],
    [
      'a key cut off before its END line',
      () => main.privatePem.split('\n').slice(0, 10).join('\n'),
      'not-a-key',
      '-----END',
    ],
    ['garbage', () => 'not a key at all', 'not-a-key', 'Not a key.'],
    ['nothing', () => '', 'empty', 'Paste an RSA private key'],
  ])('rejects %s', async (_name, text, code, fragment) => {
    const result = await importPrivateKey(text(), 'RS256');
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : `${result.message} ${result.command ?? ''}`).toContain(fragment);
  });

  it('refuses an HS algorithm', async () => {
    expect(await importPrivateKey(main.privatePem, 'HS256')).toMatchObject({
      ok: false,
      code: 'hmac-algorithm',
    });
  });

  it('finds the key after openssl pkcs12 "Bag Attributes" lines', async () => {
    const text = `Bag Attributes\n    localKeyID: 01 02 03\nKey Attributes: <No Attributes>\n${main.privatePem}`;
    expect((await importPrivateKey(text, 'RS256')).ok).toBe(true);
  });
});

describe('key server file name and URL', () => {
  const sha = (kid: string): string => `${createHash('sha256').update(kid, 'utf8').digest('hex')}.pem`;

  it.each(['my_app/key1', 'vpaas-magic-cookie-0123/a1b2c3', 'jitsi', 'ключ/1', 'café', '🔑 key', ''])(
    'names the file for kid %j as sha256(kid).pem',
    async (kid) => {
      const name = await keyServerFileName(kid);
      expect(name).toBe(sha(kid));
      expect(name).toMatch(/^[0-9a-f]{64}\.pem$/);
    },
  );

  it('appends "/" and the file name to the server URL', async () => {
    expect(await keyServerUrl('https://keys.example.com/asap', 'my_app/key1')).toEqual({
      ok: true,
      url: `https://keys.example.com/asap/${sha('my_app/key1')}`,
      fileName: sha('my_app/key1'),
    });
  });

  it('keeps the double slash prosody produces from a trailing "/", and warns', async () => {
    const result = await keyServerUrl('https://keys.example.com/asap/', 'k');
    expect(result).toMatchObject({ ok: true, url: `https://keys.example.com/asap//${sha('k')}` });
    expect(result.ok && result.warning).toContain('Remove the trailing "/"');
  });

  it('accepts http:', async () => {
    expect(await keyServerUrl('http://10.0.0.5:8080', 'k')).toMatchObject({
      ok: true,
      url: `http://10.0.0.5:8080/${sha('k')}`,
    });
  });

  it('warns about a query string', async () => {
    const result = await keyServerUrl('https://keys.example.com/get?v=1', 'k');
    expect(result.ok && result.warning).toContain('query');
  });

  it.each([
    ['ftp://keys.example.com', 'bad-scheme'],
    ['file:///etc/keys', 'bad-scheme'],
    ['keys.example.com', 'bad-url'],
    ['', 'bad-url'],
  ])('refuses %j with %s', async (server, code) => {
    expect(await keyServerUrl(server, 'k')).toMatchObject({ ok: false, code });
  });
});
