// Reads whatever a tester pastes into "Token or meeting URL": a bare token, a meeting link, an Authorization header,
// a prosody log line or any text holding a token, and says what was done to get the token out.
// Does not decode or check the token, and never throws. Scans are linear (no nested quantifiers on pasted text).

import { isInvisibleCharacter, parseMeetingUrl } from '../client/client-room';
import { isJwtNameVariant, tokenFromUrl, type UrlTokenWarning } from '../client/client-token-url';
import { findServerMessage, truncatedPiece, type ServerLogMessage } from './prosody-log-line';

/** What kind of text was pasted. `log` means a token found inside other text (a log line, a BOSH address…). */
export type PasteForm = 'token' | 'link' | 'bearer' | 'log' | 'unknown';

/** The meeting a pasted link points at, as the web client reads it. */
export interface PastedLink {
  /** The meeting page's address: origin and path, without query or fragment (so without the token). */
  address: string;
  /** The host name without port (IDN hosts in their `xn--` form). */
  domain: string;
  tenant: string | null;
  room: string | null;
  backendRoom: string | null;
  backendTenant: string | null;
  isJaasMeeting: boolean;
}

/** What was read from a paste. */
export interface PasteReading {
  /** The token to decode, or null when none was found. */
  token: string | null;
  link: PastedLink | null;
  form: PasteForm;
  /** What was done to the text, in plain words (e.g. "Removed 2 line breaks from the token."). */
  notes: string[];
  /** What the web client would do with the token in a pasted link (empty for other forms). */
  clientWarnings: UrlTokenWarning[];
  serverMessage: ServerLogMessage | null;
  /**
   * A token the log shortened (`eyJhbGciOiJIU[...]PZBgw`), as written; it is never handed on as `token`, since
   * checking a fragment would blame claims the real token may not have.
   */
  truncatedToken: string | null;
}

const TOKEN_CHAR = /^[A-Za-z0-9_\-.=+/%]$/;
const LINE_BREAK = /^[\n\r\u0085\u2028\u2029]$/;
const WHITESPACE = /^\s$/;

/**
 * Finds the token in pasted text: a bare token (stray whitespace and invisible characters removed), a meeting link
 * (the token the client would take, or an ignored `#jwt=` one, flagged), `Authorization: Bearer …`, a BOSH or
 * WebSocket `token=`, or an `eyJ…` token inside a log line.
 * @see jitsi-client-rules.md §1 (which token a link carries), jitsi-token-rules.md §1 and §9 (token=, log lines)
 */
export function readPastedInput(text: string): PasteReading {
  const reading: PasteReading = {
    token: null,
    link: null,
    form: 'unknown',
    notes: [],
    clientWarnings: [],
    serverMessage: null,
    truncatedToken: null,
  };
  if (typeof text !== 'string') {
    reading.notes.push('Nothing to read: the input is not text.');
    return reading;
  }
  const { text: trimmed, invisible } = trimEnds(text);
  if (invisible > 0) {
    reading.notes.push(
      `Removed ${count(invisible, 'invisible character')} (zero-width or text-direction marks) around the text.`,
    );
  }
  if (trimmed === '') {
    reading.notes.push(
      'Nothing to read: paste a token, a meeting link, an Authorization header or a log line.',
    );
    return reading;
  }
  reading.serverMessage = findServerMessage(trimmed);
  if (reading.serverMessage) {
    const { stage, error, reason } = reading.serverMessage;
    const when = stage === 'auth' ? 'at connect time' : 'when joining the room';
    const why = error === null ? 'the line does not say why' : `${error} (${reason ?? 'no reason given'})`;
    reading.notes.push(`The prosody log line says the server refused the token ${when}: ${why}.`);
  }

  if (/^https?:\/\//i.test(trimmed)) {
    if (readWholeLink(trimmed, reading)) return reading;
  } else if (looksLikeLinkWithoutScheme(trimmed)) {
    if (readWholeLink(`https://${trimmed}`, reading)) {
      reading.notes.unshift('Read it as a link by adding https:// in front.');
      return reading;
    }
  }
  if (readBearer(trimmed, reading)) return reading;
  if (readBareToken(trimmed, reading, 'strict')) return reading;
  if (readEmbeddedLink(trimmed, reading)) return reading;
  if (readTokenParameter(trimmed, reading)) return reading;
  if (readEmbeddedJwt(trimmed, reading)) return reading;
  if (readBareToken(trimmed, reading, 'lenient')) return reading;
  reading.notes.push(
    'No token found: paste a token (eyJ…), a meeting link with ?jwt=…, an Authorization: Bearer header or a log line holding a token.',
  );
  return reading;
}

