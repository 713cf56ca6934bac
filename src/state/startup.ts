// The first screen's schedule. When the page opens on a token (`#token=`, `#link=` or a share link), the verdict
// is what the first screen is for: index.html preloads the checker's core and main.ts runs it at once, and work that can wait (the editors, the
// on-demand views, the service worker's downloads) waits until the verdict is painted and the page is idle.

// With something after the "=": an empty #token= opens the plain check view (lib/share/app-fragment.ts).
// index.html's preload script tests it too (vite.config.ts), so it must stay a plain regular expression.
export const OPENING = /^#(token|link|share)=./;
// A verdict that never comes (a link the app cannot read) must not hold the editors back for long.
const VERDICT_WAIT_MS = 3000;

let waitsForVerdict = false;
let markVerdict: () => void = () => {};
const verdictShown = new Promise<void>((resolve) => (markVerdict = resolve));

/** True when a URL fragment opens the app on something to check. */
export function opensOnToken(hash: string): boolean {
  return OPENING.test(hash);
}

/** Called once by main.ts before the app mounts: whether the first screen is a verdict. */
export function planFirstScreen(hash: string): void {
  waitsForVerdict = opensOnToken(hash);
}

/** The checker reports each result it sets; the first one is the first screen's verdict. */
export function noteVerdict(): void {
  markVerdict();
}

/**
 * Resolves once the first screen is painted and the page is idle: after the verdict when the page opened on a
 * token (or after a few seconds if none comes), after the first frame otherwise.
 */
export async function afterFirstScreen(): Promise<void> {
  if (waitsForVerdict) {
    await Promise.race([verdictShown, new Promise((resolve) => setTimeout(resolve, VERDICT_WAIT_MS))]);
  }
  await new Promise((resolve) => requestAnimationFrame(resolve));
  await new Promise((resolve) =>
    'requestIdleCallback' in window
      ? requestIdleCallback(resolve, { timeout: 400 })
      : setTimeout(resolve, 50),
  );
}
