// @vitest-environment node
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CERTIFICATE,
  CERTIFICATE_SPKI,
  nodeRsaPair,
  privateKey,
  publicKey,
  signWith as sign,
  type NodePair,
} from '../../../test/fixtures/rsa-keys';
import { verifySignature } from './jws';
import { importPublicKeyAsPem, importVerificationKey } from './public-key';

let main: NodePair;
let other: NodePair;

beforeAll(() => {
  main = nodeRsaPair();
  other = nodeRsaPair();
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

  it('imports a PKCS#1 "RSA PUBLIC KEY" as the server does, to the same key as its SPKI', async () => {
    const pkcs1 = createPublicKey(main.publicPem).export({ format: 'pem', type: 'pkcs1' }).toString();
    const [a, b] = await Promise.all([publicKey(pkcs1, 'RS256'), publicKey(main.publicPem, 'RS256')]);
    const [x, y] = await Promise.all([
      crypto.subtle.exportKey('spki', a),
      crypto.subtle.exportKey('spki', b),
    ]);
    expect(new Uint8Array(x)).toEqual(new Uint8Array(y));
  });

  it.each([
    ['a certificate', () => CERTIFICATE, 'openssl x509 -pubkey -noout'],
    ['indented lines', () => main.publicPem.replace(/^/gm, '    '), 'Remove the spaces'],
    ['"\\n" escapes', () => main.publicPem.replace(/\n/g, '\\n'), 'real line breaks'],
  ])('imports %s but says the server crashes on it, with the fix', async (_name, text, fix) => {
    const result = await importVerificationKey(text(), 'RS256');
    expect(result.ok && result.notice).toContain('crashes the Jitsi server');
    expect(result.ok && result.notice).toContain(fix);
  });

  it('adds no notice to a plain SPKI PEM', async () => {
    const result = await importVerificationKey(main.publicPem, 'RS256');
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.notice).toBeFalsy();
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
