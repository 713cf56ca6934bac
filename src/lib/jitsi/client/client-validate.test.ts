// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../jwt/token-codec';
import {
  CLIENT_NOTIFICATION_TEXTS,
  CLIENT_REASON_SOURCES,
  CLIENT_REASON_TEXTS,
  KNOWN_FEATURES,
  clientNotification,
  isFeatureEnabledLikeClient,
  isKnownFeature,
  jaasClaimReasons,
  kidAppId,
  reasonText,
  validateJwtLikeClient,
} from './client-validate';

const NOW = 1_800_000_000;
const HS_HEADER = { alg: 'HS256', typ: 'JWT' };
const JAAS_HEADER = { alg: 'RS256', typ: 'JWT', kid: 'vpaas-magic-cookie-1a2b/key1' };
const SH = {
  aud: 'jitsi',
  iss: 'app',
  sub: 'meet.example.com',
  room: '*',
  exp: NOW + 3600,
  context: { user: {} },
};
const JAAS = {
  aud: 'jitsi',
  iss: 'chat',
  sub: 'vpaas-magic-cookie-1a2b',
  room: '*',
  exp: NOW + 3600,
  context: { user: {}, features: {} },
};

function rawToken(headerJson: string, payloadJson: string): string {
  return `${encodeBase64url(headerJson)}.${encodeBase64url(payloadJson)}.c2ln`;
}

function token(header: unknown, payload: unknown): string {
  return rawToken(JSON.stringify(header), JSON.stringify(payload));
}

function keys(header: unknown, payload: unknown, now = NOW): string[] {
  return validateJwtLikeClient(token(header, payload), now).keys;
}

describe('validateJwtLikeClient: decoding like jwt-decode 2.2.0', () => {
  it('finds nothing wrong with a good self-hosted token', () => {
    expect(validateJwtLikeClient(token(HS_HEADER, SH), NOW)).toEqual({
      reasons: [],
      keys: [],
      messages: [],
      silentError: null,
    });
  });

  it.each([
    ['not text', 12345],
    ['null', null],
    ['an empty string', ''],
    ['one segment', 'eyJhbGciOiJIUzI1NiJ9'],
    ['a segment of impossible length', 'eyJhbGciOiJIUzI1NiJ9.eyJhYmMiOjF9x.sig'],
    ['a character outside base64', 'eyJhbGciOiJIUzI1NiJ9.eyJ!YmMiOjF9.sig'],
    ['a payload that is not JSON', `${encodeBase64url('{"alg":"HS256"}')}.${encodeBase64url('{nope')}.sig`],
    ['a header that is not JSON', `${encodeBase64url('{')}.${encodeBase64url('{}')}.sig`],
  ])('lists nothing and only logs when the token is %s', (_label, input) => {
    const result = validateJwtLikeClient(input, NOW);
    expect(result.keys).toEqual([]);
    expect(result.silentError).toMatch(
      /^The client cannot decode the (header|payload): .* "Unspecified JWT error"/,
    );
  });

  it('accepts what atob accepts: + and /, = padding, ASCII whitespace', () => {
    const payload = encodeBase64url(JSON.stringify({ ...SH, pad: '??>>' }));
    const standard = payload.replace(/-/g, '+').replace(/_/g, '/');
    expect(standard).toMatch(/[+/]/);
    expect(validateJwtLikeClient(`${encodeBase64url('{"a":1}')}.${standard}.x`, NOW)).toMatchObject({
      keys: [],
      silentError: null,
    });
    expect(validateJwtLikeClient(`e30=.${payload}`, NOW).silentError).toBeNull();
    expect(validateJwtLikeClient(`e3 0.${payload}`, NOW).silentError).toBeNull();
  });

  it('reads bytes that are not UTF-8 as Latin-1 instead of failing', () => {
    const json = JSON.stringify({ ...SH, name: 'Ã' });
    const bytes = Uint8Array.from(json, (ch) => ch.charCodeAt(0));
    const latin1 = Uint8Array.from([...bytes.slice(0, -3), 0xff, ...bytes.slice(-3)]);
    const result = validateJwtLikeClient(`${encodeBase64url('{"a":1}')}.${encodeBase64url(latin1)}.x`, NOW);
    expect(result).toMatchObject({ keys: [], silentError: null });
  });

  it('needs only two segments', () => {
    expect(
      validateJwtLikeClient(`${encodeBase64url('{"a":1}')}.${encodeBase64url(JSON.stringify(SH))}`, NOW).keys,
    ).toEqual([]);
  });
});

