// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { jsonEqual, jsonTypeOf, type JsonObject, type JsonValue } from '../../jwt/json-types';
import { decodeToken, encodeBase64url } from '../../jwt/token-codec';
import { diffClaims, diffTokens, type ClaimChange } from './token-diff';

type Row = [
  kind: ClaimChange['kind'],
  path: string[],
  before: JsonValue | undefined,
  after: JsonValue | undefined,
];

function rows(changes: ClaimChange[]): Row[] {
  return changes.map((c) => [c.kind, [...c.path], c.before, c.after]);
}

describe('diffClaims', () => {
  it.each<[string, JsonObject, JsonObject, Row[]]>([
    ['identical claims', { iss: 'a', exp: 1 }, { exp: 1, iss: 'a' }, []],
    ['added', { iss: 'a' }, { iss: 'a', room: '*' }, [['added', ['room'], undefined, '*']]],
    ['removed', { iss: 'a', aud: 'jitsi' }, { iss: 'a' }, [['removed', ['aud'], 'jitsi', undefined]]],
    [
      'changed',
      { sub: 'meet.example.com' },
      { sub: 'acme' },
      [['changed', ['sub'], 'meet.example.com', 'acme']],
    ],
    [
      'type-changed: string to number',
      { exp: '1800000000' },
      { exp: 1800000000 },
      [['type-changed', ['exp'], '1800000000', 1800000000]],
    ],
    [
      'type-changed: string to array',
      { aud: 'jitsi' },
      { aud: ['jitsi'] },
      [['type-changed', ['aud'], 'jitsi', ['jitsi']]],
    ],
    [
      'type-changed: object to null',
      { context: { user: {} } },
      { context: null },
      [['type-changed', ['context'], { user: {} }, null]],
    ],
    [
      'type-changed: boolean to string',
      { moderator: true },
      { moderator: 'true' },
      [['type-changed', ['moderator'], true, 'true']],
    ],
    [
      'nested changes inside context.user',
      { context: { user: { name: 'Alice', moderator: true, id: 'u1' } } },
      { context: { user: { name: 'Bob', id: 'u1', email: 'b@example.com' } } },
      [
        ['changed', ['context', 'user', 'name'], 'Alice', 'Bob'],
        ['removed', ['context', 'user', 'moderator'], true, undefined],
        ['added', ['context', 'user', 'email'], undefined, 'b@example.com'],
      ],
    ],
    [
      'arrays compare as whole values',
      { aud: ['a', 'b'], list: [1, { x: 1 }] },
      { aud: ['b', 'a'], list: [1, { x: 1 }] },
      [['changed', ['aud'], ['a', 'b'], ['b', 'a']]],
    ],
    [
      'objects inside arrays compare by value, key order ignored',
      { a: [{ x: 1, y: 2 }] },
      { a: [{ y: 2, x: 1 }] },
      [],
    ],
    ['null to null', { room: null }, { room: null }, []],
  ])('%s', (_name, a, b, expected) => {
    expect(rows(diffClaims(a, b))).toEqual(expected);
  });

  it('orders changes by A’s keys (nested ones in place), then keys only B has', () => {
    const a = { iss: 'a', context: { user: { name: 'x' } }, exp: 1 };
    const b = { nbf: 0, exp: 2, context: { group: 'g', user: { name: 'y' } }, iss: 'a', aud: 'j' };
    expect(diffClaims(a, b).map((c) => c.path.join('.'))).toEqual([
      'context.user.name',
      'context.group',
      'exp',
      'nbf',
      'aud',
    ]);
  });

  it('prefixes every path', () => {
    expect(diffClaims({ a: 1 }, { a: 2 }, ['payload'])[0]?.path).toEqual(['payload', 'a']);
  });

  it('records the JSON types of both sides', () => {
    expect(diffClaims({ exp: '1' }, { exp: 1 })[0]).toMatchObject({
      beforeType: 'string',
      afterType: 'number',
    });
    expect(diffClaims({}, { exp: 1 })[0]).toMatchObject({ beforeType: null, afterType: 'number' });
  });

  it('treats "__proto__" as an ordinary claim, and ignores inherited names', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}, "constructor": 1}') as JsonObject;
    const b = JSON.parse('{"__proto__": {"x": 2}}') as JsonObject;
    expect(rows(diffClaims(a, b))).toEqual([
      ['changed', ['__proto__', 'x'], 1, 2],
      ['removed', ['constructor'], 1, undefined],
    ]);
    expect(diffClaims({}, { toString: 'x' })).toHaveLength(1);
  });

  it('survives very deep nesting without recursion errors', () => {
    let a: JsonValue = 1;
    let b: JsonValue = 2;
    for (let i = 0; i < 20000; i++) {
      a = { k: a };
      b = { k: b };
    }
    const changes = diffClaims(a as JsonObject, b as JsonObject);
    expect(changes).toHaveLength(1);
    expect(changes[0]?.kind).toBe('changed');
    expect(changes[0]?.path.length).toBeGreaterThan(10);
  });
});

