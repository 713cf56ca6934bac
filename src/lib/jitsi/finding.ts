// The shape of one thing the checker found: what Jitsi does, why, how to fix it, and where in the token.
// Shaped to map straight onto a CodeMirror Diagnostic. Holds no rules (see prosody-rules.ts).

/** How bad a finding is: `error` means Jitsi refuses the token; `warning` means it is accepted but likely wrong. */
export type Severity = 'error' | 'warning' | 'info';

/** Where a finding points: the first key names the place, the rest is the JSON path inside it. */
export type FindingPath = readonly [
  'header' | 'payload' | 'signature' | 'token' | 'settings' | 'url' | 'key',
  ...(string | number)[],
];

/** One finding, with a stable rule id that is never renamed once shipped. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** What is wrong, in plain words. */
  message: string;
  /** How to fix it. */
  hint: string;
  /** The claim or setting it concerns, or null when it concerns the whole token. */
  path: FindingPath | null;
  /** The Jitsi code this mirrors (file and function), for the curious. */
  source: string;
}
