// Reads token settings out of a pasted prosody `.cfg.lua` or docker-jitsi-meet `.env` with hand-written,
// linear-time scanners: nothing is evaluated or run, `Include`/`dofile` are never followed, and everything skipped
// is reported with a reason. Does not judge tokens (the checker does) nor the settings' wisdom.

import type { ProsodySettings } from '../server/prosody-settings';

/** Which kind of file the text is. */
export type ConfigFormat = 'prosody' | 'env' | 'unknown';

/** One value the parser took from the file (or a default it filled in), as shown to the user. */
export interface UnderstoodSetting {
  /** As written: the prosody option, or the `.env` variable. */
  name: string;
  /** The prosody option it feeds (same as `name` for a `.cfg.lua`); null when it feeds none (`PUBLIC_URL`). */
  option: string | null;
  /** The value for display: lists are joined with `, `. Secrets are included; mask them by `isSecret`. */
  value: string;
  /** 1-based line; 0 for a default that is not written in the file. */
  line: number;
  isSecret: boolean;
  /** Where it was set: `global`, `VirtualHost "…"`, `Component "…"` or `.env`. */
  section: string;
  /** True when the value is a default the parser filled in, not one written in the file. */
  isDefault: boolean;
}

/** A piece of the file that was read but not used, and why. */
export interface IgnoredText {
  /** The text (first line, shortened; secret values hidden). */
  text: string;
  line: number;
  why: string;
}

/** Something malformed in the file, which the server itself would likely reject or misread. */
export interface ConfigProblem {
  line: number;
  message: string;
}

/** A prosody Component block and the token-related things it enables. */
export interface ComponentSummary {
  name: string;
  /** The second string of `Component "name" "muc"`, or null for an external component. */
  type: string | null;
  line: number;
  modules: string[];
  tokenVerificationAllowlist: string[];
}

// Modules the moderator and room helpers care about.
const WATCHED_MODULES = Object.freeze([
  'token_verification',
  'token_affiliation',
  'token_moderation',
  'muc_allowners',
  'presence_identity',
] as const);
/** A module the moderator and room helpers care about. */
export type WatchedModule = (typeof WATCHED_MODULES)[number];

/** The modules enabled on the chosen host and on the components, and where each watched module is on. */
export interface ModuleSummary {
  /** Effective `modules_enabled` of the chosen VirtualHost (global list plus its own, minus `modules_disabled`). */
  host: string[];
  components: ComponentSummary[];
  /** The MUC component where the host's rooms live (`<prefix>.<base>`), when it was found. */
  mainMuc: string | null;
  /** For each watched module, the sections that enable it (empty: not enabled anywhere in the paste). */
  watched: Record<WatchedModule, { isEnabled: boolean; where: string[] }>;
}

/** One VirtualHost found in the file. */
export interface HostSummary {
  name: string;
  line: number;
  authentication: string | null;
  isEnabled: boolean;
  isChosen: boolean;
}

/** Everything read from a pasted server configuration. */
export interface ParsedServerConfig {
  format: ConfigFormat;
  /** The VirtualHost name, or `XMPP_DOMAIN` of a `.env`. This is what `sub` must equal on non-tenant URLs. */
  domain: string | null;
  /** `PUBLIC_URL` of a `.env`; null for a `.cfg.lua` (prosody does not know it). */
  publicUrl: string | null;
  settings: ProsodySettings;
  understood: UnderstoodSetting[];
  ignored: IgnoredText[];
  problems: ConfigProblem[];
  modules: ModuleSummary;
  hosts: HostSummary[];
  /** Remarks on choices the parser made (which host, which defaults). */
  notes: string[];
}

// Shared: option types, reporting, small helpers

type OptionsOfType<T> = {
  [K in keyof ProsodySettings]-?: NonNullable<ProsodySettings[K]> extends T ? K : never;
}[keyof ProsodySettings];
type StringOption = OptionsOfType<string>;
type BooleanOption = OptionsOfType<boolean>;
type ListOption = Exclude<keyof ProsodySettings, StringOption | BooleanOption>;

const STRING_OPTIONS = Object.freeze([
  'authentication',
  'app_id',
  'app_secret',
  'asap_key_server',
  'cache_keys_url',
  'signature_algorithm',
  'muc_mapper_domain_base',
  'muc_mapper_domain_prefix',
] as const satisfies readonly StringOption[]);
const BOOLEAN_OPTIONS = Object.freeze([
  'allow_empty_token',
  'asap_require_room_claim',
  'enable_domain_verification',
] as const satisfies readonly BooleanOption[]);
const LIST_OPTIONS = Object.freeze([
  'asap_accepted_issuers',
  'asap_accepted_audiences',
] as const satisfies readonly ListOption[]);
const SECRET_OPTIONS: ReadonlySet<string> = new Set(['app_secret', 'JWT_APP_SECRET']);

// Any variable or option whose name says "secret" is masked in what we echo back, even when it is not ours.
const SECRET_NAME = /secret|passw|pwd|credential|private/i;

// Options that look token-related but do not affect incoming verification (rules §2).
const OTHER_OPTION_WHY: Readonly<Record<string, string>> = Object.freeze({
  asap_issuer: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_audience: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_key_id: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_key_path: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_ttl: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_ttl_threshold:
    'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  muc_mapper_domain: 'overrides <prefix>.<base> as the MUC host; not modelled by the checker',
  jwt_pubkey_cache_size: 'key cache size; does not change which tokens pass',
});

const MAX_REPORTED = 400;
const MAX_SHOWN_TEXT = 160;
const MAX_SHOWN_VALUE = 400;

/** Collects the lists every parser returns, with caps so a hostile paste cannot produce millions of entries. */
class Report {
  readonly understood: UnderstoodSetting[] = [];
  readonly ignored: IgnoredText[] = [];
  readonly problems: ConfigProblem[] = [];
  readonly notes: string[] = [];
  private droppedIgnored = 0;
  private droppedProblems = 0;

  ignore(text: string, line: number, why: string): void {
    if (this.ignored.length < MAX_REPORTED) this.ignored.push({ text: shorten(text), line, why });
    else this.droppedIgnored++;
  }

  problem(line: number, message: string): void {
    if (this.problems.length < MAX_REPORTED) this.problems.push({ line, message });
    else this.droppedProblems++;
  }

  finish(): void {
    if (this.droppedIgnored > 0) {
      this.ignored.push({
        text: '…',
        line: 0,
        why: `${this.droppedIgnored} more ignored pieces are not listed`,
      });
    }
    if (this.droppedProblems > 0) {
      this.problems.push({ line: 0, message: `${this.droppedProblems} more problems are not listed.` });
    }
    this.ignored.sort((a, b) => a.line - b.line);
    this.problems.sort((a, b) => a.line - b.line);
  }
}

function shorten(text: string): string {
  let end = text.length;
  const newline = text.search(/[\r\n]/);
  if (newline >= 0) end = newline;
  const first = text.slice(0, Math.min(end, MAX_SHOWN_TEXT)).trim();
  return end < text.length || end > MAX_SHOWN_TEXT ? `${first} …` : first;
}

function emptyModules(): ModuleSummary {
  const watched = {} as Record<WatchedModule, { isEnabled: boolean; where: string[] }>;
  for (const name of WATCHED_MODULES) watched[name] = { isEnabled: false, where: [] };
  return { host: [], components: [], mainMuc: null, watched };
}

function markWatched(modules: ModuleSummary, enabled: readonly string[], where: string): void {
  for (const name of WATCHED_MODULES) {
    if (enabled.includes(name)) {
      modules.watched[name].isEnabled = true;
      modules.watched[name].where.push(where);
    }
  }
}

function emptyResult(format: ConfigFormat, report: Report): ParsedServerConfig {
  report.finish();
  return {
    format,
    domain: null,
    publicUrl: null,
    settings: {},
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules: emptyModules(),
    hosts: [],
    notes: report.notes,
  };
}

// Format detection

