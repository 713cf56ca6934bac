// The two "what changed / what does this mean" tools: diff a working and a failing token, and explain a log line.
import { test, expect } from './fixtures';
import { fillGenerator, openChecker, openTools, readRoomLink } from './workbench-actions';
import { APP_ID, DOMAIN, SECRET, nowSeconds, signHmacToken, validClaims } from './hmac-token';

test('diffing a working and a failing token shows each verdict and the claims that changed', async ({
  page,
}) => {
  await page.goto('./');
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'myroom' });
  const { token: working } = await readRoomLink(page);
  // exp as a string, and no context: what a hand-written token often gets wrong.
  const failing = signHmacToken(validClaims({ room: 'myroom', exp: String(nowSeconds() + 600) }), SECRET);

  await openTools(page);
  await page.getByText('Diff two tokens', { exact: true }).click();
  await page.getByLabel('Working token', { exact: true }).fill(working);
  await page.getByLabel('Failing token', { exact: true }).fill(failing);
  await expect(page.getByTestId('verdict-a')).toContainText('Accepted');
  await expect(page.getByTestId('verdict-b')).toContainText('exp must be number');
  const table = page.getByRole('region', { name: 'Claim differences' });
  await expect(table.getByRole('row').filter({ hasText: 'payload.exp' })).toContainText('type changed');
  await expect(table.getByRole('row').filter({ hasText: 'payload.context' })).toContainText('removed');
});

test('a prosody log line is explained with the claim to check', async ({ page }) => {
  await page.goto('./');
  await openTools(page);
  await page.getByText('Explain an error message', { exact: true }).click();
  await page
    .getByLabel('Error message or log line', { exact: true })
    .fill(
      "Error verifying token err:not-allowed, reason:invalid 'iss' claim tenant:nil room:myroom user_agent:x",
    );
  const explanations = page.getByTestId('explanations');
  await expect(explanations).toContainText('connect');
  await expect(explanations).toContainText(/iss/);
  await expect(explanations).toContainText(/asap_accepted_issuers|app_id/);

  // Each cause links to the checker rule that detects it.
  await page.getByRole('button', { name: 'Show checker rule iss-invalid' }).first().click();
  const card = page.getByTestId('rule-card');
  await expect(card).toContainText('iss-invalid');
  await expect(card).toContainText("invalid 'iss' claim");
  await expect(card).toContainText('Fix:');
});

test('a log line in the 2020 wording offers to check as Jitsi 2020, and the checker settings follow', async ({
  page,
}) => {
  await page.goto('./');
  await openTools(page);
  await page.getByText('Explain an error message', { exact: true }).click();
  await page
    .getByLabel('Error message or log line', { exact: true })
    .fill("Error verifying token err:not-allowed, reason:Invalid issuer ('iss' claim) tenant:nil room:r");
  await expect(page.getByTestId('explained-release-line')).toContainText('2020 release line');
  await page.getByRole('button', { name: 'Check tokens as Jitsi 2020 would' }).click();
  await expect(page.getByTestId('release-switched')).toBeVisible();
  // The checker's server settings now name the 2020 line.
  await openChecker(page);
  await page.getByText('Server settings (prosody)', { exact: true }).click();
  await expect(page.getByLabel(/Jitsi release line/)).toHaveValue('jitsi-2020');
});