describe('validateJwtLikeClient: header and payload presence', () => {
  it.each(['null', 'false', '0', '""'])('header %s → headerNotFound, and nothing else', (json) => {
    expect(validateJwtLikeClient(rawToken(json, '{}'), NOW).messages).toEqual(['Missing the header.']);
  });

  it.each(['null', 'false', '0', '""'])('payload %s → payloadNotFound, and nothing else', (json) => {
    expect(validateJwtLikeClient(rawToken('{}', json), NOW).messages).toEqual(['Missing the payload.']);
  });

  it('reads a payload that is a number or an array as one without claims', () => {
    expect(validateJwtLikeClient(rawToken('{}', '5'), NOW).keys).toEqual(['expInvalid', 'contextNotFound']);
    expect(validateJwtLikeClient(rawToken('{}', '[1]'), NOW).keys).toEqual(['expInvalid', 'contextNotFound']);
  });

  it('stops silently on a payload that is a string, whose `sub` is String.prototype.sub', () => {
    const result = validateJwtLikeClient(rawToken('{}', '"hello"'), NOW);
    expect(result.keys).toEqual([]);
    expect(result.silentError).toContain('`sub` is not text');
  });
});

describe('validateJwtLikeClient: sub that is not text', () => {
  it.each([[123], [['vpaas-magic-cookie-1a2b']], [{ a: 1 }], [true]])(
    'sub %j throws inside the client: empty list',
    (sub) => {
      const result = validateJwtLikeClient(token(JAAS_HEADER, { ...JAAS, sub, exp: 'bad' }), NOW);
      expect(result.keys).toEqual([]);
      expect(result.silentError).toContain('sub?.startsWith');
    },
  );

  it('treats sub null as no sub and goes on', () => {
    expect(keys(HS_HEADER, { ...SH, sub: null, exp: 'bad' })).toEqual(['expInvalid']);
  });
});

