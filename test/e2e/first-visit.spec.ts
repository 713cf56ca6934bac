// What a first visit loads, and in which order: without a token only what the bundle budget counts; with a token
// in the URL the verdict first, then the editors and the service worker's downloads.
import { readdirSync } from 'node:fs';
import { measureDist } from '../../scripts/check-budget.mjs';
import { buildShareLink } from '../../src/lib/share/share-link';
import { VIEWPORTS, test, expect } from './fixtures';
import { DOMAIN, SECRET, nowSeconds, signHmacToken, validClaims } from './hmac-token';
import { verdictShown } from './verdict-marker';

/** The page's view of its first seconds, recorded by `recordFirstSeconds`. */
interface FirstSeconds {
  verdictAt: number | null;
  registeredAt: number | null;
  verdictShownAtRegister: boolean | null;
}

// Runs in the page before its scripts: notes when the verdict first shows and when (and after what) the service
// worker is registered.
function recordFirstSeconds(isShown: string) {
  const shown = () => document.querySelector(isShown) !== null;
  const record: FirstSeconds = { verdictAt: null, registeredAt: null, verdictShownAtRegister: null };
  (window as unknown as { firstSeconds: FirstSeconds }).firstSeconds = record;
  new MutationObserver(() => {
    if (record.verdictAt === null && shown()) record.verdictAt = performance.now();
  }).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  const container = navigator.serviceWorker;
  const register = container.register.bind(container);
  container.register = (...args: Parameters<ServiceWorkerContainer['register']>) => {
    record.registeredAt = performance.now();
    record.verdictShownAtRegister = record.verdictAt !== null;
    return register(...args);
  };
}

// The marker as a selector, for the init script (which cannot receive a function): a status with text inside an
// accepted or refused box. `verdictShown` (test/e2e/verdict-marker.ts) is the full test, used once the page runs.
const VERDICT_SELECTOR = ':is([data-state=ok], [data-state=refused]) [role=status][data-testid=verdict]';

const firstSeconds = (page: import('@playwright/test').Page) =>
  page.evaluate(() => (window as unknown as { firstSeconds: FirstSeconds }).firstSeconds);

test('a first visit without a token loads only the scripts the bundle budget counts', async ({ page }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname.replace(/^\//, ''));
  });
  await page.addInitScript(recordFirstSeconds, VERDICT_SELECTOR);
  await page.goto('./');
  await expect(page.getByLabel('Token or meeting URL', { exact: true })).toBeVisible();
  // The service worker is registered last, once the first screen is idle: by then the first visit has loaded
  // everything it loads without scrolling.
  await page.evaluate(() => navigator.serviceWorker.ready);
  const { startupFiles } = measureDist('dist');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((file) => !startupFiles.includes(file))).toEqual([]);

  // Registered only after the last startup script arrived (the Performance API's times share the page's clock).
  const { registeredAt } = await firstSeconds(page);
  const scriptEnds = await page.evaluate(
    (files) =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => files.includes(new URL(entry.name).pathname.replace(/^\//, '')))
        .map((entry) => (entry as PerformanceResourceTiming).responseEnd),
    scripts,
  );
  expect(scriptEnds).toHaveLength(scripts.length);
  expect(registeredAt).not.toBeNull();
  expect(registeredAt).toBeGreaterThanOrEqual(Math.max(...scriptEnds));
});

/**
 * Holds the entry script back until a chunk matching `awaited` is asked for (at most `maxMs`), and reports which
 * script chunks the page asked for meanwhile: what index.html itself asks for, since only the entry imports.
 */
async function askedBeforeEntry(
  page: import('@playwright/test').Page,
  path: string,
  awaited: RegExp,
  maxMs = 5000,
) {
  const asked: string[] = [];
  let isEntryHeld = true;
  let release = () => {};
  const seen = new Promise<void>((resolve) => (release = resolve));
  const onRequest = (request: import('@playwright/test').Request) => {
    const file = new URL(request.url()).pathname.split('/').pop() ?? '';
    if (!isEntryHeld || request.resourceType() !== 'script' || file.startsWith('index-')) return;
    asked.push(file);
    if (awaited.test(file)) release();
  };
  page.on('request', onRequest);
  await page.route(/\/assets\/index-[^/]+\.js$/, async (route) => {
    await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, maxMs))]);
    isEntryHeld = false;
    await route.continue();
  });
  await page.goto(path);
  await expect(page.getByLabel('Token or meeting URL', { exact: true })).toBeVisible();
  await page.unrouteAll();
  page.off('request', onRequest);
  return asked;
}

