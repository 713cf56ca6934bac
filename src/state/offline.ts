// Registers the build's service worker so the app works offline after one visit. Only in production builds
// and only where service workers exist (not from file://, where the app still works but only online-free).

/** Registers ./sw.js; failures are not the user's problem and are ignored. */
export function registerOfflineSupport(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) return;
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('./sw.js').catch(() => {
      // Private windows and some browsers refuse service workers: the app simply stays online-only.
    });
  });
}
