// @vitest-environment node
// luajwtjitsi 2.0's token cutting and lbase64 decoding, which decide the 2020 line's verdicts on odd tokens.

import { describe, expect, it } from 'vitest';
import { decodeLegacyBase64, decodeLegacySegment, tokenizeLegacy } from './luajwt2';

const bytes = (text: string) => Array.from(text, (c) => c.charCodeAt(0));

describe('tokenizeLegacy', () => {
  it.each<[string, string[]]>([
    ['a.b.c', ['a', 'b', 'c']],
    ['a.b.c.d', ['a', 'b', 'c.d']],
    ['.b.c', ['', 'b', 'c']],
    ['a..', ['a', '', '']],
    ['a.b', ['a', 'b']],
    ['abc', ['abc']],
    ['a\\b\\c', ['a\\b\\c']],
  ])('%s', (token, pieces) => {
    expect(tokenizeLegacy(token)).toEqual(pieces);
  });
});

describe('decodeLegacyBase64', () => {
  it.each<[string, number[] | null]>([
    ['aGk', bytes('hi')],
    ['aGk=', bytes('hi')],
    ['a G\nk', bytes('hi')],
    ['-_8', [0xfb, 0xff]],
    ['+/8', [0xfb, 0xff]],
    ['aG=k', [0x68]],
    ['', []],
    ['aGk*', null],
    ['aGk.', null],
  ])('%j', (segment, expected) => {
    const decoded = decodeLegacyBase64(segment);
    expect(decoded === null ? null : Array.from(decoded)).toEqual(expected);
  });

  it('drops a group cut short by a NUL byte', () => {
    expect(Array.from(decodeLegacyBase64('aGVs\0bG8') ?? [])).toEqual(bytes('hel'));
  });
});

describe('decodeLegacySegment', () => {
  it('reads JSON, and names what is wrong otherwise', () => {
    expect(decodeLegacySegment('eyJhIjoxfQ')).toMatchObject({ ok: true });
    expect(decodeLegacySegment('e30*')).toEqual({
      ok: false,
      problem: 'it holds a character outside base64url',
    });
    expect(decodeLegacySegment('bm90')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^it is not JSON/),
    });
  });
});