describe('jsonEqual and jsonTypeOf', () => {
  it.each<[JsonValue, JsonValue, boolean]>([
    [1, 1, true],
    [1, '1', false],
    [null, null, true],
    [[], {}, false],
    [[1, [2, { a: null }]], [1, [2, { a: null }]], true],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }, true],
    [{ a: 1 }, { b: 1 }, false],
  ])('%j vs %j → %s', (a, b, equal) => {
    expect(jsonEqual(a, b)).toBe(equal);
  });

  it('treats an absent value as equal only to another absent one', () => {
    expect(jsonEqual(undefined, undefined)).toBe(true);
    expect(jsonEqual(undefined, null)).toBe(false);
    expect(jsonEqual({}, undefined)).toBe(false);
  });

  it('compares a "__proto__" own key like any other member', () => {
    const a = JSON.parse('{"__proto__": {"x": 1}}') as JsonObject;
    expect(jsonEqual(a, JSON.parse('{"__proto__": {"x": 1}}') as JsonObject)).toBe(true);
    expect(jsonEqual(a, { x: 1 })).toBe(false);
  });

  it('compares 100 000 levels of nesting without exhausting the stack', () => {
    const deep = (): JsonValue => JSON.parse('['.repeat(100_000) + '1' + ']'.repeat(100_000)) as JsonValue;
    expect(jsonEqual(deep(), deep())).toBe(true);
  });

  it.each<[JsonValue, string]>([
    [null, 'null'],
    [true, 'boolean'],
    [1.5, 'number'],
    ['x', 'string'],
    [[1], 'array'],
    [{}, 'object'],
  ])('%j is %s', (value, type) => {
    expect(jsonTypeOf(value)).toBe(type);
  });
});

describe('diffTokens', () => {
  const token = (header: JsonObject, payload: JsonObject, signature = 'c2ln'): string =>
    `${encodeBase64url(JSON.stringify(header))}.${encodeBase64url(JSON.stringify(payload))}.${signature}`;

  it('diffs header then payload, with prefixed paths', () => {
    const a = decodeToken(token({ alg: 'HS256', typ: 'JWT' }, { iss: 'app', exp: 1800000000, room: '*' }));
    const b = decodeToken(
      token({ alg: 'HS512' }, { iss: 'app', exp: '1800000000', room: '*', sub: 'x' }, 'b3RoZXI'),
    );
    const diff = diffTokens(a, b);
    expect(rows(diff.changes)).toEqual([
      ['changed', ['header', 'alg'], 'HS256', 'HS512'],
      ['removed', ['header', 'typ'], 'JWT', undefined],
      ['type-changed', ['payload', 'exp'], 1800000000, '1800000000'],
      ['added', ['payload', 'sub'], undefined, 'x'],
    ]);
    expect(diff.uncompared).toEqual([]);
    expect(diff.isSignatureEqual).toBe(false);
  });

  it('reports a segment that does not decode instead of comparing it', () => {
    const a = decodeToken(token({ alg: 'HS256' }, { iss: 'a' }));
    const b = decodeToken(`${encodeBase64url('{"alg":"HS256"}')}.not*base64.c2ln`);
    const diff = diffTokens(a, b);
    expect(diff.changes).toEqual([]);
    expect(diff.uncompared).toEqual([
      { side: 'b', segment: 'payload', message: expect.stringMatching(/not a base64url/) },
    ]);
    expect(diff.isSignatureEqual).toBe(true);
  });

  it('compares two empty tokens without throwing', () => {
    const diff = diffTokens(decodeToken(''), decodeToken(''));
    expect(diff.changes).toEqual([]);
    expect(diff.uncompared.map((u) => `${u.side}.${u.segment}`)).toEqual([
      'a.header',
      'b.header',
      'a.payload',
      'b.payload',
    ]);
  });
});
