// @vitest-environment node
// Lua 5.4 string.match semantics; expected values are what the Lua 5.4 interpreter returns for the same call.

import { describe, expect, it } from 'vitest';
import { escapeLuaPattern, luaMatch, type LuaCapture } from './lua-pattern';

describe('luaMatch', () => {
  it.each<[string, string, LuaCapture[] | null]>([
    ['hello world', 'o w', ['o w']],
    ['hello', '^(h)(e)', ['h', 'e']],
    ['team-42', '^team%-.*$', ['team-42']],
    ['team-42', '^team%-', ['team-']],
    ['team-42', '^team%-%d+$', ['team-42']],
    ['team-x', '^team%-%d+$', null],
    ['abc', '%a+', ['abc']],
    ['ABC123', '%u+%d+', ['ABC123']],
    ['abc', '%D+', ['abc']],
    ['abc', '%d+', null],
    ['  x', '^%s*(.-)$', ['x']],
    ['[acme]myroom', '^%[([^%]]+)%](.+)$', ['acme', 'myroom']],
    ['myroom', '^%[([^%]]+)%](.+)$', null],
    ['f(a(b)c)d', '%b()', ['(a(b)c)']],
    ['f(a(b c', '%b()', null],
    ['hello', '()ll()', [3, 5]],
    ['hello', '(l)%1', ['l']],
    ['aaab', 'a-b', ['aaab']],
    ['aaa', 'a-b', null],
    ['aaab', '^a-', ['']],
    ['abc', 'a?b', ['ab']],
    ['bc', 'a?b', ['b']],
    ['x_1', '[%a_][%w_]*', ['x_1']],
    ['a.b', '%.', ['.']],
    ['a-b', '[a-]', ['a']],
    ['-', '[a-]', ['-']],
    [']', '[]]', [']']],
    ['^', '[%^]', ['^']],
    ['b', '[^a]', ['b']],
    ['a', '[^a]', null],
    ['m', '[a-z]', ['m']],
    ['M', '[a-z]', null],
    // %z is the NUL byte (deprecated, still in 5.4), as Debian's Lua 5.4.4 and wasmoon agree.
    ['z', '%z', null],
    ['a\0', '%z', ['\0']],
    ['a$b', 'a$b', ['a$b']],
    ['ab', 'b$', ['b']],
    ['ba', 'b$', null],
    ['aXb', '^X', null],
    ['THE (quick) fox', '%f[%a]%a+', ['THE']],
    ['the quick', '%f[%a]qu', ['qu']],
    ['equal', '%f[%a]qu', null],
    ['caf\xc3\xa9', '^caf.+$', ['caf\xc3\xa9']],
    ['caf\xc3\xa9', '%a+', ['caf']],
    ['a+b', '%p', ['+']],
    ['a\tb', '%c', ['\t']],
    ['a b', '%S+', ['a']],
    ['0x1F', '%x+', ['0']],
    ['', '^$', ['']],
    ['', '.', null],
    ['THE (quick) fox', '%((%a+)%)', ['quick']],
    ['hello', 'l+', ['ll']],
    ['hello', 'z', null],
    ['a]b', ']', [']']],
    ['ab', '$', ['']],
  ])('string.match(%j, %j)', (subject, pattern, expected) => {
    expect(luaMatch(subject, pattern)).toEqual({ ok: true, value: expected });
  });

  it('raises only when the matcher reaches the bad part of a pattern, as C Lua does', () => {
    expect(luaMatch('b', 'a[')).toEqual({ ok: true, value: null });
    expect(luaMatch('a', 'a[')).toMatchObject({ ok: false, error: "malformed pattern (missing ']')" });
  });

  it.each([
    ['x', '[a', "malformed pattern (missing ']')"],
    ['x', '%', "malformed pattern (ends with '%')"],
    ['x', 'x%', "malformed pattern (ends with '%')"],
    ['x', '(()', 'unfinished capture'],
    ['x', ')', 'invalid pattern capture'],
    ['x', '%1', 'invalid capture index %1'],
    ['x', '%0', 'invalid capture index %0'],
    ['x', '%b', "malformed pattern (missing arguments to '%b')"],
    ['x', '%ba', "malformed pattern (missing arguments to '%b')"],
    ['x', '%f', "missing '[' after '%f' in pattern"],
    ['x', '%fa', "missing '[' after '%f' in pattern"],
    ['x', `${'('.repeat(33)}${')'.repeat(33)}`, 'too many captures'],
    ['a'.repeat(250), 'a?'.repeat(201), 'pattern too complex'],
  ])('string.match(%j, %j) raises %j', (subject, pattern, error) => {
    expect(luaMatch(subject, pattern)).toEqual({ ok: false, error, isBudgetExceeded: false });
  });

  it('returns an unfinished capture error only after a successful match', () => {
    expect(luaMatch('y', '(x')).toEqual({ ok: true, value: null });
    expect(luaMatch('x', '(x')).toMatchObject({ ok: false, error: 'unfinished capture' });
  });

  it('allows 32 captures and recursion just below the depth limit', () => {
    const pattern = `${'('.repeat(32)}x${')'.repeat(32)}`;
    expect(luaMatch('x', pattern)).toEqual({ ok: true, value: Array<string>(32).fill('x') });
    expect(luaMatch('a'.repeat(250), 'a?'.repeat(150))).toEqual({ ok: true, value: ['a'.repeat(150)] });
  });

  it('stops a pathological backtracking pattern instead of freezing', () => {
    const result = luaMatch('a'.repeat(40), `${'.-'.repeat(30)}x`, { maxSteps: 100_000 });
    expect(result).toMatchObject({ ok: false, isBudgetExceeded: true });
  });
});

describe('escapeLuaPattern', () => {
  it.each([
    ['meet.example.com', 'meet%.example%.com'],
    ['a-b_c', 'a%-b%_c'],
    ['conference', 'conference'],
  ])('%s → %s', (input, expected) => {
    expect(escapeLuaPattern(input)).toBe(expected);
    expect(luaMatch(input, `^${expected}$`)).toEqual({ ok: true, value: [input] });
  });
});
