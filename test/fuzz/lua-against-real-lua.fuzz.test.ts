// @vitest-environment node
// Every Lua behaviour the checker re-implements by hand, run side by side with the real Lua 5.4 (wasmoon, Lua compiled
// to WebAssembly) on random inputs: patterns (string.match/find and their errors), tostring of floats and integers,
// tonumber of strings, string.lower on any bytes, and string-to-number coercion in arithmetic. Seeded; FUZZ_RUNS
// scales every property. Strings cross the JS/Lua boundary as hex, so every byte arrives as it is.
import fc from 'fast-check';
import { LuaFactory, type LuaEngine } from 'wasmoon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luaFind, luaMatch, type LuaCapture } from '../../src/lib/jitsi/server/lua-pattern';
import {
  formatLuaFloat,
  luaNumberToString,
  luaStringToNumber,
  luaSubtract,
  type LuaNumber,
} from '../../src/lib/jitsi/server/lua-numbers';
import { luaLower } from '../../src/lib/jitsi/server/lua-values';
import { LUA_REGRESSIONS } from './lua-regressions';

const SCALE = Number(process.env['FUZZ_RUNS'] ?? 0);
const runs = (base: number): number => (SCALE > 0 ? SCALE : base);
const SEED = 20261202;

const LUA_HELPERS = `
local function hex(s) return (s:gsub('.', function(c) return string.format('%02x', c:byte()) end)) end
local function unhex(h) return (h:gsub('..', function(x) return string.char(tonumber(x, 16)) end)) end
-- luaL_error prefixes the caller's position; prosody's log would carry its own, so only the message is compared.
local function message(e) return (tostring(e):gsub('^%[string [^%]]*%]:%d+: ', '')) end
local function captures(t, from)
  local out = {}
  for i = from, t.n do
    local v = t[i]
    out[#out + 1] = math.type(v) == 'integer' and ('i' .. v) or ('s' .. hex(v))
  end
  return table.concat(out, ',')
end
function lua_match(s, p)
  local ok, r = pcall(function() return table.pack(string.match(unhex(s), unhex(p))) end)
  if not ok then return 'E' .. message(r) end
  if r[1] == nil then return 'N' end
  return 'M' .. captures(r, 1)
end
-- ASCII-only inputs (the deep patterns) skip the hex round trip.
function lua_match_ascii(s, p)
  local ok, r = pcall(string.match, s, p)
  if not ok then return 'E' .. message(r) end
  if r == nil then return 'N' end
  return 'M' .. (math.type(r) == 'integer' and ('i' .. r) or ('s' .. hex(r)))
end
function lua_find(s, p)
  local ok, r = pcall(function() return table.pack(string.find(unhex(s), unhex(p))) end)
  if not ok then return 'E' .. message(r) end
  if r[1] == nil then return 'N' end
  return 'F' .. r[1] .. ':' .. r[2] .. ':' .. captures(r, 3)
end
function lua_tostring_float(bytes) return tostring(string.unpack('<d', unhex(bytes))) end
function lua_tostring_integer(text) return tostring(math.tointeger(text)) end
function lua_tonumber(s)
  local v = tonumber(unhex(s))
  if v == nil then return 'nil' end
  if math.type(v) == 'integer' then return 'i' .. tostring(v) end
  return 'f' .. hex(string.pack('<d', v))
end
function lua_lower(s) return hex(string.lower(unhex(s))) end
function lua_subtract(abytes, s)
  local a = string.unpack('<d', unhex(abytes))
  local b = unhex(s)
  local ok, r = pcall(function() return a - b end)
  if not ok then return 'E' end
  return 'V' .. tostring(r)
end
`;

let engine: LuaEngine;
let call: (name: string, ...args: string[]) => string;

beforeAll(async () => {
  engine = await new LuaFactory().createEngine();
  await engine.doString(LUA_HELPERS);
  call = (name, ...args) => (engine.global.get(name) as (...a: string[]) => string)(...args);
});

afterAll(() => {
  engine.global.close();
});

// A Lua byte string (one char per byte) as hex, and back.
const toHex = (bytes: string): string =>
  [...bytes].map((ch) => ch.charCodeAt(0).toString(16).padStart(2, '0')).join('');
const floatHex = (value: number): string => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return toHex(String.fromCharCode(...new Uint8Array(view.buffer)));
};
const encodeCaptures = (values: readonly LuaCapture[]): string =>
  values.map((v) => (typeof v === 'number' ? `i${v}` : `s${toHex(v)}`)).join(',');

