// luajwtjitsi as prosody runs it (L = luajwtjitsi.lib.lua, rules §3.3 and §13): the split on `.` and `\`, basexx
// base64url decoding, lua-cjson decoding with its null sentinel, Lua indexing, equality and number formatting, and
// each verify step. Strings are Lua byte strings (one char per byte). Does no crypto: signatures go through jws.ts.

/** lua-cjson's `cjson.null`: a light userdata, truthy and not `nil` (rules §13 "JSON values"). */
export const CJSON_NULL: unique symbol = Symbol('cjson.null');
/** A Lua function value; only met when a string is indexed with a string-library name (`("x").sub`). */
export const LUA_FUNCTION: unique symbol = Symbol('lua function');

/** A Lua table as lua-cjson builds it: string keys from a JSON object, or the items of a JSON array. */
export class LuaTable {
  constructor(
    readonly fields: ReadonlyMap<string, LuaValue>,
    readonly items: readonly LuaValue[],
    /** Whether it came from a JSON array (for messages; Lua itself cannot tell `[]` from `{}`). */
    readonly isArray = false,
  ) {}

  /** `t[key]` for a string key (array items are keyed by integers, so they never match). */
  get(key: string): LuaValue | undefined {
    return this.fields.get(key);
  }
}

/** Any non-nil value the token code can meet. Strings are byte strings; every JSON number is a Lua float. */
export type LuaValue = string | number | boolean | LuaTable | typeof CJSON_NULL | typeof LUA_FUNCTION;
/** A value or `nil` (`undefined`). */
export type LuaSlot = LuaValue | undefined;

/** The outcome of one step: passed, refused with prosody's reason text, or a Lua error (no clean refusal). */
export type LuaStep =
  { kind: 'ok' } | { kind: 'refused'; reason: string } | { kind: 'lua-error'; detail: string };

const OK = Object.freeze({ kind: 'ok' } as const);
const NON_ASCII = /[\u0080-\uffff]/;
// The string library's names: indexing a Lua string with one of them yields a function, anything else nil.
const STRING_LIBRARY = new Set([
  'byte',
  'char',
  'dump',
  'find',
  'format',
  'gmatch',
  'gsub',
  'len',
  'lower',
  'match',
  'rep',
  'reverse',
  'sub',
  'upper',
  'pack',
  'packsize',
  'unpack',
]);

/** Converts text to the Lua byte string prosody sees (its UTF-8 bytes, one char per byte). */
export function toLuaString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return bytesToLuaString(new TextEncoder().encode(text));
}

/** Converts bytes to a Lua byte string. */
export function bytesToLuaString(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

// Converts a Lua byte string back to bytes.
function luaStringToBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0xff;
  return bytes;
}

/** Reads a Lua byte string as UTF-8 for display (invalid sequences become U+FFFD). */
export function fromLuaString(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return new TextDecoder('utf-8').decode(luaStringToBytes(text));
}

/** `string.lower` in the C locale: only A-Z change, other bytes stay as they are. */
export function luaLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/**
 * `split_token`: the non-empty pieces between separators, where `\` separates as well as `.` (the Lua pattern
 * `[^\\.]+`), so leading, trailing and doubled dots vanish.
 * @see luajwtjitsi.lib.lua split_token (L:59-66); rules §13
 */
export function splitToken(token: string): string[] {
  return token.split(/[.\\]/).filter((piece) => piece.length > 0);
}

/** The bytes of a basexx base64url decode, or the first character outside the alphabet. */
export type Url64Result = { ok: true; bytes: Uint8Array } | { ok: false; badChar: string; index: number };

const URL64_VALUES: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * `basexx.from_url64`: every `=` is skipped wherever it stands, a character outside the alphabet stops the decode
 * (basexx returns `nil, char`), and leftover bits that do not fill a byte are dropped, so no length is invalid.
 * @see luajwtjitsi.lib.lua parse_token (L:76-89); rules §13 "`=` padding is ignored in every segment"
 */
export function fromUrl64(text: string): Url64Result {
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d) continue;
    const value = code < 256 ? (URL64_VALUES[code] as number) : -1;
    if (value < 0) return { ok: false, badChar: text[i] as string, index: i };
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: bytes.subarray(0, out) };
}

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

