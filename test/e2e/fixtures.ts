// Shared browser-test fixture, applied to every test: it fails if the page talks to another origin, logs a console
// error or warning, throws, or writes the secret or a private key to the URL or storage.
import { test as base, expect, type Page } from '@playwright/test';

export interface PageWatch {
  foreignRequests: string[];
  consoleProblems: string[];
  /** Asserts that `secret` is nowhere in the URL, localStorage or sessionStorage. */
  expectSecretNotStored: (page: Page, secret: string) => Promise<void>;
}

// Secrets typed into the page, read back at the end of every test: none may sit in the URL or in storage
// (the secret may be in sessionStorage only when the user ticked "Remember the secret for this tab").
async function expectTypedSecretsNotStored(page: Page): Promise<void> {
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
  for (const [name, value] of [
    ['secret', found.secret],
    ['private key', found.privateKey.replace(/-----[A-Z ]+-----|\s/g, '').slice(0, 64)],
  ] as const) {
    if (value.length < 4) continue;
    expect(found.url, `${name} in the URL`).not.toContain(value);
    expect(found.local, `${name} in localStorage`).not.toContain(value);
    if (!(name === 'secret' && found.isRemembered)) {
      expect(found.session, `${name} in sessionStorage`).not.toContain(value);
    }
  }
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1:4173/').origin;
      const watch: PageWatch = {
        foreignRequests: [],
        consoleProblems: [],
        expectSecretNotStored: async (p, secret) => {
          expect(p.url()).not.toContain(secret);
          expect(p.url()).not.toContain(encodeURIComponent(secret));
          const stored = await p.evaluate(
            () => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }),
          );
          expect(stored).not.toContain(secret);
        },
      };
      page.on('request', (request) => {
        const url = request.url();
        if (url.startsWith('data:') || url.startsWith('blob:')) return;
        if (new URL(url).origin !== origin) watch.foreignRequests.push(url);
      });
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          watch.consoleProblems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => watch.consoleProblems.push(`pageerror: ${error.message}`));
      await use(watch);
      expect(watch.foreignRequests, 'requests to other origins').toEqual([]);
      expect(watch.consoleProblems, 'console errors and warnings').toEqual([]);
      await expectTypedSecretsNotStored(page);
    },
    // Every test gets these checks, whether or not it asks for `watch`.
    { auto: true },
  ],
});

export { expect };