// A whole paste that is a link; line-wrapped links are joined, and only the first line is read when later lines
// hold ordinary text.
function readWholeLink(text: string, reading: PasteReading): boolean {
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  if (lines.length === 1) return readLink(text, reading, 'whole');
  const isWrapped = lines.every((line) => !/\s/.test(line.trim()));
  const link = isWrapped ? lines.map((line) => line.trim()).join('') : (lines[0] ?? '');
  if (!readLink(link, reading, 'whole')) return false;
  reading.notes.unshift(
    isWrapped
      ? `Joined the link's ${lines.length} lines (a browser drops line breaks from an address too).`
      : 'Read only the first line, which holds the link.',
  );
  return true;
}

function readLink(href: string, reading: PasteReading, where: 'whole' | 'inside'): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  if (isConnectionAddress(url)) {
    const token = url.searchParams.get('token');
    if (token === null) return false;
    reading.form = 'log';
    reading.token = token || null;
    reading.notes.push(
      'This is the BOSH/WebSocket address lib-jitsi-meet connects to; took the token= value that prosody reads.',
    );
    const room = url.searchParams.get('room');
    if (room) reading.notes.push(`That address asks for room "${room}".`);
    return true;
  }
  const meeting = parseMeetingUrl(url.href);
  if (!meeting.ok) return false;
  const fromUrl = tokenFromUrl(url.href);
  if (where === 'inside' && fromUrl.token === null && fromUrl.ignoredToken === null) return false;
  const m = meeting.url;
  reading.form = 'link';
  reading.link = {
    address: `${url.origin}${url.pathname}`,
    domain: m.hostname,
    tenant: m.tenant,
    room: m.room,
    backendRoom: m.backendRoom,
    backendTenant: m.backendTenant,
    isJaasMeeting: m.isJaasMeeting,
  };
  reading.clientWarnings = fromUrl.warnings;
  const misnamed = misnamedToken(url);
  if (where === 'inside') reading.notes.push('Found a meeting link inside the text and read that.');
  if (fromUrl.token !== null) {
    reading.token = fromUrl.token;
  } else if (fromUrl.ignoredToken !== null) {
    reading.token = fromUrl.ignoredToken;
    reading.notes.push(
      'The Jitsi client ignores the token after #jwt= in this link (see the warning); it is decoded here only so you can inspect it.',
    );
  } else if (fromUrl.clientValue !== null && fromUrl.clientValue !== '') {
    reading.notes.push('The link holds a #jwt= value that is not text, so there is no token to decode.');
  } else if (misnamed !== null) {
    reading.token = misnamed;
    reading.notes.push(
      'The Jitsi client reads only a parameter named exactly jwt, so it ignores the token in this link (see the warning); it is decoded here only so you can inspect it.',
    );
  } else {
    reading.notes.push('The link carries no token: add ?jwt=TOKEN to it.');
  }
  return true;
}

function misnamedToken(url: URL): string | null {
  for (const [key, value] of url.searchParams) {
    if (value && isJwtNameVariant(key)) return value;
  }
  return null;
}

function isConnectionAddress(url: URL): boolean {
  const path = url.pathname.toLowerCase();
  return path.endsWith('/http-bind') || path.endsWith('/xmpp-websocket');
}

// `meet.example.com/room?jwt=…` without a scheme; the host part is checked on its own so nothing can backtrack.
function looksLikeLinkWithoutScheme(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash <= 0 || slash > 260 || text.startsWith('eyJ')) return false;
  const host = text.substring(0, slash);
  if (!/^[A-Za-z0-9.-]+(?::\d{1,5})?$/.test(host)) return false;
  const name = host.split(':')[0] ?? '';
  const labels = name.split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((l) => l.length > 0) && /^[A-Za-z]{2,24}$/.test(top);
}

function readBearer(text: string, reading: PasteReading): boolean {
  const match = /\bbearer[ \t]+/i.exec(text);
  if (!match) return false;
  const run = takeTokenRun(text, match.index + match[0].length);
  if (run.token === '') return false;
  reading.form = 'bearer';
  reading.token = run.token;
  reading.notes.push('Took the token from the Authorization: Bearer header.');
  if (run.lineBreaks > 0)
    reading.notes.push(`Removed ${count(run.lineBreaks, 'line break')} from the token.`);
  return true;
}

