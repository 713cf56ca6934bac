// Rule cases for the set-up and auth-stage checks (auth-checks.ts):
// for each rule, inputs where it fires and inputs where it does not.

import {
  ACCEPTED,
  CLAIMS,
  HEADER,
  NOW,
  PUBLIC_KEYS,
  Raw,
  SECRET,
  SETTINGS,
  hs,
  input,
  keyServer,
  rs,
  sign,
  token,
  type RuleCases,
} from './tokens';

/** Firing and non-firing cases of the rules the set-up and auth-stage checks. */
export const AUTH_RULE_CASES: RuleCases = {
  'auth-not-token': {
    fail: [
      {
        name: 'internal_hashed',
        input: input({ settings: { ...SETTINGS, authentication: 'internal_hashed' } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'token',
        input: input({ settings: { ...SETTINGS, authentication: 'token' } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'app-id-missing': {
    fail: [{ name: 'no app_id', input: input({ settings: { app_secret: SECRET } }), isFirst: true }],
    pass: [
      {
        name: 'app_id ""',
        input: input({ settings: { app_id: '', app_secret: SECRET }, token: hs({ iss: '' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'key-config-missing': {
    fail: [{ name: 'no key source', input: input({ settings: { app_id: 'my_app' } }), isFirst: true }],
    pass: [
      {
        name: 'cache_keys_url only',
        input: input({
          settings: { app_id: 'my_app', cache_keys_url: 'https://keys.example.com/jwks' },
          token: rs(),
          publicKeys: PUBLIC_KEYS,
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-token': {
    fail: [
      { name: 'not a JWT', input: input({ token: 'not-a-jwt' }), isFirst: true },
      {
        name: 'unsigned',
        input: input({ token: `${sign({ alg: 'none', typ: 'JWT' }, CLAIMS).h}.${sign(HEADER, CLAIMS).p}.` }),
        isFirst: true,
      },
      { name: 'key server, no dot', input: keyServer({ token: 'nodots' }), isFirst: true },
      { name: 'four parts', input: input({ token: `${hs()}.abc` }), isFirst: true },
    ],
    pass: [{ name: 'doubled dot', input: input({ token: hs().replace('.', '..') }), verdict: ACCEPTED }],
  },
  'header-not-object': {
    fail: [
      { name: 'header 5', input: input({ token: token(new Raw('5'), CLAIMS) }), isFirst: true },
      {
        name: 'header null, key server',
        input: keyServer({ token: token(new Raw('null'), CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'header object', input: input(), verdict: ACCEPTED }],
  },
  'algorithm-not-supported': {
    fail: [
      {
        name: 'ES256',
        input: input({ settings: { ...SETTINGS, signature_algorithm: 'ES256' } }),
        isFirst: true,
      },
      {
        name: 'ES256, garbage token',
        input: input({ settings: { ...SETTINGS, signature_algorithm: 'ES256' }, token: 'x' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'HS512 configured',
        input: input({
          settings: { ...SETTINGS, signature_algorithm: 'HS512' },
          token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'segment-not-base64url': {
    fail: [
      { name: '+ in the header', input: input({ token: hs().replace('.', '+.') }), isFirst: true },
      { name: 'space in the payload', input: input({ token: hs().replace(/\.(.)/, '. $1') }), isFirst: true },
    ],
    pass: [{ name: 'clean', input: input(), verdict: ACCEPTED }],
  },
  'invalid-header': {
    fail: [{ name: 'not JSON', input: input({ token: token(new Raw('not json'), CLAIMS) }), isFirst: true }],
    pass: [
      {
        name: 'cjson stops at a NUL byte, JSON.parse would refuse',
        input: input({ token: token(new Raw('{"alg":"HS256","typ":"JWT"}\u0000junk'), CLAIMS) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-body': {
    fail: [
      { name: 'truncated JSON', input: input({ token: token(HEADER, new Raw('{')) }), isFirst: true },
      {
        name: 'lone surrogate',
        input: input({ token: token(HEADER, new Raw('{"room":"\\ud800"}')) }),
        isFirst: true,
      },
      {
        name: '1001 levels deep',
        input: input({ token: token(HEADER, new Raw(`${'['.repeat(1001)}${']'.repeat(1001)}`)) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: '+1800003600 (strtod accepts it)',
        input: input({
          token: token(
            HEADER,
            new Raw(JSON.stringify(CLAIMS).replace(`"exp":${NOW + 3600}`, `"exp":+${NOW + 3600}`)),
          ),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'invalid-signature-encoding': {
    fail: [{ name: '* in the signature', input: input({ token: `${hs()}*` }), isFirst: true }],
    pass: [{ name: '= padding in the signature', input: input({ token: `${hs()}=` }), verdict: ACCEPTED }],
  },
  'typ-invalid': {
    fail: [
      {
        name: 'typ jwt',
        input: input({ token: token({ alg: 'HS256', typ: 'jwt' }, CLAIMS) }),
        isFirst: true,
      },
      {
        name: 'no typ (jose default)',
        input: input({ token: token({ alg: 'HS256' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'typ JWT', input: input(), verdict: ACCEPTED }],
  },
  'alg-mismatch': {
    fail: [
      {
        name: 'HS512 on a default server',
        input: input({ token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
      { name: 'RS256 on an app_secret server', input: input({ token: rs() }), isFirst: true },
      {
        name: 'alg none',
        input: input({ token: token({ alg: 'none', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'HS256', input: input(), verdict: ACCEPTED }],
  },
  'payload-not-object': {
    fail: [
      { name: 'null', input: input({ token: token(HEADER, null) }), isFirst: true },
      { name: '5', input: input({ token: token(HEADER, 5) }), isFirst: true },
    ],
    pass: [
      {
        name: 'array (no claims)',
        input: input({ token: token(HEADER, []) }),
        verdict: { reason: "'iss' claim is missing" },
      },
    ],
  },
  'exp-not-number': {
    fail: [
      { name: 'string', input: input({ token: hs({ exp: String(NOW + 3600) }) }), isFirst: true },
      { name: 'null', input: input({ token: hs({ exp: null }) }), isFirst: true },
    ],
    pass: [
      { name: 'false counts as absent', input: input({ token: hs({ exp: false }) }), verdict: ACCEPTED },
    ],
  },
  'nbf-not-number': {
    fail: [{ name: 'string', input: input({ token: hs({ nbf: 'now' }) }), isFirst: true }],
    pass: [{ name: 'number', input: input(), verdict: ACCEPTED }],
  },
  'token-expired': {
    fail: [
      {
        name: 'exp == now',
        input: input({ token: hs({ exp: NOW }) }),
        verdict: {
          stage: 'auth',
          error: 'not-allowed',
          reason: 'Not acceptable by exp (0.0 sec since expired, valid for:60.0 sec)',
        },
      },
      {
        name: 'huge distance, %.14g',
        input: input({ token: hs({ exp: -999999950000000 }, ['iat']) }),
        isFirst: true,
        verdict: { reason: 'Not acceptable by exp (1.00000175e+15 sec since expired)' },
      },
      {
        name: 'an hour ago, issued two hours ago',
        input: input({ token: hs({ iat: NOW - 7200, nbf: NOW - 7200, exp: NOW - 3600 }) }),
        isFirst: true,
        verdict: { reason: 'Not acceptable by exp (3600.0 sec since expired, valid for:3600.0 sec)' },
      },
    ],
    pass: [{ name: 'exp == now + 1', input: input({ token: hs({ exp: NOW + 1 }) }), verdict: ACCEPTED }],
  },
  'iat-not-number': {
    fail: [
      {
        name: 'iat "abc" on an expired token',
        input: input({ token: hs({ exp: NOW - 1, iat: 'abc' }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'numeric string iat is coerced',
        input: input({ token: hs({ exp: NOW - 1, iat: String(NOW - 1000) }) }),
        verdict: { reason: 'Not acceptable by exp (1.0 sec since expired, valid for:999.0 sec)' },
      },
      { name: 'iat "abc" on a valid token', input: input({ token: hs({ iat: 'abc' }) }), verdict: ACCEPTED },
    ],
  },
  'token-not-yet-valid': {
    fail: [{ name: 'nbf now + 60', input: input({ token: hs({ nbf: NOW + 60 }) }), isFirst: true }],
    pass: [{ name: 'nbf == now', input: input({ token: hs({ nbf: NOW }) }), verdict: ACCEPTED }],
  },
  'iss-missing': {
    fail: [{ name: 'no iss', input: input({ token: hs({}, ['iss']) }), isFirst: true }],
    pass: [{ name: 'iss', input: input(), verdict: ACCEPTED }],
  },
  'iss-invalid': {
    fail: [
      { name: 'other issuer', input: input({ token: hs({ iss: 'someone_else' }) }), isFirst: true },
      { name: 'iss null is present but wrong', input: input({ token: hs({ iss: null }) }), isFirst: true },
      { name: 'case differs', input: input({ token: hs({ iss: 'MY_APP' }) }), isFirst: true },
      {
        name: 'empty list',
        input: input({ settings: { ...SETTINGS, asap_accepted_issuers: [] } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'string list',
        input: input({
          settings: { ...SETTINGS, asap_accepted_issuers: 'other' },
          token: hs({ iss: 'other' }),
        }),
        verdict: ACCEPTED,
      },
      {
        name: '*',
        input: input({ settings: { ...SETTINGS, asap_accepted_issuers: ['*'] }, token: hs({ iss: null }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'aud-missing': {
    fail: [{ name: 'no aud', input: input({ token: hs({}, ['aud']) }), isFirst: true }],
    pass: [{ name: 'aud null', input: input({ token: hs({ aud: null }) }), verdict: ACCEPTED }],
  },
  'aud-invalid': {
    fail: [
      {
        name: 'array vs a list',
        input: input({
          settings: { ...SETTINGS, asap_accepted_audiences: ['jitsi'] },
          token: hs({ aud: ['jitsi'] }),
        }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'string in a plain-string list',
        input: input({ settings: { ...SETTINGS, asap_accepted_audiences: 'jitsi' } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-missing': {
    fail: [{ name: 'no room', input: input({ token: hs({}, ['room']) }), isFirst: true }],
    pass: [
      {
        name: 'no room, not required',
        input: input({ settings: { ...SETTINGS, asap_require_room_claim: false }, token: hs({}, ['room']) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'context-not-object': {
    fail: [
      { name: 'null', input: input({ token: hs({ context: null }) }), isFirst: true },
      { name: '5', input: input({ token: hs({ context: 5 }) }), isFirst: true },
    ],
    pass: [
      { name: 'a string indexes to nil', input: input({ token: hs({ context: 'x' }) }), verdict: ACCEPTED },
    ],
  },
  'secret-short': {
    fail: [
      {
        name: '5-byte secret',
        input: input({
          settings: { app_id: 'my_app', app_secret: 'short' },
          token: token(HEADER, CLAIMS, 'short'),
        }),
        verdict: ACCEPTED,
      },
      {
        // Jitsi 2020 takes the algorithm from the header (rules §15): HS512 wants 64 bytes.
        name: '40-byte secret, HS512 token on the 2020 line',
        input: input({ release: 'jitsi-2020', token: token({ ...HEADER, alg: 'HS512' }, CLAIMS) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      { name: '40-byte secret', input: input(), verdict: ACCEPTED },
      {
        name: '40-byte secret, HS256 token on the 2020 line',
        input: input({ release: 'jitsi-2020' }),
        verdict: ACCEPTED,
      },
    ],
  },
};
