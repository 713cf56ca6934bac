// The entry: small, so it runs as soon as it arrives and decides what the first screen needs. Opening on a token
// (#token=, #link=, a share link), it fetches the checker side by side with the app, instead of after it.
// It imports nothing heavy statically (not even Svelte): what it imports must arrive before it can run.
import './app.css';
import { planFirstScreen, opensOnToken } from './state/startup';
import type { PreloadedChecker } from './components/check/checker-on-token';
import { registerOfflineSupport } from './state/offline';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

planFirstScreen(window.location.hash);
// Started before the app's own import, so the checker is fetched side by side with it; the app's first render then
// holds the verdict. If it cannot load, the app mounts without it and loads (and reports) it itself.
const checker: Promise<PreloadedChecker | null> = opensOnToken(window.location.hash)
  ? import('./components/check/checker-on-token').then(
      ({ kit, CheckerPanel }) => ({ kit, panel: CheckerPanel }),
      () => null,
    )
  : Promise.resolve(null);
// index.html preloads the app's chunk (see vite.config.ts), so this import costs no extra round trip.
const app = import('./mount-app');
const [{ mountApp }, preloaded] = await Promise.all([app, checker]);
// Let index.html's static shell paint before the app's first render takes the main thread, unless it already has
// (the usual case: the stylesheet is inline, so the shell paints while the scripts are still on their way).
const hasPainted = performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint');
if (!hasPainted) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
mountApp(target, preloaded);
registerOfflineSupport();
