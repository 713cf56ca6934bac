// A linear-time Lua 5.4 lexer for prosody configs: one token at a time, strings decoded with Lua's escapes, comments
// kept for "commented out" reports. It never evaluates anything and reports malformed text to the Report.

import { MAX_REPORTED, MAX_SHOWN_TEXT, type Report } from './config-report';

/** The kinds of Lua token the lexer produces. */
export type TokenKind = 'name' | 'string' | 'number' | 'punct' | 'bad' | 'eof';

/** One Lua token with its position. */
export interface Token {
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

/** A `--` line comment, kept to report settings that are commented out. */
export interface LuaComment {
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

/** Scans Lua source lazily, one token at a time, with a small look-ahead buffer. */
export class LuaLexer {
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
