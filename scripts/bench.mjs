// Prints bundle sizes and timings of the built app (dist/) in headless Chromium, at normal speed and with the CPU
// slowed 4×, plus the core checker's speed in Node. A report, not a gate: nothing here fails on a slow figure.
// Run with `npm run bench` (which builds first). Figures are medians over several fresh browser contexts; the
// time to verdict is paired with bench/reference/ (see bench-verdict.mjs) and with bench/floor/, the checker's core
// alone (built here from the app's sources), so the report tells the rules' own cost from the app's. BENCH_ROUNDS sets the paired rounds
// (default 21: on a shared 2-vCPU machine the median of 9 per-round ratios still moved by ±0.3 from run to run);
// BENCH_ONLY=verdict skips the editing and core measures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, runnerImport } from 'vite';
import { chromium } from 'playwright-core';
import { BUDGET, measureDist } from './check-budget.mjs';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.mjs';
import { firstVisit, measurePaired, serveDirectory, timeVerdict } from './bench-verdict.mjs';

// The browser tests' own signer and test server (TypeScript, loaded through Vite), so the bench signs exactly
// what they sign and keeps no copy of it.
const { module: testServer } = await runnerImport(resolve('test/e2e/hmac-token.ts'), {
  configFile: false,
  logLevel: 'silent',
});
const { APP_ID, DOMAIN, SECRET, signHmacToken, validClaims } = testServer;
const {
  module: { verdictShown },
} = await runnerImport(resolve('test/e2e/verdict-marker.ts'), { configFile: false, logLevel: 'silent' });
const { module: shareLink } = await runnerImport(resolve('src/lib/share/share-link.ts'), {
  configFile: false,
  logLevel: 'silent',
});