// A paste that is only a token, perhaps quoted, prefixed with `jwt=`, or broken by whitespace and invisible marks.
// Text broken by whitespace counts as one token first only when it starts like a JWT (`eyJ`), so a sentence that
// mentions a token is searched instead; as a last resort, any dotted run of token characters will do.
function readBareToken(text: string, reading: PasteReading, mode: 'strict' | 'lenient'): boolean {
  const notes: string[] = [];
  let body = text;
  const quote = body[0];
  if (body.length >= 2 && (quote === '"' || quote === "'" || quote === '`') && body.endsWith(quote)) {
    body = body.substring(1, body.length - 1);
    notes.push('Removed the surrounding quotes.');
  }
  const prefix = /^[?#&]?(?:jwt|token)=/i.exec(body);
  if (prefix) {
    body = body.substring(prefix[0].length);
    notes.push(`Removed the leading "${prefix[0]}".`);
  }
  const stripped = stripInvisible(body);
  const token = stripped.text;
  if (token === '') return false;
  const hasRemoved = stripped.lineBreaks + stripped.spaces + stripped.tabs + stripped.invisible > 0;
  const isAllTokenChars = everyChar(token, (ch) => TOKEN_CHAR.test(ch));
  const isTokenLike = token.startsWith('eyJ') || (mode === 'lenient' && token.includes('.'));
  const isBare = hasRemoved ? isAllTokenChars && isTokenLike : isAllTokenChars || token.startsWith('eyJ');
  if (!isBare) return false;
  reading.form = 'token';
  reading.token = token;
  reading.notes.push(...notes, ...describeStripped(stripped));
  return true;
}

function readEmbeddedLink(text: string, reading: PasteReading): boolean {
  const start = /https?:\/\//gi;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text)) !== null) {
    let end = match.index;
    while (end < text.length && !isLinkEnd(text[end] as string)) end++;
    let candidateEnd = end;
    while (candidateEnd > match.index && '.,;:!?)]}'.includes(text[candidateEnd - 1] as string))
      candidateEnd--;
    const candidate = text.substring(match.index, candidateEnd);
    if (readLink(candidate, reading, 'inside')) return true;
    start.lastIndex = Math.max(end, start.lastIndex);
  }
  return false;
}

function isLinkEnd(ch: string): boolean {
  return WHITESPACE.test(ch) || ch === '"' || ch === "'" || ch === '<' || ch === '>' || ch === '`';
}

