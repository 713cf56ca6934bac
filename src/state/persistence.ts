// Saving what the user typed across reloads. Settings and panes go to localStorage; the secret goes nowhere
// unless the user opts in, and then only to sessionStorage (this tab). Private keys are never saved.

import { sharedCheckText } from '../lib/share/share-link';

const SETTINGS_KEY = 'jitsi-token-workbench:v1';
const SECRET_KEY = 'jitsi-token-workbench:secret';

/** The part of the workbench that survives a reload. */
export interface SavedState {
  settings?: unknown;
  server?: unknown;
  headerText?: string;
  payloadText?: string;
  checkInput?: string;
  rememberSecret?: boolean;
}

function storage(kind: 'local' | 'session'): Storage | null {
  try {
    return kind === 'local' ? window.localStorage : window.sessionStorage;
  } catch {
    // Storage can be disabled (privacy settings, sandboxed iframes, file: URLs in some browsers).
    return null;
  }
}

/** Reads the saved state, or an empty object when there is none or it is unreadable. */
export function loadSavedState(): SavedState {
  const raw = storage('local')?.getItem(SETTINGS_KEY);
  if (!raw) return {};
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null ? (value as SavedState) : {};
  } catch {
    return {};
  }
}

/**
 * Opens this page's storage ahead of its first real read: the browser loads it on first use, a few milliseconds
 * that main.ts has spent while the page waits for the checker's core rather than on the way to the first verdict.
 */
export function openStorage(): void {
  try {
    storage('local')?.getItem(SETTINGS_KEY);
  } catch {
    // Unreadable storage is read (and handled) again where it matters.
  }
}

/** Writes the saved state; a full or disabled storage is not an error worth showing. */
export function saveState(state: SavedState): void {
  try {
    storage('local')?.setItem(SETTINGS_KEY, JSON.stringify(state));
  } catch {
    // Quota exceeded: keep working without persistence.
  }
}

/** The largest pasted text kept across a reload; a bigger paste is not worth a synchronous storage write. */
const MAX_SAVED_INPUT = 200_000;

let pending: SavedState | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let isFlushedOnHide = false;

function flush(): void {
  clearTimeout(timer);
  if (pending) saveState(pending);
  pending = null;
}

/**
 * Saves `state` a moment after the last change rather than on every keystroke (serialising and writing
 * storage is synchronous work), and at once when the page is hidden or closed.
 */
export function scheduleSave(state: SavedState): void {
  if (state.checkInput !== undefined && state.checkInput.length > MAX_SAVED_INPUT) {
    state = { ...state, checkInput: '' };
  }
  if (!isFlushedOnHide) {
    window.addEventListener('pagehide', flush);
    isFlushedOnHide = true;
  }
  pending = state;
  clearTimeout(timer);
  timer = setTimeout(flush, 400);
}

/**
 * What the page starts from: a shared link (`#share=…`) wins over what this browser saved, since it is what a
 * colleague asked us to look at; its panes start from the template, its token (in its meeting link) goes to the checker.
 */
export function loadInitialState(
  shared: {
    settings: unknown;
    server: unknown;
    token: string | null;
    meetingLink: string | null;
  } | null,
): SavedState {
  const stored = loadSavedState();
  if (!shared) return stored;
  return {
    ...stored,
    settings: shared.settings,
    server: shared.server,
    checkInput: sharedCheckText(shared),
    headerText: undefined,
    payloadText: undefined,
  };
}

/** Reads the secret remembered for this tab, if the user opted in. */
export function loadTabSecret(): string {
  return storage('session')?.getItem(SECRET_KEY) ?? '';
}

/** Remembers the secret for this tab only, or forgets it (`null`). */
export function saveTabSecret(secret: string | null): void {
  try {
    const s = storage('session');
    if (secret === null) s?.removeItem(SECRET_KEY);
    else s?.setItem(SECRET_KEY, secret);
  } catch {
    // Ignore: remembering is a convenience.
  }
}
