// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { IGNORED_PARAM_KEYS, tokenFromUrl, type UrlToken } from './client-token-url';

const T = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';
const Q = 'eyJhbGciOiJIUzI1NiJ9.eyJxIjoxfQ.cXVlcnk';
const BASE = 'https://meet.example.com/room';

function codes(result: UrlToken): string[] {
  return result.warnings.map((w) => w.code);
}

describe('tokenFromUrl: the query', () => {
  it('takes ?jwt= verbatim', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${T}`);
    expect(result).toMatchObject({ token: T, source: 'query', clientValue: T, ignoredToken: null });
    expect(result.warnings).toEqual([]);
  });

  it('finds jwt among other parameters', () => {
    expect(tokenFromUrl(`${BASE}?lang=en&jwt=${T}&x=1`).token).toBe(T);
  });

  it('keeps a percent-encoded token encoded, and says so', () => {
    const encoded = T.replace(/\./g, '%2E');
    const result = tokenFromUrl(`${BASE}?jwt=${encoded}`);
    expect(result.token).toBe(encoded);
    expect(codes(result)).toEqual(['query-percent-encoded']);
    expect(result.warnings[0]?.severity).toBe('warning');
    expect(result.warnings[0]?.message).toContain('cannot decode the token');
    expect(result.warnings[0]?.message).not.toContain('server gets');
  });

  it('says less about escapes only in the signature, which the client does not decode', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${T}%3D`);
    expect(result.token).toBe(`${T}%3D`);
    expect(result.warnings).toEqual([
      {
        code: 'query-percent-encoded',
        severity: 'info',
        message: expect.stringContaining('escapes in its signature') as string,
      },
    ]);
  });

  it('keeps only the text before a second =, and says how much is lost', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${T}==`);
    expect(result.token).toBe(T);
    expect(codes(result)).toEqual(['query-cut-at-equals']);
    expect(result.warnings[0]?.message).toContain('"==" (2 characters)');
    expect(tokenFromUrl(`${BASE}?jwt=abc=def=ghi`).token).toBe('abc');
  });

  it('uses the last jwt and says there were several', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${Q}&jwt=${T}`);
    expect(result.token).toBe(T);
    expect(codes(result)).toEqual(['repeated-jwt']);
  });

  it('reads an empty ?jwt= as no token', () => {
    const result = tokenFromUrl(`${BASE}?jwt=`);
    expect(result).toMatchObject({ token: null, source: null, clientValue: '' });
    expect(codes(result)).toEqual(['empty-jwt']);
    expect(tokenFromUrl(`${BASE}?jwt`)).toMatchObject({ token: null, clientValue: null });
  });

  it('reads only a key named exactly jwt, and points at near misses', () => {
    for (const key of ['JWT', 'amp;jwt', 'token', 'access_token']) {
      const result = tokenFromUrl(`${BASE}?${key}=${T}`);
      expect(result.token).toBeNull();
      expect(codes(result)).toEqual(['jwt-name-variant']);
    }
    expect(tokenFromUrl(`${BASE}?amp;jwt=${T}`).warnings[0]?.message).toContain('HTML-escaped');
    expect(tokenFromUrl(`${BASE}?%6Awt=${T}`).token).toBeNull();
  });
});

