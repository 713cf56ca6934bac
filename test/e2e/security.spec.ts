// User story: someone feeds the workbench hostile input (script in fields, odd room names, a huge paste) and the
// page stays safe: nothing runs, nothing is linked except http(s), and the Content-Security-Policy is strict.
import { createHash } from 'node:crypto';
import { test, expect } from './fixtures';
import { APP_ID, DOMAIN, SECRET, decodeJwt, signHmacToken, validClaims } from './hmac-token';
import {
  checkText,
  fillGenerator,
  openChecker,
  openGenerator,
  openTools,
  pasteInto,
  payloadEditor,
  readNextRoomLink,
  readRoomLink,
} from './workbench-actions';
import type { Page } from '@playwright/test';

const XSS = '"><script>alert(1)</script>';
const SETTINGS = { domain: DOMAIN, appId: APP_ID, secret: SECRET, room: 'lobby' };

/** Fails the test if the page opens any alert/confirm/prompt dialog. */
function forbidDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/**
 * Every anchor on the page points to http: or https:, and no link-bearing attribute of any element (href,
 * xlink:href, src, action, formaction) holds a javascript: URL. Returns the anchors' hrefs, leaving out the
 * page's own view switch (`#check`, `#generate`).
 */
async function expectOnlyHttpLinks(page: Page): Promise<string[]> {
  const { anchors, scriptUrls } = await page.evaluate(() => {
    const linkAttributes = ['href', 'xlink:href', 'src', 'action', 'formaction'];
    // Parsed as the browser would follow it: it ignores leading spaces and control characters, and tabs or
    // newlines anywhere, so "java\tscript:" is a script URL too.
    const isScriptUrl = (value: string) => {
      try {
        return new URL(value, document.baseURI).protocol === 'javascript:';
      } catch {
        return false;
      }
    };
    return {
      anchors: [...document.querySelectorAll('a')]
        .map((a) => a.getAttribute('href'))
        .filter((href) => href === null || !/^#(check|generate)$/.test(href)),
      scriptUrls: [...document.querySelectorAll('*')].flatMap((element) =>
        linkAttributes
          .map((name) => element.getAttribute(name))
          .filter((value) => value !== null && isScriptUrl(value))
          .map((value) => `<${element.localName}> ${value}`),
      ),
    };
  });
  expect(scriptUrls, 'javascript: URLs in the page').toEqual([]);
  for (const href of anchors) {
    expect(href, 'an anchor without href').not.toBeNull();
    expect(new URL(href ?? '', page.url()).protocol, `anchor ${href}`).toMatch(/^https?:$/);
  }
  return anchors.filter((href) => href !== null);
}

test('index.html carries a strict CSP and CodeMirror still renders under it', async ({ page, request }) => {
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
  // An inline script runs only if the CSP names its SHA-256: each one the page has must be named.
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map(
    ([, code]) => code ?? '',
  );
  for (const code of inline) {
    expect(scriptSources, `the CSP allows the inline script ${code.slice(0, 40)}…`).toContain(
      `'sha256-${createHash('sha256').update(code).digest('base64')}'`,
    );
  }

  await page.goto('./#generate');
  await expect(page.locator('.cm-editor')).toHaveCount(2);
  // A CSP violation would be logged as a console error and fail the watch fixture.
  await expect(await payloadEditor(page)).toContainText('"aud": "jitsi"');
});

test('a javascript: domain gives no link and says why', async ({ page }) => {
  const dialogs = forbidDialogs(page);
  await page.goto('./');
  await fillGenerator(page, { ...SETTINGS, domain: 'javascript:alert(1)' });

  const linkSection = page.getByRole('region', { name: 'Test-room link' });
  await expect(linkSection).toContainText('Domain: "javascript:alert(1)" is not a valid host name.');
  await expect(page.getByTestId('room-link')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy link' })).toBeDisabled();
  await expect(page.getByLabel('Domain', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  expect(await expectOnlyHttpLinks(page)).toEqual([]);
  expect(dialogs).toEqual([]);
});

test('markup typed into Name and Avatar URL stays text', async ({ page }) => {
  const dialogs = forbidDialogs(page);
  await page.goto('./');
  await fillGenerator(page, SETTINGS);
  await page.getByLabel('Name', { exact: true }).fill(XSS);
  await page.getByLabel('Avatar URL', { exact: true }).fill(XSS);

  // Each claim's line in the Payload editor reads exactly what was typed (JSON-escaped), markup and all: had
  // it been parsed as HTML, the <script> tag would be an element and missing from the line's text.
  const payload = await payloadEditor(page);
  for (const claim of ['name', 'avatar']) {
    const line = payload.locator('.cm-line', { hasText: `"${claim}"` });
    await expect(line).toContainText(`"${claim}": "\\"><script>alert(1)</script>"`);
    await expect(line.locator('script')).toHaveCount(0);
  }
  const { token } = await readRoomLink(page);
  expect(decodeJwt(token).payload['context']).toMatchObject({ user: { name: XSS, avatar: XSS } });
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(XSS);
  expect(dialogs).toEqual([]);
});

test('room names with ? # / \\ stay inside the path and match the token', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, { ...SETTINGS, room: 'a?b#c/d\\e' });

  const { url, token } = await readRoomLink(page);
  // One path segment, no stray query or fragment: the characters are percent-encoded.
  expect(url.pathname).toBe('/a%3Fb%23c%2Fd%5Ce');
  expect(url.hash).toBe('');
  expect([...url.searchParams.keys()]).toEqual(['jwt']);
  expect(decodeJwt(token).payload['room']).toBe('a%3fb%23c%2fd%5ce');
  await expect(page.getByTestId('backend-room')).toHaveText('a%3fb%23c%2fd%5ce');
  // The page warns that the Jitsi client would strip these characters if typed in the address bar.
  await expect(page.getByTestId('room-cleaning')).toContainText('this room becomes abcd\\e');
});

test('right-to-left and zero-width characters are kept exactly and encoded in the link', async ({ page }) => {
  await page.goto('./');
  const name = '\u202Egnp.exe\u202C مريم';
  await fillGenerator(page, { ...SETTINGS, room: 'my\u200Broom' });
  await page.getByLabel('Name', { exact: true }).fill(name);

  const { url, token } = await readRoomLink(page);
  expect(url.pathname).toBe('/my%E2%80%8Broom');
  const { payload } = decodeJwt(token);
  expect(payload['room']).toBe('my%e2%80%8broom');
  expect(payload['context']).toMatchObject({ user: { name } });
  await expect(page.getByTestId('backend-room')).toHaveText('my%e2%80%8broom');
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

/**
 * The longest task the browser itself needs to take `text` pasted into a bare textarea (inserting and laying out a
 * megabyte is the browser's own work, and takes longer on a busy machine): the yardstick for the app's own.
 */
async function bareTextareaPasteMs(page: Page, text: string): Promise<number> {
  await page.evaluate(() => {
    const bare = document.createElement('textarea');
    bare.id = 'bare-paste';
    bare.setAttribute('aria-label', 'Bare paste');
    document.body.append(bare);
  });
  const longestTask = await watchLongTasks(page);
  const bare = page.locator('#bare-paste');
  await pasteInto(page, bare, text);
  await expect.poll(() => bare.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(text.length);
  // Let the frame that lays the text out end before reading the long tasks.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 100))));
  const ms = await longestTask();
  await bare.evaluate((el) => el.remove());
  return ms;
}

test('a 1 MB log pasted into the checker gets a message and the page stays responsive', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, SETTINGS);
  const before = await readRoomLink(page);
  const input = await openChecker(page);
  const line = 'Nov 28 04:22:10 mod_bosh info Client sent a request without a session id\n';
  const huge = line.repeat(Math.ceil((1024 * 1024) / line.length));
  const bareBefore = await bareTextareaPasteMs(page, huge);
  const longestTask = await watchLongTasks(page);

  await pasteInto(page, input, huge);
  await expect(page.getByText('No token found in this text.')).toBeVisible();
  expect(await input.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(huge.length);

  // Still responsive: the main thread was never blocked for long: under a second, or, on a machine so busy that
  // the browser's own paste of the same text takes longer (measured before and after, as the load varies), under
  // twice that, and never two seconds. The generator still reacts to typing.
  const appLongest = await longestTask();
  const browserOwnMs = Math.max(bareBefore, await bareTextareaPasteMs(page, huge));
  expect(appLongest).toBeLessThan(Math.min(2000, Math.max(1000, 2 * browserOwnMs)));
  await openGenerator(page);
  await page.getByLabel('Room', { exact: true }).fill('lobby2');
  // The link's path follows at once; the token once it is signed again (asynchronously).
  const after = await readNextRoomLink(page, before.token);
  expect(after.url.pathname).toBe('/lobby2');
  expect(decodeJwt(after.token).payload['room']).toBe('lobby2');
});

test('a 1 MB token-shaped paste gets a message without freezing the page', async ({ page }) => {
  await page.goto('./');
  await fillGenerator(page, SETTINGS);
  const input = await openChecker(page);
  const longestTask = await watchLongTasks(page);

  const huge = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${'A'.repeat(1024 * 1024)}.c2ln`;
  await pasteInto(page, input, huge);
  await expect(page.getByTestId('verdict')).toContainText('Refused');
  await expect(page.getByTestId('codec-problems')).toContainText('The payload is not valid JSON');
  expect(await longestTask(), 'longest main-thread task after the paste (ms)').toBeLessThan(1000);
  await openGenerator(page);
  await page.getByLabel('Room', { exact: true }).fill('lobby2');
  expect((await readRoomLink(page)).url.pathname).toBe('/lobby2');
});

test('hostile hosts and links, typed or pasted anywhere, give only http(s) links and stay text', async ({
  page,
}) => {
  const dialogs = forbidDialogs(page);
  await page.goto('./');
  await fillGenerator(page, SETTINGS);
  await readRoomLink(page);
  const linkSection = page.getByRole('region', { name: 'Test-room link' });
  const linkHost = page.getByLabel('Link host (optional)', { exact: true });

  // Link host: a script URL, a data: URL and markup give no link; the offending value is quoted as text.
  for (const [host, message] of [
    ['javascript:alert(1)', '"javascript:alert(1)" is not a valid host name.'],
    [
      'data:text/html,<script>alert(1)</script>',
      'A domain cannot contain spaces, "/", "\\", "?", "#" or "@".',
    ],
    ['"><i>hostile<i>', '""><i>hostile<i>" is not a valid host name.'],
  ] as const) {
    await linkHost.fill(host);
    await expect(linkSection).toContainText(message);
    await expect(page.getByTestId('room-link')).toHaveCount(0);
    expect(await expectOnlyHttpLinks(page), `anchors with link host ${host}`).toEqual([]);
  }
  await expect(linkSection.locator('i')).toHaveCount(0);
  await linkHost.fill('');
  await readRoomLink(page);

  // A javascript: "meeting link" in the checker: its token is read and checked, the link is not taken.
  const token = signHmacToken(validClaims(), SECRET);
  await checkText(page, `javascript://evil.example/%0aalert(document.domain)?jwt=${token}`);
  await expect(page.getByText('Took the jwt= value out of the surrounding text.')).toBeVisible();
  await expect(page.getByTestId('pasted-link')).toHaveCount(0);
  await expect(page.getByTestId('verdict')).toContainText('Accepted');
  await page.getByRole('button', { name: "Edit this token's claims in the generator" }).click();
  await expect(linkHost).toHaveValue('');
  expect((await readRoomLink(page)).url.origin).toBe(`https://${DOMAIN}`);

  // An https link on another host with markup for a room: taken into the generator, the host becomes the
  // Link host and the room stays one percent-encoded path segment of an https link.
  const room = '<img src=x onerror=alert(1)>';
  await checkText(page, `https://evil.example/${encodeURIComponent(room)}?jwt=${token}`);
  await expect(page.getByTestId('pasted-link')).toContainText('host evil.example');
  await page.getByRole('button', { name: "Edit this token's claims in the generator" }).click();
  await expect(linkHost).toHaveValue('evil.example');
  const { url } = await readRoomLink(page);
  expect(url.origin).toBe('https://evil.example');
  expect(url.pathname).toMatch(/^\/%3Cimg%20src%3Dx%20onerror%3Dalert1?%3E$/);

  // Every part of the page open and loaded, then every link on it.
  await openTools(page);
  const closed = page.locator('details:not([open])');
  for (let i = 0; i < 20 && (await closed.count()) > 0; i++)
    await closed.first().locator('> summary').click();
  await expect(closed).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Where this token says “moderator”' })).toBeVisible();
  expect(await expectOnlyHttpLinks(page)).toEqual([url.href]);
  expect(dialogs).toEqual([]);
});
