// Maps checker findings onto editor diagnostics: a Finding's JSON path becomes a character range in the header
// or payload text. Deliberately free of CodeMirror imports, so the state layer can call it from the main chunk
// without pulling in the editor chunk (see create-json-editor.ts).

import type { Finding, Severity } from '../jitsi/finding';
import { locateJsonPath, type JsonLocation } from './json-positions';

/** A diagnostic for a JSON pane: a plain record that is also a valid CodeMirror lint `Diagnostic`. */
export interface EditorDiagnostic {
  from: number;
  to: number;
  severity: Severity;
  message: string;
  /** Shown under the message in the editor tooltip; we put the finding's rule id here. */
  source?: string;
}

/** The token segments that have a JSON pane. */
export type JsonSegmentName = 'header' | 'payload';

/**
 * What to underline for a located value: a scalar itself; for an object or array, its property name (or its
 * opening bracket), because underlining a whole multi-line block hides the text it is meant to point at.
 */
function rangeOf(location: JsonLocation): { from: number; to: number } {
  if (location.kind !== 'object' && location.kind !== 'array')
    return { from: location.from, to: location.to };
  if (location.keyFrom !== undefined && location.keyTo !== undefined) {
    return { from: location.keyFrom, to: location.keyTo };
  }
  return { from: location.from, to: location.from + 1 };
}

/** Finds the range for a claim path; an absent claim points at the opening brace of its nearest present parent. */
function rangeForPath(text: string, keys: readonly (string | number)[]): { from: number; to: number } {
  const location = locateJsonPath(text, keys);
  if (location !== null) return rangeOf(location);
  for (let depth = keys.length - 1; depth >= 0; depth--) {
    const parent = locateJsonPath(text, keys.slice(0, depth));
    if (parent === null) continue;
    // A scalar where an object should be is itself the problem (`"context": "x"` for context.user.name).
    if (parent.kind !== 'object' && parent.kind !== 'array') return { from: parent.from, to: parent.to };
    return { from: parent.from, to: parent.from + 1 };
  }
  // No JSON value at all (an empty pane): a point at the start is all there is.
  return { from: 0, to: 0 };
}

/**
 * Turns the findings that point into `segment` into diagnostics over `text` (that segment's JSON); findings about
 * other parts of the token, or about the token as a whole, are skipped because this pane cannot show them.
 */
export function findingsToDiagnostics(
  text: string,
  findings: readonly Finding[],
  segment: JsonSegmentName,
): EditorDiagnostic[] {
  const diagnostics: EditorDiagnostic[] = [];
  for (const finding of findings) {
    if (finding.path === null || finding.path[0] !== segment) continue;
    const { from, to } = rangeForPath(text, finding.path.slice(1));
    const message = finding.hint ? `${finding.message} ${finding.hint}` : finding.message;
    diagnostics.push({ from, to, severity: finding.severity, message, source: finding.ruleId });
  }
  return diagnostics;
}
