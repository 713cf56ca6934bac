// @vitest-environment node
// Expected values are what Lua 5.4.4 (Debian 12, the version prosody runs on) prints and computes.

import { describe, expect, it } from 'vitest';
import {
  formatLuaFloat,
  luaNumberSubtract,
  luaNumberToString,
  luaStringToNumber,
  type LuaNumber,
} from './lua-numbers';

describe('formatLuaFloat (Lua 5.4 tostring of a float)', () => {
  it.each([
    [60, '60.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [0.5, '0.5'],
    [1.00000175e15, '1.00000175e+15'],
    [1e15, '1e+15'],
    [1e14, '1e+14'],
    [99999999999999, '99999999999999.0'],
    [123456789012345, '1.2345678901234e+14'],
    [123456789012355, '1.2345678901236e+14'],
    [2 ** 53, '9.007199254741e+15'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1 / 3, '0.33333333333333'],
    [1800000000, '1800000000.0'],
    [-3600.25, '-3600.25'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ])('%d → %s', (value, text) => {
    expect(formatLuaFloat(value)).toBe(text);
  });
});

describe('luaStringToNumber (tonumber, and string arithmetic coercion)', () => {
  const float = (value: number): LuaNumber => ({ kind: 'float', value });
  const integer = (value: bigint): LuaNumber => ({ kind: 'integer', value });
  it.each<[string, LuaNumber | null]>([
    [' 10 ', integer(10n)],
    ['0x10', integer(16n)],
    ['1e5', float(100000)],
    ['.5', float(0.5)],
    ['5.', float(5)],
    ['0x1p4', float(16)],
    ['0x.8', float(0.5)],
    ['-0x8000000000000000', integer(-(2n ** 63n))],
    ['0x10000000000000000', integer(0n)],
    ['0xffffffffffffffff', integer(-1n)],
    ['-0x8000000000000001', integer(2n ** 63n - 1n)],
    ['9223372036854775807', integer(2n ** 63n - 1n)],
    ['-9223372036854775808', integer(-(2n ** 63n))],
    ['9223372036854775808', float(9223372036854775808)],
    ['1e400', float(Infinity)],
    ['0x1p-1075', float(0)],
    ['0x1.000000000000080000000001p0', float(1 + 2 ** -52)],
    ['inf', null],
    ['nan', null],
    ['0x', null],
    ['1e', null],
    ['abc', null],
    ['', null],
    ['1 2', null],
    ['1\0', null],
  ])('tonumber(%j)', (text, value) => {
    expect(luaStringToNumber(text)).toEqual(value);
  });

  it('prints integers in decimal and floats with .0, and subtracts integers with wrap-around', () => {
    expect(luaNumberToString(integer(-1n))).toBe('-1');
    expect(luaNumberToString(float(-1))).toBe('-1.0');
    expect(luaNumberSubtract(integer(-(2n ** 63n)), integer(1n))).toEqual(integer(2n ** 63n - 1n));
    expect(luaNumberSubtract(float(1800000000), integer(-1n))).toEqual(float(1800000001));
  });
});
