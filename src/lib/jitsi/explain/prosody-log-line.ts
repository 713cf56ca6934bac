// What a prosody log line says on its own: the refusal it carries (stage, err, reason) and whether the log cut a
// token short (`eyJhbGciOiJIU[...]PZBgw`). Pure text scanning; the paste reader decides what to do with it.

/** Prosody's own verdict, when the paste holds one of its log lines. */
export interface ServerLogMessage {
  /** `auth`: "Error verifying token" at connect time; `muc`: "not allowed to join" at room join. */
  stage: 'auth' | 'muc';
  /** The text after `err:`; null when the line names none (older `Token … not allowed to join: room` lines). */
  error: string | null;
  /** The text after `reason:`; null when the line names none. */
  reason: string | null;
}

/**
 * Prosody's refusal in a log: "Error verifying token err:%s, reason:%s tenant:%s room:%s user_agent:%s" (auth) and
 * "Token %s not allowed to join: %s err: %s reason: %s" (muc; older releases stop after the room address).
 */
export function findServerMessage(text: string): ServerLogMessage | null {
  const auth = text.indexOf('Error verifying token err:');
  if (auth !== -1) {
    const line = lineFrom(text, auth + 'Error verifying token err:'.length);
    const reasonAt = line.indexOf(', reason:');
    if (reasonAt !== -1) {
      const rest = line.substring(reasonAt + ', reason:'.length);
      const tenantAt = rest.indexOf(' tenant:');
      return {
        stage: 'auth',
        error: line.substring(0, reasonAt).trim(),
        reason: (tenantAt === -1 ? rest : rest.substring(0, tenantAt)).trim(),
      };
    }
  }
  const muc = text.indexOf(' not allowed to join: ');
  if (muc !== -1) {
    const line = lineFrom(text, muc);
    const errAt = line.indexOf(' err: ');
    const reasonAt = line.indexOf(' reason: ', errAt + 1);
    if (errAt !== -1 && reasonAt !== -1) {
      return {
        stage: 'muc',
        error: line.substring(errAt + ' err: '.length, reasonAt).trim(),
        reason: line.substring(reasonAt + ' reason: '.length).trim(),
      };
    }
    // Older mod_token_verification logs only "Token … not allowed to join: room@muc/nick".
    const before = text.lastIndexOf('Token ', muc);
    if (before !== -1 && !/[\n\r]/.test(text.substring(before, muc))) {
      return { stage: 'muc', error: null, reason: null };
    }
  }
  return null;
}

function lineFrom(text: string, start: number): string {
  const end = text.slice(start).search(/[\n\r]/);
  return end === -1 ? text.substring(start) : text.substring(start, start + end);
}

// How logs shorten a long value: `[...]`, `(truncated)`, or `...`/`…` with the token's end right after it. A bare
// ellipsis after a whole three-part token is the sentence's, not the log's.
const BRACKETED_MARK = /^(?:\[(?:\.{2,}|…)\]|[[(<]truncated[\])>])/i;
const ELLIPSIS_MARK = /^(?:\.{2,}|…)/;
const TAIL = /^[A-Za-z0-9_-]*/;
// Three dots inside a run of token characters: the middle was cut out (a JWT has single dots between parts).
const INNER_ELLIPSIS = /\.{3}/;

// Where a token run from `at` to `runEnd` (trailing dots included up to `end`) was cut by the log: the index after
// the marker and any tail of token characters, or null when the run was not cut.
function truncationAt(text: string, at: number, runEnd: number, end: number): number | null {
  const from = end - runEnd >= 2 ? runEnd : end;
  const ahead = text.substring(from, from + 20);
  const mark = BRACKETED_MARK.exec(ahead) ?? ELLIPSIS_MARK.exec(ahead);
  if (!mark) return null;
  const after = from + mark[0].length;
  const tail = TAIL.exec(text.substring(after, after + 600))?.[0].length ?? 0;
  if (!BRACKETED_MARK.test(ahead) && tail === 0) {
    // `eyJa.eyJb.sig... and then`: whole, the dots end the sentence; `eyJab...` (one part) is cut all the same.
    if (text.substring(at, runEnd).split('.').length >= 3) return null;
  }
  return after + tail;
}

/**
 * The piece of a token run the log kept when it shortened the token, or null when the run is whole. `run` holds the
 * token characters read from `at` (joined across line breaks, trailing dots included); a marker after the run counts
 * only when the run stands in the text as it is.
 */
export function truncatedPiece(text: string, at: number, run: string): string | null {
  const whole = run.replace(/\.+$/, '');
  if (INNER_ELLIPSIS.test(whole)) return whole;
  if (!text.startsWith(run, at)) return null;
  const cut = truncationAt(text, at, at + whole.length, at + run.length);
  return cut === null ? null : text.substring(at, cut);
}
