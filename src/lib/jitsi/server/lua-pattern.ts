// Lua 5.4 patterns (`string.match`), ported from lstrlib.c so a `context.room.regex` room claim is judged exactly as
// prosody judges it. Works on byte strings (one char per byte, see lua-values.ts toLuaString); does not implement
// gsub/gmatch, a find `init` or its `plain` flag, or the string library's other functions.

/** A capture as Lua returns it: the captured bytes, or a position (`()` capture, 1-based integer). */
export type LuaCapture = string | number;

/** Outcome of a match: the captures (or `null` when there is no match), or the Lua error the pattern raises. */
export type LuaPatternResult<T> =
  { ok: true; value: T } | { ok: false; error: string; isBudgetExceeded: boolean };

/** Optional limit: `maxSteps` caps the backtracking work. */
export interface LuaPatternOptions {
  /** Lua itself has no such cap; it stops a pathological pattern from freezing the page. */
  maxSteps?: number;
}

// lstrlib.c constants (Lua 5.4): MAXCCALLS bounds the matcher's recursion, LUA_MAXCAPTURES the captures.
const MAXCCALLS = 200;
const MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;
const DEFAULT_MAX_STEPS = 2_000_000;

const L_ESC = 0x25; // '%'

class LuaPatternError extends Error {
  constructor(
    message: string,
    readonly isBudgetExceeded = false,
  ) {
    super(message);
  }
}

interface Capture {
  init: number;
  len: number;
}

class MatchState {
  level = 0;
  matchdepth = MAXCCALLS;
  steps = 0;
  readonly capture: Capture[] = [];
  readonly srcEnd: number;
  readonly pEnd: number;

  constructor(
    readonly src: string,
    readonly pat: string,
    readonly maxSteps: number,
  ) {
    this.srcEnd = src.length;
    this.pEnd = pat.length;
  }

  // C reads the terminating NUL one past the end; so do we.
  s(i: number): number {
    return i < this.srcEnd ? this.src.charCodeAt(i) : 0;
  }

  p(i: number): number {
    return i < this.pEnd ? this.pat.charCodeAt(i) : 0;
  }
}

/**
 * `string.match(subject, pattern)`: the captures (or the whole match when there are none), `null` when nothing
 * matches. An invalid pattern is reported as the error Lua would raise.
 * @see lstrlib.c str_find_aux
 */
export function luaMatch(
  subject: string,
  pattern: string,
  options: LuaPatternOptions = {},
): LuaPatternResult<LuaCapture[] | null> {
  return runMatch(subject, pattern, options, (ms, s1, e) => pushCaptures(ms, s1, e));
}

/** What `string.find` returns on a match: 1-based start and end, then the captures (none when the pattern has none). */
export interface LuaFindMatch {
  start: number;
  end: number;
  captures: LuaCapture[];
}

/**
 * `string.find(subject, pattern)` (from position 1, not plain): where the pattern first matches, or `null`.
 * @see lstrlib.c str_find_aux (find branch), nospecials, lmemfind
 */
