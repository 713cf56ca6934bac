// Nothing is wider than a phone: at 375 and 390 px, the generator (JaaS and key-server keys), the checker with a
// verdict, and the key tools fit the viewport. Measured as the page's scrollWidth against the viewport, plus every
// element whose right edge passes the viewport outside a box that scrolls or clips it (named, so a failure says
// what to fix).
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { nowSeconds } from './hmac-token';
import { JAAS_APP_ID as APP_ID, signWithStrangerKey } from './rsa-token';
import { checkText, fillGenerator, openGenerator, readRoomLink } from './workbench-actions';

/** The page's horizontal overflow: its scrollWidth, the viewport width, and the elements that stick out. */
async function measureWidth(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
    const offenders: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= width + 0.5) continue;
      let parent = el.parentElement;
      let isClipped = false;
      while (parent && parent !== document.body) {
        if (clips(parent)) {
          isClipped = true;
          break;
        }
        parent = parent.parentElement;
      }
      if (isClipped) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
      offenders.push(`${name} (right edge ${Math.round(rect.right)} px)`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 12) };
  });
}

async function expectFits(page: Page, state: string) {
  const measured = await measureWidth(page);
  expect(measured.offenders, `${state}: elements past the right edge`).toEqual([]);
  expect(measured.scrollWidth, `${state}: page scrollWidth`).toBeLessThanOrEqual(measured.width);
}

for (const width of [375, 390]) {
  test.describe(`at ${width} px`, () => {
    test.use({ viewport: { width, height: 844 } });

    test('the JaaS generator, its key tools and its verdict fit', async ({ page }) => {
      await page.goto('./');
      await expectFits(page, 'first screen');
      await page.getByLabel('Deployment', { exact: true }).selectOption('jaas');
      await openGenerator(page);
      await page.getByLabel('AppID', { exact: true }).fill(APP_ID);
      await page.getByLabel('Room', { exact: true }).fill('a-rather-long-room-name-for-a-phone');
      await page.getByLabel('Key ID (kid)', { exact: true }).fill('vpaas-magic-cookie-ffff/4f4910');
      await expect(page.getByText(/This kid belongs to the AppID/)).toBeVisible();
      await expectFits(page, 'JaaS kid of another AppID');
      await page.getByLabel('Key ID (kid)', { exact: true }).fill(`${APP_ID}/4f4910`);
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      // RSA 4096, as 8x8 asks: generating it takes a few seconds on a slow machine.
      await expect(page.getByText('✓ RSA private key, ready to sign RS256.')).toBeVisible({
        timeout: 30_000,
      });
      await readRoomLink(page);
      await page.getByText('Features and moderator helpers', { exact: true }).click();
      await page.locator('summary', { hasText: 'Features (context.features)' }).click();
      await expectFits(page, 'JaaS generator with keys, link and helpers');
      await expect(page.getByTestId('jaas-verdict')).toBeVisible();
      await expectFits(page, 'JaaS verdict');

      // A pasted JaaS link whose token breaks several of 8x8's rules: long AppIDs in every finding.
      const now = nowSeconds();
      const broken = signWithStrangerKey(
        { alg: 'RS256', typ: 'JWT', kid: 'vpaas-magic-cookie-0123456789abcdef0123456789abcdef/4f4910' },
        {
          aud: ['jitsi'],
          iss: APP_ID,
          sub: APP_ID,
          room: 'a/b',
          exp: now + 600,
          context: { features: { recording: true } },
        },
      );
      await checkText(page, `https://8x8.vc/${APP_ID}/standup?jwt=${broken}`);
      await expect(page.getByTestId('jaas-verdict')).toContainText('breaks');
      await expectFits(page, 'JaaS verdict with broken rules');
    });

    test('the key-server tools and a refused pasted token fit', async ({ page }) => {
      await page.goto('./');
      await fillGenerator(page, { domain: 'meet.example.com', appId: 'my_app', room: 'standup' });
      await page.getByLabel('Algorithm', { exact: true }).selectOption('RS256');
      await page.getByLabel('Key ID (kid)', { exact: true }).fill('my_app/key1');
      await page
        .getByLabel('Key server (asap_key_server)', { exact: true })
        .fill('https://keys.example.com/a/long/path/to/the/asap/keys/');
      await expect(page.getByTestId('key-curl')).toBeVisible();
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      await readRoomLink(page);
      await expectFits(page, 'key tools with URL, curl and keys');

      const now = nowSeconds();
      const token = signWithStrangerKey(
        { alg: 'RS256', typ: 'JWT', kid: 'my_app/key1' },
        { aud: 'jitsi', iss: 'my_app', sub: 'meet.example.com', room: 'standup', exp: now - 60 },
      );
      await checkText(page, `https://meet.example.com/standup?jwt=${token}`);
      await expect(page.getByTestId('prosody-reason')).toHaveText('Invalid signature');
      await expectFits(page, 'checker with a refused verdict and findings');

      // A kid the key server has no key for: the finding carries the full key URL and the curl command.
      const unknownKid = signWithStrangerKey(
        { alg: 'RS256', typ: 'JWT', kid: 'my_app/a-key-id-that-nobody-has-uploaded-anywhere' },
        { aud: 'jitsi', iss: 'my_app', sub: 'meet.example.com', room: 'standup', exp: now + 600 },
      );
      await checkText(page, unknownKid);
      // With no public key beside the token, the page cannot know what the key server serves for this kid.
      await page.getByLabel('Public key (PEM or JWK)', { exact: true }).fill('');
      await expect(page.getByTestId('prosody-reason')).toHaveText('could not obtain public key');
      await expectFits(page, 'checker with the key URL in a finding');
    });
  });
}
