// Shared browser-test fixture: every test fails if the page talks to another origin, logs a console error
// or warning, throws, or writes the secret to the URL or storage.
import { test as base, expect, type Page } from '@playwright/test';

export interface PageWatch {
  foreignRequests: string[];
  consoleProblems: string[];
  /** Asserts that `secret` is nowhere in the URL, localStorage or sessionStorage. */
  expectSecretNotStored: (page: Page, secret: string) => Promise<void>;
}

export const test = base.extend<{ watch: PageWatch }>({
  watch: async ({ page, baseURL }, use) => {
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
  },
});

export { expect };
