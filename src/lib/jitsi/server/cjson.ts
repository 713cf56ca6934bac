// lua-cjson 2.1.0 decoding with Debian 12's defaults, as prosody's token code calls it: strtod numbers, the null
// sentinel, the depth limit and the exact error texts. Decodes only; prosody never encodes a token.

import { CJSON_NULL, LuaTable, toLuaString, type LuaValue } from './lua-values';

/** A lua-cjson decode: the value, or the error `cjson.safe` turns into `nil, message`. */
export type CjsonResult = { ok: true; value: LuaValue } | { ok: false; message: string };

// lua-cjson 2.1.0 (Debian 12) defaults: decode_max_depth 1000, decode_invalid_numbers on.
const CJSON_MAX_DEPTH = 1000;

/**
 * Decodes JSON the way lua-cjson 2.1.0 does with its defaults: numbers through strtod (so `+1`, `0x1F`, `007`,
 * `inf` and `nan` are accepted), control characters allowed inside strings, a NUL byte ends the input, invalid
 * surrogate escapes rejected, nesting deeper than 1000 rejected, `null` as {@link CJSON_NULL}.
 * @see rules §13 (cjson null semantics)
 */
export function decodeCjson(text: string): CjsonResult {
  if (text.length >= 2 && (text.charCodeAt(0) === 0 || text.charCodeAt(1) === 0)) {
    return { ok: false, message: 'JSON parser does not support UTF-16 or UTF-32' };
  }
  const nul = text.indexOf('\0');
  const parser = new CjsonParser(nul >= 0 ? text.slice(0, nul) : text);
  try {
    const value = parser.value(parser.next());
    const end = parser.next();
    if (end.type !== 'end') parser.fail('the end', end);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof CjsonError) return { ok: false, message: error.message };
    throw error;
  }
}

class CjsonError extends Error {}

type CjsonToken =
  | { type: '{' | '}' | '[' | ']' | ',' | ':' | 'end'; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'boolean'; value: boolean; at: number }
  | { type: 'null'; at: number };

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
});

class CjsonParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly text: string) {}

  fail(expected: string, token: CjsonToken): never {
    throw new CjsonError(`Expected ${expected} but found ${token.type} at character ${token.at + 1}`);
  }

  value(token: CjsonToken): LuaValue {
    switch (token.type) {
      case 'string':
      case 'number':
      case 'boolean':
        return token.value;
      case 'null':
        return CJSON_NULL;
      case '{':
        return this.object();
      case '[':
        return this.array();
      default:
        return this.fail('value', token);
    }
  }

  private descend(): void {
    this.depth++;
    if (this.depth > CJSON_MAX_DEPTH) {
      throw new CjsonError(`Found too many nested data structures (${this.depth}) at character ${this.pos}`);
    }
  }

  private object(): LuaTable {
    this.descend();
    const fields = new Map<string, LuaValue>();
    let token = this.next();
    if (token.type !== '}') {
      for (;;) {
        if (token.type !== 'string') this.fail('object key string', token);
        const key = token.value;
        const colon = this.next();
        if (colon.type !== ':') this.fail('colon', colon);
        fields.set(key, this.value(this.next()));
        token = this.next();
        if (token.type === '}') break;
        if (token.type !== ',') this.fail('comma or object end', token);
        token = this.next();
      }
    }
    this.depth--;
    return new LuaTable(fields, []);
  }

  private array(): LuaTable {
    this.descend();
    const items: LuaValue[] = [];
    let token = this.next();
    if (token.type !== ']') {
      for (;;) {
        items.push(this.value(token));
        token = this.next();
        if (token.type === ']') break;
        if (token.type !== ',') this.fail('comma or array end', token);
        token = this.next();
      }
    }
    this.depth--;
    return new LuaTable(new Map(), items, true);
  }

  next(): CjsonToken {
    const text = this.text;
    let c = text.charCodeAt(this.pos);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = text.charCodeAt(++this.pos);
    const at = this.pos;
    if (at >= text.length) return { type: 'end', at };
    const ch = text[at] as string;
    if ('{}[],:'.includes(ch)) {
      this.pos++;
      return { type: ch as '{', at };
    }
    if (ch === '"') return this.string(at);
    if (ch === '-' || (c >= 0x30 && c <= 0x39)) return this.number(at);
    if (text.startsWith('true', at)) {
      this.pos += 4;
      return { type: 'boolean', value: true, at };
    }
    if (text.startsWith('false', at)) {
      this.pos += 5;
      return { type: 'boolean', value: false, at };
    }
    if (text.startsWith('null', at)) {
      this.pos += 4;
      return { type: 'null', at };
    }
    // json_is_invalid_number: with decode_invalid_numbers on, `+…`, `inf…` and `nan…` go to strtod.
    const lower = text.slice(at, at + 3).toLowerCase();
    if (ch === '+' || lower === 'inf' || lower === 'nan') return this.number(at);
    throw new CjsonError(`Expected value but found invalid token at character ${at + 1}`);
  }

  private number(at: number): CjsonToken {
    const scanned = scanStrtod(this.text, at);
    if (!scanned) throw new CjsonError(`Expected value but found invalid number at character ${at + 1}`);
    this.pos = scanned.end;
    return { type: 'number', value: scanned.value, at };
  }

  private string(at: number): CjsonToken {
    const text = this.text;
    let i = at + 1;
    let out = '';
    let runStart = i;
    for (;;) {
      if (i >= text.length)
        throw new CjsonError(`Expected value but found unexpected end of string at character ${i + 1}`);
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(runStart, i);
      const escape = text[i + 1] ?? '';
      if (escape === 'u') {
        const decoded = decodeUnicodeEscape(text, i);
        if (!decoded)
          throw new CjsonError(`Expected value but found invalid unicode escape code at character ${i + 1}`);
        out += decoded.bytes;
        i += decoded.length;
      } else {
        const mapped = ESCAPES[escape];
        if (mapped === undefined)
          throw new CjsonError(`Expected value but found invalid escape code at character ${i + 1}`);
        out += mapped;
        i += 2;
      }
      runStart = i;
    }
    out += text.slice(runStart, i);
    this.pos = i + 1;
    return { type: 'string', value: out, at };
  }
}

