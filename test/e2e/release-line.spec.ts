// User story: a tester whose server runs Jitsi's 2020 packages switches the checker to that release line, sees the
// line beside every verdict, gets tokens from the generator that the old server accepts on a tenant URL, and is
// told why a token for today's servers is refused there.
import { test, expect } from './fixtures';
import { APP_ID, DOMAIN, SECRET, decodeJwt, nowSeconds, signHmacToken, validClaims } from './hmac-token';
import {
  checkText,
  fillGenerator,
  openChecker,
  openGenerator,
  readNextRoomLink,
  readRoomLink,
} from './workbench-actions';

test('the 2020 release line answers for an old server, beside its verdict', async ({ page, watch }) => {
  await page.goto('./');
  await fillGenerator(page, {
    domain: DOMAIN,
    tenant: 'acme',
    room: 'myroom',
    appId: APP_ID,
    secret: SECRET,
  });
  const first = await readRoomLink(page);
  expect(decodeJwt(first.token).payload['room']).toBe('myroom');
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Accepted');
  await expect(page.getByTestId('release-line')).toHaveText('as current Jitsi would answer');

  // The release line is a server setting, chosen under the check view's server settings.
  await openChecker(page);
  await page.getByText('Server settings (prosody)', { exact: true }).click();
  await page
    .getByLabel(/Jitsi release line/)
    .selectOption({ label: 'Jitsi 2020 (before the June 2021 algorithm fix)' });
  await expect(page.getByRole('checkbox', { name: 'enable_domain_verification' })).not.toBeChecked();

  // The old server compares a tenant meeting's room claim with the whole [tenant]room node: the generator follows.
  await openGenerator(page);
  const next = await readNextRoomLink(page, first.token);
  expect(decodeJwt(next.token).payload['room']).toBe('[acme]myroom');
  await expect(verdict).toContainText('Accepted');
  await expect(page.getByTestId('release-line')).toHaveText('as Jitsi 2020 would answer');
  const findings = page.getByTestId('findings');
  await expect(findings.locator('li[data-rule="sub-not-checked"]')).toContainText('"sub" is never checked');

  // A token written for today's servers, pasted with its tenant link, is refused at the room join, with the reason.
  const modern = signHmacToken(validClaims({ sub: 'acme', room: 'myroom' }, nowSeconds()), SECRET);
  await checkText(page, `https://${DOMAIN}/acme/myroom?jwt=${modern}`);
  await expect(verdict).toContainText('Refused when joining the room');
  await expect(page.getByTestId('prosody-reason')).toHaveText('Room and token mismatched');
  await expect(findings.locator('li[data-rule="tenant-room-needs-star"]')).toContainText('"[acme]myroom"');
  await expect(page.getByTestId('release-line')).toHaveText('as Jitsi 2020 would answer');

  // The choice survives a reload, like the other server settings.
  await page.reload();
  await openChecker(page);
  await expect(page.getByTestId('release-line')).toHaveText('as Jitsi 2020 would answer');
  await watch.expectSecretNotStored(page, SECRET);
});