const RUNS = 7;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 21);
const RATES = [1, 4];
const ONLY_VERDICT = process.env['BENCH_ONLY'] === 'verdict';
// Another build to measure (e.g. a copy of an older dist/), instead of the one `npm run bench` just made.
const DIST = process.env['BENCH_DIST'] ?? 'dist';
const EDITS_PER_RUN = 50;
const KEYSTROKES_PER_RUN = 50;
const CORE_WARMUP = 300;
const CORE_ITERATIONS = 2000;
// The keys src/state/persistence.ts saves under; measureRun fails loudly if the page no longer reads them.
const SETTINGS_KEY = 'jitsi-token-workbench:v1';
const SECRET_KEY = 'jitsi-token-workbench:secret';
// SECRET is long enough for HS256, so the checker adds no short-secret warning to the measured verdicts.
const SETTINGS = { domain: DOMAIN, appId: APP_ID, room: 'benchroom', user: { name: 'Ada' } };

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// Runs in the page before any of its scripts: seeds the saved settings and the tab's secret so the page signs
// without typing, and notes when the link (which carries the signed token) first appears.
function pageInit({ settingsKey, secretKey, saved, secret }) {
  localStorage.setItem(settingsKey, JSON.stringify(saved));
  sessionStorage.setItem(secretKey, secret);
  window.__bench = { firstLink: null, fcp: null };
  const observer = new MutationObserver(() => {
    if (
      document.querySelector('[data-testid=room-link]') &&
      document.querySelector('[data-testid=encoded-token]')
    ) {
      window.__bench.firstLink = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') window.__bench.fcp = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
}

// Installs, in the page, a latency probe: a keydown (capture phase) starts the clock, the first mutation inside
// the watched part of `root` stops it. `waitFor(n)` resolves once n samples exist.
function installProbe({ rootSelector, watched }) {
  const root = document.querySelector(rootSelector);
  if (!root) throw new Error(`bench: no ${rootSelector}`);
  const probe = { start: null, samples: [], waiters: [] };
  // A mutation counts when it happens inside a watched element, or adds or removes one.
  const isInside = (node) => {
    const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element !== null && watched.some((selector) => element.closest(selector));
  };
  const holdsWatched = (node) =>
    node.nodeType === Node.ELEMENT_NODE &&
    watched.some((selector) => node.matches(selector) || node.querySelector(selector));
  const settle = () => {
    probe.waiters = probe.waiters.filter(({ count, done }) => {
      if (probe.samples.length < count) return true;
      done(probe.samples.length);
      return false;
    });
  };
  document.addEventListener(
    'keydown',
    () => {
      if (probe.start === null) probe.start = performance.now();
    },
    true,
  );
  new MutationObserver((records) => {
    if (probe.start === null) return;
    const hit = records.some(
      (r) => isInside(r.target) || [...r.addedNodes, ...r.removedNodes].some(holdsWatched),
    );
    if (!hit) return;
    probe.samples.push(performance.now() - probe.start);
    probe.start = null;
    settle();
  }).observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  probe.waitFor = (count, timeout) =>
    new Promise((done) => {
      probe.waiters.push({ count, done });
      settle();
      setTimeout(() => {
        probe.start = null;
        done(probe.samples.length);
      }, timeout);
    });
  window.__probe = probe;
}

/** One fresh context: navigation timings, then edits in the Payload editor, then keystrokes in the checker. */
async function measureRun(browser, baseURL, cpuRate) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(pageInit, {
      settingsKey: SETTINGS_KEY,
      secretKey: SECRET_KEY,
      saved: { settings: SETTINGS, rememberSecret: true },
      secret: SECRET,
    });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await page.goto(`${baseURL}#generate`);
    await expectSeededSettings(page);
    await page.waitForFunction(() => window.__bench.firstLink !== null && window.__bench.fcp !== null);
    const { fcp, firstLink } = await page.evaluate(() => window.__bench);

    // Edit → token: type into the user's name in the payload once CodeMirror has replaced the textarea.
    const payload = page.locator('.cm-content[aria-label="Payload"]');
    await payload.waitFor();
    await payload.locator('.cm-line', { hasText: '"name"' }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await page.evaluate(installProbe, {
      rootSelector: '[data-testid=encoded-token]',
      watched: ['[data-testid=encoded-token]'],
    });
    const edits = await collect(page, EDITS_PER_RUN, (i) =>
      page.keyboard.press(String.fromCharCode(97 + (i % 26))),
    );

    // Keystroke → verdict: a valid token, then alternately spoil and repair its signature, so every keystroke
    // flips the verdict between accepted and refused.
    const token = await page.getByTestId('encoded-token').innerText();
    await page.getByRole('link', { name: 'Check a token', exact: true }).click();
    const input = page.getByLabel('Token or meeting URL', { exact: true });
    await input.fill(token.trim());
    await page.getByTestId('verdict').getByText('Accepted').waitFor();
    await input.focus();
    await page.keyboard.press('Control+End');
    await page.evaluate(installProbe, {
      rootSelector: 'section[aria-labelledby=check-title]',
      watched: ['[data-testid=verdict]', '[data-testid=findings]'],
    });
    const keys = await collect(page, KEYSTROKES_PER_RUN, (i) =>
      page.keyboard.press(i % 2 === 0 ? 'x' : 'Backspace'),
    );
    return { fcp, firstLink, editP95: percentile(edits, 95), keyP95: percentile(keys, 95) };
  } finally {
    await context.close();
  }
}

/** Throws when the page did not start from the seeded settings and secret (it would then never sign). */
async function expectSeededSettings(page) {
  const field = (label) => page.getByLabel(label, { exact: true }).inputValue();
  const seen = {
    domain: await field('Domain'),
    appId: await field('App ID'),
    room: await field('Room'),
    hasSecret: (await field('App secret')) === SECRET,
  };
  const expected = { domain: SETTINGS.domain, appId: SETTINGS.appId, room: SETTINGS.room, hasSecret: true };
  if (JSON.stringify(seen) !== JSON.stringify(expected)) {
    throw new Error(
      `bench: the page did not pick up the seeded settings (saw ${JSON.stringify(seen)}). The storage keys or ` +
        'the saved shape in scripts/bench.mjs no longer match src/state/persistence.ts.',
    );
  }
}

async function collect(page, count, press) {
  for (let i = 0; i < count; i++) {
    await press(i);
    const got = await page.evaluate(([n, t]) => window.__probe.waitFor(n, t), [i + 1, 5000]);
    if (got < i + 1) throw new Error(`bench: keystroke ${i + 1} changed nothing within 5 s`);
  }
  return page.evaluate(() => window.__probe.samples);
}

async function measureBrowser(browser, baseURL) {
  const results = {};
  for (const rate of RATES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureRun(browser, baseURL, rate));
    results[rate] = Object.fromEntries(
      ['fcp', 'firstLink', 'editP95', 'keyP95'].map((k) => [k, median(runs.map((r) => r[k]))]),
    );
  }
  return results;
}

/**
 * Builds bench/floor/ (the checker's core and nothing else, from the app's own sources) into a temporary folder;
 * returns the folder, to serve and then remove.
 */
async function buildFloor() {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
  await build({
    configFile: false,
    logLevel: 'silent',
    root: resolve('bench/floor'),
    base: './',
    build: { outDir, emptyOutDir: true, target: 'es2022', modulePreload: false },
  });
  return outDir;
}

/**
 * The URLs that open the app on a token: `#token=` and a share link (the same expired token, with the meeting's
 * domain and room), each kept only if the app shows a verdict for it; plus the reference page and the floor page.
 */
async function verdictPages(browser, appURL, referenceURL, floorURL) {
  const now = Math.floor(Date.now() / 1000);
  const token = signHmacToken(
    { ...validClaims({ room: SETTINGS.room }, now), exp: now - 7200, iat: now - 10800 },
    SECRET,
  );
  const share = shareLink.buildShareLink(appURL, {
    token,
    settings: { domain: DOMAIN, room: SETTINGS.room },
    server: {},
  }).href;
  const pages = { reference: `${referenceURL}#token=${token}`, floor: `${floorURL}#token=${token}` };
  const skipped = [];
  for (const [name, url] of [
    ['#token=', `${appURL}#token=${token}`],
    ['#share=', share],
  ]) {
    const probe = await timeVerdict(browser, url, 1, verdictShown, 10_000);
    if (probe) pages[name] = url;
    else skipped.push(name);
  }
  return { pages, skipped };
}

function verdictRows(samples) {
  const rows = [];
  const ref = samples.reference;
  for (const [name, byRate] of Object.entries(samples)) {
    if (name === 'reference') continue;
    for (const [key, label, target] of [
      ['fcp', 'first contentful paint', 1.5],
      ['verdict', 'verdict on screen', 2.0],
    ]) {
      // The floor page is a yardstick too: reported against the reference, without a target of its own.
      if (name === 'floor' && key === 'fcp') continue;
      const row = [name === 'floor' ? 'floor (core checker alone) verdict on screen' : `${name} ${label}`];
      for (const rate of RATES) {
        const app = byRate[rate].map((t) => t[key]);
        const base = ref[rate].map((t) => t[key]);
        const paired = app.map((v, i) => v / base[i]);
        const ofMedians = median(app) / median(base);
        row.push(
          `${ms(median(app))} / ${ms(median(base))}: ${ofMedians.toFixed(2)}× (paired ${median(paired).toFixed(2)}×)`,
        );
      }
      const ratio = median(byRate[1].map((t, i) => t[key] / ref[1][i][key]));
      if (name === 'floor') row.push('report only', '');
      else row.push(`≤ ${target.toFixed(1)}× at 1×`, verdictOf(ratio, target));
      rows.push(row);
    }
  }
  // How far the app is from the floor: the cost of everything but the rules (framework, views, more requests).
  for (const name of Object.keys(samples).filter((n) => n.startsWith('#'))) {
    const row = [`${name} verdict / floor's verdict`];
    for (const rate of RATES) {
      const app = samples[name][rate].map((t) => t.verdict);
      const floor = samples.floor[rate].map((t) => t.verdict);
      row.push(
        `${(median(app) / median(floor)).toFixed(2)}× (paired ${median(app.map((v, i) => v / floor[i])).toFixed(2)}×)`,
      );
    }
    row.push('report only', '');
    rows.push(row);
  }
  return rows;
}

/** Builds the checker core alone (lib mode, as the app bundles it) and times checkToken in Node. */
async function measureCore() {
  const outDir = mkdtempSync(join(tmpdir(), 'bench-core-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        outDir,
        emptyOutDir: true,
        target: 'es2022',
        lib: {
          entry: resolve('src/lib/jitsi/server/prosody-checker.ts'),
          formats: ['es'],
          fileName: () => 'checker.js',
        },
      },
    });
    const { checkToken } = await import(pathToFileURL(join(outDir, 'checker.js')).href);
    const now = 1_767_225_600;
    const claims = validClaims(
      {
        room: SETTINGS.room,
        context: { user: { name: 'Ada', email: 'ada@example.com', moderator: true, affiliation: 'owner' } },
      },
      now,
    );
    const input = (token) => ({
      settings: { app_id: SETTINGS.appId, app_secret: SECRET, signature_algorithm: 'HS256' },
      domain: SETTINGS.domain,
      token,
      room: SETTINGS.room,
      tenant: null,
      now,
    });
    const cases = {
      valid: input(signHmacToken(claims, SECRET)),
      failing: input(
        signHmacToken({ ...claims, room: 'otherroom', exp: now - 600, iat: now - 4200 }, SECRET),
      ),
    };
    const verdicts = {};
    const times = {};
    for (const [name, checkInput] of Object.entries(cases)) {
      for (let i = 0; i < CORE_WARMUP; i++) await checkToken(checkInput);
      const samples = [];
      for (let i = 0; i < CORE_ITERATIONS; i++) {
        const start = performance.now();
        await checkToken(checkInput);
        samples.push(performance.now() - start);
      }
      times[name] = median(samples);
      const { verdict } = await checkToken(checkInput);
      verdicts[name] = verdict.accepted ? 'accepted' : `refused: ${verdict.reason ?? verdict.error}`;
    }
    return { times, verdicts };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

function printTable(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) =>
    `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w, c) => (c === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const verdictOf = (value, target) => (value <= target ? 'ok' : 'over');

const started = performance.now();
// An older build may predate the current module layout: measure it without insisting on today's names.
const sizes = measureDist(DIST, { strict: DIST === 'dist' });
const core = ONLY_VERDICT ? null : await measureCore();
const appServer = await serveDirectory(DIST);
const referenceServer = await serveDirectory('bench/reference');
const floorDir = await buildFloor();
const floorServer = await serveDirectory(floorDir);
const chromiumBrowser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
let browser, paired, skipped, visits;
try {
  const found = await verdictPages(chromiumBrowser, appServer.url, referenceServer.url, floorServer.url);
  skipped = found.skipped;
  paired = await measurePaired(chromiumBrowser, found.pages, { rounds: ROUNDS, rates: RATES, verdictShown });
  visits = {
    plain: await firstVisit(chromiumBrowser, appServer, DIST),
    token: found.pages['#token=']
      ? await firstVisit(chromiumBrowser, appServer, DIST, found.pages['#token='].slice(appServer.url.length))
      : null,
  };
  browser = ONLY_VERDICT ? null : await measureBrowser(chromiumBrowser, appServer.url);
} finally {
  await chromiumBrowser.close();
  await appServer.close();
  await referenceServer.close();
  await floorServer.close();
  rmSync(floorDir, { recursive: true, force: true });
}

const totalJs = sizes.startupJs + sizes.onDemandJs;
const timed = (label, key, target) => [
  label,
  ms(browser[1][key]),
  ms(browser[4][key]),
  `≤ ${target} ms`,
  `${verdictOf(browser[1][key], target)} / ${verdictOf(browser[4][key], target)}`,
];
const unbudgeted = visits.plain.pageScripts.filter((path) => !sizes.startupFiles.includes(path.slice(1)));

printTable([
  ['Measure', 'CPU 1×', 'CPU 4×', 'Target', 'Met'],
  ['JS, all of dist/ (incl. on-demand), gzip -9', kb(totalJs), '', 'report only', ''],
  ['JS chunks in dist/', String(sizes.files.filter((f) => f.kind !== 'css').length), '', 'report only', ''],
  [
    'Startup JS (static count), gzip -9',
    kb(sizes.startupJs),
    '',
    `≤ ${kb(BUDGET.startupJs)}`,
    verdictOf(sizes.startupJs, BUDGET.startupJs),
  ],
  [
    'First visit, no token: JS the page loads before idle',
    `${kb(visits.plain.pageScriptsGzip)} (${visits.plain.pageScripts.length} files)`,
    '',
    `≤ ${kb(BUDGET.startupJs)}`,
    verdictOf(visits.plain.pageScriptsGzip, BUDGET.startupJs) + (unbudgeted.length ? ' (uncounted!)' : ''),
  ],
  [
    'First visit, no token: requests (service worker)',
    `${visits.plain.requests} (${visits.plain.serviceWorkerFetches})`,
    '',
    'report only',
    '',
  ],
  ...(visits.token
    ? [
        [
          'First visit, #token=: requests (service worker)',
          `${visits.token.requests} (${visits.token.serviceWorkerFetches})`,
          '',
          'report only',
          '',
        ],
      ]
    : []),
  ['CSS, dist/ gzip -9', kb(sizes.css), '', `≤ ${kb(BUDGET.css)}`, verdictOf(sizes.css, BUDGET.css)],
  ...verdictRows(paired),
  ...(browser
    ? [
        timed('Generator: first contentful paint', 'fcp', 150),
        timed('Generator: navigation → first token + link', 'firstLink', 150),
        timed(`Edit → token p95 (${EDITS_PER_RUN} edits)`, 'editP95', 16),
        timed(`Keystroke → verdict p95 (${KEYSTROKES_PER_RUN} keys)`, 'keyP95', 16),
      ]
    : []),
  ...(core
    ? [
        [
          'Core decode+check, valid token',
          ms(core.times.valid),
          '',
          '≤ 0.5 ms',
          verdictOf(core.times.valid, 0.5),
        ],
        [
          'Core decode+check, failing token',
          ms(core.times.failing),
          '',
          '≤ 0.5 ms',
          verdictOf(core.times.failing, 0.5),
        ],
      ]
    : []),
]);
console.log(
  `Verdict rows: app median / reference median: their ratio (and the median of the ${ROUNDS} per-round ratios, ` +
    'which "Met" uses; fresh contexts, cold ' +
    'cache, random order in each round). The floor page (bench/floor/) runs the same checker core as the app and ' +
    `nothing else: the least any page giving this verdict must load and run. ${skipped.length ? `Not measured (the app showed no verdict): ${skipped.join(', ')}. ` : ''}` +
    (unbudgeted.length
      ? `Loaded at startup but not counted by check-budget.mjs: ${unbudgeted.join(', ')}. `
      : '') +
    (browser
      ? `Generator rows: median over ${RUNS} fresh contexts per CPU rate (each p95 over one run's keystrokes). `
      : '') +
    (core
      ? `Core: median of ${CORE_ITERATIONS} checkToken calls in Node ${process.version}; valid → ${core.verdicts.valid}, ` +
        `failing → ${core.verdicts.failing}. `
      : '') +
    `Took ${((performance.now() - started) / 1000).toFixed(0)} s.`,
);
