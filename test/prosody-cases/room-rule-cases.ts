// Rule cases for the room join (room-checks.ts):
// for each rule, inputs where it fires and inputs where it does not.

import { ACCEPTED, DOMAIN, SETTINGS, hs, input, type RuleCases } from './tokens';

/** Firing and non-firing cases of the rules the room join. */
export const ROOM_RULE_CASES: RuleCases = {
  'room-address-invalid': {
    fail: [{ name: 'empty room', input: input({ room: '' }), isFirst: true }],
    pass: [{ name: 'room', input: input(), verdict: ACCEPTED }],
  },
  'room-jid-malformed': {
    fail: [
      {
        name: 'a percent-encoded apostrophe in the room',
        input: input({ room: 'it%27s', token: hs({ room: "it's" }) }),
        isFirst: true,
        verdict: { reason: "The destination address is invalid: it's@conference.meet.example.com" },
      },
      {
        name: 'a room of 1024 bytes',
        input: input({ room: 'a'.repeat(1024), token: hs({ room: '*' }) }),
        isFirst: true,
      },
      {
        name: 'a tenant that makes the MUC host too long',
        input: input({ tenant: 't'.repeat(1000), token: hs({ room: '*', sub: '*' }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'a room of 1023 bytes',
        input: input({ room: 'a'.repeat(1023), token: hs({ room: '*' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'an encoded space',
        input: input({ room: 'my room', token: hs({ room: 'my%20room' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-does-not-exist': {
    fail: [
      {
        name: 'muc_mapper_domain_base elsewhere',
        input: input({ settings: { ...SETTINGS, muc_mapper_domain_base: 'other.example.com' } }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'muc_mapper_domain_base = domain',
        input: input({ settings: { ...SETTINGS, muc_mapper_domain_base: DOMAIN } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-mismatch-no-domain-check': {
    fail: [
      {
        name: 'other room',
        input: input({ settings: { ...SETTINGS, enable_domain_verification: false }, room: 'otherroom' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: '[tenant]room matches by suffix',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          tenant: 'acme',
          token: hs({ sub: 'nonsense' }),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-claim-invalid-type': {
    fail: [
      {
        name: 'null',
        input: input({ token: hs({ room: null }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a userdata value (local 'node')" },
      },
      {
        name: 'true',
        input: input({ token: hs({ room: true }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a boolean value (local 'node')" },
      },
      {
        name: 'an object, on a tenant URL (another expression fails)',
        input: input({ tenant: 'acme', token: hs({ room: { name: 'x' }, sub: 'acme' }) }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a table value (local 'room_to_check')" },
      },
      {
        name: 'null, no domain verification',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({ room: null }),
        }),
        isFirst: true,
        verdict: { detail: "attempt to concatenate a userdata value (local 'auth_room')" },
      },
      {
        name: 'true, no sub: sub is lower-cased first',
        input: input({ token: hs({ room: true }, ['sub']) }),
        verdict: {
          stage: 'muc',
          error: 'lua-error',
          detail: "bad argument #1 to 'lower' (string expected, got nil)",
        },
      },
      {
        name: 'true, context.tenant true: the tenant is lower-cased first',
        input: input({ token: hs({ room: true, context: { tenant: true } }) }),
        verdict: {
          stage: 'muc',
          error: 'lua-error',
          detail: "bad argument #1 to 'lower' (string expected, got boolean)",
        },
      },
    ],
    pass: [
      {
        name: 'numeric room becomes "12345.0"',
        input: input({ token: hs({ room: 12345 }), room: '12345.0' }),
        verdict: ACCEPTED,
      },
      {
        name: 'numeric room never matches "12345"',
        input: input({ token: hs({ room: 12345 }), room: '12345' }),
        verdict: { reason: 'Room and token mismatched' },
      },
    ],
  },
  'room-claim-false': {
    fail: [{ name: 'false', input: input({ token: hs({ room: false }) }), isFirst: true }],
    pass: [
      {
        name: 'false, room claim not required',
        input: input({
          settings: { ...SETTINGS, asap_require_room_claim: false },
          token: hs({ room: false }),
        }),
        verdict: ACCEPTED,
      },
      { name: 'a string', input: input(), verdict: ACCEPTED },
    ],
  },
  'context-room-not-object': {
    fail: [{ name: 'context.room 5', input: input({ token: hs({ context: { room: 5 } }) }), isFirst: true }],
    pass: [
      {
        name: 'context.room {regex:false}',
        input: input({ token: hs({ context: { room: { regex: false } } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-regex-invalid': {
    fail: [
      {
        name: 'unclosed [',
        input: input({ token: hs({ room: '[abc', context: { room: { regex: true } } }) }),
        isFirst: true,
      },
      {
        name: 'trailing %',
        input: input({ token: hs({ room: 'team%', context: { room: { regex: 'true' } } }), room: 'team-1' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'valid pattern',
        input: input({
          token: hs({ room: '^team%-.*$', context: { room: { regex: true } } }),
          room: 'team-42',
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'room-regex-no-match': {
    fail: [
      {
        name: 'other room',
        input: input({
          token: hs({ room: '^team%-%d+$', context: { room: { regex: true } } }),
          room: 'other',
        }),
        isFirst: true,
      },
      {
        name: 'lower-casing turns %D (non-digit) into %d',
        input: input({
          token: hs({ room: '^team%-%D+$', context: { room: { regex: true } } }),
          room: 'team-abc',
        }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'lower-casing turns %D into %d',
        input: input({
          token: hs({ room: '^TEAM%-%D+$', context: { room: { regex: true } } }),
          room: 'Team-42',
        }),
        verdict: ACCEPTED,
      },
      {
        name: 'no match, room claim optional',
        input: input({
          settings: { ...SETTINGS, asap_require_room_claim: false },
          token: hs({ room: '^x$', context: { room: { regex: true } } }),
          room: 'other',
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'tenant-claim-invalid-type': {
    fail: [
      {
        name: 'context.tenant true',
        input: input({ token: hs({ context: { tenant: true } }) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'context.tenant "ACME"',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'ACME' } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-missing': {
    fail: [{ name: 'no sub', input: input({ token: hs({}, ['sub']) }), isFirst: true }],
    pass: [
      {
        name: 'no sub, no domain verification',
        input: input({
          settings: { ...SETTINGS, enable_domain_verification: false },
          token: hs({}, ['sub']),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
  'sub-invalid-type': {
    fail: [
      { name: 'true', input: input({ token: hs({ sub: true }) }), isFirst: true },
      { name: 'null', input: input({ token: hs({ sub: null }) }), isFirst: true },
    ],
    pass: [{ name: '*', input: input({ token: hs({ sub: '*' }) }), verdict: ACCEPTED }],
  },
  'room-not-checked': {
    fail: [
      {
        name: 'MUC without token_verification, other room',
        input: { ...input({ room: 'otherroom' }), mucTokenVerification: false },
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'MUC with token_verification',
        input: { ...input(), mucTokenVerification: true },
        verdict: ACCEPTED,
      },
    ],
  },
  'room-mismatch': {
    fail: [
      { name: 'other room', input: input({ room: 'otherroom' }), isFirst: true },
      {
        name: 'unencoded space',
        input: input({ room: 'my room', token: hs({ room: 'my room' }) }),
        isFirst: true,
      },
      {
        name: 'unanchored pattern',
        input: input({ token: hs({ room: '^team%-', context: { room: { regex: true } } }), room: 'team-42' }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'case differs',
        input: input({ room: 'MYROOM', token: hs({ room: 'MyRoom' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'encoded space',
        input: input({ room: 'My Room', token: hs({ room: 'my%20room' }) }),
        verdict: ACCEPTED,
      },
      { name: '*', input: input({ room: 'anything', token: hs({ room: '*' }) }), verdict: ACCEPTED },
    ],
  },
  'sub-mismatch': {
    fail: [
      { name: 'other domain', input: input({ token: hs({ sub: 'other.example.com' }) }), isFirst: true },
      { name: 'domain on a tenant URL', input: input({ tenant: 'acme' }), isFirst: true },
      { name: 'tenant on a plain URL', input: input({ token: hs({ sub: 'acme' }) }), isFirst: true },
    ],
    pass: [
      { name: 'tenant', input: input({ tenant: 'acme', token: hs({ sub: 'ACME' }) }), verdict: ACCEPTED },
      {
        name: '* on a tenant URL',
        input: input({ tenant: 'Acme', token: hs({ sub: '*' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'upper-case domain',
        input: input({ token: hs({ sub: DOMAIN.toUpperCase() }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'tenant-mismatch': {
    fail: [
      {
        name: 'other tenant',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'other' } }) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'same tenant',
        input: input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'acme' } }) }),
        verdict: ACCEPTED,
      },
    ],
  },
};
