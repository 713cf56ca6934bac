// The Jitsi web client's own rules: a room with characters the client strips, and a link whose token the client
// would ignore.
import { test, expect } from './fixtures';
import { fillGenerator, openChecker, readRoomLink } from './workbench-actions';
import { APP_ID, DOMAIN, SECRET, decodeJwt, signHmacToken, validClaims } from './hmac-token';

test('a room the client would rewrite is flagged, and the cleaned name gives a matching link and claim', async ({
  page,
}) => {
  await page.goto('./');
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'Team+Sync (EU)!' });
  const warning = page.getByTestId('room-cleaning');
  await expect(warning).toContainText('TeamSync EU');
  for (const ch of ['+', '(', ')', '!']) await expect(warning.getByText(ch, { exact: true })).toBeVisible();

  await warning.getByRole('button', { name: /Use “TeamSync EU”/ }).click();
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue('TeamSync EU');
  await expect(warning).toHaveCount(0);

  const { url, token } = await readRoomLink(page);
  expect(url.pathname).toBe('/TeamSync%20EU');
  // What the client sends for that path: decode, NFKC, lower-case, encode.
  expect(decodeJwt(token).payload['room']).toBe('teamsync%20eu');
  await expect(page.getByTestId('backend-room')).toHaveText('teamsync%20eu');
});

test('a link with a bare #jwt= is decoded but flagged: the client ignores that token', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'myroom' });
  const token = signHmacToken(validClaims({ room: 'myroom', context: { user: {} } }), SECRET);
  const input = await openChecker(page);
  await input.fill(`https://${DOMAIN}/myroom#jwt=${token}`);
  await expect(page.getByTestId('client-url-warning').first()).toContainText(/ignore/i);
  // The token is still read and checked, and the pasted text is untouched.
  await expect(page.getByTestId('verdict')).toContainText('Accepted');
  await expect(input).toHaveValue(`https://${DOMAIN}/myroom#jwt=${token}`);
});
