// Public-key (RS256 / ASAP) journey: generate a key pair in the page, sign, check the token against the public key
// the key server would serve (accepted), then against another key (refused with prosody's own text).
import { createHash } from 'node:crypto';
import { test, expect } from './fixtures';
import {
  fillGenerator,
  openChecker,
  openGenerator,
  readNextRoomLink,
  readRoomLink,
} from './workbench-actions';
import { decodeJwt } from './hmac-token';

test('sign with a generated RSA key and check it against the served public key', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, { domain: 'meet.example.com', appId: 'my_app', room: 'standup' });
  await page.getByLabel('Algorithm', { exact: true }).selectOption('RS256');
  await page.getByLabel('Key ID (kid)', { exact: true }).fill('my_app/key1');
  await page
    .getByLabel('Key server (asap_key_server)', { exact: true })
    .fill('https://keys.example.com/asap');

  // The file prosody fetches is named after the SHA-256 of the kid, not the kid.
  const fileName = `${createHash('sha256').update('my_app/key1').digest('hex')}.pem`;
  await expect(page.getByText(`https://keys.example.com/asap/${fileName}`).first()).toBeVisible();

  await page.getByRole('button', { name: 'Generate key pair' }).click();
  const { token } = await readRoomLink(page);
  const { header, payload } = decodeJwt(token);
  expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'my_app/key1' });
  expect(payload).toMatchObject({ iss: 'my_app', sub: 'meet.example.com', room: 'standup' });
  const firstPublicKey = await page.getByLabel('Public key (PEM, JWK or JWKS)', { exact: true }).inputValue();
  expect(firstPublicKey).toContain('-----BEGIN PUBLIC KEY-----');

  const input = await openChecker(page);
  await input.fill(token);
  await expect(page.getByTestId('verdict')).toContainText('Accepted');
  await expect(page.getByTestId('signature-status')).toHaveAttribute('data-state', 'valid');

  // A new key pair: the pasted token was signed with the old private key and no longer verifies.
  await openGenerator(page);
  await page.getByRole('button', { name: 'Generate key pair' }).click();
  await readNextRoomLink(page, token);
  await expect(page.getByLabel('Public key (PEM, JWK or JWKS)', { exact: true })).not.toHaveValue(
    firstPublicKey,
  );
  // The check view shows the same (new) public key beside the pasted token.
  await openChecker(page);
  await expect(page.getByLabel('Public key (PEM or JWK)', { exact: true })).not.toHaveValue(firstPublicKey);
  await expect(page.getByTestId('prosody-reason')).toHaveText('Invalid signature');
  await expect(page.getByTestId('verdict')).toContainText('Refused at connect');
});
