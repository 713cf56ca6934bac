// User story: a new user types their server's domain, app ID, secret and a room, and gets a test-room link whose
// token their Jitsi server accepts, without clicking anything else.
import { test, expect } from './fixtures';
import { APP_ID, DOMAIN, SECRET, decodeJwt, nowSeconds, verifyHmacToken } from './hmac-token';
import {
  fillGenerator,
  headerEditor,
  openGenerator,
  payloadEditor,
  readNextRoomLink,
  readRoomLink,
} from './workbench-actions';

const BASE = { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'DailyStandup' };

test.beforeEach(async ({ page }) => {
  await page.goto('./');
});

test('Domain, App ID, secret and Room give a link whose token verifies with that secret', async ({
  page,
  watch,
}) => {
  await fillGenerator(page, BASE);
  const { url, token } = await readRoomLink(page);

  expect(url.origin).toBe('https://meet.example.com');
  expect(url.pathname).toBe('/DailyStandup');
  expect(verifyHmacToken(token, SECRET, 'HS256')).toBe(true);
  expect(verifyHmacToken(token, `${SECRET}x`, 'HS256')).toBe(false);
  const { header, payload } = decodeJwt(token);
  expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  expect(payload).toMatchObject({
    iss: 'example_app',
    aud: 'jitsi',
    sub: 'meet.example.com',
    // prosody compares the room lower-cased.
    room: 'dailystandup',
  });
  const iat = payload['iat'] as number;
  expect(Math.abs(iat - nowSeconds())).toBeLessThan(120);
  expect(payload['exp']).toBe(iat + 3600);
  expect(payload['nbf']).toBe(iat - 60);
  await expect(page.getByTestId('encoded-token')).toHaveText(token);
  await watch.expectSecretNotStored(page, SECRET);
});

test('with a tenant the link is /tenant/room and sub is the tenant', async ({ page }) => {
  await fillGenerator(page, { ...BASE, tenant: 'acme' });
  const { url, token } = await readRoomLink(page);

  expect(url.pathname).toBe('/acme/DailyStandup');
  expect(verifyHmacToken(token, SECRET, 'HS256')).toBe(true);
  expect(decodeJwt(token).payload).toMatchObject({ sub: 'acme', room: 'dailystandup' });
});

test('HS512 signs with SHA-512', async ({ page }) => {
  await fillGenerator(page, BASE);
  const first = await readRoomLink(page);
  await page.getByLabel('Algorithm', { exact: true }).selectOption('HS512');
  const { token } = await readNextRoomLink(page, first.token);

  expect(decodeJwt(token).header).toEqual({ alg: 'HS512', typ: 'JWT' });
  expect(verifyHmacToken(token, SECRET, 'HS512')).toBe(true);
  expect(verifyHmacToken(token, SECRET, 'HS256')).toBe(false);
  await expect(await headerEditor(page)).toContainText('"alg": "HS512"');
});

test('a reload keeps the settings but not the secret, which is never stored', async ({ page, watch }) => {
  await fillGenerator(page, { ...BASE, tenant: 'acme' });
  await readRoomLink(page);
  await watch.expectSecretNotStored(page, SECRET);

  await page.reload();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveValue('meet.example.com');
  await expect(page.getByLabel('Tenant (optional)', { exact: true })).toHaveValue('acme');
  await expect(page.getByLabel('Room', { exact: true })).toHaveValue('DailyStandup');
  await expect(page.getByLabel('App ID', { exact: true })).toHaveValue('example_app');
  await expect(page.getByLabel('App secret', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('Remember the secret for this tab')).not.toBeChecked();
  await expect(page.getByTestId('room-link')).toHaveCount(0);
  await expect(page.getByText('Enter the app secret to sign the token.')).toBeVisible();
  await watch.expectSecretNotStored(page, SECRET);
});

test('editing a claim in the Payload editor re-signs at once', async ({ page }) => {
  await fillGenerator(page, BASE);
  const before = await readRoomLink(page);
  const editor = await payloadEditor(page);

  // Replace the room claim's value by "*" (any room), the way a user edits it: select the word and type.
  await editor.locator('.cm-line', { hasText: '"room"' }).getByText('dailystandup').dblclick();
  await page.keyboard.type('*');
  const after = await readNextRoomLink(page, before.token);

  expect(verifyHmacToken(after.token, SECRET, 'HS256')).toBe(true);
  expect(decodeJwt(after.token).payload).toMatchObject({
    room: '*',
    sub: 'meet.example.com',
    iss: 'example_app',
  });
  await expect(editor).toContainText('"room": "*"');
  await expect(page.getByTestId('edited-claims')).toHaveText(/Edited in the panes:\s*room/);
  await expect(page.getByTestId('stale-badge')).toHaveCount(0);
});

test('invalid JSON in the payload shows an error, marks the token stale and keeps the text', async ({
  page,
}) => {
  await fillGenerator(page, BASE);
  const { token } = await readRoomLink(page);
  const editor = await payloadEditor(page);

  // Delete the closing brace: the payload is no longer JSON.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('oops');

  await expect(page.getByRole('alert')).toHaveText(/^The payload is not valid JSON/);
  await expect(page.getByTestId('stale-badge')).toBeVisible();
  // The last good token stays on screen, marked stale, and the link keeps it.
  await expect(page.getByTestId('encoded-token')).toHaveText(token);
  expect((await readRoomLink(page)).token).toBe(token);
  // A settings change must not overwrite what the user is typing.
  await page.getByLabel('Name', { exact: true }).fill('Ada');
  await expect(editor).toHaveText(/\}oops$/);
  await expect(editor).not.toContainText('Ada');

  // Repairing the JSON re-signs and clears the stale mark.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+End');
  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
  await page.keyboard.type('}');
  await expect(page.getByTestId('stale-badge')).toHaveCount(0);
  await expect(page.getByRole('alert')).toHaveCount(0);
  // The same claims again: the same signature.
  await expect(page.getByTestId('encoded-token')).toHaveText(token);
});

