// QR code, share link and offline use, as a tester would try them.
import jsQR from 'jsqr';
import { test, expect } from './fixtures';
import { APP_ID, DOMAIN, SECRET, expiredClaims, nowSeconds, signHmacToken } from './hmac-token';
import { checkText, fillGenerator, openGenerator, readRoomLink } from './workbench-actions';

test('the QR code decodes to the test-room link', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'phone' });
  const { href } = await readRoomLink(page);
  await page.getByRole('button', { name: 'Show QR code' }).click();
  const qr = page.getByRole('img', { name: /QR code/ });
  await expect(qr).toBeVisible();
  // Rasterise the SVG in the page (locally, through a data: image) and decode the pixels here with jsQR.
  const image = await qr.evaluate(async (svg) => {
    const xml = new XMLSerializer().serializeToString(svg);
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`;
    await img.decode();
    const size = 800;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2d context');
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size, size);
    context.drawImage(img, 0, 0, size, size);
    return { width: size, height: size, data: Array.from(context.getImageData(0, 0, size, size).data) };
  });
  const decoded = jsQR(Uint8ClampedArray.from(image.data), image.width, image.height);
  expect(decoded?.data).toBe(href);
});

test('a share link reopens the same token and settings in a new browser, without the secret', async ({
  page,
  watch,
}) => {
  await page.goto('./');
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'review' });
  const { token } = await readRoomLink(page);
  // The share section loads once it comes into view.
  await page.getByRole('heading', { name: 'Share without secrets' }).scrollIntoViewIfNeeded();
  const shareField = page.getByTestId('share-link');
  await expect(shareField).toHaveValue(/#share=/);
  const shareLink = await shareField.inputValue();
  expect(shareLink).not.toContain(SECRET);
  expect(new URL(shareLink).search).toBe('');

  const colleague = await watch.newContext();
  const other = await colleague.newPage();
  await other.goto(shareLink);
  // A share link opens into the check, with the key field empty: the secret never travels.
  const input = other.getByLabel('Token or meeting URL', { exact: true });
  await expect(input).toHaveValue(token);
  await expect(other.getByLabel('App secret', { exact: true })).toHaveValue('');
  await expect(other.getByTestId('signature-status')).toContainText(/secret/i);
  await openGenerator(other);
  await expect(other.getByLabel('Domain', { exact: true })).toHaveValue(DOMAIN);
  await expect(other.getByLabel('Room', { exact: true })).toHaveValue('review');
  await expect(other.getByLabel('App secret', { exact: true })).toHaveValue('');
  await watch.expectSecretNotStored(other, SECRET);
});

test('a share link made while checking a pasted meeting link reopens the same meeting and partial verdict', async ({
  page,
  watch,
}) => {
  const now = nowSeconds();
  await page.clock.setFixedTime(now * 1000);
  const token = signHmacToken(expiredClaims({ sub: 'acme', room: 'standup' }, now), SECRET);
  const pasted = `https://meet.acme.test/acme/standup?jwt=${token}#config.startWithAudioMuted=true`;
  await page.goto('./');
  await checkText(page, pasted);
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toContainText('expired');
  const sharerVerdict = await verdict.innerText();

  await page.getByRole('heading', { name: 'Share without secrets' }).scrollIntoViewIfNeeded();
  const shareField = page.getByTestId('share-link');
  await expect(shareField).toHaveValue(/#share=/);
  const shareLink = await shareField.inputValue();
  expect(shareLink).not.toContain(SECRET);

  const colleague = await watch.newContext();
  const other = await colleague.newPage();
  await other.clock.setFixedTime(now * 1000);
  await other.goto(shareLink);
  // The colleague's box holds the meeting link with its token, read as from a fresh paste with nothing known.
  await expect(other.getByLabel('Token or meeting URL', { exact: true })).toHaveValue(
    `https://meet.acme.test/acme/standup?jwt=${token}`,
  );
  const otherVerdict = other.getByTestId('verdict');
  await expect(otherVerdict).toContainText('expired');
  expect(await otherVerdict.innerText()).toBe(sharerVerdict);
  await expect(other.getByRole('status').filter({ hasText: 'prosody' })).toContainText('expired');
  await expect(other.getByText('standup').first()).toBeVisible();
  await expect(other.getByText('https:///')).toHaveCount(0);
  expect(await other.locator('body').innerText()).not.toContain('https:///');
  await expect(other.getByLabel('App secret', { exact: true })).toHaveValue('');
  await watch.expectSecretNotStored(other, SECRET);
});

test('after one visit the app opens and signs with the network cut', async ({ page, context }) => {
  await page.goto('./');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  // The first visit's page is not yet controlled; a reload puts it under the service worker.
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await fillGenerator(page, { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'offline' });
  const { url } = await readRoomLink(page);
  expect(url.pathname).toBe('/offline');
  // The check beside the token (its code also came from the cache) accepts it.
  const check = page.getByRole('region', { name: 'What prosody says about this token' });
  await expect(check.getByTestId('verdict')).toContainText('Accepted');
  await context.setOffline(false);
});
