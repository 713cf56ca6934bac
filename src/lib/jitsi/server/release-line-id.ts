// The names of the Jitsi release lines the checker can answer for, apart from their behaviour (release-lines.ts) so
// that saved settings and share links can be validated without loading the checker.

/** A Jitsi release line: `current` (token code since mid-2021) or `jitsi-2020` (before the June 2021 fix). */
export type ReleaseLineId = 'current' | 'jitsi-2020';

/** Every release line id, newest first. */
export const RELEASE_LINE_IDS: readonly ReleaseLineId[] = Object.freeze(['current', 'jitsi-2020']);

/** The line a check answers for when none is named (the vector format's absent `release`). */
export const DEFAULT_RELEASE_LINE: ReleaseLineId = 'current';

/** True for a known release line id (saved settings, share links and vector files are untrusted). */
export function isReleaseLineId(value: unknown): value is ReleaseLineId {
  return typeof value === 'string' && (RELEASE_LINE_IDS as readonly string[]).includes(value);
}