const LUA_SECTION_LINE = /^\s*(?:VirtualHost|Component|Host)\s*[("'[]/;
const LUA_COMMENT_LINE = /^\s*--/;
const LUA_ASSIGNMENT_LINE = /^\s*([a-z_][a-z0-9_]*)\s*=\s*(?:["'{[]|true\b|false\b|-?\d)/;
const ENV_ASSIGNMENT_LINE = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=/;
const ENV_COMMENT_LINE = /^\s*#/;

/** True when the text looks like binary data rather than a config file. */
function isBinaryText(text: string): boolean {
  const sample = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 9 || (c > 13 && c < 32) || c === 0xfffd) && c !== 27) bad++;
  }
  return sample > 0 && bad / sample > 0.01;
}

/** Guesses whether the text is a prosody `.cfg.lua`, a docker `.env`, or neither, from line shapes. */
export function detectConfigFormat(text: string): ConfigFormat {
  if (isBinaryText(text)) return 'unknown';
  let prosody = 0;
  let env = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (LUA_SECTION_LINE.test(line)) prosody += 5;
    else if (LUA_COMMENT_LINE.test(line)) prosody += 1;
    else if (ENV_COMMENT_LINE.test(line)) env += 1;
    else {
      const lua = LUA_ASSIGNMENT_LINE.exec(line);
      if (lua) prosody += isTokenOption(lua[1] ?? '') ? 3 : 1;
      const dotenv = ENV_ASSIGNMENT_LINE.exec(line);
      if (dotenv) env += Object.hasOwn(ENV_VARIABLES, dotenv[1] ?? '') ? 3 : 1;
    }
  }
  if (prosody === 0 && env === 0) return 'unknown';
  return prosody >= env ? 'prosody' : 'env';
}

function isTokenOption(name: string): boolean {
  return (
    (STRING_OPTIONS as readonly string[]).includes(name) ||
    (BOOLEAN_OPTIONS as readonly string[]).includes(name) ||
    (LIST_OPTIONS as readonly string[]).includes(name)
  );
}

/**
 * Reads token settings from a pasted prosody config or docker `.env`, detecting the format unless one is given.
 * Never throws and never runs anything from the text.
 */
export function parseServerConfig(
  text: string,
  format?: Exclude<ConfigFormat, 'unknown'>,
): ParsedServerConfig {
  const chosen = format ?? detectConfigFormat(text);
  if (chosen === 'prosody') return parseProsodyConfig(text);
  if (chosen === 'env') return parseDockerEnv(text);
  const report = new Report();
  if (text.trim() === '') report.notes.push('Nothing was pasted.');
  else if (isBinaryText(text))
    report.problem(0, 'This looks like binary data, not a prosody config or a .env file.');
  else {
    report.problem(
      0,
      'Could not tell what this is: expected a prosody VirtualHost block (authentication = "token", app_id = "…") ' +
        'or a docker-jitsi-meet .env (ENABLE_AUTH=1, AUTH_TYPE=jwt, JWT_APP_ID=…).',
    );
  }
  return emptyResult('unknown', report);
}

// Lua lexer: a linear scan producing one token at a time (a whole token array for 1 MB of `{` would be too big).

type TokenKind = 'name' | 'string' | 'number' | 'punct' | 'bad' | 'eof';

interface Token {
  kind: TokenKind;
  /** Name, punctuation or number as written; the decoded text of a string. */
  text: string;
  num: number;
  start: number;
  end: number;
  line: number;
  endLine: number;
  /** An unterminated string or a malformed number: the text is what could be read. */
  isBroken: boolean;
}

interface LuaComment {
  text: string;
  line: number;
}

const PUNCT3 = new Set(['...']);
const PUNCT2 = new Set(['..', '==', '~=', '<=', '>=', '//', '::', '<<', '>>']);
const PUNCT1 = new Set('+-*/%^#&~|<>=(){}[];:,.'.split(''));
const PUNCT_BY_SIZE = [
  [PUNCT3, 3],
  [PUNCT2, 2],
  [PUNCT1, 1],
] as const;

const CODE_LF = 10;
const CODE_CR = 13;

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
function isNamePart(c: number): boolean {
  return isNameStart(c) || isDigit(c);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });
const LENIENT_UTF8 = new TextDecoder('utf-8');

class LuaLexer {
  private pos = 0;
  private line = 1;
  private readonly buffer: Token[] = [];
  /** End offset and end line of the last token handed out by next(). */
  lastEnd = 0;
  lastEndLine = 1;
  readonly comments: LuaComment[] = [];

  constructor(
    private readonly src: string,
    private readonly report: Report,
  ) {}

  peek(offset = 0): Token {
    while (this.buffer.length <= offset) this.buffer.push(this.scan());
    return this.buffer[offset] as Token;
  }

  next(): Token {
    const token = this.peek();
    this.buffer.shift();
    if (token.kind !== 'eof') {
      this.lastEnd = token.end;
      this.lastEndLine = token.endLine;
    }
    return token;
  }

  slice(start: number, end: number): string {
    return this.src.slice(start, Math.min(end, start + MAX_SHOWN_TEXT + 1));
  }

  private make(
    kind: TokenKind,
    text: string,
    start: number,
    line: number,
    isBroken = false,
    num = NaN,
  ): Token {
    return { kind, text, num, start, end: this.pos, line, endLine: this.line, isBroken };
  }

  private code(at: number): number {
    return at < this.src.length ? this.src.charCodeAt(at) : -1;
  }