/** Lua's `type()` of a value (`cjson.null` is a light userdata). */
export function luaType(
  value: LuaSlot,
): 'nil' | 'string' | 'number' | 'boolean' | 'table' | 'userdata' | 'function' {
  if (value === undefined) return 'nil';
  if (value === CJSON_NULL) return 'userdata';
  if (value === LUA_FUNCTION) return 'function';
  if (value instanceof LuaTable) return 'table';
  return typeof value as 'string' | 'number' | 'boolean';
}

/** Lua truthiness: everything except `nil` and `false` (so `0`, `""` and `cjson.null` are true). */
export function isLuaTruthy(value: LuaSlot): value is LuaValue {
  return value !== undefined && value !== false;
}

/** `value[key]` with Lua's semantics: tables look up, strings reach the string library, anything else raises. */
export function luaIndex(
  value: LuaSlot,
  key: string,
  name: string,
): { ok: true; value: LuaSlot } | { ok: false; error: string } {
  if (value instanceof LuaTable) return { ok: true, value: value.get(key) };
  if (typeof value === 'string')
    return { ok: true, value: STRING_LIBRARY.has(key) ? LUA_FUNCTION : undefined };
  return { ok: false, error: `attempt to index a ${luaType(value)} value (${name})` };
}

// Lua's raw equality (`==`) for the values a token can hold.
function luaEquals(a: LuaSlot, b: LuaSlot): boolean {
  return a === b && !(typeof a === 'number' && Number.isNaN(a));
}

/**
 * `tostring` of a Lua float under Lua 5.4: C's `%.14g`, plus `.0` when the result looks like an integer
 * (`60.0`, `0.5`, `1.00000175e+15`, `inf`, `nan`).
 * @see rules §13 "Numbers in the exp message"
 */
export function formatLuaFloat(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  const text = formatPercentG(value, 14);
  return /^-?\d+$/.test(text) ? `${text}.0` : text;
}

/** `tostring` of a Lua value that can be concatenated (string or float), or null when `..` would raise. */
export function luaConcatText(value: LuaSlot): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatLuaFloat(value);
  return null;
}

// C printf("%.{precision}g") with exact round-half-even on the binary value, as glibc does.
function formatPercentG(value: number, precision: number): string {
  const negative = value < 0 || Object.is(value, -0);
  const { digits, exponent } = exactDecimal(Math.abs(value));
  let kept: string;
  let lead = exponent;
  if (digits === '0') {
    kept = '0';
    lead = 0;
  } else if (digits.length <= precision) {
    kept = digits;
  } else {
    kept = digits.slice(0, precision);
    const rest = digits.slice(precision);
    const half = `5${'0'.repeat(rest.length - 1)}`;
    const isOdd = Number(kept[kept.length - 1]) % 2 === 1;
    if (rest > half || (rest === half && isOdd)) {
      const bumped = (BigInt(kept) + 1n).toString();
      if (bumped.length > kept.length) lead++;
      kept = bumped.slice(0, precision);
    }
  }
  kept = kept.replace(/0+$/, '') || '0';
  let body: string;
  if (lead < -4 || lead >= precision) {
    const mantissa = kept.length > 1 ? `${kept[0]}.${kept.slice(1)}` : kept;
    const sign = lead < 0 ? '-' : '+';
    body = `${mantissa}e${sign}${String(Math.abs(lead)).padStart(2, '0')}`;
  } else if (lead < 0) {
    body = `0.${'0'.repeat(-lead - 1)}${kept}`;
  } else if (kept.length <= lead + 1) {
    body = kept + '0'.repeat(lead + 1 - kept.length);
  } else {
    body = `${kept.slice(0, lead + 1)}.${kept.slice(lead + 1)}`;
  }
  return negative ? `-${body}` : body;
}

