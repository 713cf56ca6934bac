// Rule cases for warnings about accepted tokens (claim-warnings.ts):
// for each rule, inputs where it fires and inputs where it does not.

import { ACCEPTED, NOW, SETTINGS, hs, input, type RuleCases } from './tokens';

/** Firing and non-firing cases of the rules warnings about accepted tokens. */
export const WARNING_RULE_CASES: RuleCases = {
  'token-format-quirk': {
    fail: [
      { name: 'doubled dot', input: input({ token: hs().replace('.', '..') }), verdict: ACCEPTED },
      { name: 'padding', input: input({ token: `${hs()}==` }), verdict: ACCEPTED },
      { name: 'backslashes', input: input({ token: hs().replace(/\./g, '\\') }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'plain', input: input(), verdict: ACCEPTED }],
  },
  'moderator-top-level': {
    fail: [{ name: 'moderator: true', input: input({ token: hs({ moderator: true }) }), verdict: ACCEPTED }],
    pass: [
      {
        name: 'context.user.moderator',
        input: input({ token: hs({ context: { user: { name: 'A', moderator: true } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'exp-milliseconds': {
    fail: [
      { name: 'exp in ms', input: input({ token: hs({ exp: (NOW + 3600) * 1000 }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'exp in s', input: input(), verdict: ACCEPTED }],
  },
  'exp-missing': {
    fail: [{ name: 'no exp', input: input({ token: hs({}, ['exp']) }), verdict: ACCEPTED }],
    pass: [{ name: 'exp', input: input(), verdict: ACCEPTED }],
  },
  'lifetime-long': {
    fail: [{ name: '30 days', input: input({ token: hs({ exp: NOW + 30 * 86400 }) }), verdict: ACCEPTED }],
    pass: [{ name: '1 day', input: input({ token: hs({ exp: NOW + 86400 }) }), verdict: ACCEPTED }],
  },
  'iat-future': {
    fail: [
      { name: 'iat 2 minutes ahead', input: input({ token: hs({ iat: NOW + 120 }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'iat now', input: input({ token: hs({ iat: NOW }) }), verdict: ACCEPTED }],
  },
  'time-claim-false': {
    fail: [
      { name: 'exp false', input: input({ token: hs({ exp: false }) }), verdict: ACCEPTED },
      { name: 'nbf false', input: input({ token: hs({ nbf: false }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'numbers', input: input(), verdict: ACCEPTED }],
  },
  'aud-null-accepted': {
    fail: [{ name: 'aud null', input: input({ token: hs({ aud: null }) }), verdict: ACCEPTED }],
    pass: [{ name: 'aud string', input: input(), verdict: ACCEPTED }],
  },
  'aud-array': {
    fail: [
      { name: 'aud array, default list', input: input({ token: hs({ aud: ['jitsi'] }) }), verdict: ACCEPTED },
    ],
    pass: [{ name: 'aud string', input: input(), verdict: ACCEPTED }],
  },
  'user-field-not-string': {
    fail: [
      { name: 'name 5', input: input({ token: hs({ context: { user: { name: 5 } } }) }), verdict: ACCEPTED },
      {
        name: 'email null',
        input: input({ token: hs({ context: { user: { email: null } } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'moderator may be a boolean',
        input: input({ token: hs({ context: { user: { name: 'A', moderator: true } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'feature-value-string': {
    fail: [
      {
        name: '"TRUE"',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: 'TRUE' } } }) }),
        verdict: ACCEPTED,
      },
      {
        name: '"yes"',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: 'yes' } } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'true',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: true } } }) }),
        verdict: ACCEPTED,
      },
      {
        name: '"true"',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: 'true' } } }) }),
        verdict: ACCEPTED,
      },
      {
        name: '"false"',
        input: input({ token: hs({ context: { user: { name: 'A' }, features: { recording: 'false' } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-hostname': {
    fail: [
      {
        name: 'public host name in docker',
        input: input({
          domain: 'meet.jitsi',
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ sub: 'jitsi.mycompany.com' }),
        }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'XMPP domain',
        input: input({
          domain: 'meet.jitsi',
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ sub: 'meet.jitsi' }),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-not-encoded': {
    fail: [
      { name: 'space', input: input({ room: 'my room', token: hs({ room: 'my room' }) }) },
      { name: 'non-ASCII', input: input({ room: 'Café', token: hs({ room: 'Café' }) }) },
      {
        name: 'upper case (harmless)',
        input: input({ room: 'MyRoom', token: hs({ room: 'MyRoom' }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'encoded',
        input: input({ room: 'Café', token: hs({ room: 'caf%c3%a9' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'context-missing': {
    fail: [{ name: 'no context', input: input({ token: hs({}, ['context']) }), verdict: ACCEPTED }],
    pass: [{ name: 'context', input: input(), verdict: ACCEPTED }],
  },
};
