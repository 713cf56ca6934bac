// Time to verdict, paired: the built app opened with a token in its URL against bench/reference/, the least page
// that can show a verdict, each round in fresh (cold-cache) browser contexts, at several CPU slow-downs. Both are
// served by the same small static server, which also counts what a visit fetches.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` on 127.0.0.1 (index.html for `/`), with the same headers for every page measured. `log` lists each
 * request with its time and Sec-Fetch-Dest ('script', 'style', 'document' for the page; 'empty' for the service
 * worker's fetches, since the page itself may not fetch: connect-src 'none').
 */
export function serveDirectory(root) {
  const base = resolve(root);
  const log = [];
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    let file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(base) || !existsSync(file) || statSync(file).isDirectory()) file = '';
    log.push({
      path,
      at: performance.now(),
      dest: request.headers['sec-fetch-dest'] ?? '',
      found: file !== '',
    });
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolveServer) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolveServer({
        url: `http://127.0.0.1:${port}/`,
        log,
        close: () => new Promise((done) => server.close(done)),
      });
    });
  });
}

// Runs in the page before any of its scripts: notes first contentful paint, and the frame in which the verdict
// marker first shows (the animation frame after the DOM change, i.e. the frame that paints it).
function instrument(isShown) {
  window.__verdictBench = { fcp: null, verdictDom: null, verdict: null, text: '' };
  const bench = window.__verdictBench;
  const observer = new MutationObserver(() => {
    if (bench.verdictDom !== null || !isShown()) return;
    bench.verdictDom = performance.now();
    bench.text = document.querySelector('[role=status][data-testid=verdict]').textContent.trim();
    observer.disconnect();
    requestAnimationFrame(() => (bench.verdict = performance.now()));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'first-contentful-paint') bench.fcp = entry.startTime;
    }
  }).observe({ type: 'paint', buffered: true });
}

/**
 * Opens `url` in a fresh context at `cpuRate`, waits for the verdict (`verdictShown`, test/e2e/verdict-marker.ts);
 * null when none shows within `timeout`.
 */
export async function timeVerdict(browser, url, cpuRate, verdictShown, timeout = 15_000) {
  const context = await browser.newContext();
  try {
    // As source text, not an argument: the app's CSP forbids eval, so the marker cannot be rebuilt from a string.
    await context.addInitScript({ content: `(${instrument})(${verdictShown});` });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    await page.goto(url);
    const shown = await page
      .waitForFunction(
        () => window.__verdictBench.verdict !== null && window.__verdictBench.fcp !== null,
        null,
        {
          timeout,
        },
      )
      .then(() => true)
      .catch(() => false);
    return shown ? await page.evaluate(() => window.__verdictBench) : null;
  } finally {
    await context.close();
  }
}

const shuffle = (items) => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/**
 * Paired rounds: in each round and at each CPU rate, every page in `pages` (name → URL) is opened once, in random
 * order, so drifts of the shared machine hit all of them alike. Returns name → rate → list of timings.
 */
export async function measurePaired(browser, pages, { rounds, rates, verdictShown }) {
  const samples = Object.fromEntries(
    Object.keys(pages).map((name) => [name, Object.fromEntries(rates.map((r) => [r, []]))]),
  );
  for (let round = 0; round < rounds; round++) {
    for (const rate of rates) {
      for (const name of shuffle(Object.keys(pages))) {
        const timing = await timeVerdict(browser, pages[name], rate, verdictShown);
        if (!timing)
          throw new Error(`bench: ${name} showed no verdict at CPU ${rate}× (${pages[name].slice(0, 80)}…)`);
        samples[name][rate].push(timing);
      }
    }
  }
  return samples;
}

/** Waits until the server has seen no request for `quietMs` (at most `maxMs`). */
export async function waitQuiet(log, quietMs = 1500, maxMs = 20_000) {
  const start = performance.now();
  for (;;) {
    const last = log.at(-1)?.at ?? start;
    const now = performance.now();
    if (now - last >= quietMs || now - start >= maxMs) return;
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * One first visit, without scrolling: what the page itself loads before it is idle (scripts and styles, gzip -9
 * sizes of the files in `dist`) and everything fetched until the network has been quiet for a while (the service
 * worker's caching included). `server` must serve `dist`.
 */
export async function firstVisit(browser, server, dist, path = '') {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const from = server.log.length;
    await page.goto(server.url + path, { waitUntil: 'load' });
    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(), { timeout: 5000 })));
    await waitQuiet(server.log);
    const requests = server.log.slice(from);
    const pageScripts = [...new Set(requests.filter((r) => r.dest === 'script').map((r) => r.path))];
    const gz = (path) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
    return {
      requests: requests.length,
      serviceWorkerFetches: requests.filter((r) => r.dest === 'empty').length,
      pageScripts,
      pageScriptsGzip: pageScripts.reduce((sum, path) => sum + gz(path), 0),
    };
  } finally {
    await context.close();
  }
}
