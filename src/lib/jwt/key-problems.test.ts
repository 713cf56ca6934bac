// @vitest-environment node
// The contract every key importer keeps: a fix-it command in its own field, never inside the message.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PKCS1_TO_PKCS8_COMMAND } from './key-problems';
import { importPrivateKey } from './private-key';
import { importVerificationKey } from './public-key';

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