describe('tokenFromUrl: the fragment', () => {
  it.each([
    ['a quoted value', `#jwt="${T}"`],
    ['an encoded quoted value', `#jwt=%22${T}%22`],
    ['curly quotes', `#jwt=\u201C${T}\u201D`],
    ['encoded curly quotes', `#jwt=%E2%80%9C${T}%E2%80%9D`],
    ['other parameters around it', `#config.startWithAudioMuted=true&jwt="${T}"&lang="en"`],
  ])('takes %s', (_label, fragment) => {
    const result = tokenFromUrl(`${BASE}${fragment}`);
    expect(result).toMatchObject({ token: T, source: 'fragment', clientValue: T });
    expect(codes(result)).toEqual(['fragment-only-new-clients']);
  });

  it('fixes the first encoded \\& in a value before parsing it (a bare & splits the parameters)', () => {
    expect(tokenFromUrl(`${BASE}#jwt=%22a%5C%26b%22`).token).toBe('a&b');
    expect(tokenFromUrl(`${BASE}#jwt=%22a%5C%26b%5C%26c%22`).token).toBeNull();
  });

  it('ignores a bare #jwt= token but keeps it for inspection', () => {
    const result = tokenFromUrl(`${BASE}#jwt=${T}`);
    expect(result).toMatchObject({ token: null, source: null, clientValue: null, ignoredToken: T });
    expect(codes(result)).toEqual(['fragment-not-json']);
    expect(result.warnings[0]?.message).toContain('must be JSON');
  });

  it('falls through to the query when the fragment token is ignored, and says so', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${Q}#jwt=${T}`);
    expect(result).toMatchObject({ token: Q, source: 'query', ignoredToken: T });
    expect(codes(result)).toEqual(['fragment-not-json']);
    expect(result.warnings[0]?.message).toMatch(/uses the \?jwt= token instead\.$/);
  });

  it('prefers a readable fragment token over the query', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${Q}#jwt="${T}"`);
    expect(result).toMatchObject({ token: T, source: 'fragment' });
    expect(codes(result)).toEqual(['query-ignored', 'fragment-only-new-clients']);
  });

  it('drops a quoted value that a second = cuts short', () => {
    const result = tokenFromUrl(`${BASE}#jwt="${T}=="`);
    expect(result).toMatchObject({ token: null, ignoredToken: T });
    expect(codes(result)).toEqual(['fragment-cut-at-equals']);
  });

  it('drops a value with a broken percent-escape', () => {
    const result = tokenFromUrl(`${BASE}#jwt=%22${T}%E0%A4%A%22`);
    expect(result.token).toBeNull();
    expect(codes(result)).toEqual(['fragment-bad-escape']);
  });

  it('ignores a hash-router fragment entirely', () => {
    const result = tokenFromUrl(`${BASE}#/jwt="${T}"`);
    expect(result).toMatchObject({ token: null, source: null });
    expect(codes(result)).toEqual(['fragment-hash-router']);
    expect(tokenFromUrl(`${BASE}#/page&jwt="${T}"`).token).toBe(T);
  });

  it('keeps a JSON value that is not text as the client does, and warns', () => {
    const result = tokenFromUrl(`${BASE}?jwt=${Q}#jwt=123`);
    expect(result).toMatchObject({ token: null, source: 'fragment', clientValue: 123 });
    expect(codes(result)).toContain('fragment-not-string');
    expect(tokenFromUrl(`${BASE}#jwt={"a":1}`).clientValue).toEqual({ a: 1 });
  });

  it('falls through on falsy JSON values and "undefined"', () => {
    for (const value of ['0', 'false', 'null', '%22%22', 'undefined']) {
      expect(tokenFromUrl(`${BASE}?jwt=${Q}#jwt=${value}`)).toMatchObject({ token: Q, source: 'query' });
    }
  });

  it('refuses a JSON value with a __proto__ key, like @hapi/bourne', () => {
    const result = tokenFromUrl(`${BASE}#jwt={"a":{"__proto__":{"x":1}}}`);
    expect(result.clientValue).toBeNull();
    expect(codes(result)).toEqual(['fragment-forbidden-key']);
  });

  it('uses the last readable jwt in the fragment', () => {
    expect(tokenFromUrl(`${BASE}#jwt="${Q}"&jwt=${T}`).token).toBe(Q);
    expect(tokenFromUrl(`${BASE}#jwt="${Q}"&jwt="${T}"`).token).toBe(T);
  });

  it('reads an empty #jwt= as nothing', () => {
    const result = tokenFromUrl(`${BASE}#jwt=`);
    expect(result.token).toBeNull();
    expect(codes(result)).toEqual(['empty-jwt']);
  });
});

describe('tokenFromUrl: ignored keys and bad addresses', () => {
  it('never assigns __proto__, constructor or prototype', () => {
    expect(IGNORED_PARAM_KEYS).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.isFrozen(IGNORED_PARAM_KEYS)).toBe(true);
    const result = tokenFromUrl(`${BASE}?__proto__=x&constructor.jwt=y&jwt.prototype=z&jwt=${T}`);
    expect(result.token).toBe(T);
    expect(result.warnings).toEqual([]);
  });

  it.each(['not a url', '', 'javascript:alert(1)?jwt=x', 'data:text/plain,?jwt=x'])(
    'finds no token in %j',
    (href) => {
      const result = tokenFromUrl(href);
      expect(result).toMatchObject({ token: null, source: null, clientValue: null });
      expect(codes(result)).toEqual(['not-a-url']);
    },
  );

  it('reads no token from an address without one', () => {
    expect(tokenFromUrl(BASE)).toEqual({
      token: null,
      source: null,
      clientValue: null,
      ignoredToken: null,
      warnings: [],
    });
  });

  it('reads the token out of a very long address', () => {
    const result = tokenFromUrl(`${BASE}?${'a=b&'.repeat(200_000)}jwt=${T}#${'x&'.repeat(200_000)}`);
    expect(result).toEqual({ token: T, source: 'query', clientValue: T, ignoredToken: null, warnings: [] });
  });
});
