// Lua 5.4 numbers as prosody prints and reads them: `tostring` of floats (C's %.14g, plus ".0"), string-to-number
// coercion in arithmetic, and the subtraction behind the exp message. Integers (Lua's second number type) are not
// modelled here: every number a token carries is a cjson float.

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

/**
 * Lua arithmetic `a - b` where `a` is a number (the result is a float here: every cjson number is one) and `b`
 * may be a numeric string (coerced) or something that makes Lua raise.
 */
export function luaSubtract(
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

/** `tostring(a - b)` for two Lua floats. */
export function floatDifferenceText(a: number, b: number): string {
  const result = a - b;
  // x86 turns inf - inf into the default NaN, whose sign bit is set: glibc prints it as "-nan".
  if (Number.isNaN(result) && !Number.isNaN(a) && !Number.isNaN(b)) return '-nan';
  return formatLuaFloat(result);
}