// The exact decimal digits of a finite non-negative double and the power of ten of its first digit.
function exactDecimal(value: number): { digits: string; exponent: number } {
  if (value === 0) return { digits: '0', exponent: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let power: number;
  if (biased === 0) {
    power = -1074;
  } else {
    mantissa |= 1n << 52n;
    power = biased - 1075;
  }
  let digits: string;
  let shift: number;
  if (power >= 0) {
    digits = (mantissa << BigInt(power)).toString();
    shift = 0;
  } else {
    digits = (mantissa * 5n ** BigInt(-power)).toString();
    shift = power;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, exponent: digits.length - 1 + shift };
}

/**
 * Lua 5.4's string-to-number coercion for arithmetic (`"1800000000" - 0`): C whitespace around a decimal or hex
 * numeral; `inf`/`nan` are refused. Null when the string is not a numeral (Lua then raises).
 */
export function luaStringToNumber(text: string): number | null {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return Number(trimmed);
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(trimmed);
  if (!hex || (hex[2] ?? '').length + (hex[3] ?? '').length === 0) return null;
  const fraction = hex[3] ?? '';
  const value =
    parseInt(`${hex[2] ?? ''}${fraction}` || '0', 16) * 2 ** (Number(hex[4] ?? 0) - 4 * fraction.length);
  return hex[1] === '-' ? -value : value;
}

/** One decoded JSON segment (header or body) as `parse_token` sees it. */
export type SegmentDecode =
  | { kind: 'ok'; value: LuaValue }
  | { kind: 'not-json'; message: string }
  | { kind: 'lua-error'; detail: string; badChar: string; index: number };

/** What `parse_token` can read from a token, segment by segment, even past its first failure. */
export interface ParsedLuaToken {
  /** `split_token`'s pieces. */
  segments: string[];
  header: SegmentDecode | null;
  body: SegmentDecode | null;
  signature: Url64Result | null;
  /** `strip_signature`: the first two pieces joined with `.`, the exact bytes that are signed. */
  signingInput: string | null;
}

/**
 * Decodes a token the way `parse_token` does, but reads every segment that exists, so later segments can be
 * reported too (the checker reports them in parse_token's order: count, header, body, signature).
 * @see luajwtjitsi.lib.lua parse_token, strip_signature (L:70-108)
 */
export function parseLuaToken(token: string): ParsedLuaToken {
  const segments = splitToken(token);
  const [header, body, signature] = segments;
  return {
    segments,
    header: header === undefined ? null : decodeSegment(header),
    body: body === undefined ? null : decodeSegment(body),
    signature: signature === undefined ? null : fromUrl64(signature),
    signingInput: header !== undefined && body !== undefined ? `${header}.${body}` : null,
  };
}

/**
 * `cjson_safe.decode(basexx.from_url64(segment))`. A character outside base64url makes from_url64 return two
 * values, and cjson.safe's argument check (outside its pcall) raises: a Lua error, not a clean refusal.
 * @see rules §13 "A header or payload segment holding a character outside base64url"
 */
export function decodeSegment(segment: string): SegmentDecode {
  const decoded = fromUrl64(segment);
  if (!decoded.ok) {
    return {
      kind: 'lua-error',
      detail: "bad argument #1 to 'decode' (expected 1 argument)",
      badChar: decoded.badChar,
      index: decoded.index,
    };
  }
  const json = decodeCjson(bytesToLuaString(decoded.bytes));
  return json.ok ? { kind: 'ok', value: json.value } : { kind: 'not-json', message: json.message };
}

/**
 * The first header check: `typ` must be the string "JWT" (L:205-207). A header that is not a table or string raises
 * when indexed.
 */
export function checkTyp(header: LuaValue): LuaStep {
  const typ = luaIndex(header, 'typ', "local 'header'");
  if (!typ.ok) return { kind: 'lua-error', detail: typ.error };
  return typ.value === 'JWT' ? OK : { kind: 'refused', reason: 'Invalid typ' };
}

/** The second header check, after {@link checkTyp}: `alg` must equal the configured algorithm (L:209-211). */
export function checkAlg(header: LuaValue, expectedAlg: string): LuaStep {
  const alg = luaIndex(header, 'alg', "local 'header'");
  if (!alg.ok) return { kind: 'lua-error', detail: alg.error };
  return alg.value === expectedAlg ? OK : { kind: 'refused', reason: 'Invalid or incorrect alg' };
}

/** `exp` / `nbf` present (truthy) but not a number: "exp must be number" (L:218-225); `false` counts as absent. */
export function checkTimeType(body: LuaValue, claim: 'exp' | 'nbf'): LuaStep {
  const value = luaIndex(body, claim, "local 'body'");
  if (!value.ok) return { kind: 'lua-error', detail: value.error };
  if (isLuaTruthy(value.value) && typeof value.value !== 'number')
    return { kind: 'refused', reason: `${claim} must be number` };
  return OK;
}

/** {@link checkExpiry}'s outcome: a refusal also carries the numbers of its message, as Lua prints them. */
export type ExpiryStep =
  | { kind: 'ok' }
  | { kind: 'refused'; reason: string; elapsed: string; validFor: string | null }
  | { kind: 'lua-error'; detail: string };

/**
 * `now >= exp` refuses with "Not acceptable by exp (N sec since expired[, valid for:M sec])", N = now - exp and
 * M = exp - iat printed as Lua 5.4 floats; a non-numeric `iat` raises while the message is built. No leeway.
 * @see luajwtjitsi.lib.lua verify (L:228-234); rules §4
 */
export function checkExpiry(body: LuaValue, now: number): ExpiryStep {
  const exp = luaIndex(body, 'exp', "local 'body'");
  if (!exp.ok) return { kind: 'lua-error', detail: exp.error };
  if (typeof exp.value !== 'number' || !(now >= exp.value)) return OK;
  let validFor: string | null = null;
  const iat = luaIndex(body, 'iat', "local 'body'");
  if (!iat.ok) return { kind: 'lua-error', detail: iat.error };
  if (isLuaTruthy(iat.value)) {
    const difference = luaSubtract(exp.value, iat.value, "field 'iat'");
    if (!difference.ok) return { kind: 'lua-error', detail: difference.error };
    validFor = difference.text;
  }
  const elapsed = floatDifferenceText(now, exp.value);
  const extra = validFor === null ? '' : `, valid for:${validFor} sec`;
  return {
    kind: 'refused',
    reason: `Not acceptable by exp (${elapsed} sec since expired${extra})`,
    elapsed,
    validFor,
  };
}

/** `now < nbf` refuses with "Not acceptable by nbf" (L:236-238); `nbf == now` passes. */
export function checkNotBefore(body: LuaValue, now: number): LuaStep {
  const nbf = luaIndex(body, 'nbf', "local 'body'");
  if (!nbf.ok) return { kind: 'lua-error', detail: nbf.error };
  if (typeof nbf.value === 'number' && now < nbf.value)
    return { kind: 'refused', reason: 'Not acceptable by nbf' };
  return OK;
}

/**
 * `iss` / `aud` against the accepted list: absent (nil) → "'iss' claim is missing"; otherwise it must equal one
 * entry as a whole value, or the list holds `*` (L:240-258, verify_claim L:112-124).
 */
export function checkListedClaim(
  body: LuaValue,
  claim: 'iss' | 'aud',
  accepted: readonly LuaValue[],
): LuaStep {
  const value = luaIndex(body, claim, "local 'body'");
  if (!value.ok) return { kind: 'lua-error', detail: value.error };
  if (value.value === undefined) return { kind: 'refused', reason: `'${claim}' claim is missing` };
  if (!isClaimAccepted(value.value, accepted)) return { kind: 'refused', reason: `invalid '${claim}' claim` };
  return OK;
}

/** `verify_claim`: true when the list holds `*` or an entry equal to the claim (L:112-124). */
export function isClaimAccepted(claim: LuaValue, accepted: readonly LuaValue[]): boolean {
  return accepted.some((entry) => entry === '*' || luaEquals(claim, entry));
}

// Lua arithmetic `a - b` where `a` is a number (the result is a float here: every cjson number is one) and `b`
// may be a numeric string (coerced) or something that makes Lua raise.
function luaSubtract(
  a: number,
  b: LuaValue,
  name: string,
): { ok: true; text: string } | { ok: false; error: string } {
  let right: number | null;
  if (typeof b === 'number') right = b;
  else if (typeof b === 'string') right = luaStringToNumber(b);
  else return { ok: false, error: `attempt to perform arithmetic on a ${luaType(b)} value (${name})` };
  if (right === null)
    return { ok: false, error: `attempt to perform arithmetic on a string value (${name})` };
  return { ok: true, text: floatDifferenceText(a, right) };
}

// `tostring(a - b)` for two Lua floats.
function floatDifferenceText(a: number, b: number): string {
  const result = a - b;
  // x86 turns inf - inf into the default NaN, whose sign bit is set: glibc prints it as "-nan".
  if (Number.isNaN(result) && !Number.isNaN(a) && !Number.isNaN(b)) return '-nan';
  return formatLuaFloat(result);
}
