// Lua values as prosody's token code meets them (rules §13 "JSON values"): byte strings, lua-cjson tables and its
// null sentinel, truthiness, indexing and equality. Numbers are in lua-numbers.ts, JSON decoding in cjson.ts.

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

/** Lua's raw equality (`==`) for the values a token can hold (NaN is never equal to itself). */
export function luaEquals(a: LuaSlot, b: LuaSlot): boolean {
  return a === b && !(typeof a === 'number' && Number.isNaN(a));
}