// `token=` (BOSH/WebSocket address, as lib-jitsi-meet appends it) or `jwt=` anywhere in the text.
function readTokenParameter(text: string, reading: PasteReading): boolean {
  const param = /(?:^|[?&\s;,"'])(token|jwt)=/g;
  let match: RegExpExecArray | null;
  while ((match = param.exec(text)) !== null) {
    const start = match.index + match[0].length;
    const run = takeTokenRun(text, start);
    if (run.token === '') continue;
    const piece = truncatedPiece(text, start, run.token);
    if (piece !== null) {
      reportTruncated(piece, reading);
      return true;
    }
    let token = run.token;
    const name = match[1] ?? 'token';
    if (token.includes('%')) {
      try {
        token = decodeURIComponent(token);
        reading.notes.push(`Percent-decoded the ${name}= value.`);
      } catch {
        // Left as it is: the decoder will point at the stray %.
      }
    }
    reading.form = 'log';
    reading.token = token;
    reading.notes.push(
      name === 'token'
        ? 'Took the token= value (as lib-jitsi-meet adds it to the BOSH/WebSocket address) out of the surrounding text.'
        : 'Took the jwt= value out of the surrounding text.',
    );
    return true;
  }
  return false;
}

// The first `eyJ…` run with three segments, else with two, else the first one.
function readEmbeddedJwt(text: string, reading: PasteReading): boolean {
  let best: string | null = null;
  let bestDots = -1;
  let truncated: string | null = null;
  let from = 0;
  while (from < text.length) {
    const at = text.indexOf('eyJ', from);
    if (at === -1) break;
    let end = at;
    let dots = 0;
    while (end < text.length && /^[A-Za-z0-9_\-.]$/.test(text[end] as string)) {
      if (text[end] === '.') dots++;
      end++;
    }
    const piece = truncatedPiece(text, at, text.substring(at, end));
    if (piece !== null) {
      truncated ??= piece;
      from = Math.max(end, at + piece.length);
      continue;
    }
    const run = text.substring(at, end).replace(/\.+$/, '');
    const segments = Math.min(dots, 2);
    if (segments > bestDots) {
      best = run;
      bestDots = segments;
      if (segments === 2) break;
    }
    from = end;
  }
  if (best === null && truncated !== null) {
    reportTruncated(truncated, reading);
    return true;
  }
  if (best === null) return false;
  reading.form = 'log';
  reading.token = best;
  reading.notes.push('Took the token (eyJ…) out of the surrounding text.');
  return true;
}

function reportTruncated(shown: string, reading: PasteReading): void {
  reading.form = 'log';
  reading.token = null;
  reading.truncatedToken = shown;
  reading.notes.push(
    `The log shortened the token (${shown.length > 60 ? `${shown.slice(0, 60)}…` : shown}); a piece of a token cannot be checked. Paste the whole token, for example from the meeting link.`,
  );
}

interface TokenRun {
  token: string;
  lineBreaks: number;
}

// Token characters from `start`; continues onto following lines that hold nothing but token characters.
function takeTokenRun(text: string, start: number): TokenRun {
  let token = '';
  let lineBreaks = 0;
  let i = start;
  for (;;) {
    const runStart = i;
    while (i < text.length && TOKEN_CHAR.test(text[i] as string)) i++;
    token += text.substring(runStart, i);
    let next = i;
    while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
    if (next >= text.length || !LINE_BREAK.test(text[next] as string) || token === '') break;
    let lineStart = next + (text[next] === '\r' && text[next + 1] === '\n' ? 2 : 1);
    while (lineStart < text.length && (text[lineStart] === ' ' || text[lineStart] === '\t')) lineStart++;
    let lineEnd = lineStart;
    while (lineEnd < text.length && TOKEN_CHAR.test(text[lineEnd] as string)) lineEnd++;
    let after = lineEnd;
    while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
    const isWholeLine = after >= text.length || LINE_BREAK.test(text[after] as string);
    if (lineEnd === lineStart || !isWholeLine) break;
    lineBreaks++;
    i = lineStart;
  }
  return { token, lineBreaks };
}

interface Stripped {
  text: string;
  lineBreaks: number;
  spaces: number;
  tabs: number;
  invisible: number;
}

function stripInvisible(text: string): Stripped {
  const result: Stripped = { text: '', lineBreaks: 0, spaces: 0, tabs: 0, invisible: 0 };
  const kept: string[] = [];
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Printable ASCII (all of a token, most of a log) is never a line break, a space or invisible: skipping it
    // without the tests below keeps a megabyte paste fast.
    if (code > 0x20 && code < 0x7f) continue;
    const ch = text[i] as string;
    const isLineBreak = LINE_BREAK.test(ch);
    const isInvisible = !isLineBreak && isInvisibleCharacter(ch);
    const isSpace = !isLineBreak && !isInvisible && WHITESPACE.test(ch);
    if (!isLineBreak && !isInvisible && !isSpace) continue;
    kept.push(text.substring(runStart, i));
    runStart = i + 1;
    if (isLineBreak) {
      if (!(ch === '\n' && text[i - 1] === '\r')) result.lineBreaks++;
    } else if (isInvisible) {
      result.invisible++;
    } else if (ch === '\t' || ch === '\v' || ch === '\f') {
      result.tabs++;
    } else {
      result.spaces++;
    }
  }
  kept.push(text.substring(runStart));
  result.text = kept.join('');
  return result;
}

function describeStripped(s: Stripped): string[] {
  const parts: string[] = [];
  if (s.lineBreaks > 0) parts.push(count(s.lineBreaks, 'line break'));
  if (s.spaces > 0) parts.push(count(s.spaces, 'space'));
  if (s.tabs > 0) parts.push(count(s.tabs, 'tab'));
  if (s.invisible > 0) {
    parts.push(`${count(s.invisible, 'invisible character')} (zero-width or text-direction marks)`);
  }
  return parts.length === 0 ? [] : [`Removed ${parts.join(', ')} from the token.`];
}

// Whitespace around a paste is unremarkable; invisible marks there are counted so they can be reported.
function trimEnds(text: string): { text: string; invisible: number } {
  let start = 0;
  let end = text.length;
  let invisible = 0;
  const isEdge = (ch: string): boolean => {
    if (isInvisibleCharacter(ch)) {
      invisible++;
      return true;
    }
    return WHITESPACE.test(ch) || LINE_BREAK.test(ch);
  };
  while (start < end && isEdge(text[start] as string)) start++;
  while (end > start && isEdge(text[end - 1] as string)) end--;
  return { text: text.substring(start, end), invisible };
}

function everyChar(text: string, test: (ch: string) => boolean): boolean {
  for (let i = 0; i < text.length; i++) if (!test(text[i] as string)) return false;
  return true;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