export function luaFind(
  subject: string,
  pattern: string,
  options: LuaPatternOptions = {},
): LuaPatternResult<LuaFindMatch | null> {
  // nospecials: a pattern without any of `^$*+?.([%-` is searched for as plain text, so `)` or `]` never raise.
  if (!/[\^$*+?.([%-]/.test(pattern)) {
    const at = subject.indexOf(pattern);
    return { ok: true, value: at < 0 ? null : { start: at + 1, end: at + pattern.length, captures: [] } };
  }
  return runMatch(subject, pattern, options, (ms, s1, e) => ({
    start: s1 + 1,
    end: e,
    captures: ms.level === 0 ? [] : pushCaptures(ms, s1, e),
  }));
}

// The str_find_aux loop: try each start position (only the first for an anchored pattern).
function runMatch<T>(
  subject: string,
  pattern: string,
  options: LuaPatternOptions,
  onMatch: (ms: MatchState, start: number, end: number) => T,
): LuaPatternResult<T | null> {
  const ms = new MatchState(subject, pattern, options.maxSteps ?? DEFAULT_MAX_STEPS);
  const isAnchored = ms.p(0) === 0x5e; // '^'
  const pStart = isAnchored ? 1 : 0;
  try {
    let s1 = 0;
    do {
      ms.level = 0;
      ms.matchdepth = MAXCCALLS;
      const e = match(ms, s1, pStart);
      if (e !== -1) return { ok: true, value: onMatch(ms, s1, e) };
    } while (s1++ < ms.srcEnd && !isAnchored);
    return { ok: true, value: null };
  } catch (error) {
    if (error instanceof LuaPatternError)
      return { ok: false, error: error.message, isBudgetExceeded: error.isBudgetExceeded };
    throw error;
  }
}

/**
 * Escapes every punctuation character with `%`, like prosody's `s:gsub("%p", "%%%1")`.
 * @see jitsi-meet resources/prosody-plugins/util.lib.lua (escaped_muc_domain_base)
 */
export function escapeLuaPattern(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += isPunct(c) ? `%${text[i]}` : text[i];
  }
  return out;
}

// With no captures, the whole match is the one value returned.
function pushCaptures(ms: MatchState, s: number, e: number): LuaCapture[] {
  const nlevels = ms.level === 0 ? 1 : ms.level;
  const out: LuaCapture[] = [];
  for (let i = 0; i < nlevels; i++) out.push(getOneCapture(ms, i, s, e));
  return out;
}

function getOneCapture(ms: MatchState, i: number, s: number, e: number): LuaCapture {
  if (i >= ms.level) {
    if (i !== 0) throw new LuaPatternError(`invalid capture index %${i + 1}`);
    return ms.src.slice(s, e);
  }
  const cap = ms.capture[i] as Capture;
  if (cap.len === CAP_UNFINISHED) throw new LuaPatternError('unfinished capture');
  if (cap.len === CAP_POSITION) return cap.init + 1;
  return ms.src.slice(cap.init, cap.init + cap.len);
}

// Returns the end index of the match, or -1 (C's NULL). The loop stands for lstrlib.c's `goto init`.
function match(ms: MatchState, sIn: number, pIn: number): number {
  if (ms.matchdepth-- === 0) throw new LuaPatternError('pattern too complex');
  if (++ms.steps > ms.maxSteps) {
    throw new LuaPatternError(
      'pattern needs too much backtracking to evaluate here (the server would stall on it)',
      true,
    );
  }
  let s = sIn;
  let p = pIn;
  for (;;) {
    if (p === ms.pEnd) break;
    const pc = ms.p(p);
    if (pc === 0x28) {
      // '(' start capture; '()' is a position capture
      s =
        ms.p(p + 1) === 0x29
          ? startCapture(ms, s, p + 2, CAP_POSITION)
          : startCapture(ms, s, p + 1, CAP_UNFINISHED);
      break;
    }
    if (pc === 0x29) {
      s = endCapture(ms, s, p + 1);
      break;
    }
    if (pc === 0x24 && p + 1 === ms.pEnd) {
      // '$' is an anchor only as the last pattern character
      s = s === ms.srcEnd ? s : -1;
      break;
    }
    if (pc === L_ESC) {
      const next = ms.p(p + 1);
      if (next === 0x62) {
        // %b
        s = matchBalance(ms, s, p + 2);
        if (s !== -1) {
          p += 4;
          continue;
        }
        break;
      }
      if (next === 0x66) {
        // %f frontier
        p += 2;
        if (ms.p(p) !== 0x5b) throw new LuaPatternError("missing '[' after '%f' in pattern");
        const ep = classEnd(ms, p);
        const previous = s === 0 ? 0 : ms.s(s - 1);
        if (!matchBracketClass(ms, previous, p, ep - 1) && matchBracketClass(ms, ms.s(s), p, ep - 1)) {
          p = ep;
          continue;
        }
        s = -1;
        break;
      }
      if (next >= 0x30 && next <= 0x39) {
        s = matchCapture(ms, s, next);
        if (s !== -1) {
          p += 2;
          continue;
        }
        break;
      }
    }
    // default: a single-character class with an optional suffix
    const ep = classEnd(ms, p);
    const suffix = ms.p(ep);
    if (!singleMatch(ms, s, p, ep)) {
      if (suffix === 0x2a || suffix === 0x3f || suffix === 0x2d) {
        p = ep + 1;
        continue;
      }
      s = -1;
      break;
    }
    if (suffix === 0x3f) {
      const res = match(ms, s + 1, ep + 1);
      if (res !== -1) {
        s = res;
        break;
      }
      p = ep + 1;
      continue;
    }
    if (suffix === 0x2b) {
      s = maxExpand(ms, s + 1, p, ep);
      break;
    }
    if (suffix === 0x2a) {
      s = maxExpand(ms, s, p, ep);
      break;
    }
    if (suffix === 0x2d) {
      s = minExpand(ms, s, p, ep);
      break;
    }
    s++;
    p = ep;
  }
  ms.matchdepth++;
  return s;
}

function classEnd(ms: MatchState, pIn: number): number {
  let p = pIn;
  const c = ms.p(p++);
  if (c === L_ESC) {
    if (p === ms.pEnd) throw new LuaPatternError("malformed pattern (ends with '%')");
    return p + 1;
  }
  if (c === 0x5b) {
    if (ms.p(p) === 0x5e) p++;
    do {
      if (p === ms.pEnd) throw new LuaPatternError("malformed pattern (missing ']')");
      const cc = ms.p(p++);
      if (cc === L_ESC && p < ms.pEnd) p++;
    } while (ms.p(p) !== 0x5d);
    return p + 1;
  }
  return p;
}

function singleMatch(ms: MatchState, s: number, p: number, ep: number): boolean {
  if (s >= ms.srcEnd) return false;
  const c = ms.s(s);
  const pc = ms.p(p);
  if (pc === 0x2e) return true;
  if (pc === L_ESC) return matchClass(c, ms.p(p + 1));
  if (pc === 0x5b) return matchBracketClass(ms, c, p, ep - 1);
  return pc === c;
}

function matchBracketClass(ms: MatchState, c: number, pIn: number, ec: number): boolean {
  let p = pIn;
  let sig = true;
  if (ms.p(p + 1) === 0x5e) {
    sig = false;
    p++;
  }
  while (++p < ec) {
    if (ms.p(p) === L_ESC) {
      p++;
      if (matchClass(c, ms.p(p))) return sig;
    } else if (ms.p(p + 1) === 0x2d && p + 2 < ec) {
      p += 2;
      if (ms.p(p - 2) <= c && c <= ms.p(p)) return sig;
    } else if (ms.p(p) === c) {
      return sig;
    }
  }
  return !sig;
}

function matchBalance(ms: MatchState, sIn: number, p: number): number {
  if (p >= ms.pEnd - 1) throw new LuaPatternError("malformed pattern (missing arguments to '%b')");
  let s = sIn;
  if (ms.s(s) !== ms.p(p)) return -1;
  const open = ms.p(p);
  const close = ms.p(p + 1);
  let depth = 1;
  while (++s < ms.srcEnd) {
    const c = ms.s(s);
    if (c === close) {
      if (--depth === 0) return s + 1;
    } else if (c === open) {
      depth++;
    }
  }
  return -1;
}

function maxExpand(ms: MatchState, s: number, p: number, ep: number): number {
  let i = 0;
  while (singleMatch(ms, s + i, p, ep)) i++;
  while (i >= 0) {
    const res = match(ms, s + i, ep + 1);
    if (res !== -1) return res;
    i--;
  }
  return -1;
}

function minExpand(ms: MatchState, sIn: number, p: number, ep: number): number {
  let s = sIn;
  for (;;) {
    const res = match(ms, s, ep + 1);
    if (res !== -1) return res;
    if (!singleMatch(ms, s, p, ep)) return -1;
    s++;
  }
}

function startCapture(ms: MatchState, s: number, p: number, what: number): number {
  const level = ms.level;
  if (level >= MAXCAPTURES) throw new LuaPatternError('too many captures');
  ms.capture[level] = { init: s, len: what };
  ms.level = level + 1;
  const res = match(ms, s, p);
  if (res === -1) ms.level--;
  return res;
}

function endCapture(ms: MatchState, s: number, p: number): number {
  const l = captureToClose(ms);
  const cap = ms.capture[l] as Capture;
  cap.len = s - cap.init;
  const res = match(ms, s, p);
  if (res === -1) cap.len = CAP_UNFINISHED;
  return res;
}

function captureToClose(ms: MatchState): number {
  for (let level = ms.level - 1; level >= 0; level--) {
    if ((ms.capture[level] as Capture).len === CAP_UNFINISHED) return level;
  }
  throw new LuaPatternError('invalid pattern capture');
}

function matchCapture(ms: MatchState, s: number, digit: number): number {
  const l = digit - 0x31; // '1'
  const cap = ms.capture[l];
  if (l < 0 || l >= ms.level || cap === undefined || cap.len === CAP_UNFINISHED) {
    throw new LuaPatternError(`invalid capture index %${l + 1}`);
  }
  // A position capture has a negative length, which C compares as a huge size_t: it never matches.
  if (cap.len < 0 || ms.srcEnd - s < cap.len) return -1;
  return ms.src.slice(cap.init, cap.init + cap.len) === ms.src.slice(s, s + cap.len) ? s + cap.len : -1;
}

// The C-locale <ctype.h> classes Lua uses; bytes >= 0x80 belong to none of them.
function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}
function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
function isGraph(c: number): boolean {
  return c >= 0x21 && c <= 0x7e;
}
function isPunct(c: number): boolean {
  return isGraph(c) && !isAlpha(c) && !isDigit(c);
}

function matchClass(c: number, cl: number): boolean {
  let res: boolean;
  switch (isUpper(cl) ? cl + 0x20 : cl) {
    case 0x61: // a
      res = isAlpha(c);
      break;
    case 0x63: // c
      res = c < 0x20 || c === 0x7f;
      break;
    case 0x64: // d
      res = isDigit(c);
      break;
    case 0x67: // g
      res = isGraph(c);
      break;
    case 0x6c: // l
      res = isLower(c);
      break;
    case 0x70: // p
      res = isPunct(c);
      break;
    case 0x73: // s
      res = c === 0x20 || (c >= 0x09 && c <= 0x0d);
      break;
    case 0x75: // u
      res = isUpper(c);
      break;
    case 0x77: // w
      res = isAlpha(c) || isDigit(c);
      break;
    case 0x78: // x
      res = isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
      break;
    case 0x7a: // z: deprecated since Lua 5.2, still matched by 5.4 (the NUL byte)
      res = c === 0;
      break;
    default:
      return cl === c;
  }
  return isUpper(cl) ? !res : res;
}
