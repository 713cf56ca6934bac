// Types for scripts/check-budget.mjs, so the browser tests can import it with allowJs off.

/** The budget, in bytes of gzip -9. */
export declare const BUDGET: Readonly<{ startupJs: number; css: number; onDemandChunk: number }>;

/** One measured file of dist/. */
export interface MeasuredFile {
  path: string;
  kind: 'startup' | 'on-demand' | 'css';
  size: number;
}

/** Sizes of dist/ (gzip -9) and the files counted as startup JS, relative to dist/. */
export declare function measureDist(
  dir?: string,
  options?: { strict?: boolean },
): {
  startupJs: number;
  onDemandJs: number;
  css: number;
  files: MeasuredFile[];
  startupFiles: string[];
};
