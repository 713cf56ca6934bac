// @vitest-environment node
// Key texts replayed against what luaossl's pkey.new did with them on Debian 12 (OpenSSL 3.0), recorded by
// scripts/record-key-readings.mjs: the same texts must load (as the same key, private or public) or not load.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportSPKI } from 'jose';
import { readKeyTextAsOpenSsl, type KeyTextProblem } from './openssl-pem';
import { importServerKey } from './server-key';

interface Reading {
  name: string;
  text: string;
  expect:
    { loads: false; error: string } | { loads: true; isPrivate: boolean; type: string; publicKey: string };
}

const READINGS = (
  JSON.parse(readFileSync('test/fixtures/keys/openssl-key-readings.json', 'utf8')) as { cases: Reading[] }
).cases;
const KIND_BY_OPENSSL_TYPE: Readonly<Record<string, string>> = {
  rsaEncryption: 'rsa',
  'RSASSA-PSS': 'rsa-pss',
  'id-ecPublicKey': 'ec',
  ED25519: 'Ed25519',
};
const squash = (pem: string): string => pem.replace(/\s/g, '');
const byName = (name: string): string => READINGS.find((reading) => reading.name === name)?.text ?? '';

describe('readKeyTextAsOpenSsl against luaossl', () => {
  it('has the recorded readings', () => {
    expect(READINGS.length).toBeGreaterThan(60);
  });

  it.each(READINGS.map((reading) => [reading.name, reading] as const))('%s', async (_name, reading) => {
    const result = readKeyTextAsOpenSsl(reading.text);
    expect(result.isLoaded).toBe(reading.expect.loads);
    if (!result.isLoaded || !reading.expect.loads) return;
    expect(result.isPrivate).toBe(reading.expect.isPrivate);
    expect(result.kind).toBe(KIND_BY_OPENSSL_TYPE[reading.expect.type]);
    if (result.kind !== 'rsa') return;
    const imported = await importServerKey(reading.text, 'RS256');
    if (imported.state !== 'key') throw new Error(`not imported: ${imported.state}`);
    expect(squash(await exportSPKI(imported.key))).toBe(squash(reading.expect.publicKey));
  });
});

describe('why a key text does not load', () => {
  it.each<[string, KeyTextProblem]>([
    ['certificate', 'certificate'],
    ['all-on-begin-line', 'unbroken-body'],
    ['body-on-begin-line', 'unbroken-body'],
    ['indented-all', 'indented'],
    ['indented-end', 'indented'],
    ['tab-before-begin', 'indented'],
    ['escaped-line-breaks', 'escaped-line-breaks'],
    ['cr-only', 'cr-line-breaks'],
    ['encrypted-pkcs8', 'encrypted'],
    ['encrypted-pkcs1', 'encrypted'],
    ['blank-line-in-body', 'blank-line'],
    ['blank-line-before-end', 'blank-line'],
    ['empty-body', 'empty-body'],
    ['comment-header', 'pem-header'],
    ['no-end-line', 'no-end-line'],
    ['end-label-differs', 'no-end-line'],
    ['star-inside-body', 'bad-base64'],
    ['padding-in-middle', 'bad-base64'],
    ['truncated-der', 'wrong-structure'],
    ['pkcs1-public-under-public-label', 'wrong-structure'],
    ['spki-under-unknown-label', 'not-a-key'],
    ['lower-case-label', 'not-a-key'],
    ['openssh-public', 'not-pem'],
    ['empty', 'not-pem'],
  ])('%s: %s', (name, problem) => {
    expect(readKeyTextAsOpenSsl(byName(name))).toMatchObject({ isLoaded: false, problem });
  });
});

describe('importServerKey', () => {
  it('reports RSA-PSS as never verifying and EC as raising in the verify call', async () => {
    expect((await importServerKey(byName('rsa-pss-spki'), 'RS256')).state).toBe('never-verifies');
    expect((await importServerKey(byName('ec-spki'), 'RS256')).state).toBe('verify-raises');
    expect((await importServerKey(byName('certificate'), 'RS256')).state).toBe('unloadable');
  });
});