test("index.html asks for the first verdict's code on a token URL and for the app's otherwise, before the entry runs", async ({
  page,
}) => {
  const now = nowSeconds();
  const expired = signHmacToken({ ...validClaims({}, now), exp: now - 60, iat: now - 3600 }, SECRET);
  const onToken = await askedBeforeEntry(page, `./#token=${expired}`, /^checker-core-/);
  await page.waitForFunction(verdictShown);
  expect(onToken.filter((file) => file.startsWith('checker-core-'))).toHaveLength(1);
  expect(onToken.filter((file) => /^(app|mount-app)-/.test(file))).toEqual([]);

  await page.goto('about:blank');
  const plain = await askedBeforeEntry(page, './', /^app-/);
  expect(plain.filter((file) => file.startsWith('app-'))).toHaveLength(1);
  expect(plain.filter((file) => file.startsWith('checker-core-'))).toEqual([]);
});

test('opening a token from the URL paints the verdict before the editors and the offline cache start', async ({
  page,
}) => {
  const now = nowSeconds();
  const expired = signHmacToken(
    { ...validClaims({ room: 'review' }, now), exp: now - 7200, iat: now - 10800 },
    SECRET,
  );
  // A colleague's share link: the token and the meeting, no secret, so the verdict is the token's own.
  const share = buildShareLink('http://workbench.test/', {
    token: expired,
    meetingLink: null,
    settings: { domain: DOMAIN, room: 'review' },
    server: {},
  });
  await page.addInitScript(recordFirstSeconds, VERDICT_SELECTOR);
  await page.goto(`./${new URL(share.href).hash}`);
  await page.waitForFunction(verdictShown);
  await page.evaluate(() => navigator.serviceWorker.ready);

  const record = await firstSeconds(page);
  expect(record.verdictAt).not.toBeNull();
  expect(record.verdictShownAtRegister).toBe(true);
  // The editor chunk (CodeMirror) is fetched only once the verdict is on screen.
  const editorStart = await page.evaluate(
    () =>
      performance.getEntriesByType('resource').find((entry) => entry.name.includes('/create-json-editor-'))
        ?.startTime ?? null,
  );
  expect(editorStart).not.toBeNull();
  expect(editorStart).toBeGreaterThan(record.verdictAt ?? Infinity);
});

