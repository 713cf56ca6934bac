// Fails the build when the JavaScript a first visit loads before it is idle (no token in the URL, no scrolling),
// or the CSS (inlined into index.html), exceeds the bundle budget (gzip -9). Startup JS = every script index.html
// loads or preloads without a token, the chunks those import, and the chunks the first screen imports on its own
// once painted (EAGER_DYNAMIC). The bench (scripts/bench.mjs) loads the page in Chromium and reports any script
// loaded before idle that is not counted here. Features the user opens, and the checker when a token opens the page, are separate chunks loaded on
// demand; they are listed and summed, and each must stay under its own cap.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = Object.freeze({ startupJs: 120 * 1024, css: 10 * 1024, onDemandChunk: 55 * 1024 });
/** Chunks the first screen imports by itself once painted (by source module): the editors and the QR code. */
const EAGER_DYNAMIC = Object.freeze([
  'src/lib/editor/create-json-editor.ts',
  'src/components/generate/QrCode.svelte',
]);

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

/** Measures dist/: startup JS, on-demand JS chunks and CSS, all gzip -9. */
export function measureDist(dir = 'dist', { strict = true } = {}) {
  const manifest = JSON.parse(readFileSync(join(dir, '.vite', 'manifest.json'), 'utf8'));
  const startup = new Set();
  const visit = (key) => {
    const entry = manifest[key];
    if (!entry || startup.has(entry.file)) return;
    startup.add(entry.file);
    for (const imported of entry.imports ?? []) visit(imported);
  };
  const byFile = new Map(Object.entries(manifest).map(([key, entry]) => [entry.file, key]));
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  // What index.html loads: its scripts and preloads, and the preloads its inline script adds on a page opened
  // without a token (data-otherwise, vite.config.ts).
  const linked = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\.\/([^"]+\.js)"/g)].map(
    ([, file]) => file,
  );
  const preloaded = [...html.matchAll(/\bdata-otherwise="([^"]*)"/g)].flatMap(([, list]) =>
    list.split(' ').map((file) => file.replace(/^\.\//, '')),
  );
  if (preloaded.length === 0) throw new Error('check-budget: index.html has no data-otherwise preload list');
  for (const file of [...linked, ...preloaded]) {
    if (!byFile.has(file))
      throw new Error(`check-budget: index.html loads ${file}, which the manifest does not list`);
    visit(byFile.get(file));
  }
  for (const key of EAGER_DYNAMIC) {
    if (!manifest[key] && strict) throw new Error(`check-budget: no chunk for ${key}; update EAGER_DYNAMIC`);
    visit(key);
  }

  const totals = { startupJs: 0, onDemandJs: 0, css: 0, files: [] };
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        if (name !== '.vite') walk(path);
        continue;
      }
      const relative = path.slice(dir.length + 1);
      if (name.endsWith('.css')) {
        const size = gz(path);
        totals.css += size;
        totals.files.push({ path: relative, kind: 'css', size });
      } else if (name.endsWith('.js') && name !== 'sw.js') {
        const size = gz(path);
        const kind = startup.has(relative) ? 'startup' : 'on-demand';
        if (kind === 'startup') totals.startupJs += size;
        else totals.onDemandJs += size;
        totals.files.push({ path: relative, kind, size });
      }
    }
  };
  walk(dir);
  // The stylesheet is inlined into index.html (vite.config.ts): count it there.
  for (const [, css] of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
    const size = gzipSync(css, { level: 9 }).length;
    totals.css += size;
    totals.files.push({ path: 'index.html <style>', kind: 'css', size });
  }
  return { ...totals, startupFiles: [...startup] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const totals = measureDist();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of totals.files.sort((a, b) => b.size - a.size)) {
    console.log(`  ${kb(f.size).padStart(9)}  ${f.kind.padEnd(9)}  ${f.path}`);
  }
  console.log(
    `Startup JS ${kb(totals.startupJs)} gz (budget ${kb(BUDGET.startupJs)}); on-demand JS ${kb(totals.onDemandJs)} gz; ` +
      `CSS ${kb(totals.css)} gz (budget ${kb(BUDGET.css)})`,
  );
  const tooBig = totals.files.filter((f) => f.kind === 'on-demand' && f.size > BUDGET.onDemandChunk);
  if (totals.startupJs > BUDGET.startupJs || totals.css > BUDGET.css || tooBig.length > 0) {
    for (const f of tooBig) console.error(`On-demand chunk over ${kb(BUDGET.onDemandChunk)}: ${f.path}`);
    console.error('Bundle budget exceeded.');
    process.exit(1);
  }
}
