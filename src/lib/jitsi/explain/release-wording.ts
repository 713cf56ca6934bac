// Recognises the wordings only Jitsi's 2020 token code used (rules §15), so a pasted log line or error text can
// say which release line the server runs. A table of wordings; adding a release line is one more row.

/** A release line a server's wording can identify; the same names as the vectors' `input.release`. */
export type RecognisedReleaseLine = 'jitsi-2020';

/** Which release line a text's wording points at, and the words that show it. */
export interface ReleaseWording {
  releaseLine: RecognisedReleaseLine;
  /** The text that identified it, as found. */
  text: string;
}

// @see jitsi-token-rules.md §15 "Messages" and §9 "Older Jitsi releases".
const WORDINGS: readonly { pattern: RegExp; releaseLine: RecognisedReleaseLine }[] = Object.freeze([
  { pattern: /Invalid\s+issuer\s*\(\s*'iss'\s+claim\s*\)/i, releaseLine: 'jitsi-2020' },
  { pattern: /Invalid\s+audience\s*\(\s*'aud'\s+claim\s*\)/i, releaseLine: 'jitsi-2020' },
  { pattern: /'alg'\s+claim\s+must\s+not\s+be\s+empty/i, releaseLine: 'jitsi-2020' },
  // The current code always adds "(N sec since expired…)"; the bare sentence is the 2020 one.
  { pattern: /Not\s+acceptable\s+by\s+exp(?![ \t]*\()/i, releaseLine: 'jitsi-2020' },
  { pattern: /\bInvalid\s+json\b/i, releaseLine: 'jitsi-2020' },
]);

/** The first wording in the text that only an older release line uses, or null. */
export function findReleaseWording(text: string): ReleaseWording | null {
  let best: (ReleaseWording & { at: number }) | null = null;
  for (const { pattern, releaseLine } of WORDINGS) {
    const match = pattern.exec(text);
    if (match && (best === null || match.index < best.at)) {
      best = { releaseLine, text: match[0], at: match.index };
    }
  }
  return best && { releaseLine: best.releaseLine, text: best.text };
}