  /** Counts line breaks in src[from, to) (CRLF counts once) and adds them to the line counter. */
  private countLines(from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const c = this.src.charCodeAt(i);
      if (c === CODE_LF) this.line++;
      else if (c === CODE_CR) {
        this.line++;
        if (this.src.charCodeAt(i + 1) === CODE_LF) i++;
      }
    }
  }

  /** The level of a long bracket `[==[` starting at `at`, or -1 when there is none. */
  private longBracketLevel(at: number): number {
    let p = at + 1;
    while (this.code(p) === 61) p++;
    return this.code(p) === 91 ? p - at - 1 : -1;
  }

  private skipSpaceAndComments(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos);
      if (c === CODE_LF) {
        this.line++;
        this.pos++;
      } else if (c === CODE_CR) {
        this.line++;
        this.pos++;
        if (this.code(this.pos) === CODE_LF) this.pos++;
      } else if (isSpace(c)) {
        this.pos++;
      } else if (c === 45 && this.code(this.pos + 1) === 45) {
        const line = this.line;
        this.pos += 2;
        const level = this.code(this.pos) === 91 ? this.longBracketLevel(this.pos) : -1;
        if (level >= 0) {
          const close = `]${'='.repeat(level)}]`;
          const found = src.indexOf(close, this.pos);
          const end = found < 0 ? src.length : found + close.length;
          if (found < 0)
            this.report.problem(line, `The block comment opened on line ${line} is never closed.`);
          this.countLines(this.pos, end);
          this.pos = end;
        } else {
          const start = this.pos;
          while (this.pos < src.length) {
            const d = src.charCodeAt(this.pos);
            if (d === CODE_LF || d === CODE_CR) break;
            this.pos++;
          }
          if (this.comments.length < MAX_REPORTED && this.pos - start < 400) {
            this.comments.push({ text: src.slice(start, this.pos), line });
          }
        }
      } else {
        return;
      }
    }
  }

  private scan(): Token {
    this.skipSpaceAndComments();
    const src = this.src;
    const start = this.pos;
    const line = this.line;
    if (start >= src.length) return this.make('eof', '', start, line);
    const c = src.charCodeAt(start);
    if (isNameStart(c)) {
      let p = start + 1;
      while (p < src.length && isNamePart(src.charCodeAt(p))) p++;
      this.pos = p;
      return this.make('name', src.slice(start, p), start, line);
    }
    if (isDigit(c) || (c === 46 && isDigit(this.code(start + 1)))) return this.scanNumber(start, line);
    if (c === 34 || c === 39) return this.scanShortString(c, start, line);
    if (c === 91) {
      const level = this.longBracketLevel(start);
      if (level >= 0) return this.scanLongString(level, start, line);
    }
    for (const [set, size] of PUNCT_BY_SIZE) {
      const text = src.slice(start, start + size);
      if (set.has(text)) {
        this.pos = start + size;
        return this.make('punct', text, start, line);
      }
    }
    // A run of characters Lua would reject (binary, `@`, `$`, `!`, `?`, a backslash…) becomes one bad token.
    let p = start + 1;
    while (p < src.length) {
      const d = src.charCodeAt(p);
      if (d === CODE_LF || d === CODE_CR || isSpace(d) || isNameStart(d) || isDigit(d)) break;
      if (d === 34 || d === 39 || PUNCT1.has(src[p] as string)) break;
      p++;
    }
    this.pos = p;
    return this.make('bad', src.slice(start, Math.min(p, start + 40)), start, line);
  }

  private scanNumber(start: number, line: number): Token {
    const src = this.src;
    let p = start;
    const isHex = src.charCodeAt(p) === 48 && (this.code(p + 1) === 120 || this.code(p + 1) === 88);
    if (isHex) p += 2;
    const exponent = isHex ? /[pP]/ : /[eE]/;
    while (p < src.length) {
      const d = src.charCodeAt(p);
      const ch = src[p] as string;
      if (exponent.test(ch) && (this.code(p + 1) === 43 || this.code(p + 1) === 45)) p += 2;
      else if ((isHex ? isHexDigit(d) : isDigit(d)) || d === 46 || exponent.test(ch)) p++;
      else break;
    }
    let isBroken = false;
    while (p < src.length && isNamePart(src.charCodeAt(p))) {
      isBroken = true;
      p++;
    }
    this.pos = p;
    const text = src.slice(start, p);
    let num = NaN;
    if (!isBroken)
      num = isHex && /^0[xX][0-9a-fA-F]+$/.test(text) ? parseInt(text.slice(2), 16) : Number(text);
    if (Number.isNaN(num)) {
      isBroken = true;
      this.report.problem(line, `"${text.slice(0, 40)}" is not a number Lua can read.`);
    }
    return this.make('number', text, start, line, isBroken, num);
  }

  /** Reads a quoted string with Lua 5.4 escapes; bytes from `\x`/`\ddd` are decoded as UTF-8 like prosody's. */
  private scanShortString(quote: number, start: number, line: number): Token {
    const src = this.src;
    const parts: string[] = [];
    let bytes: number[] = [];
    let p = start + 1;
    let segment = p;
    let isBroken = false;
    const flushBytes = (): void => {
      if (bytes.length === 0) return;
      const array = Uint8Array.from(bytes);
      try {
        parts.push(STRICT_UTF8.decode(array));
      } catch {
        parts.push(LENIENT_UTF8.decode(array));
        this.report.problem(
          this.line,
          'A string escape produces bytes that are not UTF-8 text; shown with � marks.',
        );
      }
      bytes = [];
    };
    const flushSegment = (to: number): void => {
      if (to > segment) {
        flushBytes();
        parts.push(src.slice(segment, to));
      }
    };
    const pushChar = (ch: string): void => {
      flushBytes();
      parts.push(ch);
    };
    for (;;) {
      if (p >= src.length) {
        flushSegment(p);
        isBroken = true;
        this.report.problem(line, `The string starting on line ${line} is never closed.`);
        break;
      }
      const c = src.charCodeAt(p);
      if (c === quote) {
        flushSegment(p);
        p++;
        break;
      }
      if (c === CODE_LF || c === CODE_CR) {
        flushSegment(p);
        isBroken = true;
        this.report.problem(line, `The string on line ${line} is not closed before the end of the line.`);
        break;
      }
      if (c !== 92) {
        p++;
        continue;
      }
      flushSegment(p);
      const e = this.code(p + 1);
      const simple = SIMPLE_ESCAPES[String.fromCharCode(e)];
      if (e === -1) {
        p++;
      } else if (simple !== undefined) {
        pushChar(simple);
        p += 2;
      } else if (e === CODE_LF || e === CODE_CR) {
        pushChar('\n');
        p += 2;
        if (e === CODE_CR && this.code(p) === CODE_LF) p++;
        this.line++;
      } else if (e === 122) {
        // \z skips the following white space, line breaks included (Lua 5.2+).
        p += 2;
        const from = p;
        while (
          p < src.length &&
          (isSpace(src.charCodeAt(p)) || src.charCodeAt(p) === CODE_LF || src.charCodeAt(p) === CODE_CR)
        )
          p++;
        this.countLines(from, p);
      } else if (e === 120) {
        if (isHexDigit(this.code(p + 2)) && isHexDigit(this.code(p + 3))) {
          bytes.push(parseInt(src.slice(p + 2, p + 4), 16));
          p += 4;
        } else {
          this.report.problem(this.line, 'Invalid \\x escape in a string: it needs exactly two hex digits.');
          p += 2;
        }
      } else if (isDigit(e)) {
        let q = p + 1;
        while (q < p + 4 && isDigit(this.code(q))) q++;
        const value = Number(src.slice(p + 1, q));
        if (value > 255) this.report.problem(this.line, `The escape \\${value} is larger than 255.`);
        else bytes.push(value);
        p = q;
      } else if (e === 117) {
        const match = /^\\u\{([0-9a-fA-F]{1,8})\}/.exec(src.slice(p, p + 12));
        const point = match ? parseInt(match[1] ?? '', 16) : NaN;
        if (match && point <= 0x10ffff) {
          pushChar(String.fromCodePoint(point));
          p += match[0].length;
        } else {
          this.report.problem(this.line, 'Invalid \\u{…} escape in a string.');
          p += 2;
        }
      } else {
        const ch = String.fromCharCode(e);
        this.report.problem(
          this.line,
          `Invalid escape \\${ch} in a string; Lua refuses to load such a file.`,
        );
        pushChar(ch);
        p += 2;
      }
      segment = p;
    }
    flushBytes();
    this.pos = p;
    return this.make('string', parts.join(''), start, line, isBroken);
  }

  private scanLongString(level: number, start: number, line: number): Token {
    const src = this.src;
    let contentStart = start + level + 2;
    // Lua drops a line break that directly follows the opening bracket.
    const first = this.code(contentStart);
    if (first === CODE_CR || first === CODE_LF) {
      const second = this.code(contentStart + 1);
      contentStart += (second === CODE_CR || second === CODE_LF) && second !== first ? 2 : 1;
    }
    const close = `]${'='.repeat(level)}]`;
    const found = src.indexOf(close, contentStart);
    const end = found < 0 ? src.length : found + close.length;
    if (found < 0) this.report.problem(line, `The long string opened on line ${line} is never closed.`);
    this.countLines(start, end);
    this.pos = end;
    const text = src.slice(contentStart, found < 0 ? src.length : found);
    return this.make('string', text, start, line, found < 0);
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  n: '\n',
  t: '\t',
  r: '\r',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
});

// Lua config parser: literal assignments and section headers only.

type LuaValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'table'; items: LuaValue[]; fields: { key: string; value: LuaValue }[] };

type ValueResult = { ok: true; value: LuaValue } | { ok: false; why: string };

interface Assignment {
  name: string;
  value: LuaValue;
  line: number;
  text: string;
}

interface Section {
  kind: 'global' | 'host' | 'component';
  name: string;
  type: string | null;
  line: number;
  assignments: Assignment[];
}

const SECTION_KEYWORDS: ReadonlySet<string> = new Set(['VirtualHost', 'Host', 'Component']);
const LUA_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'true',
  'false',
  'nil',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'for',
  'function',
  'goto',
  'if',
  'in',
  'local',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'until',
  'while',
]);
// Names that run programs, load code or read files when called; never evaluated here.
const DANGEROUS_NAMES: ReadonlySet<string> = new Set([
  'os',
  'io',
  'dofile',
  'loadfile',
  'load',
  'loadstring',
  'require',
  'package',
  'debug',
  'RunScript',
  'Include',
  'FileContents',
  'FileLine',
  'FileLines',
  'Credential',
]);
const BLOCK_OPENERS: ReadonlySet<string> = new Set(['function', 'if', 'do', 'repeat']);
const BLOCK_CLOSERS: ReadonlySet<string> = new Set(['end', 'until']);
const EXPRESSION_CONTINUERS: ReadonlySet<string> = new Set([
  '..',
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '^',
  '==',
  '~=',
  '<',
  '>',
  '<=',
  '>=',
  '&',
  '|',
  '~',
  '<<',
  '>>',
  '.',
  ':',
  '[',
  '(',
]);
const MAX_TABLE_DEPTH = 16;

function isPunct(token: Token, text: string): boolean {
  return token.kind === 'punct' && token.text === text;
}

class LuaConfigParser {
  readonly sections: Section[];
  private current: Section;
  private readonly byName = new Map<string, Section>();

  constructor(
    private readonly lx: LuaLexer,
    private readonly report: Report,
  ) {
    this.current = { kind: 'global', name: 'global', type: null, line: 0, assignments: [] };
    this.sections = [this.current];
  }

