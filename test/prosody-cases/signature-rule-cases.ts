// Rule cases for key choice and the signature (signature-check.ts):
// for each rule, inputs where it fires and inputs where it does not.

import {
  ACCEPTED,
  CLAIMS,
  HEADER,
  KEY_TEXTS,
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
        name: 'a certificate on the key server',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.certificateLabel } }),
        isFirst: true,
      },
      {
        name: 'indented PEM lines',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.indented } }),
        isFirst: true,
      },
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
    pass: [
      { name: 'SPKI PEM', input: keyServer(), verdict: ACCEPTED },
      {
        name: 'PKCS#1 "RSA PUBLIC KEY" (OpenSSL loads it)',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.pkcs1Public } }),
        verdict: ACCEPTED,
      },
      {
        name: 'text around the PEM block',
        input: keyServer({ publicKeys: { 'my_app/key1': `key for my_app\n${PEM}\n# end\n` } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'public-key-wrong-type': {
    fail: [
      {
        name: 'an EC public key',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.ec } }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'an RSA public key', input: keyServer(), verdict: ACCEPTED }],
  },
  'public-key-rsa-pss': {
    fail: [
      {
        name: 'an RSA-PSS public key',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.rsaPss } }),
        isFirst: true,
        verdict: { reason: 'Invalid signature' },
      },
    ],
    pass: [{ name: 'an rsaEncryption public key', input: keyServer(), verdict: ACCEPTED }],
  },
  'private-key-served': {
    fail: [
      {
        name: 'PKCS#8 private key on the key server',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.pkcs8Private } }),
        verdict: ACCEPTED,
      },
      {
        name: 'PKCS#1 private key on the key server',
        input: keyServer({ publicKeys: { 'my_app/key1': KEY_TEXTS.pkcs1Private } }),
        verdict: ACCEPTED,
      },
    ],
    pass: [{ name: 'the public key', input: keyServer(), verdict: ACCEPTED }],
  },
  'cache-keys-no-fallback': {
    fail: [
      {
        name: 'cache_keys_url alone, kid missing',
        input: keyServer({
          settings: { app_id: 'my_app', cache_keys_url: 'https://keys.example.com/jwks.json' },
          token: rs({ ...RS_HEADER, kid: 'my_app/other' }),
        }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'cache_keys_url with asap_key_server as fallback',
        input: keyServer({
          settings: {
            app_id: 'my_app',
            cache_keys_url: 'https://keys.example.com/jwks.json',
            asap_key_server: 'https://keys.example.com/asap',
          },
          token: rs({ ...RS_HEADER, kid: 'my_app/other' }),
        }),
        verdict: { stage: 'auth', reason: 'could not obtain public key' },
      },
    ],
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