describe('validateJwtLikeClient: the JaaS branch', () => {
  it('accepts a good JaaS token', () => {
    expect(keys(JAAS_HEADER, JAAS)).toEqual([]);
  });

  it('stops at a missing kid: nothing else is checked', () => {
    const noKid = { alg: JAAS_HEADER.alg, typ: JAAS_HEADER.typ };
    const everythingElseWrong = {
      sub: JAAS.sub,
      aud: 'x',
      iss: 'y',
      exp: 'bad',
      nbf: 'bad',
      context: { features: { bogus: 1 } },
    };
    expect(validateJwtLikeClient(token(noKid, everythingElseWrong), NOW).messages).toEqual([
      'Missing Key ID (kid).',
    ]);
    expect(keys({ ...JAAS_HEADER, kid: '' }, JAAS)).toEqual(['kidNotFound']);
    expect(keys({ ...JAAS_HEADER, kid: null }, JAAS)).toEqual(['kidNotFound']);
  });

  it('stops silently when kid is not text', () => {
    const result = validateJwtLikeClient(token({ ...JAAS_HEADER, kid: 7 }, { ...JAAS, aud: 'x' }), NOW);
    expect(result.keys).toEqual([]);
    expect(result.silentError).toContain('kid.substring');
  });

  it.each([
    ['vpaas-magic-cookie-1a2b/key1', []],
    ['vpaas-magic-cookie-1a2b/a/b', []],
    ['vpaas-magic-cookie-1a2b', ['kidMismatch']],
    ['VPAAS-MAGIC-COOKIE-1A2B/key1', ['kidMismatch']],
    ['vpaas-magic-cookie-ffff/key1', ['kidMismatch']],
    ['/vpaas-magic-cookie-1a2b', ['kidMismatch']],
  ])('kid %j → %j (the part before the first / must equal sub)', (kid, expected) => {
    expect(keys({ ...JAAS_HEADER, kid }, JAAS)).toEqual(expected);
  });

  it.each([
    [{ aud: ['jitsi'] }, ['audInvalid']],
    [{ aud: 'Jitsi' }, ['audInvalid']],
    [{ aud: undefined }, ['audInvalid']],
    [{ iss: 'vpaas-magic-cookie-1a2b' }, ['issInvalid']],
    [{ iss: ['chat'] }, ['issInvalid']],
    [{ iss: undefined }, ['issInvalid']],
  ])('%j is checked strictly → %j', (change, expected) => {
    expect(keys(JAAS_HEADER, { ...JAAS, ...change })).toEqual(expected);
  });

  it('needs context.features to be truthy ({} is enough)', () => {
    expect(keys(JAAS_HEADER, { ...JAAS, context: { user: {} } })).toEqual(['featuresNotFound']);
    expect(keys(JAAS_HEADER, { ...JAAS, context: { features: null } })).toEqual(['featuresNotFound']);
    expect(keys(JAAS_HEADER, { ...JAAS, context: 'text' })).toEqual(['featuresNotFound']);
    expect(keys(JAAS_HEADER, { ...JAAS, context: undefined })).toEqual([
      'featuresNotFound',
      'contextNotFound',
    ]);
  });

  it('keys on the sub prefix without its trailing dash, case-sensitively', () => {
    expect(keys({ ...JAAS_HEADER, kid: 'x/y' }, { ...JAAS, sub: 'vpaas-magic-cookie' })).toEqual([
      'kidMismatch',
    ]);
    expect(keys(HS_HEADER, { ...JAAS, sub: 'VPAAS-MAGIC-COOKIE-1a2b', aud: 'x' })).toEqual([]);
    expect(keys(HS_HEADER, { ...SH, sub: 'vpaas-magic-cookiejar' })).toEqual(['kidNotFound']);
  });

  it('keeps the client order across every check', () => {
    const result = validateJwtLikeClient(
      token(
        { ...JAAS_HEADER, kid: 'nope' },
        { sub: JAAS.sub, aud: 'x', iss: 'y', nbf: NOW + 10, exp: NOW - 10, context: { user: {} } },
      ),
      NOW,
    );
    expect(result.keys).toEqual([
      'kidMismatch',
      'audInvalid',
      'issInvalid',
      'featuresNotFound',
      'nbfFuture',
      'tokenExpired',
    ]);
  });
});

describe('jaasClaimReasons and kidAppId', () => {
  it('passes a good JaaS header and payload', () => {
    expect(jaasClaimReasons(JAAS_HEADER, JAAS)).toEqual([]);
  });

  it('runs every JaaS check on its own, whatever sub says, in the client order', () => {
    expect(jaasClaimReasons({ alg: 'RS256' }, { sub: 'meet.example.com', context: {} })).toEqual([
      'kidNotFound',
      'audInvalid',
      'issInvalid',
      'featuresNotFound',
    ]);
  });

  it.each([
    [7, ['kidMismatch']],
    [['vpaas-magic-cookie-1a2b/key1'], ['kidMismatch']],
    ['vpaas-magic-cookie-1a2b/key1', []],
    ['vpaas-magic-cookie-1a2b', ['kidMismatch']],
  ])('kid %j → %j', (kid, expected) => {
    expect(jaasClaimReasons({ ...JAAS_HEADER, kid }, JAAS)).toEqual(expected);
  });

  it.each([
    ['vpaas-magic-cookie-1a2b/key1', 'vpaas-magic-cookie-1a2b'],
    ['app/a/b', 'app'],
    ['no-slash', ''],
    ['/lead', ''],
  ])('kidAppId(%j) is %j', (kid, expected) => {
    expect(kidAppId(kid)).toBe(expected);
  });
});

