// The browser the e2e tests and the bench drive: Debian's Chromium (Playwright's own download is not used), and
// the flags both launch it with.

/** The Chromium executable; `CHROMIUM_PATH` overrides the Debian default. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Launch flags: headless, and quiet: without the background-networking ones Chromium keeps calling out. */
export const CHROMIUM_ARGS = Object.freeze([
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]);
