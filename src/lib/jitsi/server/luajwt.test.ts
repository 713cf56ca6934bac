// @vitest-environment node
// luajwtjitsi's parser quirks and verify steps. Expected values are what Lua 5.4.4, lua-cjson 2.1.0 and basexx
// (Debian 12, the versions prosody runs on) return for the same input.

import { describe, expect, it } from 'vitest';
import { decodeCjson } from './cjson';
import { CJSON_NULL, LuaTable, bytesToLuaString, type LuaValue } from './lua-values';
import {
  checkAlg,
  checkExpiry,
  checkListedClaim,
  checkNotBefore,
  checkTimeType,
  checkTyp,
  decodeSegment,
  fromUrl64,
  parseLuaToken,
  splitToken,
} from './luajwt';
import { b64 } from '../../../../test/prosody-cases/tokens';

const table = (entries: Record<string, LuaValue>): LuaTable =>
  new LuaTable(new Map(Object.entries(entries)), []);
const decoded = (text: string): LuaValue => {
  const result = decodeCjson(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
};

describe('splitToken (split_token)', () => {
  it.each([
    ['a.b.c', ['a', 'b', 'c']],
    ['.a..b.c.', ['a', 'b', 'c']],
    ['a\\b.c', ['a', 'b', 'c']],
    ['a.b.', ['a', 'b']],
    ['', []],
    ['...', []],
    ['a.b.c.d', ['a', 'b', 'c', 'd']],
  ])('%j → %j', (token, pieces) => {
    expect(splitToken(token)).toEqual(pieces);
  });
});

describe('fromUrl64 (basexx.from_url64)', () => {
  const text = (value: string) => {
    const result = fromUrl64(value);
    return result.ok ? bytesToLuaString(result.bytes) : { badChar: result.badChar, index: result.index };
  };
  it.each([
    ['TWFu', 'Man'],
    ['TW=Fu', 'Man'],
    ['TWFuA', 'Man'],
    ['Zm9vYmE', 'fooba'],
    ['Zm9vYg', 'foob'],
    ['====', ''],
    ['', ''],
    ['-_-_', '\xfb\xff\xbf'],
  ])('%j decodes to %j (padding anywhere is skipped, leftover bits dropped)', (input, output) => {
    expect(text(input)).toBe(output);
  });

  it.each([
    ['TWFu+', '+', 4],
    ['a b', ' ', 1],
    ['ab$', '$', 2],
    ['\xc3\xa9', '\xc3', 0],
  ])('%j stops at %j', (input, badChar, index) => {
    expect(text(input)).toEqual({ badChar, index });
  });
});

describe('parseLuaToken (parse_token)', () => {
  const header = b64('{"alg":"HS256","typ":"JWT"}');
  const body = b64('{"iss":"a"}');

  it('splits and decodes every segment (the checker reports them in prosody order)', () => {
    const parsed = parseLuaToken(`.${header}..${body}.c2ln.`);
    expect(parsed.segments).toEqual([header, body, 'c2ln']);
    expect(parsed.header).toMatchObject({ kind: 'ok' });
    expect(parsed.body).toMatchObject({ kind: 'ok' });
    expect(parsed.signature).toMatchObject({ ok: true });
    expect(parseLuaToken(`${header}.${body} .c2ln`).body).toEqual({
      kind: 'lua-error',
      detail: "bad argument #1 to 'decode' (expected 1 argument)",
      badChar: ' ',
      index: body.length,
    });
  });

  it('signs exactly the first two pieces as split, padding included', () => {
    expect(parseLuaToken(`.${header}=..${body}.c2ln`).signingInput).toBe(`${header}=.${body}`);
  });

  it('reads the segments after the first failure too', () => {
    const parsed = parseLuaToken(`${b64('{')}.${b64('[')}.c2l*`);
    expect(parsed.header).toMatchObject({ kind: 'not-json' });
    expect(parsed.body).toMatchObject({ kind: 'not-json' });
    expect(parsed.signature).toMatchObject({ ok: false, badChar: '*' });
    expect(decodeSegment(b64('null'))).toEqual({ kind: 'ok', value: CJSON_NULL });
  });
});

describe('verify steps', () => {
  it('checkTyp: typ exactly "JWT"', () => {
    expect(checkTyp(table({ alg: 'HS256', typ: 'JWT' }))).toEqual({ kind: 'ok' });
    expect(checkTyp(table({ alg: 'HS256', typ: 'jwt' }))).toEqual({ kind: 'refused', reason: 'Invalid typ' });
    expect(checkTyp(table({ alg: 'HS256' }))).toEqual({ kind: 'refused', reason: 'Invalid typ' });
    expect(checkTyp('JWT')).toEqual({ kind: 'refused', reason: 'Invalid typ' });
    expect(checkTyp(7)).toEqual({
      kind: 'lua-error',
      detail: "attempt to index a number value (local 'header')",
    });
  });

  it('checkAlg: alg equal to the configured one', () => {
    expect(checkAlg(table({ alg: 'HS256', typ: 'JWT' }), 'HS256')).toEqual({ kind: 'ok' });
    expect(checkAlg(table({ alg: 'HS512', typ: 'JWT' }), 'HS256')).toEqual({
      kind: 'refused',
      reason: 'Invalid or incorrect alg',
    });
    expect(checkAlg(table({ typ: 'JWT' }), 'HS256')).toEqual({
      kind: 'refused',
      reason: 'Invalid or incorrect alg',
    });
    expect(checkAlg(CJSON_NULL, 'HS256')).toMatchObject({ kind: 'lua-error' });
  });

  it('checkTimeType: false counts as absent, null and strings are not numbers', () => {
    expect(checkTimeType(table({ exp: false }), 'exp')).toEqual({ kind: 'ok' });
    expect(checkTimeType(table({ exp: CJSON_NULL }), 'exp')).toEqual({
      kind: 'refused',
      reason: 'exp must be number',
    });
    expect(checkTimeType(table({ nbf: '5' }), 'nbf')).toEqual({
      kind: 'refused',
      reason: 'nbf must be number',
    });
    expect(checkTimeType(table({}), 'exp')).toEqual({ kind: 'ok' });
  });

  it.each<[Record<string, LuaValue>, string]>([
    [
      { exp: 1800000000, iat: 1800000000 },
      'Not acceptable by exp (0.0 sec since expired, valid for:0.0 sec)',
    ],
    [{ exp: 1799999940 }, 'Not acceptable by exp (60.0 sec since expired)'],
    [{ exp: 1799999999.5 }, 'Not acceptable by exp (0.5 sec since expired)'],
    [{ exp: -999999950000000 }, 'Not acceptable by exp (1.00000175e+15 sec since expired)'],
    [
      { exp: 1799999940, iat: '1799996340' },
      'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
    ],
    [
      { exp: 1799999940, iat: 0 },
      'Not acceptable by exp (60.0 sec since expired, valid for:1799999940.0 sec)',
    ],
    [{ exp: -Infinity, iat: -Infinity }, 'Not acceptable by exp (inf sec since expired, valid for:-nan sec)'],
  ])('checkExpiry %j', (claims, reason) => {
    expect(checkExpiry(table(claims), 1800000000)).toMatchObject({ kind: 'refused', reason });
  });

  it('checkExpiry: a refusal carries the numbers of its message as Lua prints them', () => {
    expect(checkExpiry(table({ exp: 1799999940, iat: '1799996340' }), 1800000000)).toEqual({
      kind: 'refused',
      reason: 'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
      elapsed: '60.0',
      validFor: '3600.0',
    });
    expect(checkExpiry(table({ exp: 1799999999.5 }), 1800000000)).toEqual({
      kind: 'refused',
      reason: 'Not acceptable by exp (0.5 sec since expired)',
      elapsed: '0.5',
      validFor: null,
    });
  });

  it('checkExpiry: no leeway, exp in the future passes, a non-numeric iat raises while the message is built', () => {
    expect(checkExpiry(table({ exp: 1800000001 }), 1800000000)).toEqual({ kind: 'ok' });
    expect(checkExpiry(table({ exp: NaN }), 1800000000)).toEqual({ kind: 'ok' });
    expect(checkExpiry(table({ exp: 1, iat: 'abc' }), 1800000000)).toEqual({
      kind: 'lua-error',
      detail: "attempt to perform arithmetic on a string value (field 'iat')",
    });
    expect(checkExpiry(table({ exp: 1, iat: true }), 1800000000)).toMatchObject({ kind: 'lua-error' });
    expect(checkExpiry(table({ exp: 1, iat: false }), 1800000000)).toMatchObject({
      kind: 'refused',
      reason: 'Not acceptable by exp (1799999999.0 sec since expired)',
    });
  });

  it('checkNotBefore: nbf == now passes, one second later does not', () => {
    expect(checkNotBefore(table({ nbf: 1800000000 }), 1800000000)).toEqual({ kind: 'ok' });
    expect(checkNotBefore(table({ nbf: 1800000001 }), 1800000000)).toEqual({
      kind: 'refused',
      reason: 'Not acceptable by nbf',
    });
  });

  it('checkListedClaim: whole-value comparison, "*" accepts anything present, null is present', () => {
    const list = ['jitsi'];
    expect(checkListedClaim(table({ aud: 'jitsi' }), 'aud', list)).toEqual({ kind: 'ok' });
    expect(checkListedClaim(table({ aud: new LuaTable(new Map(), ['jitsi'], true) }), 'aud', list)).toEqual({
      kind: 'refused',
      reason: "invalid 'aud' claim",
    });
    expect(checkListedClaim(table({}), 'aud', ['*'])).toEqual({
      kind: 'refused',
      reason: "'aud' claim is missing",
    });
    expect(checkListedClaim(table({ aud: CJSON_NULL }), 'aud', ['*'])).toEqual({ kind: 'ok' });
    expect(checkListedClaim(table({ iss: CJSON_NULL }), 'iss', ['my_app'])).toEqual({
      kind: 'refused',
      reason: "invalid 'iss' claim",
    });
    expect(checkListedClaim(table({ iss: 'x' }), 'iss', [])).toEqual({
      kind: 'refused',
      reason: "invalid 'iss' claim",
    });
    expect(checkListedClaim(decoded('[1]'), 'iss', ['my_app'])).toEqual({
      kind: 'refused',
      reason: "'iss' claim is missing",
    });
  });
});
