// @vitest-environment node
// Expected values are what Lua 5.4.4 (Debian 12, the version prosody runs on) prints and computes.

import { describe, expect, it } from 'vitest';
import { formatLuaFloat, luaStringToNumber } from './lua-numbers';

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

describe('luaStringToNumber (string arithmetic coercion)', () => {
  it.each<[string, number | null]>([
    [' 10 ', 10],
    ['0x10', 16],
    ['1e5', 100000],
    ['.5', 0.5],
    ['0x1p4', 16],
    ['inf', null],
    ['nan', null],
    ['abc', null],
    ['', null],
    ['1 2', null],
  ])('%j → %j', (text, value) => {
    expect(luaStringToNumber(text)).toBe(value);
  });
});
