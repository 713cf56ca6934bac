// Lua 5.4 numbers as prosody prints and reads them: `tostring` of floats (C's %.14g, plus ".0") and integers,
// `tonumber` of strings (which arithmetic coercion uses too), and the subtraction behind the exp message. Every number
// a token carries is a cjson float; integers only come from strings.

import { luaType, type LuaSlot, type LuaValue } from './lua-values';

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

/** A Lua 5.4 number: an integer (64-bit, two's complement) or a float. cjson only ever makes floats. */
export type LuaNumber = { kind: 'integer'; value: bigint } | { kind: 'float'; value: number };

const LUA_SPACE = /^[ \t\n\v\f\r]*/;
const INT64_WRAP = 1n << 64n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * Lua 5.4's `tonumber` of a string, which arithmetic coercion (`"1800000000" - 0`) uses as well: C whitespace
 * around an integer or float numeral. A decimal integer that fits 64 bits is an integer, a larger one a float; a
 * hexadecimal integer wraps modulo 2^64 (`"0xffffffffffffffff"` is -1); `inf`, `nan` and anything holding an `n`
 * are refused. Null when the string is not a numeral (arithmetic then raises).
 * @see lobject.c luaO_str2num, l_str2int, l_str2d; rules §14 "Numbers from strings"
 */
export function luaStringToNumber(text: string): LuaNumber | null {
  if (text.includes('\0')) return null;
  return stringToInteger(text) ?? stringToFloat(text);
}

/** `tostring` of a Lua number: integers in decimal, floats as {@link formatLuaFloat} prints them. */
export function luaNumberToString(value: LuaNumber): string {
  return value.kind === 'integer' ? value.value.toString() : formatLuaFloat(value.value);
}

/** A Lua number as a float, as arithmetic mixing an integer with a float converts it (C's cast rounds to nearest). */
export function luaNumberToFloat(value: LuaNumber): number {
  return value.kind === 'integer' ? Number(value.value) : value.value;
}

/** Lua's `a - b`: integer subtraction wraps modulo 2^64, anything with a float is a float subtraction. */
export function luaNumberSubtract(a: LuaNumber, b: LuaNumber): LuaNumber {
  if (a.kind === 'integer' && b.kind === 'integer')
    return { kind: 'integer', value: wrapInt64(a.value - b.value) };
  return { kind: 'float', value: luaNumberToFloat(a) - luaNumberToFloat(b) };
}

function wrapInt64(value: bigint): bigint {
  const wrapped = ((value % INT64_WRAP) + INT64_WRAP) % INT64_WRAP;
  return wrapped > INT64_MAX ? wrapped - INT64_WRAP : wrapped;
}

// l_str2int: decimal digits refuse to overflow (the numeral becomes a float instead), hex digits wrap.
function stringToInteger(text: string): LuaNumber | null {
  const match = /^[ \t\n\v\f\r]*([+-]?)(?:0[xX]([0-9a-fA-F]+)|([0-9]+))[ \t\n\v\f\r]*$/.exec(text);
  if (!match) return null;
  const isNegative = match[1] === '-';
  if (match[2] !== undefined) {
    const magnitude = BigInt(`0x${match[2]}`);
    return { kind: 'integer', value: wrapInt64(isNegative ? -magnitude : magnitude) };
  }
  const magnitude = BigInt(match[3] ?? '0');
  const value = isNegative ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? null : { kind: 'integer', value };
}

// l_str2d: strtod (decimal or hexadecimal), then only whitespace may follow; any `n`/`N` refuses inf and nan.
function stringToFloat(text: string): LuaNumber | null {
  if (/[nN]/.test(text)) return null;
  const body = text.slice((LUA_SPACE.exec(text) as RegExpExecArray)[0].length).replace(/[ \t\n\v\f\r]+$/, '');
  const decimal = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.exec(body);
  if (decimal) return { kind: 'float', value: Number(body) };
  const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(body);
  if (!hex || (hex[2] ?? '').length + (hex[3] ?? '').length === 0) return null;
  const fraction = hex[3] ?? '';
  const mantissa = BigInt(`0x0${hex[2] ?? ''}${fraction}`);
  const value = scaleBinary(mantissa, Number(hex[4] ?? 0) - 4 * fraction.length);
  return { kind: 'float', value: hex[1] === '-' ? -value : value };
}

// mantissa * 2^exponent rounded once to the nearest double (ties to even), as glibc's strtod does for hex input.
function scaleBinary(mantissa: bigint, exponent: number): number {
  if (mantissa === 0n) return 0;
  const top = mantissa.toString(2).length - 1 + exponent;
  if (top > 1024) return Infinity;
  if (top < -1076) return 0;
  const lowest = Math.max(top - 52, -1074);
  const shift = lowest - exponent;
  if (shift <= 0) return Number(mantissa) * 2 ** exponent;
  let kept = mantissa >> BigInt(shift);
  const rest = mantissa - (kept << BigInt(shift));
  const half = 1n << BigInt(shift - 1);
  if (rest > half || (rest === half && (kept & 1n) === 1n)) kept += 1n;
  return Number(kept) * 2 ** lowest;
}

/**
 * Lua arithmetic `a - b` where `a` is a float (every cjson number is one) and `b` may be a number, a numeric string
 * (coerced) or something that makes Lua raise; the result is printed as Lua prints it.
 */
export function luaSubtract(
  a: number,
  b: LuaValue,
  name: string,
): { ok: true; text: string } | { ok: false; error: string } {
  let right: LuaNumber | null;
  if (typeof b === 'number') right = { kind: 'float', value: b };
  else if (typeof b === 'string') right = luaStringToNumber(b);
  else return { ok: false, error: `attempt to perform arithmetic on a ${luaType(b)} value (${name})` };
  if (right === null)
    return { ok: false, error: `attempt to perform arithmetic on a string value (${name})` };
  return { ok: true, text: floatDifferenceText(a, luaNumberToFloat(right)) };
}

/** `tostring(a - b)` for two Lua floats. */
export function floatDifferenceText(a: number, b: number): string {
  const result = a - b;
  // x86 turns inf - inf into the default NaN, whose sign bit is set: glibc prints it as "-nan".
  if (Number.isNaN(result) && !Number.isNaN(a) && !Number.isNaN(b)) return '-nan';
  return formatLuaFloat(result);
}
