// User story: a tester pastes a meeting link that Jitsi refuses, reads why in prosody's words, applies the offered
// fixes and ends with a link the checker reports as accepted. The token is made here, with node:crypto.
import { test, expect } from './fixtures';
import {
  APP_ID,
  DOMAIN,
  SECRET,
  decodeJwt,
  expiredClaims,
  nowSeconds,
  signHmacToken,
  verifyHmacToken,
} from './hmac-token';
import { fillGenerator, openChecker, pasteInto, readRoomLink } from './workbench-actions';

test('a refused link is explained, fixed with the offered buttons and ends accepted', async ({
  page,
  watch,
}) => {
  // The page's clock stands still at `now`, so the seconds prosody would count since expiry are exact.
  const now = nowSeconds();
  await page.clock.setFixedTime(now * 1000);
  await page.goto('./');
  // The tester knows the server's settings; the room comes from the link they paste.
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET });

  const failing = signHmacToken(
    expiredClaims(
      { room: 'otherroom', context: { user: { name: 'Grace Tester', email: 'grace@example.com' } } },
      now,
    ),
    SECRET,
  );
  // Pasted as copied from a chat: with stray spaces and a line break, which the app must leave alone.
  const pasted = `  https://meet.example.com/TeamSync?jwt=${failing}\n`;
  const input = await openChecker(page);
  await pasteInto(page, input, pasted);

  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('Refused at connect (authentication).');
  const reason = page.getByTestId('prosody-reason');
  await expect(reason).toHaveText('Not acceptable by exp (7200.0 sec since expired, valid for:3600.0 sec)');
  await expect(page.getByTestId('signature-status')).toHaveText(
    /Signature:\s*valid for the configured key\./,
  );
  await expect(page.getByTestId('pasted-link')).toContainText('room TeamSync → the server compares teamsync');
  const findings = page.getByTestId('findings');
  await expect(findings.locator('li[data-rule="token-expired"]')).toContainText('The token expired');
  await expect(findings.locator('li[data-rule="room-mismatch"]')).toContainText(
    'The token is for room "otherroom", but the meeting room is "teamsync"',
  );
  await expect(page.getByTestId('time-exp')).toHaveText('expired 2 hours ago');
  await expect(page.getByTestId('client-reasons')).toContainText('Token is expired.');
  // Reading and checking never rewrite what was pasted.
  await expect(input).toHaveValue(pasted);

  await findings
    .locator('li[data-rule="token-expired"]')
    .getByRole('button', { name: 'Renew iat, nbf and exp and re-sign' })
    .click();
  // The renewed token is the generator's, checked beside it: it gets in, and is refused only when joining the room.
  const generated = page.getByRole('region', { name: 'What prosody says about this token' });
  await expect(generated.getByTestId('verdict')).toContainText('Refused when joining the room.');
  await expect(generated.getByTestId('prosody-reason')).toHaveText('Room and token mismatched');
  const generatedFindings = generated.getByTestId('findings');
  await expect(generatedFindings.locator('li[data-rule="token-expired"]')).toHaveCount(0);

  await generatedFindings
    .locator('li[data-rule="room-mismatch"]')
    .getByRole('button', { name: 'Use the room Jitsi compares and re-sign' })
    .click();
  await expect(generated.getByTestId('verdict')).toHaveText('Accepted: Jitsi lets this user in.');
  await expect(generated.getByTestId('prosody-reason')).toHaveCount(0);

  const { url, token } = await readRoomLink(page);
  expect(url.origin + url.pathname).toBe('https://meet.example.com/TeamSync');
  expect(verifyHmacToken(token, SECRET, 'HS256')).toBe(true);
  const { payload } = decodeJwt(token);
  expect(payload).toMatchObject({
    iss: 'example_app',
    sub: 'meet.example.com',
    room: 'teamsync',
    context: { user: { name: 'Grace Tester', email: 'grace@example.com' } },
  });
  // Renewed from the page's clock: a full lifetime from `now`.
  expect(payload['exp']).toBe(now + 3600);

  // Nothing pasted was lost: Back returns to the check view with the link as pasted and its verdict.
  await page.goBack();
  await expect(input).toHaveValue(pasted);
  await expect(reason).toHaveText('Not acceptable by exp (7200.0 sec since expired, valid for:3600.0 sec)');
  await watch.expectSecretNotStored(page, SECRET);
});