// Runs in the page before its scripts: notes whether the app's first frame (the frame in which its paste box
// first shows) already holds the verdict, and whether "Loading the checker…" ever showed.
function recordFirstFrame(isShown: string) {
  const record = { firstFrameHasVerdict: null as boolean | null, sawLoading: false, keyBeforeVerdict: false };
  (window as unknown as { firstFrame: typeof record }).firstFrame = record;
  const shown = () => document.querySelector(isShown) !== null;
  let isWatching = true;
  new MutationObserver(() => {
    if (!isWatching) return;
    if (document.documentElement.textContent?.includes('Loading the checker')) record.sawLoading = true;
    if (!shown() && document.getElementById('check-app-id')) record.keyBeforeVerdict = true;
    if (record.firstFrameHasVerdict === null && document.getElementById('check-input')) {
      record.firstFrameHasVerdict = false;
      // Animation-frame callbacks run just before that frame is painted.
      requestAnimationFrame(() => {
        record.firstFrameHasVerdict = shown();
        isWatching = false;
      });
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
}

test("opening a token from the URL, the app's first frame already holds the verdict", async ({ page }) => {
  const now = nowSeconds();
  const expired = signHmacToken({ ...validClaims({}, now), exp: now - 60, iat: now - 3600 }, SECRET);
  await page.addInitScript(recordFirstFrame, VERDICT_SELECTOR);
  await page.goto(`./#token=${expired}`);
  await page.waitForFunction(verdictShown);
  await expect(page.getByTestId('prosody-reason')).toContainText('Not acceptable by exp');
  const record = await page.evaluate(
    () =>
      (
        window as unknown as {
          firstFrame: {
            firstFrameHasVerdict: boolean | null;
            sawLoading: boolean;
            keyBeforeVerdict: boolean;
          };
        }
      ).firstFrame,
  );
  // The checker was fetched beside the app and handed to its first render: no frame without the verdict, no
  // "Loading the checker…", and the key field (which a first look does not need) only after the verdict.
  expect(record).toEqual({ firstFrameHasVerdict: true, sawLoading: false, keyBeforeVerdict: false });
  await expect(page.locator('#check-app-secret')).toBeVisible();
});

// Runs in the page before its scripts: where the verdict box is when it first shows (drawn before the app, by the
// checker's core alone) and where the app's verdict box is in the app's first frame.
function recordVerdictPlace(isShown: string) {
  type Place = { x: number; y: number; height: number; text: string; byApp: boolean };
  const record: { first: Place | null; app: Place | null } = { first: null, app: null };
  (window as unknown as { verdictPlace: typeof record }).verdictPlace = record;
  const place = (): Place | null => {
    const status = document.querySelector<HTMLElement>(isShown);
    const box = status?.closest('[data-state]');
    if (!status || !box) return null;
    const { x, y, height } = box.getBoundingClientRect();
    return { x, y, height, text: status.innerText, byApp: document.getElementById('check-input') !== null };
  };
  const observer = new MutationObserver(() => {
    if (record.first === null) record.first = place();
    if (document.getElementById('check-input')) {
      observer.disconnect();
      requestAnimationFrame(() => (record.app = place()));
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}

for (const [, viewport] of VIEWPORTS) {
  test(`opening a token from the URL at ${viewport.width}px, the verdict shows before the app and keeps its place`, async ({
    page,
  }) => {
    await page.setViewportSize(viewport);
    const now = nowSeconds();
    const expired = signHmacToken({ ...validClaims({}, now), exp: now - 60, iat: now - 3600 }, SECRET);
    await page.addInitScript(recordVerdictPlace, VERDICT_SELECTOR);
    await page.goto(`./#token=${expired}`);
    await page.waitForFunction(
      () => (window as unknown as { verdictPlace: { app: unknown } }).verdictPlace.app !== null,
    );
    const { first, app } = await page.evaluate(
      () =>
        (
          window as unknown as {
            verdictPlace: {
              first: { x: number; y: number; height: number; text: string; byApp: boolean };
              app: { x: number; y: number; height: number; text: string; byApp: boolean };
            };
          }
        ).verdictPlace,
    );
    // Drawn first by the checker's core alone, before the app existed, then by the app: the same words in the
    // same box, in the same place.
    expect(first.byApp).toBe(false);
    expect(app.byApp).toBe(true);
    expect(first.text).toContain('Not acceptable by exp');
    expect(app.text).toBe(first.text);
    expect(Math.abs(app.x - first.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(app.y - first.y)).toBeLessThanOrEqual(1);
    expect(Math.abs(app.height - first.height)).toBeLessThanOrEqual(1);
    await expect(page.getByTestId('prosody-reason')).toContainText('Not acceptable by exp');
    await expect(page.getByRole('status').filter({ hasText: 'Refused at connect' })).toBeInViewport();
  });
}

test('the service worker caches every file of the build', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => navigator.serviceWorker.ready);
  const cached = await page.evaluate(async () => {
    const keys = await caches.keys();
    const names: string[] = [];
    for (const key of keys) {
      for (const request of await (await caches.open(key)).keys()) names.push(new URL(request.url).pathname);
    }
    return names;
  });
  const built = readdirSync('dist/assets').map((file) => `/assets/${file}`);
  expect(built.filter((file) => !cached.includes(file))).toEqual([]);
  expect(cached).toContain('/');
});
