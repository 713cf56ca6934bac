// @vitest-environment node
// Expected values are what lua-cjson 2.1.0 (Debian 12, the version prosody runs on) returns for the same input.

import { describe, expect, it } from 'vitest';
import { decodeCjson } from './cjson';
import { CJSON_NULL, LuaTable, type LuaValue } from './lua-values';

const decoded = (text: string): LuaValue => {
  const result = decodeCjson(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('decodeCjson (lua-cjson 2.1.0)', () => {
  it.each<[string, LuaValue]>([
    ['1', 1],
    ['+1', 1],
    ['-0', -0],
    ['0x1F', 31],
    ['007', 7],
    ['1e400', Infinity],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['1.', 1],
    ['"a\u0001b"', 'a\u0001b'],
    ['"\\u0041\\/"', 'A/'],
    ['"\\ud83d\\ude00"', '\xf0\x9f\x98\x80'],
    ['"\\u0000"', '\u0000'],
    ['null', CJSON_NULL],
    ['true', true],
    [' "x" ', 'x'],
  ])('%j', (input, value) => {
    expect(decoded(input)).toEqual(value);
  });

  it('decodes nan to NaN', () => {
    expect(decoded('nan')).toBeNaN();
  });

  it('builds tables: objects by key (last duplicate wins), arrays by position, null kept as the sentinel', () => {
    const value = decoded('{"a":1,"a":2,"b":[null,{"c":true}]}');
    expect(value).toBeInstanceOf(LuaTable);
    const object = value as LuaTable;
    expect(object.get('a')).toBe(2);
    const array = object.get('b') as LuaTable;
    expect(array.isArray).toBe(true);
    expect(array.items[0]).toBe(CJSON_NULL);
    expect(array.get('0')).toBeUndefined();
  });

  it('ends the input at a NUL byte, as the C parser does', () => {
    expect(decoded('{"a":1}\u0000garbage')).toBeInstanceOf(LuaTable);
  });

  it.each([
    '',
    '  ',
    '[1,]',
    '{"a":1,}',
    '{"a" 1}',
    'truex',
    'nul',
    '"\\ud800"',
    '"\\udc00"',
    '"\\x"',
    '"unterminated',
    '-',
    '.5',
    '\u0000{}',
    '{"a":1} x',
  ])('refuses %j', (input) => {
    expect(decodeCjson(input).ok).toBe(false);
  });

  it('accepts 1000 levels of nesting and refuses 1001', () => {
    expect(decodeCjson(`${'['.repeat(1000)}${']'.repeat(1000)}`).ok).toBe(true);
    expect(decodeCjson(`${'['.repeat(1001)}${']'.repeat(1001)}`)).toMatchObject({ ok: false });
  });
});
