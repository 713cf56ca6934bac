// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodeToken, encodeBase64url, tokenSpans } from './token-codec';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const good = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'a' })}.c2ln`;

describe('decodeToken', () => {
  it('decodes a well-formed token', () => {
    const decoded = decodeToken(good);
    expect(decoded.problems).toEqual([]);
    expect(decoded.header.ok && decoded.header.value).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(decoded.payload.ok && decoded.payload.value).toEqual({ iss: 'a' });
  });
  it.each([
    ['', 'empty-token', null],
    ['abc', 'segment-count', null],
    [`${good}.extra`, 'segment-count', null],
    [`${b64({ a: 1 })}.${b64({})}.`, 'segment-empty', 'signature'],
    [`e+J.${b64({})}.sig`, 'bad-base64url', 'header'],
    [`${b64({ a: 1 })}.${Buffer.from('[1,2]').toString('base64url')}.sig`, 'not-object', 'payload'],
    [`${b64({ a: 1 })}.${Buffer.from('null').toString('base64url')}.sig`, 'not-object', 'payload'],
    [`${b64({ a: 1 })}.${Buffer.from('{"a":').toString('base64url')}.sig`, 'bad-json', 'payload'],
    [`${b64({ a: 1 })}.${Buffer.from([0xff, 0xfe]).toString('base64url')}.sig`, 'bad-utf8', 'payload'],
  ])('%j → %s in %s', (token, code, segment) => {
    const decoded = decodeToken(token);
    expect(decoded.problems.map((p) => p.code)).toContain(code);
    expect(decoded.problems.find((p) => p.code === code)?.segment ?? null).toBe(segment);
  });
  it('locates the bad character', () => {
    const token = `${b64({ alg: 'HS256' })}.ab+c.sig`;
    const problem = decodeToken(token).problems.find((p) => p.code === 'bad-base64url');
    expect(problem?.offset).toBe(token.indexOf('+'));
    expect(problem?.message).toMatch(/character 3/);
  });
});

describe('base64url', () => {
  it('round-trips bytes and tolerates padding', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253]);
    const text = encodeBase64url(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64url'));
    const back = decodeBase64url(`${text}=`);
    expect(back.ok && Array.from(back.bytes)).toEqual(Array.from(bytes));
  });
  it('rejects an impossible length', () => {
    expect(decodeBase64url('abcde').ok).toBe(false);
  });
});

describe('tokenSpans', () => {
  it('colours header, payload and signature apart', () => {
    expect(tokenSpans('ab.cd.ef').map((s) => s.part)).toEqual([
      'header',
      'dot',
      'payload',
      'dot',
      'signature',
    ]);
  });
});
