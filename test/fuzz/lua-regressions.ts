// Inputs on which our hand-written Lua once differed from the real Lua 5.4 (or that sit on an edge worth keeping),
// replayed by lua-against-real-lua.fuzz.test.ts against the real one on every run.

/** One kept input: which behaviour, and its arguments (subject and pattern for `match`). */
export interface LuaRegression {
  kind: 'match' | 'find' | 'tonumber' | 'tostring';
  input: readonly [string, string?];
}

export const LUA_REGRESSIONS: readonly LuaRegression[] = Object.freeze([
  // %z (the NUL byte) was missing from our character classes.
  { kind: 'match', input: ['\0', '%z'] },
  { kind: 'match', input: ['a\0b', '[%z]'] },
  // string.find searches a pattern without specials as plain text: ")" is no error there.
  { kind: 'find', input: ['', ')'] },
  { kind: 'find', input: ['a]b', ']b'] },
  { kind: 'tonumber', input: ['0x10000000000000000'] },
  { kind: 'tonumber', input: ['0xffffffffffffffff'] },
  { kind: 'tonumber', input: ['-0x8000000000000001'] },
  { kind: 'tonumber', input: ['9223372036854775808'] },
  { kind: 'tostring', input: ['1e15'] },
]);
