// @vitest-environment node
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { CERTIFICATE, nodeRsaPair, type NodePair } from '../../../test/fixtures/rsa-keys';
import { PKCS1_TO_PKCS8_COMMAND } from './key-problems';
import { importPrivateKey } from './private-key';

let main: NodePair;

beforeAll(() => {
  main = nodeRsaPair();
});

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
