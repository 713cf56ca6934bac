// Shared browser-test fixture, applied to every test: it fails if a page talks to another origin, logs a console
// error or warning, throws, or writes the secret or a private key to the URL or storage. It watches the test's
// own context and every context the test opens through `watch.newContext`.
import {
  test as base,
  expect,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';

/** What a test can ask of the watch besides the checks it runs after every test. */
export interface PageWatch {
  /** Asserts that `secret` is nowhere in the URL, localStorage or sessionStorage. */
  expectSecretNotStored: (page: Page, secret: string) => Promise<void>;
  /**
   * Opens a new browser context (with the test's baseURL unless given), watched like the test's own and closed
   * after the test. Use it for every extra context: one made with `browser.newContext()` goes unchecked.
   */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
}

/** What a watched context's pages did that a test must not allow. */
interface ContextRecord {
  foreignRequests: string[];
  consoleProblems: string[];
}

// Playwright's own notice when a context blocks service workers; not the app's.
const PLAYWRIGHT_NOTICES = [/blocked by Playwright/];

/** Starts recording, for every page of `context`, requests to other origins and console errors or warnings. */
function attachWatch(context: BrowserContext, origin: string): ContextRecord {
  const record: ContextRecord = { foreignRequests: [], consoleProblems: [] };
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url.startsWith('blob:')) return;
    if (new URL(url).origin !== origin) record.foreignRequests.push(url);
  });
  context.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (PLAYWRIGHT_NOTICES.some((notice) => notice.test(message.text()))) return;
    record.consoleProblems.push(`${message.type()}: ${message.text()}`);
  });
  context.on('weberror', (error) => record.consoleProblems.push(`pageerror: ${error.error().message}`));
  return record;
}

/** Asserts that `context` made no foreign request, logged no problem and stored no typed secret or key. */
async function expectContextClean(context: BrowserContext, record: ContextRecord, name: string) {
  expect(record.foreignRequests, `${name}: requests to other origins`).toEqual([]);
  expect(record.consoleProblems, `${name}: console errors and warnings`).toEqual([]);
  for (const page of context.pages()) await expectTypedSecretsNotStored(page, name);
}

// Secrets typed into the page, read back at the end of every test: none may sit in the URL or in storage
// (the secret may be in sessionStorage only when the user ticked "Remember the secret for this tab").
async function expectTypedSecretsNotStored(page: Page, name: string): Promise<void> {
  if (page.isClosed()) return;
  const found = await page
    .evaluate(() => {
      const valueOf = (label: string) =>
        (document.querySelector(`[aria-label="${label}"], #${CSS.escape(label)}`) as HTMLInputElement | null)
          ?.value ?? '';
      const byLabel = (text: string) =>
        [...document.querySelectorAll('label')]
          .filter((l) => l.textContent?.trim() === text)
          .map((l) => (l.control as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '')
          .find((v) => v !== '') ?? '';
      const remember = [...document.querySelectorAll('label')].find((l) =>
        l.textContent?.includes('Remember the secret for this tab'),
      )?.control as HTMLInputElement | null;
      return {
        secret: byLabel('App secret') || valueOf('app-secret'),
        privateKey: byLabel('Private key (PEM or JWK)'),
        isRemembered: remember?.checked === true,
        url: location.href,
        local: JSON.stringify({ ...localStorage }),
        session: JSON.stringify({ ...sessionStorage }),
      };
    })
    .catch(() => null);
  if (!found) return;
  for (const [what, value] of [
    ['secret', found.secret],
    ['private key', found.privateKey.replace(/-----[A-Z ]+-----|\s/g, '').slice(0, 64)],
  ] as const) {
    if (value.length < 4) continue;
    expect(found.url, `${name}: ${what} in the URL`).not.toContain(value);
    expect(found.local, `${name}: ${what} in localStorage`).not.toContain(value);
    if (!(what === 'secret' && found.isRemembered)) {
      expect(found.session, `${name}: ${what} in sessionStorage`).not.toContain(value);
    }
  }
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: [
    // `page` is asked for so that it is still open when the checks below read it.
    async ({ browser, context, page: _page, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1:4173/').origin;
      const own = attachWatch(context, origin);
      const extra: { context: BrowserContext; record: ContextRecord }[] = [];
      const watch: PageWatch = {
        expectSecretNotStored: async (p, secret) => {
          expect(p.url()).not.toContain(secret);
          expect(p.url()).not.toContain(encodeURIComponent(secret));
          const stored = await p.evaluate(
            () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
          );
          expect(stored).not.toContain(secret);
        },
        newContext: async (options) => {
          const opened = await browser.newContext({ baseURL, ...options });
          extra.push({ context: opened, record: attachWatch(opened, origin) });
          return opened;
        },
      };
      await use(watch);
      try {
        await expectContextClean(context, own, 'test page');
        for (const [i, { context: opened, record }] of extra.entries()) {
          await expectContextClean(opened, record, `extra context ${i + 1}`);
        }
      } finally {
        for (const { context: opened } of extra) await opened.close();
      }
    },
    // Every test gets these checks, whether or not it asks for `watch`.
    { auto: true },
  ],
});

/** The screens every journey runs on, by name: a desktop and a phone. */
export const VIEWPORTS = [
  ['desktop', { width: 1440, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

export { expect };