  run(): void {
    const lx = this.lx;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') return;
      if (isPunct(t, ';')) {
        lx.next();
      } else if (t.kind === 'name' && (t.text === 'VirtualHost' || t.text === 'Host')) {
        this.sectionHeader('host');
      } else if (t.kind === 'name' && t.text === 'Component') {
        this.sectionHeader('component');
      } else if (t.kind === 'name' && t.text === 'Include') {
        this.skipStatement(
          t,
          'Include loads another file at server start; it is not followed here. Paste that file too.',
        );
      } else if (t.kind === 'name' && LUA_KEYWORDS.has(t.text)) {
        this.skipStatement(t, 'Lua code, not a setting; never run here');
      } else if (t.kind === 'name' && isPunct(lx.peek(1), '=')) {
        this.assignment();
      } else if (t.kind === 'name' && DANGEROUS_NAMES.has(t.text)) {
        this.skipStatement(t, 'runs a program, loads code or reads a file on the server; never run here');
      } else if (t.kind === 'name') {
        this.skipStatement(t, 'a function call or Lua expression, not a setting; not evaluated');
      } else if (t.kind === 'bad') {
        this.skipStatement(t, 'not Lua text (binary data or stray characters)');
      } else {
        this.skipStatement(t, 'not a setting');
      }
    }
  }

  /** Consumes tokens to the end of a statement: at bracket and block depth 0, before a name on a new line. */
  private skipStatement(start: Token, why: string, isStartConsumed = false): void {
    const lx = this.lx;
    let brackets = 0;
    let blocks = 0;
    let isFirst = !isStartConsumed;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') break;
      if (!isFirst) {
        const isNewLine = t.line > lx.lastEndLine;
        if (isNewLine && t.kind === 'name' && SECTION_KEYWORDS.has(t.text)) break;
        if (isNewLine && t.kind === 'name' && brackets === 0 && blocks === 0) break;
      }
      isFirst = false;
      lx.next();
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '{' || t.text === '[') brackets++;
        else if ((t.text === ')' || t.text === '}' || t.text === ']') && brackets > 0) brackets--;
      } else if (t.kind === 'name') {
        if (BLOCK_OPENERS.has(t.text)) blocks++;
        else if (BLOCK_CLOSERS.has(t.text) && blocks > 0) blocks--;
      }
    }
    this.report.ignore(redactStatement(lx.slice(start.start, lx.lastEnd)), start.line, why);
  }

  private stringArgument(): string | null {
    const lx = this.lx;
    const t = lx.peek();
    if (t.kind === 'string' && !t.isBroken) {
      lx.next();
      return t.text;
    }
    if (isPunct(t, '(') && lx.peek(1).kind === 'string' && !lx.peek(1).isBroken && isPunct(lx.peek(2), ')')) {
      lx.next();
      const value = lx.next().text;
      lx.next();
      return value;
    }
    return null;
  }

  private sectionHeader(kind: 'host' | 'component'): void {
    const keyword = this.lx.next();
    const name = this.stringArgument();
    if (name === null) {
      this.report.problem(keyword.line, `${keyword.text} must be followed by a quoted name.`);
      this.skipStatement(keyword, `${keyword.text} without a quoted name`, true);
      return;
    }
    let type: string | null = null;
    if (kind === 'component') {
      const t = this.lx.peek();
      if (t.kind === 'string' || isPunct(t, '(')) type = this.stringArgument();
    }
    // Prosody merges a VirtualHost declared twice; later options win as usual.
    const existing = this.byName.get(`${kind} ${name}`);
    if (existing) {
      this.current = existing;
    } else {
      this.current = { kind, name, type, line: keyword.line, assignments: [] };
      this.sections.push(this.current);
      this.byName.set(`${kind} ${name}`, this.current);
    }
  }

  private assignment(): void {
    const lx = this.lx;
    const name = lx.next();
    lx.next();
    const result = this.value(0);
    if (!result.ok) {
      this.skipStatement(name, result.why, true);
      return;
    }
    const t = lx.peek();
    const isContinued =
      (t.kind === 'punct' && EXPRESSION_CONTINUERS.has(t.text)) ||
      (t.kind === 'name' && (t.text === 'and' || t.text === 'or')) ||
      ((t.kind === 'string' || isPunct(t, '{')) && t.line === lx.lastEndLine);
    if (isContinued) {
      this.skipStatement(name, 'a computed value (an expression); not evaluated', true);
      return;
    }
    this.current.assignments.push({
      name: name.text,
      value: result.value,
      line: name.line,
      text: lx.slice(name.start, lx.lastEnd),
    });
  }

  private value(depth: number): ValueResult {
    const lx = this.lx;
    const t = lx.peek();
    if (t.kind === 'string') {
      lx.next();
      return t.isBroken
        ? { ok: false, why: 'the string is not closed' }
        : { ok: true, value: { kind: 'string', value: t.text } };
    }
    if (t.kind === 'number') {
      lx.next();
      return t.isBroken
        ? { ok: false, why: 'not a number Lua can read' }
        : { ok: true, value: { kind: 'number', value: t.num, text: t.text } };
    }
    if (isPunct(t, '-') && lx.peek(1).kind === 'number' && !lx.peek(1).isBroken) {
      lx.next();
      const n = lx.next();
      return { ok: true, value: { kind: 'number', value: -n.num, text: `-${n.text}` } };
    }
    if (t.kind === 'name' && (t.text === 'true' || t.text === 'false')) {
      lx.next();
      return { ok: true, value: { kind: 'boolean', value: t.text === 'true' } };
    }
    if (t.kind === 'name' && t.text === 'nil') {
      lx.next();
      return { ok: true, value: { kind: 'nil' } };
    }
    if (isPunct(t, '{')) return this.table(depth + 1);
    if (t.kind === 'name' && DANGEROUS_NAMES.has(t.text)) {
      return { ok: false, why: 'runs a program, loads code or reads a file on the server; never run here' };
    }
    if (t.kind === 'name') return { ok: false, why: `a computed value (uses ${t.text}); not evaluated` };
    return { ok: false, why: 'not a plain value' };
  }

  private table(depth: number): ValueResult {
    const lx = this.lx;
    const open = lx.next();
    if (depth > MAX_TABLE_DEPTH) {
      this.skipBalanced();
      return { ok: false, why: `tables nested more than ${MAX_TABLE_DEPTH} deep` };
    }
    const items: LuaValue[] = [];
    const fields: { key: string; value: LuaValue }[] = [];
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') {
        this.report.problem(open.line, `The table opened on line ${open.line} is never closed.`);
        break;
      }
      if (isPunct(t, '}')) {
        lx.next();
        break;
      }
      if (t.kind === 'name' && SECTION_KEYWORDS.has(t.text) && t.line > lx.lastEndLine) {
        this.report.problem(
          open.line,
          `The table opened on line ${open.line} is not closed before ${t.text} on line ${t.line}.`,
        );
        break;
      }
      if (isPunct(t, ',') || isPunct(t, ';')) {
        lx.next();
        this.report.problem(t.line, 'Two separators in a row in a table; Lua refuses to load this.');
        continue;
      }
      const elementStart = t;
      let key: string | null = null;
      let result: ValueResult;
      if (isPunct(t, '[')) {
        lx.next();
        const keyResult = this.value(depth);
        if (keyResult.ok && isPunct(lx.peek(), ']') && isPunct(lx.peek(1), '=')) {
          lx.next();
          lx.next();
          key = keyResult.value.kind === 'string' ? keyResult.value.value : displayLua(keyResult.value);
          result = this.value(depth);
        } else {
          result = { ok: false, why: 'a table key that is not a plain value' };
        }
      } else if (t.kind === 'name' && isPunct(lx.peek(1), '=')) {
        lx.next();
        lx.next();
        key = t.text;
        result = this.value(depth);
      } else {
        result = this.value(depth);
      }
      if (result.ok) {
        if (key === null) items.push(result.value);
        else fields.push({ key, value: result.value });
      } else {
        this.skipTableEntry();
        this.report.ignore(
          lx.slice(elementStart.start, lx.lastEnd),
          elementStart.line,
          `table entry: ${result.why}`,
        );
      }
      const after = lx.peek();
      if (isPunct(after, ',') || isPunct(after, ';')) lx.next();
      else if (
        !isPunct(after, '}') &&
        after.kind !== 'eof' &&
        !(after.kind === 'name' && SECTION_KEYWORDS.has(after.text))
      ) {
        this.report.problem(after.line, 'Missing , or ; between table entries.');
      }
    }
    return { ok: true, value: { kind: 'table', items, fields } };
  }

  /**
   * Skips the rest of a failed table entry: up to a separator or the closing brace at this depth. Progress is
   * certain because an entry never starts at a separator or `}` (the table loop handles those first).
   */
  private skipTableEntry(): void {
    const lx = this.lx;
    let depth = 0;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') return;
      if (depth === 0 && (isPunct(t, ',') || isPunct(t, ';') || isPunct(t, '}'))) return;
      if (t.kind === 'name' && SECTION_KEYWORDS.has(t.text) && t.line > lx.lastEndLine) return;
      lx.next();
      if (isPunct(t, '(') || isPunct(t, '{') || isPunct(t, '[')) depth++;
      else if ((isPunct(t, ')') || isPunct(t, '}') || isPunct(t, ']')) && depth > 0) depth--;
    }
  }

  /** After a consumed `{`, skips to its matching `}` (or the end). */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.lx.next();
      if (t.kind === 'eof') return;
      if (isPunct(t, '{') || isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, '}') || isPunct(t, ')') || isPunct(t, ']')) depth--;
    }
  }
}

