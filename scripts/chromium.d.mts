// Types for scripts/chromium.mjs, so playwright.config.ts can import it with allowJs off.

/** The Chromium executable; `CHROMIUM_PATH` overrides the Debian default. */
export declare const CHROMIUM_PATH: string;

/** Launch flags shared by the e2e tests and the bench. */
export declare const CHROMIUM_ARGS: readonly string[];
