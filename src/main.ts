// The entry: small, and a deferred module script (index.html), so it runs once the static shell is parsed and
// decides what the first screen needs. Opening on a token (#token=, #link=, a share link), it has the verdict drawn
// first by the checker's core alone, then mounts the app with the checker's code and that verdict handed over.
// It imports nothing heavy statically (not even Svelte): what it imports must arrive before it can run.
import './app.css';
import { planFirstScreen, opensOnToken } from './state/startup';
import type { PreloadedChecker } from './components/check/preloaded-checker';
import type { FirstVerdict } from './state/first-verdict';
import { registerOfflineSupport } from './state/offline';

const hash = window.location.hash;
const isOnToken = opensOnToken(hash);
planFirstScreen(hash);
// Opened on a token, the verdict comes first: the checker's core alone (one chunk, no framework) checks it as the
// app will, and draws it in the app's frame where the app's verdict will be. Any failure here only means the app
// gives the verdict itself, a moment later.
const first: Promise<FirstVerdict | null> = isOnToken
  ? import('./components/check/first-verdict-view')
      .then(async ({ firstVerdict, showFirstVerdict }) => {
        const verdict = await firstVerdict(hash, Math.floor(Date.now() / 1000));
        const target = document.getElementById('app');
        if (!verdict || !target) return null;
        showFirstVerdict(target, verdict);
        // Nothing else starts until the verdict is painted: the chunks fetched next would be compiled and run
        // before the frame that shows it.
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return verdict;
      })
      .catch(() => null)
  : Promise.resolve(null);
// The first verdict reads the saved settings, and the browser loads storage on first use: that is done while the
// page is idle waiting for the checker's core, not on the way to the verdict.
if (isOnToken && 'requestIdleCallback' in window)
  requestIdleCallback(() => void import('./state/persistence').then(({ openStorage }) => openStorage()));
// The checker's views, for the app's first render to hold the verdict too (fetched once the first verdict is
// drawn, so they do not compete with it). If they cannot load, the app loads (and reports) them itself.
const checker: Promise<PreloadedChecker | null> = isOnToken
  ? first
      .then(() =>
        Promise.all([import('./state/checker-kit'), import('./components/check/CheckerPanel.svelte')]),
      )
      .then(
        ([kit, panel]) => ({ kit, panel: panel.default }),
        () => null,
      )
  : Promise.resolve(null);
// Without a token, index.html preloads the app's chunks (see vite.config.ts), so this import costs no extra round
// trip. Opened on a token, index.html preloads the checker's core instead, and the app's code is fetched and
// evaluated only once the first verdict is drawn, so that it does not compete with it.
const app = isOnToken ? first.then(() => import('./mount-app')) : import('./mount-app');
const [{ mountApp }, preloaded, firstShown] = await Promise.all([app, checker, first]);
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
// Let the static shell paint before the app's first render takes the main thread, unless it already has (the
// stylesheet is inline, so the shell usually paints while scripts load; a first verdict waited for its own frame).
const hasPainted = performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint');
if (!hasPainted) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
mountApp(target, preloaded && { ...preloaded, first: firstShown });
registerOfflineSupport();