function redactStatement(text: string): string {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(text);
  if (match && SECRET_NAME.test(match[1] ?? '')) return `${match[1]} = (hidden)`;
  return text;
}

function displayLua(value: LuaValue): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (v: LuaValue, depth: number): void => {
    if (length > MAX_SHOWN_VALUE) return;
    let piece: string | null = null;
    if (v.kind === 'string') piece = v.value;
    else if (v.kind === 'number') piece = v.text;
    else if (v.kind === 'boolean') piece = String(v.value);
    else if (v.kind === 'nil') piece = 'nil';
    if (piece !== null) {
      parts.push(piece);
      length += piece.length + 2;
      return;
    }
    if (v.kind !== 'table' || depth > 3) return;
    for (const item of v.items) visit(item, depth + 1);
    for (const field of v.fields) {
      parts.push(`${field.key} = ${field.value.kind === 'table' ? '{…}' : displayLua(field.value)}`);
      length += field.key.length + 8;
    }
  };
  visit(value, 0);
  const text = parts.join(', ');
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)} …` : text;
}

// Prosody option semantics: how module:get_option_* reads each type.

type Coerced<T> = { ok: true; value: T; note?: string } | { ok: false; message: string };

/** @see prosody core/moduleapi.lua get_option_scalar/get_option_string: a list gives its first item; tostring. */
function coerceString(value: LuaValue): Coerced<string> {
  let scalar = value;
  let note: string | undefined;
  if (value.kind === 'table') {
    const first = value.items[0];
    if (!first) return { ok: false, message: 'expects a string, but the list is empty' };
    if (value.items.length > 1) note = 'expects one value; prosody uses only the first item of the list';
    scalar = first;
  }
  if (scalar.kind === 'string') return { ok: true, value: scalar.value, note };
  if (scalar.kind === 'number')
    return { ok: true, value: scalar.text, note: 'a number; prosody reads it as text' };
  if (scalar.kind === 'boolean')
    return { ok: true, value: String(scalar.value), note: 'a boolean; prosody reads it as text' };
  return { ok: false, message: 'expects a string' };
}

/** @see prosody core/moduleapi.lua get_option_boolean: true/"true"/1 and false/"false"/0; anything else is unset. */
function coerceBoolean(value: LuaValue): Coerced<boolean> {
  const scalar = value.kind === 'table' ? value.items[0] : value;
  if (scalar?.kind === 'boolean') return { ok: true, value: scalar.value };
  if (scalar?.kind === 'string' && (scalar.value === 'true' || scalar.value === 'false')) {
    return { ok: true, value: scalar.value === 'true', note: 'a string; prosody accepts "true"/"false"' };
  }
  if (scalar?.kind === 'number' && (scalar.value === 1 || scalar.value === 0)) {
    return { ok: true, value: scalar.value === 1, note: 'a number; prosody accepts 1/0' };
  }
  return {
    ok: false,
    message: 'expects true or false; prosody logs "Config option … not understood" and uses the default',
  };
}

/** @see prosody core/moduleapi.lua get_option_array: a single value is a one-item list; only list items count. */
function coerceList(value: LuaValue): Coerced<string[] | string> {
  if (value.kind === 'string') return { ok: true, value: value.value };
  if (value.kind !== 'table') return { ok: false, message: 'expects a list of strings like { "a", "b" }' };
  const strings: string[] = [];
  const dropped: string[] = [];
  for (const item of value.items) {
    if (item.kind === 'string') strings.push(item.value);
    else dropped.push(displayLua(item));
  }
  const notes: string[] = [];
  if (dropped.length > 0) notes.push(`non-string items never match a claim: ${dropped.join(', ')}`);
  if (value.fields.length > 0) notes.push('key = value entries are not list items and are not read');
  return { ok: true, value: strings, note: notes.length > 0 ? notes.join('; ') : undefined };
}

function displayValue(value: string | boolean | string[]): string {
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

function sectionLabel(section: Section): string {
  if (section.kind === 'global') return 'global';
  if (section.kind === 'host') return `VirtualHost "${section.name}"`;
  return section.type === null
    ? `Component "${section.name}"`
    : `Component "${section.name}" "${section.type}"`;
}

/** The last assignment of each option in a section; earlier ones are reported as overridden. */
function lastAssignments(section: Section, report: Report): Map<string, Assignment> {
  const byName = new Map<string, Assignment>();
  for (const assignment of section.assignments) {
    const previous = byName.get(assignment.name);
    if (previous) {
      report.ignore(
        redactStatement(previous.text),
        previous.line,
        `set again on line ${assignment.line}; the later value wins`,
      );
    }
    byName.set(assignment.name, assignment);
  }
  return byName;
}

function stringList(value: LuaValue | undefined): string[] {
  if (!value) return [];
  if (value.kind === 'string') return [value.value];
  if (value.kind !== 'table') return [];
  return value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
}

/**
 * Reads a prosody `.cfg.lua` (or a part of one): picks the token VirtualHost, applies global defaults to it, and
 * summarises the MUC components' modules. Never throws; nothing in the text is run.
 * @see jitsi-token-rules.md §2 (options, defaults, "Global values apply")
 */
export function parseProsodyConfig(text: string): ParsedServerConfig {
  const report = new Report();
  try {
    return readProsody(text, report);
  } catch (error) {
    // A bug here must not take the page down; it is reported, not hidden.
    report.problem(
      0,
      `Internal error while reading the config: ${error instanceof Error ? error.message : String(error)}`,
    );
    return emptyResult('prosody', report);
  }
}

/** A VirtualHost with its options and what they make of it. */
interface HostInfo {
  section: Section;
  options: Map<string, Assignment>;
  authentication: string | null;
  isEnabled: boolean;
}

/** Where an option's effective value was written. */
interface FoundOption {
  assignment: Assignment;
  section: string;
}

function readProsody(text: string, report: Report): ParsedServerConfig {
  const lexer = new LuaLexer(text, report);
  const parser = new LuaConfigParser(lexer, report);
  parser.run();
  const globalOptions = lastAssignments(parser.sections[0] as Section, report);
  const hosts = parser.sections
    .filter((s) => s.kind === 'host')
    .map((section) => describeHost(section, lastAssignments(section, report), globalOptions));
  const chosen = chooseHost(hosts, globalOptions, report);
  const chosenOptions = chosen?.options ?? new Map<string, Assignment>();
  const chosenLabel = chosen ? sectionLabel(chosen.section) : 'global';

  // A host-level `x = nil` stores nothing, so prosody's lookup falls through to the global value.
  const find = (name: string): FoundOption | null => {
    const own = chosenOptions.get(name);
    if (own && own.value.kind !== 'nil') return { assignment: own, section: chosenLabel };
    const fromGlobal = globalOptions.get(name);
    return fromGlobal && fromGlobal.value.kind !== 'nil'
      ? { assignment: fromGlobal, section: 'global' }
      : null;
  };
  const settings: ProsodySettings = {};
  for (const name of STRING_OPTIONS)
    readOption(name, find(name), coerceString, report, (v) => (settings[name] = v));
  for (const name of BOOLEAN_OPTIONS)
    readOption(name, find(name), coerceBoolean, report, (v) => (settings[name] = v));
  for (const name of LIST_OPTIONS)
    readOption(name, find(name), coerceList, report, (v) => (settings[name] = v));

  const components = parser.sections.filter((s) => s.kind === 'component');
  const modules = summariseModules(
    globalOptions,
    chosenOptions,
    chosenLabel,
    components,
    settings,
    chosen,
    report,
  );
  reportUnused(globalOptions, chosenOptions, chosenLabel, hosts, chosen, report);
  for (const comment of lexer.comments) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(comment.text);
    if (match && isTokenOption(match[1] ?? '')) {
      report.ignore(`--${redactStatement(comment.text)}`, comment.line, 'commented out');
    }
  }
  if (chosen && settings.muc_mapper_domain_base === undefined) {
    report.notes.push(
      'muc_mapper_domain_base is not set in what was pasted. Stock configs set it in the global section; ' +
        'without it every token user fails to join with room-does-not-exist.',
    );
  }

  report.finish();
  return {
    format: 'prosody',
    domain: chosen?.section.name ?? null,
    publicUrl: null,
    settings,
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules,
    hosts: hosts.map((h) => ({
      name: h.section.name,
      line: h.section.line,
      authentication: h.authentication,
      isEnabled: h.isEnabled,
      isChosen: h === chosen,
    })),
    notes: report.notes,
  };
}

function describeHost(
  section: Section,
  options: Map<string, Assignment>,
  globalOptions: Map<string, Assignment>,
): HostInfo {
  const auth = options.get('authentication') ?? globalOptions.get('authentication');
  const coerced = auth ? coerceString(auth.value) : null;
  const enabled = options.get('enabled');
  return {
    section,
    options,
    authentication: coerced?.ok ? coerced.value : null,
    isEnabled: !(enabled && enabled.value.kind === 'boolean' && !enabled.value.value),
  };
}

/**
 * The host whose settings are shown: an enabled token host (the one named by muc_mapper_domain_base first, because
 * docker's JaaS `jigasi.*` token host comes earlier in the file), else the first enabled host, else the first.
 */
function chooseHost(
  hosts: HostInfo[],
  globalOptions: Map<string, Assignment>,
  report: Report,
): HostInfo | null {
  const base = globalOptions.get('muc_mapper_domain_base');
  const baseName = base && base.value.kind === 'string' ? base.value.value : null;
  const tokenHosts = hosts.filter((h) => h.authentication === 'token' && h.isEnabled);
  const chosen =
    tokenHosts.find((h) => h.section.name === baseName) ??
    tokenHosts[0] ??
    hosts.find((h) => h.isEnabled) ??
    hosts[0] ??
    null;
  if (chosen === null) {
    report.notes.push('No VirtualHost was found: only global options were read.');
    return null;
  }
  if (tokenHosts.length > 1) {
    report.notes.push(
      `Several VirtualHosts use token authentication (${tokenHosts.map((h) => h.section.name).join(', ')}); ` +
        `the settings shown are those of ${chosen.section.name}.`,
    );
  }
  if (tokenHosts.length === 0) {
    const uses =
      chosen.authentication === null
        ? 'prosody\'s default ("internal_hashed")'
        : `"${chosen.authentication}"`;
    report.notes.push(
      `No VirtualHost has authentication = "token"; showing ${chosen.section.name}, which uses ${uses}. ` +
        'Prosody does not check tokens there.',
    );
  }
  if (!chosen.isEnabled) {
    report.problem(
      chosen.section.line,
      `VirtualHost "${chosen.section.name}" has enabled = false: prosody does not serve it.`,
    );
  }
  return chosen;
}

/** Reads one option the way prosody's get_option_* would, recording it as understood or as a problem. */
function readOption<T extends string | boolean | string[]>(
  name: string,
  found: FoundOption | null,
  coerce: (value: LuaValue) => Coerced<T>,
  report: Report,
  store: (value: T) => void,
): void {
  if (!found) return;
  const coerced = coerce(found.assignment.value);
  if (!coerced.ok) {
    report.problem(found.assignment.line, `${name} ${coerced.message}; it is treated as not set.`);
    return;
  }
  store(coerced.value);
  report.understood.push({
    name,
    option: name,
    value: displayValue(coerced.value),
    line: found.assignment.line,
    isSecret: SECRET_OPTIONS.has(name),
    section: found.section,
    isDefault: false,
  });
  if (coerced.note) report.problem(found.assignment.line, `${name}: ${coerced.note}.`);
}

/**
 * The host's effective modules, every component's modules, and the main MUC.
 * @see prosody core/modulemanager.lua load_modules_for_host (global modules_enabled plus the host's own, minus
 * modules_disabled; components do not inherit them)
 */
function summariseModules(
  globalOptions: Map<string, Assignment>,
  chosenOptions: Map<string, Assignment>,
  chosenLabel: string,
  components: Section[],
  settings: ProsodySettings,
  chosen: HostInfo | null,
  report: Report,
): ModuleSummary {
  const modules = emptyModules();
  const globalOff = new Set(stringList(globalOptions.get('modules_disabled')?.value));
  const hostOff = new Set(stringList(chosenOptions.get('modules_disabled')?.value));
  const globalOn = stringList(globalOptions.get('modules_enabled')?.value).filter((m) => !globalOff.has(m));
  const hostOn = stringList(chosenOptions.get('modules_enabled')?.value);
  modules.host = [...new Set([...globalOn, ...hostOn].filter((m) => !hostOff.has(m)))];
  markWatched(modules, modules.host, chosenLabel);
  const hostList = chosenOptions.get('modules_enabled') ?? globalOptions.get('modules_enabled');
  if (hostList) understandList(report, 'modules_enabled', modules.host, hostList.line, chosenLabel);

  const optionsOf = new Map<string, Map<string, Assignment>>();
  for (const component of components) {
    const options = lastAssignments(component, report);
    optionsOf.set(component.name, options);
    const summary: ComponentSummary = {
      name: component.name,
      type: component.type,
      line: component.line,
      modules: stringList(options.get('modules_enabled')?.value),
      tokenVerificationAllowlist: stringList(options.get('token_verification_allowlist')?.value),
    };
    modules.components.push(summary);
    markWatched(modules, summary.modules, sectionLabel(component));
    for (const [name, assignment] of options) {
      if (!isTokenOption(name)) continue;
      const why = `set on ${sectionLabel(component)}; token checks read the VirtualHost's options, not a component's`;
      report.ignore(redactStatement(assignment.text), assignment.line, why);
    }
  }

  const prefix = settings.muc_mapper_domain_prefix ?? 'conference';
  const base = settings.muc_mapper_domain_base ?? chosen?.section.name ?? null;
  const mainName = base === null ? null : `${prefix}.${base}`;
  const main =
    modules.components.find((c) => c.type === 'muc' && c.name === mainName) ??
    modules.components.find((c) => c.type === 'muc' && c.modules.includes('token_verification')) ??
    null;
  modules.mainMuc = main?.name ?? null;
  if (main) {
    const label = `Component "${main.name}"${main.type ? ` "${main.type}"` : ''}`;
    const options = optionsOf.get(main.name);
    understandList(
      report,
      'modules_enabled',
      main.modules,
      options?.get('modules_enabled')?.line ?? main.line,
      label,
    );
    const allowlist = options?.get('token_verification_allowlist');
    if (allowlist)
      understandList(report, allowlist.name, main.tokenVerificationAllowlist, allowlist.line, label);
  } else if (components.length > 0 && mainName !== null) {
    report.notes.push(`No MUC component named ${mainName} was found; rooms may live elsewhere.`);
  }
  for (const component of components) {
    if (component.name === main?.name) continue;
    report.ignore(
      sectionLabel(component),
      component.line,
      'a component; only its modules_enabled list is noted',
    );
  }
  return modules;
}

function understandList(report: Report, name: string, values: string[], line: number, section: string): void {
  report.understood.push({
    name,
    option: name,
    value: values.join(', '),
    line,
    isSecret: false,
    section,
    isDefault: false,
  });
}

/** Reports every other option of the global section and the chosen host, and the other hosts, with a reason. */
function reportUnused(
  globalOptions: Map<string, Assignment>,
  chosenOptions: Map<string, Assignment>,
  chosenLabel: string,
  hosts: HostInfo[],
  chosen: HostInfo | null,
  report: Report,
): void {
  const shownElsewhere = new Set(['modules_enabled', 'modules_disabled', 'enabled']);
  for (const [options, label] of [
    [globalOptions, 'global'],
    [chosenOptions, chosenLabel],
  ] as const) {
    for (const [name, assignment] of options) {
      if (shownElsewhere.has(name)) continue;
      let why: string | null = null;
      const hostValue = chosenOptions.get(name);
      if (!isTokenOption(name)) why = OTHER_OPTION_WHY[name] ?? 'not a token setting';
      else if (label === 'global' && hostValue && hostValue.value.kind !== 'nil') {
        why = `the VirtualHost sets it again on line ${hostValue.line}, which wins`;
      } else if (assignment.value.kind === 'nil') why = 'set to nil, which means not set';
      if (why !== null) report.ignore(redactStatement(assignment.text), assignment.line, why);
    }
  }
  for (const host of hosts) {
    if (host === chosen) continue;
    const why = chosen
      ? `another VirtualHost; its options do not apply to ${chosen.section.name}`
      : 'another VirtualHost';
    report.ignore(sectionLabel(host.section), host.section.line, why);
  }
}

// docker-jitsi-meet .env

// The docker-jitsi-meet variables that shape prosody's token options, and what the prosody image's template does
// with each (jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua and docker-compose.yml).
const ENV_VARIABLES = Object.freeze({
  ENABLE_AUTH: 'authentication is on only when this is true (default 0)',
  AUTH_TYPE: 'authentication = "token" only when this is jwt (default internal)',
  PROSODY_AUTH_TYPE: 'overrides AUTH_TYPE for prosody',
  JWT_AUTH_TYPE: 'the authentication provider written for jwt (default token)',
  JWT_APP_ID: 'app_id',
  JWT_APP_SECRET: 'app_secret',
  JWT_ACCEPTED_ISSUERS: 'asap_accepted_issuers (comma-separated, written globally)',
  JWT_ACCEPTED_AUDIENCES: 'asap_accepted_audiences (comma-separated, written globally)',
  JWT_ALLOW_EMPTY: 'allow_empty_token (default 0)',
  JWT_ASAP_KEYSERVER: 'asap_key_server (written only when set)',
  JWT_ENABLE_DOMAIN_VERIFICATION: 'enable_domain_verification (docker default false)',
  JWT_SIGN_TYPE: 'signature_algorithm (written only when set)',
  JWT_TOKEN_AUTH_MODULE: 'the module added to the MUC component (default token_verification)',
  XMPP_DOMAIN: 'the VirtualHost and muc_mapper_domain_base (default meet.jitsi)',
  XMPP_MUC_DOMAIN: 'the MUC component; its first label is muc_mapper_domain_prefix (default muc.meet.jitsi)',
  XMPP_MODULES: 'extra modules on the VirtualHost (comma-separated)',
  XMPP_MUC_MODULES: 'extra modules on the MUC component (comma-separated)',
  PUBLIC_URL: 'the address users open (not what sub must equal)',
} as const);

const ENV_DEFAULT_DOMAIN = 'meet.jitsi';
const ENV_DEFAULT_MUC_DOMAIN = 'muc.meet.jitsi';

interface EnvEntry {
  value: string;
  line: number;
}

// Go's strconv.ParseBool, which the image's `toBool` template function is assumed to use; anything else is false.
const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Reads a docker-jitsi-meet `.env` and works out the prosody options its template would write.
 * Values are taken literally: `${VAR}` is not expanded and nothing is run. Never throws.
 * @see jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua
 */
export function parseDockerEnv(text: string): ParsedServerConfig {
  const report = new Report();
  try {
    return readDockerEnv(text, report);
  } catch (error) {
    report.problem(
      0,
      `Internal error while reading the .env: ${error instanceof Error ? error.message : String(error)}`,
    );
    return emptyResult('env', report);
  }
}

/** Parses one `KEY=value` line body (after `KEY=`) the way docker compose reads `.env` values. */
function readEnvValue(rest: string, line: number, report: Report): string | null {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    let i = 1;
    let isClosed = false;
    for (; i < rest.length; i++) {
      const ch = rest[i] as string;
      if (ch === quote) {
        isClosed = true;
        break;
      }
      if (quote === '"' && ch === '\\' && i + 1 < rest.length) {
        const next = rest[i + 1] as string;
        value += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next;
        i++;
      } else {
        value += ch;
      }
    }
    if (!isClosed) {
      // Compose allows multi-line quoted values; these variables never need them, so the line is refused instead.
      report.problem(
        line,
        'The quoted value is not closed on this line (multi-line values are not supported here).',
      );
      return null;
    }
    const after = rest.slice(i + 1).trim();
    if (after !== '' && !after.startsWith('#'))
      report.problem(line, `Text after the closing quote is ignored: ${shorten(after)}`);
    return value;
  }
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}

function readDockerEnv(text: string, report: Report): ParsedServerConfig {
  const env = new EnvMapper(readEnvAssignments(text, report), report);
  const isJwt = env.authentication();
  env.jwtOptions(isJwt);
  const { domain, mucDomain, line } = env.domains();
  const modules = env.modules(isJwt, domain, mucDomain);
  const publicUrl = env.publicUrl();
  report.notes.push(
    `Prosody's VirtualHost is XMPP_DOMAIN (${domain}), not the public address: on non-tenant URLs sub must be ` +
      `${domain} (or *).`,
  );
  report.finish();
  return {
    format: 'env',
    domain,
    publicUrl,
    settings: env.settings,
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules,
    hosts: [
      {
        name: domain,
        line,
        authentication: env.settings.authentication ?? null,
        isEnabled: true,
        isChosen: true,
      },
    ],
    notes: report.notes,
  };
}

