// @vitest-environment node

import { describe, expect, it } from 'vitest';
import {
  CJSON_NULL,
  LUA_FUNCTION,
  fromLuaString,
  isLuaTruthy,
  luaIndex,
  luaLower,
  toLuaString,
  type LuaSlot,
} from './lua-values';

describe('Lua value semantics', () => {
  it('indexes strings through the string library and raises on other non-tables', () => {
    expect(luaIndex('abc', 'typ', "local 'header'")).toEqual({ ok: true, value: undefined });
    expect(luaIndex('abc', 'sub', "local 'body'")).toEqual({ ok: true, value: LUA_FUNCTION });
    expect(luaIndex(5, 'typ', "local 'header'")).toEqual({
      ok: false,
      error: "attempt to index a number value (local 'header')",
    });
    expect(luaIndex(CJSON_NULL, 'exp', "local 'body'")).toEqual({
      ok: false,
      error: "attempt to index a userdata value (local 'body')",
    });
  });

  it('treats only nil and false as false', () => {
    const values: LuaSlot[] = [undefined, false, 0, '', CJSON_NULL];
    expect(values.map((value) => isLuaTruthy(value))).toEqual([false, false, true, true, true]);
  });

  it('lower-cases ASCII only, like string.lower in the C locale', () => {
    expect(luaLower(toLuaString('MyRoom-ÉTÉ'))).toBe(toLuaString('myroom-ÉtÉ'));
    expect(fromLuaString(toLuaString('Café 😀'))).toBe('Café 😀');
  });
});
