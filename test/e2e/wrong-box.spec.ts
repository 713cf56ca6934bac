// Wrong box, right answer: a token pasted into the payload pane or a secret field, or a meeting link pasted into
// Domain, is recognised and offered where it belongs; a token in a secret field is never used as the secret.
import { test, expect } from './fixtures';
import { expectNoAxeViolations } from './axe';
import { SECRET, nowSeconds, signHmacToken, validClaims } from './hmac-token';
import { fillGenerator, openChecker, openGenerator, pasteInto, payloadEditor } from './workbench-actions';

// axe is injected as a script tag, which the page's CSP rightly blocks (security.spec.ts checks the CSP).
test.use({ bypassCSP: true });

function aToken(room = 'standup'): string {
  return signHmacToken(validClaims({ room }, nowSeconds()), SECRET);
}

test('a token pasted into the payload pane is offered to the check view', async ({ page }) => {
  await page.goto('./');
  await openGenerator(page);
  const payload = await payloadEditor(page);
  const token = aToken();
  await payload.click();
  await page.keyboard.press('ControlOrMeta+A');
  await pasteInto(page, payload, token);
  const offer = page
    .getByRole('status')
    .filter({ hasText: 'This is a token, not a JSON payload. Check it?' });
  await expect(offer).toBeVisible();
  await expect(page.getByText('not valid JSON')).toHaveCount(0);
  await expectNoAxeViolations(page, 'token offered from the payload pane');
  await offer.getByRole('button', { name: 'Check this token' }).click();
  const input = page.getByLabel('Token or meeting URL', { exact: true });
  await expect(input).toBeVisible();
  await expect(input).toHaveValue(token);
  await expect(page.getByRole('status').filter({ hasText: 'prosody' })).toBeVisible();
  // Back returns to the generator, where the pasted text is still in the pane.
  await page.goBack();
  await expect(await payloadEditor(page)).toContainText(token.slice(0, 40));
});

test('a meeting link pasted into Domain fills domain, tenant and room on request', async ({ page }) => {
  await page.goto('./');
  await openGenerator(page);
  const domain = page.getByLabel('Domain', { exact: true });
  await pasteInto(page, domain, 'https://meet.acme.test/acme/standup?jwt=abc');
  await expect(domain).toHaveValue('https://meet.acme.test/acme/standup?jwt=abc');
  const offer = page.getByRole('status').filter({ hasText: 'Read domain, tenant and room from this link?' });
  await expect(offer).toBeVisible();
  await expectNoAxeViolations(page, 'link offered from Domain');
  await offer.getByRole('button', { name: 'Read them from the link' }).click();
  await expect(domain).toHaveValue('meet.acme.test');
  await expect(page.getByLabel('Tenant (optional)', { exact: true })).toHaveValue('acme');
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue('standup');
  await expect(offer).toHaveCount(0);
  // A plain domain is not a link: no offer.
  await domain.fill('meet.example.com');
  await expect(page.getByText('Read domain, tenant and room from this link?')).toHaveCount(0);
});

test('a token in App secret is not used as the secret, and is offered to the check', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, { domain: 'meet.example.com', room: 'standup', appId: 'example_app' });
  const token = aToken();
  await page.getByLabel('App secret', { exact: true }).fill(token);
  await expect(page.getByText('nothing is signed with it')).toBeVisible();
  await page
    .getByRole('status')
    .filter({ hasText: 'This is a token, not a secret' })
    .getByRole('button', { name: 'Check this token' })
    .click();
  await expect(page.getByLabel('Token or meeting URL', { exact: true })).toHaveValue(token);

  // The check view's own App secret: the offer says the token is not used, and keeps the typed text.
  await openChecker(page);
  const secret = page.locator('#check-app-secret');
  const another = aToken('boardroom');
  await secret.fill(another);
  const offer = page.getByRole('status').filter({ hasText: 'so it is not used as the secret' });
  await expect(offer).toBeVisible();
  await expect(secret).toHaveValue(another);
  await expectNoAxeViolations(page, "token offered from the check view's App secret");
  // Not used as the secret: the signature stays unchecked (a token used as the secret would make it "invalid").
  await expect(page.getByTestId('signature-status')).toHaveAttribute('data-state', 'not-checked');
  await expect(page.getByTestId('signature-status')).toContainText('Not checked: enter the app secret');
});