function hex4(text: string, at: number): number {
  const chunk = text.slice(at, at + 4);
  return /^[0-9a-fA-F]{4}$/.test(chunk) ? parseInt(chunk, 16) : -1;
}

// json_append_unicode_escape: a high surrogate must be followed by `\u` + low surrogate; a lone low one fails.
function decodeUnicodeEscape(text: string, at: number): { bytes: string; length: number } | null {
  let codepoint = hex4(text, at + 2);
  if (codepoint < 0) return null;
  let length = 6;
  if ((codepoint & 0xf800) === 0xd800) {
    if (codepoint & 0x400) return null;
    if (text[at + 6] !== '\\' || text[at + 7] !== 'u') return null;
    const low = hex4(text, at + 8);
    if (low < 0 || (low & 0xfc00) !== 0xdc00) return null;
    codepoint = (((codepoint & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
    length = 12;
  }
  return { bytes: toLuaString(String.fromCodePoint(codepoint)), length };
}

/**
 * C `strtod` from `at`: decimal, hexadecimal (`0x1p4`), `inf`/`infinity` and `nan` in any case, with one optional
 * sign. Returns null when no number starts there.
 */
function scanStrtod(text: string, at: number): { value: number; end: number } | null {
  let i = at;
  let sign = 1;
  if (text[i] === '+' || text[i] === '-') {
    if (text[i] === '-') sign = -1;
    i++;
  }
  const head = text.slice(i, i + 8).toLowerCase();
  if (head.startsWith('inf')) return { value: sign * Infinity, end: i + (head === 'infinity' ? 8 : 3) };
  if (head.startsWith('nan')) {
    const group = matchAt(NAN_GROUP, text, i + 3);
    return { value: NaN, end: i + 3 + (group ? group[0].length : 0) };
  }
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X')) {
    const hex = matchAt(HEX_DIGITS, text, i + 2) as RegExpExecArray;
    const whole = hex[1] ?? '';
    const fraction = hex[2] ?? '';
    if (whole.length + fraction.length === 0) return { value: sign * 0, end: i + 1 };
    let end = i + 2 + hex[0].length;
    const exp = matchAt(HEX_EXPONENT, text, end);
    if (exp) end += exp[0].length;
    const mantissa = parseInt(`${whole}${fraction}`, 16);
    return { value: sign * mantissa * 2 ** (Number(exp?.[1] ?? 0) - 4 * fraction.length), end };
  }
  const decimal = matchAt(DECIMAL_DIGITS, text, i) as RegExpExecArray;
  if ((decimal[1] ?? '').length + (decimal[2] ?? '').length === 0) return null;
  let end = i + decimal[0].length;
  const exp = matchAt(DECIMAL_EXPONENT, text, end);
  if (exp) end += exp[0].length;
  return { value: sign * Number(text.slice(i, end)), end };
}

const NAN_GROUP = /\([0-9A-Za-z_]*\)/y;
const HEX_DIGITS = /([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?/y;
const HEX_EXPONENT = /[pP]([+-]?\d+)/y;
const DECIMAL_DIGITS = /(\d*)(?:\.(\d*))?/y;
const DECIMAL_EXPONENT = /[eE][+-]?\d+/y;

function matchAt(sticky: RegExp, text: string, at: number): RegExpExecArray | null {
  sticky.lastIndex = at;
  return sticky.exec(text);
}
