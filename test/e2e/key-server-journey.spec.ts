// The operator of a self-hosted key server (asap_key_server), from a fresh browser on a desktop and on a phone:
// generate a key pair, learn the file name and URL prosody fetches, sign with the kid, then paste a token signed
// with another key and one without kid, and read prosody's own answers.
import { createHash } from 'node:crypto';
import { VIEWPORTS, test, expect } from './fixtures';
import { decodeJwt, nowSeconds } from './hmac-token';
import { signWithStrangerKey } from './rsa-token';
import { checkText, fillGenerator, readRoomLink } from './workbench-actions';

const KID = 'my_app/key1';
const SERVER = 'https://keys.example.com/asap';
const FILE = `${createHash('sha256').update(KID).digest('hex')}.pem`;

for (const [size, viewport] of VIEWPORTS) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test('key server: key pair, file name and URL, a signed token, then the wrong key and no kid', async ({
      page,
    }) => {
      await page.goto('./');
      await fillGenerator(page, { domain: 'meet.example.com', appId: 'my_app', room: 'standup' });
      await page.getByLabel('Algorithm', { exact: true }).selectOption('RS256');
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      await expect(page.getByText('✓ RSA private key, ready to sign RS256.')).toBeVisible();

      await page.getByLabel('Key ID (kid)', { exact: true }).fill(KID);
      await page.getByLabel('Key server (asap_key_server)', { exact: true }).fill(SERVER);
      await expect(page.getByTestId('key-file-name')).toHaveText(FILE);
      await expect(page.getByTestId('key-url')).toHaveText(`${SERVER}/${FILE}`);
      await expect(page.getByTestId('key-curl')).toHaveText(`curl -fsS '${SERVER}/${FILE}'`);
      await expect(page.getByText(/restart\s+prosody/)).toBeVisible();

      const { token } = await readRoomLink(page);
      expect(decodeJwt(token).header).toEqual({ alg: 'RS256', typ: 'JWT', kid: KID });

      const now = nowSeconds();
      const claims = {
        aud: 'jitsi',
        iss: 'my_app',
        sub: 'meet.example.com',
        room: 'standup',
        iat: now,
        nbf: now - 60,
        exp: now + 3600,
      };
      // Signed with a key the server does not serve for this kid.
      await checkText(page, signWithStrangerKey({ alg: 'RS256', typ: 'JWT', kid: KID }, claims));
      await expect(page.getByTestId('prosody-reason')).toHaveText('Invalid signature');
      const wrongKey = page.locator('[data-rule="signature-invalid"]');
      await expect(wrongKey).toContainText(`the public key served for kid "${KID}"`);
      await expect(wrongKey).not.toContainText('app secret');

      // No kid: the key server cannot be asked at all.
      await checkText(page, signWithStrangerKey({ alg: 'RS256', typ: 'JWT' }, claims));
      await expect(page.getByTestId('prosody-reason')).toHaveText("'kid' claim is missing");
      await expect(page.getByTestId('verdict')).toContainText('Refused at connect');
    });
  });
}
