// Registers the build's service worker so the app works offline after one visit. Only in production builds
// and only where service workers exist (not from file://, where the app still works, online-free). Registering
// starts the worker's downloads, so it waits until the page has loaded and its first screen is done.
import { afterFirstScreen } from './startup';

/** Registers ./sw.js once the page is loaded and idle; failures are not the user's problem and are ignored. */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  const loaded =
    document.readyState === 'complete'
      ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  void loaded
    .then(afterFirstScreen)
    .then(() => navigator.serviceWorker.register('./sw.js'))
    .catch(() => {
      // Private windows and some browsers refuse service workers: the app simply stays online-only.
    });
}