describe('validateJwtLikeClient: timestamps', () => {
  it.each([
    ['exactly now', NOW, []],
    ['one second ago', NOW - 1, ['tokenExpired']],
    ['half a second ago', NOW - 0.5, ['tokenExpired']],
    ['with a .5 fraction', NOW + 3600.5, []],
    ['with a fraction finer than a millisecond', NOW + 3600.1234, ['expInvalid']],
    ['in milliseconds by mistake', (NOW + 3600) * 1000, []],
    ['at the end of the Date range', 8.64e12, []],
    ['beyond the Date range', 8.64e12 + 1, ['expInvalid']],
    ['zero', 0, ['tokenExpired']],
    ['negative', -1, ['tokenExpired']],
    ['at the start of the Date range', -8.64e12, ['tokenExpired']],
    ['before the Date range', -8.64e12 - 1, ['expInvalid']],
    ['a numeric string', String(NOW + 3600), ['expInvalid']],
    ['null', null, ['expInvalid']],
    ['true', true, ['expInvalid']],
    ['missing', undefined, ['expInvalid']],
  ])('exp %s → %j', (_label, exp, expected) => {
    expect(keys(HS_HEADER, { ...SH, exp })).toEqual(expected);
  });

  it.each([
    ['exactly now', NOW, []],
    ['one second ahead', NOW + 1, ['nbfFuture']],
    ['in milliseconds by mistake', (NOW - 60) * 1000, ['nbfFuture']],
    ['with a fraction finer than a millisecond', NOW - 0.0001, ['nbfInvalid']],
    ['beyond the Date range', 9e12, ['nbfInvalid']],
    ['a numeric string', String(NOW - 60), ['nbfInvalid']],
    ['an object', { t: 1 }, ['nbfInvalid']],
    ['zero (skipped)', 0, []],
    ['false (skipped)', false, []],
    ['an empty string (skipped)', '', []],
    ['negative', -5, []],
  ])('nbf %s → %j', (_label, nbf, expected) => {
    expect(keys(HS_HEADER, { ...SH, nbf })).toEqual(expected);
  });

  it('takes now in seconds, fractions included', () => {
    expect(keys(HS_HEADER, { ...SH, exp: NOW }, NOW + 0.001)).toEqual(['tokenExpired']);
  });
});

describe('validateJwtLikeClient: context and features (every deployment)', () => {
  it('wants a context even from a self-hosted token', () => {
    expect(validateJwtLikeClient(token(HS_HEADER, { ...SH, context: undefined }), NOW).messages).toEqual([
      'The `context` object is missing from the payload.',
    ]);
    expect(keys(HS_HEADER, { ...SH, context: null })).toEqual(['contextNotFound']);
    expect(keys(HS_HEADER, { ...SH, context: 0 })).toEqual(['contextNotFound']);
  });

  it('accepts the four value forms for every known feature', () => {
    const values = [true, false, 'true', 'false'];
    const features = Object.fromEntries(KNOWN_FEATURES.map((name, i) => [name, values[i % 4]]));
    expect(keys(HS_HEADER, { ...SH, context: { features } })).toEqual([]);
  });

  it('names each bad value and each unknown name, in key order', () => {
    const features = {
      recording: 1,
      Recording: true,
      lobby: 'TRUE',
      screen_sharing: true,
      transcription: null,
      flip: {},
    };
    const result = validateJwtLikeClient(token(HS_HEADER, { ...SH, context: { features } }), NOW);
    expect(result.reasons).toEqual([
      {
        key: 'featureValueInvalid',
        args: { feature: 'recording' },
        message: 'Invalid value for feature: recording.',
      },
      {
        key: 'featureInvalid',
        args: { feature: 'Recording' },
        message: 'Invalid feature: Recording, most likely not implemented yet.',
      },
      {
        key: 'featureValueInvalid',
        args: { feature: 'lobby' },
        message: 'Invalid value for feature: lobby.',
      },
      {
        key: 'featureInvalid',
        args: { feature: 'screen_sharing' },
        message: 'Invalid feature: screen_sharing, most likely not implemented yet.',
      },
      {
        key: 'featureValueInvalid',
        args: { feature: 'transcription' },
        message: 'Invalid value for feature: transcription.',
      },
      { key: 'featureValueInvalid', args: { feature: 'flip' }, message: 'Invalid value for feature: flip.' },
    ]);
  });

  it('iterates a string or an array by index', () => {
    expect(
      validateJwtLikeClient(token(HS_HEADER, { ...SH, context: { features: 'on' } }), NOW).messages,
    ).toEqual([
      'Invalid feature: 0, most likely not implemented yet.',
      'Invalid feature: 1, most likely not implemented yet.',
    ]);
    expect(keys(HS_HEADER, { ...SH, context: { features: ['recording', 'lobby'] } })).toEqual([
      'featureInvalid',
      'featureInvalid',
    ]);
  });

  it('finds no keys in a number or true', () => {
    expect(keys(HS_HEADER, { ...SH, context: { features: 5 } })).toEqual([]);
    expect(keys(HS_HEADER, { ...SH, context: { features: true } })).toEqual([]);
  });

  it('orders integer-like names first, as Object.keys does', () => {
    const payloadJson = JSON.stringify({ ...SH, context: {} }).replace(
      '"context":{}',
      '"context":{"features":{"zz":true,"7":true}}',
    );
    const result = validateJwtLikeClient(rawToken(JSON.stringify(HS_HEADER), payloadJson), NOW);
    expect(result.reasons.map((r) => r.args?.feature)).toEqual(['7', 'zz']);
  });

  it('reports a __proto__ feature name like any unknown name', () => {
    const payloadJson = JSON.stringify({ ...SH, context: {} }).replace(
      '"context":{}',
      '"context":{"features":{"__proto__":true}}',
    );
    expect(validateJwtLikeClient(rawToken(JSON.stringify(HS_HEADER), payloadJson), NOW).messages).toEqual([
      'Invalid feature: __proto__, most likely not implemented yet.',
    ]);
  });

  it('inserts a feature name literally, $ patterns included', () => {
    expect(reasonText('featureInvalid', "$&$'")).toBe(
      "Invalid feature: $&$', most likely not implemented yet.",
    );
  });
});

