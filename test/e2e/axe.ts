// axe-core run inside the page, shared by the specs that keep every screen state at zero violations. axe is
// injected as a script tag, so those specs use bypassCSP (security.spec.ts checks the CSP itself).
import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import { expect, type Page } from '@playwright/test';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require.resolve('axe-core/axe.min.js');

/** Runs axe-core on the whole page and expects no violation, listing any it finds by rule and element. */
export async function expectNoAxeViolations(page: Page, state: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  // The page is live: the checker's clock moves every 15 s, or at once when a token's exp or nbf is crossed, and
  // "expired N minutes ago" and the underlines update with it. axe throws when a node it is describing leaves the
  // document mid-run: run it again then.
  const violations = await page.evaluate(async () => {
    const { axe } = window as unknown as { axe: { run: (context: Document) => Promise<AxeResults> } };
    let results: AxeResults | null = null;
    for (let attempt = 0; results === null; attempt++) {
      try {
        results = await axe.run(document);
      } catch (error) {
        if (attempt >= 4 || !(error instanceof TypeError)) throw error;
      }
    }
    return results.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`),
    }));
  });
  // Soft: one state's violations must not hide the next state's.
  expect.soft(violations, `axe violations: ${state}`).toEqual([]);
}
