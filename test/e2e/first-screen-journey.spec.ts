// A tester handed a failing link, from a fresh browser on a desktop and a phone: the paste box is on the first
// screen (or one tap away), the verdict shows without scrolling and names the expiry with nothing else known and blames no setting, and the
// app secret typed beside the token then gives prosody's own words. Also #token= opens straight into the check.
import { test, expect } from './fixtures';
import { SECRET, nowSeconds, signHmacToken, validClaims } from './hmac-token';
import { pasteInto } from './workbench-actions';

function expiredLink(now: number): string {
  const token = signHmacToken(
    validClaims({ room: 'standup', iat: now - 3 * 3600, nbf: now - 3 * 3600 - 60, exp: now - 2 * 3600 }, now),
    SECRET,
  );
  return `https://meet.example.com/standup?jwt=${token}`;
}

for (const [size, viewport] of [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test('a failing link: expiry named with nothing known, then prosody’s words once the secret is typed', async ({
      page,
      watch,
    }) => {
      const now = nowSeconds();
      await page.clock.setFixedTime(now * 1000);
      await page.goto('./');
      const input = page.getByLabel('Token or meeting URL', { exact: true });
      // At most one tap away on a phone.
      if (size === 'phone' && !(await input.isVisible()))
        await page.getByRole('link', { name: /Check/ }).click();
      await expect(input).toBeInViewport();
      await expect(page.getByRole('link', { name: 'Generate a link' })).toBeVisible();
      // Nothing done yet: no error anywhere.
      await expect(page.locator('.error-text, [role=alert]')).toHaveCount(0);

      await pasteInto(page, input, expiredLink(now));
      const verdict = page.getByRole('status').filter({ hasText: 'prosody' });
      await expect(verdict).toContainText('expired');
      await expect(verdict).not.toContainText('not set up');
      await expect(verdict).toContainText("assuming app_id = the token's iss `example_app`");
      await expect(page.getByTestId('signature-status')).toContainText(
        'Not checked: enter the app secret (or the public key).',
      );
      await expect(page.getByTestId('findings').locator('li.error[data-rule^="app-"]')).toHaveCount(0);
      // The verdict follows the paste box (before the key and configuration fields): no scrolling to find it.
      await expect(verdict).toBeInViewport();
      // Nothing overflows sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        viewport.width,
      );

      await page.getByLabel('App secret', { exact: true }).fill(SECRET);
      await expect(page.getByTestId('prosody-reason')).toHaveText(
        'Not acceptable by exp (7200.0 sec since expired, valid for:3600.0 sec)',
      );
      await expect(page.getByTestId('signature-status')).toHaveAttribute('data-state', 'valid');
      await watch.expectSecretNotStored(page, SECRET);
    });
  });
}

test('#token= opens straight into the check, and the fragment then says #check', async ({ page }) => {
  const now = nowSeconds();
  const token = expiredLink(now).split('jwt=')[1] ?? '';
  await page.goto(`./#token=${token}`);
  await expect(page.getByLabel('Token or meeting URL', { exact: true })).toHaveValue(token);
  await expect(page.getByTestId('verdict')).toContainText('expired');
  // The first verdict is drawn before the app; the app, once mounted, says where the page is.
  await expect.poll(() => new URL(page.url()).hash).toBe('#check');
  await expect(page.getByLabel('Token or meeting URL', { exact: true })).toBeEditable();
});