/** What our string.match says, in the helper's encoding. */
function ourMatch(subject: string, pattern: string): string {
  const result = luaMatch(subject, pattern);
  if (!result.ok) return `E${result.error}`;
  return result.value === null ? 'N' : `M${encodeCaptures(result.value)}`;
}

/** What our string.find says, in the helper's encoding. */
function ourFind(subject: string, pattern: string): string {
  const result = luaFind(subject, pattern);
  if (!result.ok) return `E${result.error}`;
  const found = result.value;
  return found === null ? 'N' : `F${found.start}:${found.end}:${encodeCaptures(found.captures)}`;
}

function ourToNumber(text: string): string {
  const value: LuaNumber | null = luaStringToNumber(text);
  if (value === null) return 'nil';
  return value.kind === 'integer' ? `i${value.value}` : `f${floatHex(value.value)}`;
}

// Pattern pieces rich in what the matcher treats specially, so random joins hit every branch and every error.
const PATTERN_TOKENS = [
  'a',
  'b',
  'A',
  '1',
  '.',
  '%',
  '%a',
  '%d',
  '%D',
  '%s',
  '%w',
  '%p',
  '%u',
  '%l',
  '%x',
  '%c',
  '%g',
  '%.',
  '%%',
  '%-',
  '%]',
  '[',
  ']',
  '[^',
  '[a-c]',
  '[%a_]',
  '[]]',
  '[^]]',
  '^',
  '$',
  '*',
  '+',
  '-',
  '?',
  '(',
  ')',
  '()',
  '%1',
  '%2',
  '%b()',
  '%bab',
  '%b',
  '%f[%a]',
  '%f[%s]',
  '%f',
  '%z',
  'é',
  '\xff',
  ' ',
];
const SUBJECT_CHARS = [
  'a',
  'b',
  'A',
  'B',
  '1',
  '9',
  ' ',
  '.',
  '-',
  '(',
  ')',
  '%',
  '[',
  ']',
  '_',
  '\0',
  '\xe9',
  '\xff',
];

const patternArb = fc
  .array(fc.constantFrom(...PATTERN_TOKENS), { maxLength: 8 })
  .map((parts) => parts.join(''));
const subjectArb = fc
  .array(fc.constantFrom(...SUBJECT_CHARS), { maxLength: 10 })
  .map((parts) => parts.join(''));
// Long subjects of "a" against long patterns whose every item may match nothing: each item that consumes a character
// nests the matcher one level deeper, the greedy first path never fails, and past 200 levels Lua raises
// "pattern too complex" (an error that stops at once, so no exponential backtracking).
const deepSubjectArb = fc
  .tuple(fc.integer({ min: 100, max: 260 }), fc.constantFrom('', 'b', ' '))
  .map(([count, tail]) => `${'a'.repeat(count)}${tail}`);
const deepPatternArb = fc
  .tuple(
    fc.array(fc.constantFrom('()', '(a?)'), { maxLength: 3 }),
    fc.array(fc.constantFrom('a?', '%a?', '.?', '[ab]?', 'b?'), {
      minLength: 150,
      maxLength: 260,
      size: 'max',
    }),
  )
  .map(([captures, items]) => [...captures, ...items].join(''));

describe('Lua patterns against the real Lua', () => {
  it('string.match: same captures, same no-match, same error', () => {
    fc.assert(
      fc.property(subjectArb, patternArb, (subject, pattern) => {
        expect(ourMatch(subject, pattern)).toBe(call('lua_match', toHex(subject), toHex(pattern)));
      }),
      { seed: SEED, numRuns: runs(10_000) },
    );
  });

  it('string.find: same positions and captures, same error', () => {
    fc.assert(
      fc.property(subjectArb, patternArb, (subject, pattern) => {
        expect(ourFind(subject, pattern)).toBe(call('lua_find', toHex(subject), toHex(pattern)));
      }),
      { seed: SEED + 1, numRuns: runs(10_000) },
    );
  });

  it('deep patterns: the same matches and the same "pattern too complex"', () => {
    let tooComplex = 0;
    fc.assert(
      fc.property(deepSubjectArb, deepPatternArb, (subject, pattern) => {
        const ours = ourMatch(subject, pattern);
        if (ours === 'Epattern too complex') tooComplex++;
        // Deep patterns capture at most once at the front, so the first capture is the whole answer.
        expect(ours.split(',')[0]).toBe(call('lua_match_ascii', subject, pattern));
      }),
      { seed: SEED + 2, numRuns: runs(10_000) },
    );
    expect(tooComplex).toBeGreaterThan(0);
  });
});