/** Reads `KEY=value` lines (docker compose rules); later assignments win; unrelated variables are reported. */
function readEnvAssignments(text: string, report: Report): Map<string, EnvEntry> {
  const vars = new Map<string, EnvEntry>();
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (content === '') return;
    if (content.startsWith('#')) {
      const commented = /^#+\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(content);
      if (commented && Object.hasOwn(ENV_VARIABLES, commented[1] ?? '')) {
        report.ignore(redactEnv(content.replace(/^#+\s*/, ''), commented[1] ?? ''), line, 'commented out');
      }
      return;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(content);
    if (!match) {
      report.ignore(content, line, 'not a KEY=value line');
      return;
    }
    const name = match[1] as string;
    const value = readEnvValue(content.slice(match[0].length), line, report);
    if (value === null) {
      report.ignore(redactEnv(content, name), line, 'unreadable value');
      return;
    }
    if (/\$\{?[A-Za-z_]/.test(value) && Object.hasOwn(ENV_VARIABLES, name)) {
      report.problem(line, `${name} uses $-interpolation; it is taken literally here, not expanded.`);
    }
    const previous = vars.get(name);
    if (previous) {
      const why = `set again on line ${line}; the later value wins`;
      report.ignore(redactEnv(`${name}=${previous.value}`, name), previous.line, why);
    }
    vars.set(name, { value, line });
  });
  for (const [name, entry] of vars) {
    if (Object.hasOwn(ENV_VARIABLES, name)) continue;
    report.ignore(redactEnv(`${name}=${entry.value}`, name), entry.line, 'not used for token authentication');
  }
  return vars;
}

type EnvName = keyof typeof ENV_VARIABLES;

/** Turns the variables into the prosody options the image's template writes, one concern per method. */
class EnvMapper {
  readonly settings: ProsodySettings = {};

  constructor(
    private readonly vars: Map<string, EnvEntry>,
    private readonly report: Report,
  ) {}

  private get(name: EnvName): EnvEntry | undefined {
    return this.vars.get(name);
  }

  private understand(
    name: EnvName,
    option: string | null,
    value: string,
    line: number,
    isDefault = false,
  ): void {
    this.report.understood.push({
      name,
      option,
      value,
      line,
      isSecret: SECRET_OPTIONS.has(name),
      section: '.env',
      isDefault,
    });
  }

  /** A template boolean (`| toBool`), understood with its default when the variable is absent. */
  private bool(name: EnvName, option: string, fallback: string): boolean {
    const entry = this.get(name);
    const text = entry?.value ?? fallback;
    if (!GO_TRUE.has(text) && !GO_FALSE.has(text)) {
      const message = `${name}=${text} is not a boolean the template understands (1/0, true/false); it counts as false.`;
      this.report.problem(entry?.line ?? 0, message);
    }
    this.understand(name, option, text, entry?.line ?? 0, !entry);
    return GO_TRUE.has(text);
  }

  /** Sets `authentication` and says whether the template writes the JWT options at all. */
  authentication(): boolean {
    const enableAuth = this.get('ENABLE_AUTH');
    const isAuthOn = this.bool('ENABLE_AUTH', 'authentication', '0');
    const override = this.get('PROSODY_AUTH_TYPE');
    const authType = override ?? this.get('AUTH_TYPE');
    const authTypeValue = authType?.value || 'internal';
    if (authType)
      this.understand(
        override ? 'PROSODY_AUTH_TYPE' : 'AUTH_TYPE',
        'authentication',
        authType.value,
        authType.line,
      );
    const checkOnly = 'The JWT_* values below are shown for checking only.';
    if (!isAuthOn) {
      this.settings.authentication = 'jitsi-anonymous';
      const message = `ENABLE_AUTH is not 1: docker-jitsi-meet writes authentication = "jitsi-anonymous" and prosody checks no tokens. ${checkOnly}`;
      this.report.problem(enableAuth?.line ?? 0, message);
      return false;
    }
    if (authTypeValue !== 'jwt') {
      this.settings.authentication = AUTH_TYPE_PROVIDERS[authTypeValue] ?? authTypeValue;
      const message = `AUTH_TYPE is ${authTypeValue}, not jwt: prosody uses "${this.settings.authentication}" and checks no tokens. ${checkOnly}`;
      this.report.problem(authType?.line ?? 0, message);
      return false;
    }
    const jwtAuthType = this.get('JWT_AUTH_TYPE');
    this.settings.authentication = jwtAuthType?.value || 'token';
    if (jwtAuthType) this.understand('JWT_AUTH_TYPE', 'authentication', jwtAuthType.value, jwtAuthType.line);
    return true;
  }

  /** app_id, app_secret, issuers, audiences, allow_empty_token, key server, domain check, algorithm. */
  jwtOptions(isJwt: boolean): void {
    const { settings, report } = this;
    const appId = this.get('JWT_APP_ID');
    if (appId) {
      settings.app_id = appId.value;
      this.understand('JWT_APP_ID', 'app_id', appId.value, appId.line);
    } else if (isJwt) {
      report.problem(0, 'JWT_APP_ID is not set, so the template writes no usable app_id.');
    }
    const secret = this.get('JWT_APP_SECRET');
    if (secret) {
      settings.app_secret = secret.value;
      this.understand('JWT_APP_SECRET', 'app_secret', secret.value, secret.line);
      if (secret.value === '') report.problem(secret.line, 'JWT_APP_SECRET is empty.');
    }
    this.list('JWT_ACCEPTED_ISSUERS', 'asap_accepted_issuers');
    this.list('JWT_ACCEPTED_AUDIENCES', 'asap_accepted_audiences');
    settings.allow_empty_token = this.bool('JWT_ALLOW_EMPTY', 'allow_empty_token', '0');
    const keyServer = this.get('JWT_ASAP_KEYSERVER');
    if (keyServer && keyServer.value !== '') {
      settings.asap_key_server = keyServer.value;
      this.understand('JWT_ASAP_KEYSERVER', 'asap_key_server', keyServer.value, keyServer.line);
    }
    // docker-jitsi-meet defaults this to false (changelog stable-8252), unlike prosody's own default of true.
    settings.enable_domain_verification = this.bool(
      'JWT_ENABLE_DOMAIN_VERIFICATION',
      'enable_domain_verification',
      'false',
    );
    const signType = this.get('JWT_SIGN_TYPE');
    if (signType && signType.value !== '') {
      settings.signature_algorithm = signType.value;
      this.understand('JWT_SIGN_TYPE', 'signature_algorithm', signType.value, signType.line);
    }
  }

  /** A comma-separated list the template splits with `splitList ","`, which does not trim. */
  private list(name: 'JWT_ACCEPTED_ISSUERS' | 'JWT_ACCEPTED_AUDIENCES', option: ListOption): void {
    const entry = this.get(name);
    if (!entry || entry.value === '') return;
    const items = entry.value.split(',');
    this.settings[option] = items;
    this.understand(name, option, items.join(', '), entry.line);
    if (items.some((item) => item !== item.trim())) {
      const message = `${name} has spaces around a comma; the template keeps them, so " x" never equals "x".`;
      this.report.problem(entry.line, message);
    }
    if (items.some((item) => item === '')) {
      this.report.problem(entry.line, `${name} has an empty item (two commas in a row).`);
    }
    if (items.some((item) => /["\\]/.test(item))) {
      this.report.problem(
        entry.line,
        `${name} contains a quote or backslash, which breaks the generated Lua file.`,
      );
    }
  }

  /** The VirtualHost (XMPP_DOMAIN) and MUC host; the template writes them as muc_mapper_domain_base / _prefix. */
  domains(): { domain: string; mucDomain: string; line: number } {
    const domainEntry = this.get('XMPP_DOMAIN');
    const domain = domainEntry?.value || ENV_DEFAULT_DOMAIN;
    this.settings.muc_mapper_domain_base = domain;
    this.understand(
      'XMPP_DOMAIN',
      'muc_mapper_domain_base',
      domain,
      domainEntry?.line ?? 0,
      !domainEntry?.value,
    );
    const mucEntry = this.get('XMPP_MUC_DOMAIN');
    const mucDomain = mucEntry?.value || ENV_DEFAULT_MUC_DOMAIN;
    const prefix = mucDomain.split('.')[0] || 'muc';
    this.settings.muc_mapper_domain_prefix = prefix;
    this.understand(
      'XMPP_MUC_DOMAIN',
      'muc_mapper_domain_prefix',
      mucDomain,
      mucEntry?.line ?? 0,
      !mucEntry?.value,
    );
    if (mucDomain !== `${prefix}.${domain}`) {
      const message = `XMPP_MUC_DOMAIN (${mucDomain}) is not <prefix>.${domain}; room lookups may fail.`;
      this.report.problem(mucEntry?.line ?? 0, message);
    }
    return { domain, mucDomain, line: domainEntry?.line ?? 0 };
  }

  /** The host's extra modules and the MUC component's modules, including the token module the template adds. */
  modules(isJwt: boolean, domain: string, mucDomain: string): ModuleSummary {
    const split = (name: EnvName): string[] => {
      const entry = this.get(name);
      return entry && entry.value !== '' ? entry.value.split(',') : [];
    };
    const modules = emptyModules();
    modules.host = split('XMPP_MODULES');
    const tokenModule = this.get('JWT_TOKEN_AUTH_MODULE')?.value || 'token_verification';
    const mucModules = ['muc_meeting_id', ...split('XMPP_MUC_MODULES'), ...(isJwt ? [tokenModule] : [])];
    const line = this.get('XMPP_MUC_DOMAIN')?.line ?? 0;
    modules.components.push({
      name: mucDomain,
      type: 'muc',
      line,
      modules: mucModules,
      tokenVerificationAllowlist: [],
    });
    modules.mainMuc = mucDomain;
    markWatched(modules, modules.host, `VirtualHost "${domain}"`);
    markWatched(modules, mucModules, `Component "${mucDomain}" "muc"`);
    const listed = this.get('XMPP_MUC_MODULES');
    this.understand('XMPP_MUC_MODULES', 'modules_enabled', mucModules.join(', '), listed?.line ?? 0, !listed);
    return modules;
  }

  publicUrl(): string | null {
    const entry = this.get('PUBLIC_URL');
    if (!entry) return null;
    this.understand('PUBLIC_URL', null, entry.value, entry.line);
    return entry.value || null;
  }
}

// What the template writes as `authentication` for the other AUTH_TYPE values.
const AUTH_TYPE_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  internal: 'internal_hashed',
  ldap: 'cyrus',
  matrix: 'matrix_user_verification',
  hybrid_matrix_token: 'hybrid_matrix_token',
});

function redactEnv(text: string, name: string): string {
  if (!SECRET_NAME.test(name)) return text;
  const eq = text.indexOf('=');
  return eq < 0 ? text : `${text.slice(0, eq + 1)}(hidden)`;
}
