// Rule cases for key choice and the signature (signature-check.ts):
// for each rule, inputs where it fires and inputs where it does not.

import {
  ACCEPTED,
  CLAIMS,
  HEADER,
  PEM,
  RS_HEADER,
  SETTINGS,
  b64,
  claims,
  hs,
  input,
  keyServer,
  rs,
  token,
  type RuleCases,
} from './tokens';

/** Firing and non-firing cases of the rules key choice and the signature. */
export const SIGNATURE_RULE_CASES: RuleCases = {
  'bad-token-format': {
    fail: [{ name: 'leading dot with a key server', input: keyServer({ token: `.${rs()}` }), isFirst: true }],
    pass: [{ name: 'leading dot with app_secret', input: input({ token: `.${hs()}` }), verdict: ACCEPTED }],
  },
  'kid-missing': {
    fail: [{ name: 'no kid', input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT' }) }), isFirst: true }],
    pass: [{ name: 'kid', input: keyServer(), verdict: ACCEPTED }],
  },
  'alg-missing': {
    fail: [
      { name: 'no alg', input: keyServer({ token: rs({ typ: 'JWT', kid: 'my_app/key1' }) }), isFirst: true },
    ],
    pass: [{ name: 'alg', input: keyServer(), verdict: ACCEPTED }],
  },
  'kid-alg-not-string': {
    fail: [
      {
        name: 'alg 256',
        input: keyServer({ token: rs({ alg: 256, typ: 'JWT', kid: 'my_app/key1' }) }),
        isFirst: true,
      },
      {
        name: 'kid true',
        input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT', kid: true }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'numeric kid is looked up as "5.0"',
        input: keyServer({ token: rs({ alg: 'RS256', typ: 'JWT', kid: 5 }), publicKeys: { '5.0': PEM } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'kid-needs-rs': {
    fail: [
      {
        name: 'HS256 with kid',
        input: keyServer({ token: token({ ...HEADER, kid: 'my_app/key1' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'RS256', input: keyServer(), verdict: ACCEPTED }],
  },
  'public-key-unavailable': {
    fail: [
      {
        name: 'unknown kid',
        input: keyServer({ token: rs({ ...RS_HEADER, kid: 'my_app/other' }) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'known kid', input: keyServer(), verdict: ACCEPTED }],
  },
  'public-key-unusable': {
    fail: [
      {
        name: 'key server serves garbage',
        input: keyServer({ publicKeys: { 'my_app/key1': 'not a key' } }),
        isFirst: true,
      },
      {
        name: 'RS256 configured with app_secret only',
        input: input({
          settings: { ...SETTINGS, signature_algorithm: 'RS256' },
          token: rs({ alg: 'RS256', typ: 'JWT' }),
        }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'SPKI PEM', input: keyServer(), verdict: ACCEPTED }],
  },
  'signature-invalid': {
    fail: [
      {
        name: 'other secret',
        input: input({ token: token(HEADER, CLAIMS, 'another-secret') }),
        isFirst: true,
      },
      {
        name: 'other RSA key',
        input: keyServer({ token: token(RS_HEADER, CLAIMS, 'other-key') }),
        isFirst: true,
      },
      {
        name: 'payload changed after signing',
        input: input({ token: hs().replace(/\.[^.]+\./, `.${b64(JSON.stringify(claims({ room: '*' })))}.`) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'empty app_secret (OpenSSL accepts an empty HMAC key)',
        input: input({ settings: { app_id: 'my_app', app_secret: '' }, token: token(HEADER, CLAIMS, '') }),
        verdict: ACCEPTED,
      },
    ],
  },
};