describe('Lua numbers against the real Lua', () => {
  it('tostring of a float', () => {
    const interesting = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -(2 ** 53), max: 2 ** 53 }).map((n) => n * 1.0),
      fc.double({ noNaN: true, min: -1e20, max: 1e20 }),
      fc.constantFrom(0.1, 1e15, 1e16, 123456789012345.6, 2 ** 63, -0, 1 / 3, 5e-324),
    );
    fc.assert(
      fc.property(interesting, (value) => {
        expect(formatLuaFloat(value)).toBe(call('lua_tostring_float', floatHex(value)));
      }),
      { seed: SEED + 3, numRuns: runs(10_000) },
    );
  });

  it('tostring of an integer', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (value) => {
        expect(luaNumberToString({ kind: 'integer', value })).toBe(
          call('lua_tostring_integer', String(value)),
        );
      }),
      { seed: SEED + 4, numRuns: runs(10_000) },
    );
  });

  // Numerals and near-numerals: signs, hex, exponents, spaces, huge digit runs, inf/nan spellings.
  const numeralChars = [
    '0',
    '1',
    '7',
    '9',
    'a',
    'f',
    'F',
    'x',
    'X',
    '.',
    'e',
    'E',
    'p',
    'P',
    '+',
    '-',
    ' ',
    '\t',
    '\n',
    '\v',
    'n',
    'i',
    'in',
    'nf',
    'inf',
    'nan',
    '0x',
    '1e',
    '99999999999999999999',
    '9223372036854775807',
    'ffffffffffffffff',
    '\0',
    '_',
  ];
  const numeralArb = fc.oneof(
    fc.array(fc.constantFrom(...numeralChars), { maxLength: 8 }).map((parts) => parts.join('')),
    fc.double().map(String),
    fc.bigInt().map((n) => (n < 0n ? `-0x${(-n).toString(16)}` : `0x${n.toString(16)}`)),
    fc.string({ maxLength: 6 }),
  );

  it('tonumber of a string', () => {
    fc.assert(
      fc.property(numeralArb, (text) => {
        const bytes = unescape(encodeURIComponent(text));
        expect(ourToNumber(bytes)).toBe(call('lua_tonumber', toHex(bytes)));
      }),
      { seed: SEED + 5, numRuns: runs(10_000) },
    );
  });

  it('string coercion in arithmetic: float - string', () => {
    const floatArb = fc.oneof(fc.constantFrom(1800000000, 0, -1, 0.5), fc.double({ noNaN: true }));
    fc.assert(
      fc.property(floatArb, numeralArb, (a, text) => {
        const bytes = unescape(encodeURIComponent(text));
        const ours = luaSubtract(a, bytes, "local 'b'");
        const real = call('lua_subtract', floatHex(a), toHex(bytes));
        // inf - inf: x86 glibc (prosody's platform, which we follow) prints "-nan", WebAssembly's libc "nan".
        const sameNan = (text: string): string => text.replace(/^V-?nan$/, 'Vnan');
        expect(sameNan(ours.ok ? `V${ours.text}` : 'E')).toBe(sameNan(real));
      }),
      { seed: SEED + 6, numRuns: runs(10_000) },
    );
  });
});

describe('string.lower against the real Lua', () => {
  it('changes A-Z only, on any bytes', () => {
    const bytesArb = fc.uint8Array({ maxLength: 24 }).map((bytes) => String.fromCharCode(...bytes));
    const textArb = fc
      .string({ unit: 'grapheme', maxLength: 12 })
      .map((text) => unescape(encodeURIComponent(text)));
    fc.assert(
      fc.property(fc.oneof(bytesArb, textArb), (bytes) => {
        expect(toHex(luaLower(bytes))).toBe(call('lua_lower', toHex(bytes)));
      }),
      { seed: SEED + 7, numRuns: runs(10_000) },
    );
  });
});

describe('regressions found against the real Lua', () => {
  it.each(LUA_REGRESSIONS)('$kind $input', (regression) => {
    const input = regression.input;
    switch (regression.kind) {
      case 'match':
        expect(ourMatch(input[0], input[1] ?? '')).toBe(
          call('lua_match', toHex(input[0]), toHex(input[1] ?? '')),
        );
        break;
      case 'find':
        expect(ourFind(input[0], input[1] ?? '')).toBe(
          call('lua_find', toHex(input[0]), toHex(input[1] ?? '')),
        );
        break;
      case 'tonumber':
        expect(ourToNumber(input[0])).toBe(call('lua_tonumber', toHex(input[0])));
        break;
      case 'tostring':
        expect(formatLuaFloat(Number(input[0]))).toBe(call('lua_tostring_float', floatHex(Number(input[0]))));
        break;
    }
  });
});
