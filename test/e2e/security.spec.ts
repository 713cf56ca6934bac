// User story: someone feeds the workbench hostile input (script in fields, odd room names, a huge paste) and the
// page stays safe: nothing runs, nothing is linked except http(s), and the Content-Security-Policy is strict.
import { test, expect } from './fixtures';
import { decodeJwt } from './hmac-token';
import { fillGenerator, openChecker, pasteInto, readRoomLink } from './workbench-actions';
import type { Page } from '@playwright/test';

const SECRET = 'sec-secret-4e7a9c12-6b3d-4f0a-8e21-9d5c3b7a1f64';
const XSS = '"><script>alert(1)</script>';

/** Fails the test if the page opens any alert/confirm/prompt dialog. */
function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** Every anchor on the page must point to http: or https: (never javascript:, data:, …). */
async function expectOnlyHttpLinks(page: Page): Promise<void> {
  const hrefs = await page.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    expect(href, 'an anchor without href').not.toBeNull();
    expect(new URL(href ?? '', page.url()).protocol, `anchor ${href}`).toMatch(/^https?:$/);
  }
}

test('index.html carries a strict CSP and CodeMirror still renders under it', async ({
  page,
  request,
  watch,
}) => {
  const response = await request.get('./');
  expect(response.ok()).toBe(true);
  const html = await response.text();
  const csp = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1];
  expect(csp, 'CSP meta in index.html').toBeDefined();
  const directives = new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
  expect(csp).not.toContain("'unsafe-eval'");
  expect(directives.get('connect-src')).toEqual(["'none'"]);
  const scriptSources = directives.get('script-src') ?? directives.get('default-src') ?? [];
  expect(scriptSources.length).toBeGreaterThan(0);
  expect(scriptSources).not.toContain("'unsafe-inline'");
  expect(scriptSources).not.toContain('*');
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);

  await page.goto('./');
  await expect(page.locator('.cm-editor')).toHaveCount(2);
  await expect(page.locator('.cm-content[aria-label="Payload"]')).toContainText('"aud": "jitsi"');
  // A CSP violation would be logged as a console error and fail the watch fixture.
  expect(watch.consoleProblems).toEqual([]);
});

test('a javascript: domain gives no link and says why', async ({ page, watch }) => {
  const dialogs = forbidDialogs(page);
  await page.goto('./');
  await fillGenerator(page, {
    domain: 'javascript:alert(1)',
    appId: 'example_app',
    secret: SECRET,
    room: 'lobby',
  });

  const linkSection = page.getByRole('region', { name: 'Test-room link' });
  await expect(linkSection).toContainText('Domain: "javascript:alert(1)" is not a valid host name.');
  await expect(page.getByTestId('room-link')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeDisabled();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expectOnlyHttpLinks(page);
  expect(dialogs).toEqual([]);
  expect(watch.consoleProblems).toEqual([]);
});

test('markup typed into Name and Avatar URL stays text', async ({ page, watch }) => {
  const dialogs = forbidDialogs(page);
  await page.goto('./');
  const scriptsBefore = await page.locator('script').count();
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'lobby',
  });
  await page.getByLabel('Name', { exact: true }).fill(XSS);
  await page.getByLabel('Avatar URL', { exact: true }).fill(XSS);

  const payload = page.locator('.cm-content[aria-label="Payload"]');
  await expect(payload).toContainText('"name": "\\"><script>alert(1)</script>"');
  await expect(payload).toContainText('"avatar": "\\"><script>alert(1)</script>"');
  const { token } = await readRoomLink(page);
  expect(decodeJwt(token).payload['context']).toMatchObject({ user: { name: XSS, avatar: XSS } });
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(XSS);

  // Let any injected script get its chance to run before counting.
  await page.waitForTimeout(300);
  expect(await page.locator('script').count()).toBe(scriptsBefore);
  expect(await page.evaluate(() => document.querySelectorAll('img[onerror], [onload]').length)).toBe(0);
  await expectOnlyHttpLinks(page);
  expect(dialogs).toEqual([]);
  expect(watch.consoleProblems).toEqual([]);
});

