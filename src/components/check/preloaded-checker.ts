// What main.ts hands to the app's first render when the page opens on a token: the checker's core and its results
// panel, fetched once the first verdict is drawn, and that first verdict (state/first-verdict.ts), so the app's
// first frame holds the same result in the same place.
import type { CheckerKit } from '../../state/checker.svelte';
import type { FirstVerdict } from '../../state/first-verdict';
import type CheckerPanel from './CheckerPanel.svelte';

export interface PreloadedChecker {
  kit: CheckerKit;
  panel: typeof CheckerPanel;
  /** The first verdict main.ts drew before the app, if it drew one. */
  first?: FirstVerdict | null;
}
