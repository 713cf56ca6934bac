// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jsonSyntaxError, jsonTokens, locateJsonPath, type JsonPathKey } from './json-positions';

/** The text a location covers, and its property name's text, for readable assertions. */
function spanned(text: string, keys: JsonPathKey[]): { value: string; key?: string } | null {
  const location = locateJsonPath(text, keys);
  if (location === null) return null;
  const value = text.slice(location.from, location.to);
  return location.keyFrom === undefined
    ? { value }
    : { value, key: text.slice(location.keyFrom, location.keyTo) };
}

const PAYLOAD = `{
  "aud": "jitsi",
  "context": {
    "user": { "name": "Ann \\"the admin\\"", "moderator": true, "id": null },
    "features": { "recording": "true" }
  },
  "rooms": ["a", { "sub": [1, 2.5e3, -0] }],
  "exp": 1700000000
}`;

describe('locateJsonPath', () => {
  it.each<[JsonPathKey[], string, string | undefined]>([
    [['aud'], '"jitsi"', '"aud"'],
    [['context', 'user', 'name'], '"Ann \\"the admin\\""', '"name"'],
    [['context', 'user', 'moderator'], 'true', '"moderator"'],
    [['context', 'user', 'id'], 'null', '"id"'],
    [['context', 'features'], '{ "recording": "true" }', '"features"'],
    [['exp'], '1700000000', '"exp"'],
    [['rooms', 0], '"a"', undefined],
    [['rooms', 1, 'sub', 1], '2.5e3', undefined],
    [['rooms', 1, 'sub', 2], '-0', undefined],
    [['rooms', '1', 'sub'], '[1, 2.5e3, -0]', '"sub"'],
  ])('finds %j', (keys, value, key) => {
    expect(spanned(PAYLOAD, keys)).toEqual(key === undefined ? { value } : { value, key });
  });

  it('returns the whole document for the empty path', () => {
    expect(locateJsonPath(' {"a":1} ', [])).toEqual({ from: 1, to: 8, kind: 'object' });
  });

  it.each<[string, JsonPathKey[]]>([
    ['a missing property', ['context', 'user', 'email']],
    ['a property of a scalar', ['aud', 'x']],
    ['an index past the end', ['rooms', 2]],
    ['an index into an object', ['context', 0]],
    ['a name into an array', ['rooms', 'a']],
    ['a non-canonical index', ['rooms', '01']],
    ['a name that only appears deeper', ['name']],
  ])('returns null for %s', (_, keys) => {
    expect(locateJsonPath(PAYLOAD, keys)).toBeNull();
  });

  it.each<[string, string, JsonPathKey[], string]>([
    ['an escaped quote', '{"a\\"b": 1, "a": 2}', ['a"b'], '1'],
    ['an escaped backslash', '{"a\\\\": 1}', ['a\\'], '1'],
    ['a unicode escape', '{"\\u006e\\u0061me": "x"}', ['name'], '"x"'],
    ['a surrogate pair', '{"\\ud83d\\ude00": 5}', ['\u{1F600}'], '5'],
    ['a key with a slash escape', '{"a\\/b": 1}', ['a/b'], '1'],
    ['a numeric-looking key', '{"0": "zero"}', [0], '"zero"'],
  ])('decodes property names: %s', (_, text, keys, value) => {
    expect(spanned(text, keys)?.value).toBe(value);
  });

  it.each<[string, string, JsonPathKey[], string | null]>([
    ['the last scalar wins', '{"a": 1, "a": 2}', ['a'], '2'],
    ['the last object wins', '{"a": {"b": 1}, "a": {"b": 2}}', ['a', 'b'], '2'],
    [
      'a later object without the key hides the earlier one',
      '{"a": {"b": 1}, "a": {"c": 2}}',
      ['a', 'b'],
      null,
    ],
    ['a later scalar hides the earlier object', '{"a": {"b": 1}, "a": 3}', ['a', 'b'], null],
    ['duplicates deeper down', '{"a": {"b": 1, "b": 4}}', ['a', 'b'], '4'],
    ['an unrelated duplicate changes nothing', '{"a": 1, "x": 0, "x": 9}', ['a'], '1'],
  ])('handles duplicate keys like JSON.parse: %s', (_, text, keys, value) => {
    expect(spanned(text, keys)?.value ?? null).toBe(value);
    const parsed: unknown = JSON.parse(text);
    const viaParse = keys.reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], parsed);
    expect(viaParse === undefined).toBe(value === null);
  });

  it.each<[string, string, JsonPathKey[], string | null]>([
    ['an unclosed object', '{"a": {"b": 1', ['a', 'b'], '1'],
    ['an unclosed target runs to the end', '{"a": {"b": 1 ', ['a'], '{"b": 1'],
    ['a trailing comma', '{"a": 1, "b": 2,}', ['b'], '2'],
    ['a missing comma', '{"a": 1 "b": 2}', ['b'], '2'],
    ['a missing colon', '{"a" 1, "b": 2}', ['a'], '1'],
    ['a missing value', '{"a": , "b": 2}', ['b'], '2'],
    ['a half-typed value', '{"a": tru', ['a'], 'tru'],
    ['an unterminated string ends at the line break', '{"a": "x\n, "b": 2}', ['b'], '2'],
    ['a value not yet typed', '{"a": ', ['a'], null],
    ['unquoted keys', '{a: 1}', ['a'], '1'],
    ['a mismatched closer', '{"a": [1, 2}, "b": 3}', ['b'], '3'],
    ['trailing garbage', '{"a": 1} {"a": 2}', ['a'], '1'],
    ['empty text', '', [], null],
    ['only a closer', '}', [], null],
  ])('tolerates invalid JSON: %s', (_, text, keys, value) => {
    expect(spanned(text, keys)?.value ?? null).toBe(value);
  });

  it('reports the kind of value', () => {
    const text = '{"o": {}, "a": [], "s": "", "n": -1, "t": true, "w": nul}';
    expect(['o', 'a', 's', 'n', 't', 'w'].map((key) => locateJsonPath(text, [key])?.kind)).toEqual([
      'object',
      'array',
      'string',
      'number',
      'literal',
      'literal',
    ]);
  });

  it('locates paths in 1 MB of JSON', () => {
    const members = Array.from(
      { length: 20_000 },
      (_, i) => `"key${i}": {"value": "${'x'.repeat(30)}", "n": ${i}}`,
    );
    const text = `{${members.join(',\n')}, "last": {"name": "end"}}`;
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(spanned(text, ['last', 'name'])?.value).toBe('"end"');
    expect(spanned(text, ['key19999', 'n'])?.value).toBe('19999');
    expect(spanned(text, ['key0', 'value'])?.value).toBe(`"${'x'.repeat(30)}"`);
    expect(locateJsonPath(text, ['missing'])).toBeNull();
  });

  it('survives 100 000 levels of nesting without recursion', () => {
    const text = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    expect(locateJsonPath(text, [0, 0, 0])).toEqual({ from: 3, to: 200_001 - 3, kind: 'array' });
  });

  it('agrees with JSON.parse on every path of random JSON', () => {
    const valueAt = (root: unknown, keys: JsonPathKey[]): unknown =>
      keys.reduce<unknown>((node, key) => Object.getOwnPropertyDescriptor(node, key)?.value, root);
    const pathsOf = (node: unknown, prefix: JsonPathKey[] = []): JsonPathKey[][] => {
      if (node === null || typeof node !== 'object') return [prefix];
      const entries: [JsonPathKey, unknown][] = Array.isArray(node)
        ? node.map((child, index) => [index, child])
        : Object.entries(node);
      return [prefix, ...entries.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        // Compare with the parsed text, not `value`: stringify turns -0 into 0.
        const parsed: unknown = JSON.parse(text);
        for (const keys of pathsOf(parsed)) {
          const location = locateJsonPath(text, keys);
          expect(location).not.toBeNull();
          expect(JSON.parse(text.slice(location?.from, location?.to))).toEqual(valueAt(parsed, keys));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('jsonSyntaxError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, true, false, null, "\\u00e9\\n"]}\n',
    '"x"',
    '0',
    '{"\\ud800": 1}',
  ])('returns null for valid JSON %j', (text) => {
    expect(jsonSyntaxError(text)).toBeNull();
  });

  it.each<[string, number, number, string]>([
    ['', 0, 0, 'Empty: expected a JSON value.'],
    ['  \n', 3, 3, 'Empty: expected a JSON value.'],
    ['{"a":}', 5, 6, "Unexpected '}': expected a value"],
    ['{"a":1,}', 7, 8, "Trailing comma: JSON does not allow ',' before '}'."],
    ['[1,]', 3, 4, "Trailing comma: JSON does not allow ',' before ']'."],
    ['{', 1, 1, 'Unexpected end of JSON: expected a property name in double quotes.'],
    ['[1,2', 4, 4, "Unexpected end of JSON: expected ',' or ']' after the array element."],
    ['{"a" 1}', 5, 6, "Unexpected '1': expected ':' after the property name."],
    ['{"a":1 "b":2}', 7, 8, "Unexpected '\"': expected ',' or '}' after the property value."],
    ['{a:1}', 1, 2, 'Property names need double quotes in JSON.'],
    ["{'a':1}", 1, 2, 'Property names need double quotes in JSON.'],
    ["['a']", 1, 2, 'Strings need double quotes in JSON.'],
    ['"abc', 4, 4, 'Unterminated string: a closing double quote is missing.'],
    ['{"a":"x\ny"}', 7, 8, 'A string cannot contain a raw line break or tab'],
    ['"\\x"', 2, 3, 'Bad escape \\x'],
    ['"\\u12G4"', 5, 6, 'Bad \\u escape: it needs four hex digits.'],
    ['"\\u12', 5, 5, 'Incomplete \\u escape'],
    ['01', 1, 2, 'Numbers cannot have leading zeros.'],
    ['-', 1, 1, 'A minus sign must be followed by a digit.'],
    ['1.', 2, 2, 'A decimal point must be followed by a digit.'],
    ['1e+x', 3, 4, 'An exponent must be followed by a digit.'],
    ['{"a": tru}', 6, 9, "Unexpected 'tru': did you mean true?"],
    ['nul', 0, 3, "Unexpected 'nul': did you mean null?"],
    ['{"a": undefined}', 6, 15, "Unexpected 'undefined': expected a value"],
    ['{"a":1}}', 7, 8, 'Unexpected text after the JSON value.'],
    ['{"a":1} x', 8, 9, 'Unexpected text after the JSON value.'],
    ['\uFEFF{}', 0, 1, 'Unexpected byte-order mark'],
    ['\u00a0{}', 0, 1, 'Unexpected space'],
  ])('reports %j at %i-%i', (text, from, to, message) => {
    const error = jsonSyntaxError(text);
    expect(error).toMatchObject({ from, to });
    expect(error?.message).toContain(message);
  });

  it('finds an error at the end of 1 MB of JSON', () => {
    const text = `[${Array.from({ length: 50_000 }, (_, i) => `{"n": ${i}, "s": "abcdef"}`).join(',')},]`;
    expect(text.length).toBeGreaterThan(1_000_000);
    expect(jsonSyntaxError(text)).toMatchObject({
      from: text.length - 1,
      message: expect.stringContaining('Trailing comma'),
    });
  });

  it('survives 100 000 levels of nesting', () => {
    expect(jsonSyntaxError('['.repeat(100_000))).toEqual({
      from: 100_000,
      to: 100_000,
      message:
        'Unexpected end of JSON: expected a value (string, number, object, array, true, false or null).',
    });
  });

  // The scanner, not V8's message, gives the position; where V8 does state one, the two must agree.
  const jsonish = fc
    .array(
      fc.constantFrom(
        '{',
        '}',
        '[',
        ']',
        ':',
        ',',
        '"',
        '\\',
        'u',
        'a',
        '0',
        '1',
        '-',
        '.',
        'e',
        't',
        'n',
        ' ',
        '\n',
      ),
      {
        maxLength: 24,
      },
    )
    .map((chars) => chars.join(''));
  const mutatedJson = fc
    .tuple(
      fc.json(),
      fc.nat(),
      fc.constantFrom('', ',', '}', ']', '"', ':', '\\', 'x', '0', '\n'),
      fc.boolean(),
    )
    .map(([text, at, insert, isReplace]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(isReplace ? i + 1 : i);
    });

  it.each([
    ['random JSON-like text', jsonish],
    ['mutated valid JSON', mutatedJson],
  ])('agrees with JSON.parse and V8 positions on %s', (_, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        let v8Message: string | null = null;
        try {
          JSON.parse(text);
        } catch (error) {
          v8Message = (error as Error).message;
        }
        const error = jsonSyntaxError(text);
        expect(error === null).toBe(v8Message === null);
        const v8Position = v8Message?.match(/at position (\d+)/)?.[1];
        if (v8Position !== undefined) expect(error?.from).toBe(Number(v8Position));
        if (error !== null) {
          expect(error.from).toBeGreaterThanOrEqual(0);
          expect(error.to).toBeGreaterThanOrEqual(error.from);
          expect(error.to).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('jsonTokens', () => {
  /** Tokens as `kind:text`, for a table that reads like the JSON it colours. */
  const shown = (text: string, until?: number): string[] =>
    jsonTokens(text, until).map(({ kind, from, to }) => `${kind}:${text.slice(from, to)}`);

  it('tells keys from string values and colours numbers, literals and punctuation', () => {
    expect(shown('{"a": "b", "n": [-1.5e3, true, null]}')).toEqual([
      'punctuation:{',
      'key:"a"',
      'punctuation::',
      'string:"b"',
      'punctuation:,',
      'key:"n"',
      'punctuation::',
      'punctuation:[',
      'number:-1.5e3',
      'punctuation:,',
      'literal:true',
      'punctuation:,',
      'literal:null',
      'punctuation:]',
      'punctuation:}',
    ]);
  });

  it.each<[string, string, string[]]>([
    [
      'a key before a line-broken colon',
      '{"a"\n : 1}',
      ['punctuation:{', 'key:"a"', 'punctuation::', 'number:1', 'punctuation:}'],
    ],
    ['a string at the very end', '["x"', ['punctuation:[', 'string:"x"']],
    [
      'an unterminated string up to the line break',
      '{"a": "x\n}',
      ['punctuation:{', 'key:"a"', 'punctuation::', 'string:"x', 'punctuation:}'],
    ],
    ['escaped quotes inside a string', '"a\\"b"', ['string:"a\\"b"']],
    [
      'words that are not JSON, left uncoloured',
      '[undefined, tru, NaN]',
      ['punctuation:[', 'punctuation:,', 'punctuation:,', 'punctuation:]'],
    ],
  ])('handles %s', (_, text, tokens) => {
    expect(shown(text)).toEqual(tokens);
  });

  it('stops after `until`, still deciding whether the last string is a key', () => {
    expect(shown('{"a": 1, "b": 2}', 10)).toEqual([
      'punctuation:{',
      'key:"a"',
      'punctuation::',
      'number:1',
      'punctuation:,',
      'key:"b"',
    ]);
  });
});