test('a tab left open for two hours renews its link before the token expires', async ({ watch }) => {
  // A fresh context with service workers blocked: a page served by the worker from an earlier visit can run its
  // scripts before Playwright's fake clock is installed, and then would not see the two hours pass.
  const context = await watch.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.clock.install();
  await page.goto('./');
  await fillGenerator(page, BASE);
  const first = await readRoomLink(page);
  const firstExp = decodeJwt(first.token).payload['exp'] as number;

  // The user gets distracted; the tab stays open, and the token in the link would have expired an hour ago.
  await page.clock.fastForward('02:00:00');
  const pageNow = nowSeconds(await page.evaluate(() => Date.now()));
  expect(firstExp, 'the first token is past its exp').toBeLessThan(pageNow);
  const renewed = await readNextRoomLink(page, first.token);

  expect(renewed.token).not.toBe(first.token);
  expect(verifyHmacToken(renewed.token, SECRET, 'HS256')).toBe(true);
  const { payload } = decodeJwt(renewed.token);
  expect(payload['exp'] as number, 'exp of the link shown after two hours').toBeGreaterThan(pageNow);
  expect(payload['nbf'] as number).toBeLessThanOrEqual(pageNow);
  expect(payload).toMatchObject({ iss: APP_ID, sub: DOMAIN, room: 'dailystandup' });
});

test('choosing a preset writes no example host or app ID: Domain stays empty with its placeholder', async ({
  page,
}) => {
  await openGenerator(page);
  const domain = page.getByLabel('Domain', { exact: true });
  const appId = page.getByLabel('App ID', { exact: true });
  const linkHost = page.getByLabel('Link host (optional)', { exact: true });
  const deployment = page.getByLabel('Deployment', { exact: true });

  await deployment.selectOption('debian');
  await expect(page.getByTestId('preset-note')).toBeAttached();
  await expect(domain).toHaveValue('');
  await expect(domain).toHaveAttribute('placeholder', /\S/);
  await expect(appId).toHaveValue('');
  await expect(appId).toHaveAttribute('placeholder', /\S/);
  await expect(linkHost).toHaveValue('');

  // docker: the XMPP domain follows from the deployment; the public host is the user's.
  await deployment.selectOption('docker');
  await expect(domain).toHaveValue('meet.jitsi');
  await expect(linkHost).toHaveValue('');
  await expect(appId).toHaveValue('');

  // What the user typed survives switching: a Debian domain and App ID, then docker chosen: the App ID stays, and
  // the domain (the public host) moves to Link host, since docker's Domain is the XMPP domain.
  await deployment.selectOption('debian');
  await domain.fill('meet.acme.test');
  await appId.fill('acme_app');
  await deployment.selectOption('docker');
  await expect(domain).toHaveValue('meet.jitsi');
  await expect(linkHost).toHaveValue('meet.acme.test');
  await expect(appId).toHaveValue('acme_app');
  await deployment.selectOption('debian');
  await expect(appId).toHaveValue('acme_app');
});
