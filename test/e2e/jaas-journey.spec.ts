// A developer integrating 8x8 JaaS, from a fresh browser on a desktop and on a phone: the JaaS preset, the AppID
// and the kid from the JaaS console, room "*", a moderator who may record. The token's header and claims must be
// the ones 8x8 documents (developer.8x8.com/jaas/docs/api-keys-jwt) and the link https://8x8.vc/<AppID>/<room>.
import { VIEWPORTS, test, expect } from './fixtures';
import { decodeJwt } from './hmac-token';
import { JAAS_APP_ID as APP_ID } from './rsa-token';
import { openGenerator, readRoomLink } from './workbench-actions';

const KID = `${APP_ID}/4f4910`;

for (const [size, viewport] of VIEWPORTS) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test('JaaS: AppID, kid and room "*" give the token 8x8 documents and the 8x8.vc link', async ({
      page,
    }) => {
      await page.goto('./');
      await page.getByLabel('Deployment', { exact: true }).selectOption('jaas');
      await openGenerator(page);

      // One AppID field, named as JaaS names it, with a placeholder and no example value.
      const appId = page.getByLabel('AppID', { exact: true });
      await expect(appId).toHaveValue('');
      await expect(appId).toHaveAttribute('placeholder', /vpaas-magic-cookie-/);
      await expect(page.getByLabel('App ID', { exact: true })).toHaveCount(0);
      // No error while the AppID's prefix is still being typed; one as soon as the text cannot become an AppID.
      await appId.pressSequentially('vpaas-');
      await expect(appId).not.toHaveAttribute('aria-invalid', 'true');
      await appId.fill('acme');
      await expect(appId).toHaveAttribute('aria-invalid', 'true');
      await appId.fill(APP_ID);
      await expect(page.getByLabel('Room in the token', { exact: true })).toHaveValue('*');

      // The console workflow: an API key (generated here, 4096 bits), then the kid the console lists.
      await expect(page.getByRole('heading', { name: 'JaaS API key' })).toBeVisible();
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      await expect(page.getByText('✓ RSA private key, ready to sign RS256.')).toBeVisible({
        timeout: 30_000,
      });
      await page.getByLabel('Key ID (kid)', { exact: true }).fill(KID);
      await expect(page.getByTestId('jaas-kid')).toHaveText(KID);

      // A moderator who may record.
      await expect(page.getByRole('checkbox', { name: 'Moderator', exact: true })).toBeChecked();
      await page.getByText('Features and moderator helpers', { exact: true }).click();
      await page.locator('summary', { hasText: 'Features (context.features)' }).click();
      await page.getByLabel('recording', { exact: true }).selectOption('on');
      await expect(page.getByLabel('recording', { exact: true })).toHaveValue('on');

      await page.getByLabel('Room', { exact: true }).fill('standup');
      const { url, token } = await readRoomLink(page);
      expect(`${url.origin}${url.pathname}`).toBe(`https://8x8.vc/${APP_ID}/standup`);
      const { header, payload } = decodeJwt(token);
      expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: KID });
      expect(payload).toMatchObject({
        aud: 'jitsi',
        iss: 'chat',
        sub: APP_ID,
        room: '*',
        context: { user: { moderator: 'true' }, features: { recording: 'true' } },
      });
      expect(typeof payload['exp']).toBe('number');
      expect(payload['nbf']).toBeLessThanOrEqual(payload['iat'] as number);

      // JaaS's own verdict on it, beside the token, with the signature checked against the generated public key.
      await page.getByRole('region', { name: 'What JaaS says about this token' }).scrollIntoViewIfNeeded();
      await expect(page.getByTestId('jaas-verdict')).toHaveText(
        "JaaS (8x8): follows 8x8's documented token rules.",
      );
      await expect(page.getByTestId('signature-status')).toHaveAttribute('data-state', 'valid');

      // A kid of another AppID is refused by JaaS's rules, not waved through by prosody's.
      await page.getByLabel('Key ID (kid)', { exact: true }).fill('vpaas-magic-cookie-ffff/4f4910');
      await expect(page.getByText(/This kid belongs to the AppID/)).toBeVisible();
    });
  });
}
