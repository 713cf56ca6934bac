// The app's own URL fragment: which view is open (`#check`, `#generate`) and what to open straight into the check
// (`#token=<jwt>`, `#link=<meeting URL>`), read like jwt.io's `#token=`. Fragments never reach a server.
// Share links (`#share=…`) are read by share-link.ts.

/** The two jobs of the page, each its own view. */
export type PageMode = 'check' | 'generate';

/** What a fragment asks for. */
export type AppFragment =
  | { kind: 'mode'; mode: PageMode }
  | { kind: 'check-text'; text: string; from: 'token' | 'link' }
  | { kind: 'share' }
  | { kind: 'none' };

const MODES: readonly PageMode[] = Object.freeze(['check', 'generate']);

/** Reads a location hash (`#…`, or `''`). Never throws. */
export function readAppFragment(hash: string): AppFragment {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body.startsWith('share=')) return { kind: 'share' };
  for (const from of ['token', 'link'] as const) {
    if (!body.startsWith(`${from}=`)) continue;
    const text = decodeValue(body.slice(from.length + 1), from);
    return text.trim() === '' ? { kind: 'mode', mode: 'check' } : { kind: 'check-text', text, from };
  }
  const mode = MODES.find((m) => m === body);
  return mode ? { kind: 'mode', mode } : { kind: 'none' };
}

/** The fragment that opens `mode`. */
export function modeFragment(mode: PageMode): string {
  return `#${mode}`;
}

// A token is base64url and needs no encoding, but chat tools and `encodeURIComponent` escape its characters; a link
// is decoded only when it was encoded as a whole (`https%3A%2F%2F…`), so a raw link keeps its own `%20`s.
function decodeValue(value: string, from: 'token' | 'link'): string {
  if (from === 'link' && !/^https?%3A/i.test(value)) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