describe('clientNotification', () => {
  it.each([
    [[], "Sorry, you're not allowed to join this call."],
    [[''], "Sorry, you're not allowed to join this call."],
    [
      ['Token is expired.'],
      "Sorry, you're not allowed to join this call. Possible reasons: Token is expired.",
    ],
    [
      ['Invalid `exp` value.', 'The `context` object is missing from the payload.'],
      "Sorry, you're not allowed to join this call. Possible reasons: Invalid `exp` value. The `context` object is missing from the payload.",
    ],
    [['$&'], "Sorry, you're not allowed to join this call. Possible reasons: $&"],
  ])('%j → %j', (messages, expected) => {
    expect(clientNotification(messages)).toBe(expected);
  });
});

describe('isFeatureEnabledLikeClient', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [undefined, true, true],
    [{ recording: true }, false, true],
    [{ recording: 'true' }, false, true],
    [{ recording: 'TRUE' }, true, false],
    [{ recording: 1 }, true, false],
    [{ recording: null }, true, false],
    [{ recording: false }, true, false],
    [{ recording: ['true'] }, false, true],
    [{ recording: [['true']] }, false, true],
    [{ recording: {} }, true, false],
    [{ recording: JSON.parse('{"toString": 1}') as unknown }, true, false],
  ])('features %j with default %s → %s', (features, fallback, expected) => {
    expect(isFeatureEnabledLikeClient(features, 'recording', fallback)).toBe(expected);
  });
});

describe('tables', () => {
  it('knows the 20 feature names, frozen', () => {
    expect(KNOWN_FEATURES).toHaveLength(20);
    expect(new Set(KNOWN_FEATURES).size).toBe(20);
    expect(KNOWN_FEATURES).toContain('send-private-message');
    expect(Object.isFrozen(KNOWN_FEATURES)).toBe(true);
    expect(KNOWN_FEATURES.every(isKnownFeature)).toBe(true);
    expect(isKnownFeature('Recording')).toBe(false);
    expect(isKnownFeature('screen_sharing')).toBe(false);
  });

  it('has a text and a source for every reason key, frozen', () => {
    expect(Object.keys(CLIENT_REASON_SOURCES).sort()).toEqual(Object.keys(CLIENT_REASON_TEXTS).sort());
    expect(Object.keys(CLIENT_REASON_TEXTS)).toHaveLength(14);
    expect(Object.isFrozen(CLIENT_REASON_TEXTS)).toBe(true);
    expect(Object.isFrozen(CLIENT_REASON_SOURCES)).toBe(true);
    expect(Object.isFrozen(CLIENT_NOTIFICATION_TEXTS)).toBe(true);
    expect(CLIENT_NOTIFICATION_TEXTS.title).toBe('Authentication failed');
  });
});
