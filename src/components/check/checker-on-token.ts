// The checker's core and its results panel behind one import(), so that main.ts fetches them in one go (one
// small module and the checker's chunk, see vite.config.ts) when the page opens on a token, and hands them to the
// app's first render (App.svelte, PreloadedChecker in state/startup.ts).
import * as kit from '../../state/checker-kit';
import type { FirstVerdict } from '../../state/first-verdict';
import CheckerPanel from './CheckerPanel.svelte';

export { kit, CheckerPanel };

/** What main.ts hands to the app's first render when it fetched this module. */
export interface PreloadedChecker {
  kit: typeof kit;
  panel: typeof CheckerPanel;
  /** The first verdict main.ts drew before the app (state/first-verdict.ts), if it drew one. */
  first?: FirstVerdict | null;
}
