// Mounts the app: the one module main.ts imports for it, so Svelte and the app arrive as one chunk (see
// vite.config.ts) that index.html preloads when the page opens without a token.
import { mount } from 'svelte';
import App from './App.svelte';
import type { PreloadedChecker } from './components/check/preloaded-checker';

/** Replaces the static shell in `target` with the app; `preloaded`: the checker, when main.ts fetched it. */
export function mountApp(target: HTMLElement, preloaded: PreloadedChecker | null = null): void {
  // index.html holds a static shell so something useful paints before the JavaScript has run; the app replaces it.
  target.replaceChildren();
  mount(App, { target, props: { preloaded } });
}
