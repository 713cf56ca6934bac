// Mounts the app: the one module main.ts imports for it, so Svelte and the app arrive as one chunk (see
// vite.config.ts) that index.html preloads.
import { mount } from 'svelte';
import App from './App.svelte';

/** Replaces the static shell in `target` with the app. */
export function mountApp(target: HTMLElement): void {
  // index.html holds a static shell so something useful paints before the JavaScript has run; the app replaces it.
  target.replaceChildren();
  mount(App, { target });
}
