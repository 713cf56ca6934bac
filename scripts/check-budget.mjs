// Fails the build when the JavaScript or CSS in dist/ exceeds the bundle budget (gzip -9, all files).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = Object.freeze({ js: 110 * 1024, css: 10 * 1024 });

/** Sums the gzip -9 sizes of every .js and .css file under `dir`. */
export function measureDist(dir = 'dist') {
  const totals = { js: 0, css: 0, files: [] };
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(js|css)$/.test(name)) {
        const size = gzipSync(readFileSync(path), { level: 9 }).length;
        const kind = name.endsWith('.js') ? 'js' : 'css';
        totals[kind] += size;
        totals.files.push({ path, kind, size });
      }
    }
  };
  walk(dir);
  return totals;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const totals = measureDist();
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of totals.files.sort((a, b) => b.size - a.size))
    console.log(`  ${kb(f.size).padStart(9)}  ${f.path}`);
  console.log(
    `JS ${kb(totals.js)} gz (budget ${kb(BUDGET.js)}), CSS ${kb(totals.css)} gz (budget ${kb(BUDGET.css)})`,
  );
  if (totals.js > BUDGET.js || totals.css > BUDGET.css) {
    console.error('Bundle budget exceeded.');
    process.exit(1);
  }
}