test('room names with ? # / \\ stay inside the path and match the token', async ({ page, watch }) => {
  await page.goto('./');
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'a?b#c/d\\e',
  });

  const { url, token } = await readRoomLink(page);
  // One path segment, no stray query or fragment: the characters are percent-encoded.
  expect(url.pathname).toBe('/a%3Fb%23c%2Fd%5Ce');
  expect(url.hash).toBe('');
  expect([...url.searchParams.keys()]).toEqual(['jwt']);
  expect(decodeJwt(token).payload['room']).toBe('a%3fb%23c%2fd%5ce');
  await expect(page.getByTestId('backend-room')).toHaveText('a%3fb%23c%2fd%5ce');
  // The page warns that the Jitsi client would strip these characters if typed in the address bar.
  await expect(page.getByTestId('room-cleaning')).toContainText('this room becomes abcd\\e');
  expect(watch.consoleProblems).toEqual([]);
});

test('right-to-left and zero-width characters are kept exactly and encoded in the link', async ({
  page,
  watch,
}) => {
  await page.goto('./');
  const name = '\u202Egnp.exe\u202C مريم';
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'my\u200Broom',
  });
  await page.getByLabel('Name', { exact: true }).fill(name);

  const { url, token } = await readRoomLink(page);
  expect(url.pathname).toBe('/my%E2%80%8Broom');
  const { payload } = decodeJwt(token);
  expect(payload['room']).toBe('my%e2%80%8broom');
  expect(payload['context']).toMatchObject({ user: { name } });
  await expect(page.getByTestId('backend-room')).toHaveText('my%e2%80%8broom');
  expect(watch.consoleProblems).toEqual([]);
});

/** Starts recording the page's long tasks (main thread blocked > 50 ms); returns a reader of the longest one. */
async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { longestTaskMs: number };
    w.longestTaskMs = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.longestTaskMs = Math.max(w.longestTaskMs, entry.duration);
    }).observe({ type: 'longtask' });
  });
  return () => page.evaluate(() => (window as unknown as { longestTaskMs: number }).longestTaskMs);
}

test('a 1 MB log pasted into the checker gets a message and the page stays responsive', async ({
  page,
  watch,
}) => {
  await page.goto('./');
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'lobby',
  });
  const before = await readRoomLink(page);
  const input = await openChecker(page);
  const longestTask = await watchLongTasks(page);

  const line = 'Nov 28 04:22:10 mod_bosh info Client sent a request without a session id\n';
  const huge = line.repeat(Math.ceil((1024 * 1024) / line.length));
  await pasteInto(page, input, huge);
  await expect(page.getByText('No token found in this text.')).toBeVisible();
  expect(await input.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(huge.length);

  // Still responsive: the main thread was never blocked for long, and the generator still reacts to typing.
  expect(await longestTask()).toBeLessThan(1000);
  await page.getByLabel('Room', { exact: true }).fill('lobby2');
  const after = await readRoomLink(page);
  expect(after.url.pathname).toBe('/lobby2');
  expect(after.token).not.toBe(before.token);
  expect(watch.consoleProblems).toEqual([]);
});

test('a 1 MB token-shaped paste gets a message without freezing the page', async ({ page, watch }) => {
  await page.goto('./');
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'lobby',
  });
  const input = await openChecker(page);
  const longestTask = await watchLongTasks(page);

  const huge = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${'A'.repeat(1024 * 1024)}.c2ln`;
  await pasteInto(page, input, huge);
  await expect(page.getByTestId('verdict')).toContainText('Refused');
  await expect(page.getByTestId('codec-problems')).toContainText('The payload is not valid JSON');
  expect(await longestTask(), 'longest main-thread task after the paste (ms)').toBeLessThan(1000);
  await page.getByLabel('Room', { exact: true }).fill('lobby2');
  expect((await readRoomLink(page)).url.pathname).toBe('/lobby2');
  expect(watch.consoleProblems).toEqual([]);
});

test('every anchor on a filled page is http(s)', async ({ page, watch }) => {
  await page.goto('./');
  await fillGenerator(page, {
    domain: 'meet.example.com',
    appId: 'example_app',
    secret: SECRET,
    room: 'lobby',
  });
  await readRoomLink(page);
  await openChecker(page);
  await page.getByText('Server settings (prosody)', { exact: true }).click();
  await expect(page.locator('a').first()).toBeVisible();
  await expectOnlyHttpLinks(page);
  expect(watch.consoleProblems).toEqual([]);
});
