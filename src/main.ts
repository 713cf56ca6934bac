// The entry: small, so it runs as soon as it arrives and decides what the first screen needs. Opening on a token
// (#token=, #link=, a share link), it fetches the checker side by side with the app, instead of after it.
// It imports nothing heavy statically (not even Svelte): what it imports must arrive before it can run.
import './app.css';
import { planFirstScreen, opensOnToken } from './state/startup';
import { registerOfflineSupport } from './state/offline';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

planFirstScreen(window.location.hash);
if (opensOnToken(window.location.hash)) {
  // Same modules App.svelte imports when it checks; started now, they are ready (or nearly) when it asks.
  void import('./state/checker-kit');
  void import('./components/check/CheckerPanel.svelte');
}
// index.html preloads the app's chunk (see vite.config.ts), so this import costs no extra round trip.
const app = import('./mount-app');
// Let index.html's static shell paint before the app's first render takes the main thread.
await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
(await app).mountApp(target);
registerOfflineSupport();
