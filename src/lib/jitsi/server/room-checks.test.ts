// @vitest-environment node
// The room join: each of its rules fires and stays quiet, and the verdicts of the branches of rules §6.

import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from './check-types';
import { checkToken } from './prosody-checker';
import { ROOM_RULE_CASES } from '../../../../test/prosody-cases/room-rule-cases';
import {
  ACCEPTED,
  hs,
  input,
  luaError,
  mucError,
  SETTINGS,
  testRuleCases,
} from '../../../../test/prosody-cases/tokens';

testRuleCases(ROOM_RULE_CASES);

describe('room-join verdicts for the branches of rules §6', () => {
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['tenant URL, sub *', input({ tenant: 'acme', token: hs({ sub: '*' }) }), ACCEPTED],
    [
      'tenant URL, room * and sub *',
      input({ tenant: 'acme', room: 'any', token: hs({ sub: '*', room: '*' }) }),
      ACCEPTED,
    ],
    [
      'tenant URL, upper-case tenant in the URL',
      input({ tenant: 'ACME', token: hs({ sub: 'acme' }) }),
      ACCEPTED,
    ],
    [
      'no domain verification: [tenant]room suffix',
      input({ settings: { ...SETTINGS, enable_domain_verification: false }, tenant: 'acme' }),
      ACCEPTED,
    ],
    [
      'no domain verification: room *',
      input({
        settings: { ...SETTINGS, enable_domain_verification: false },
        room: 'x',
        token: hs({ room: '*' }),
      }),
      ACCEPTED,
    ],
    [
      'no domain verification: other room',
      input({ settings: { ...SETTINGS, enable_domain_verification: false }, room: 'x' }),
      mucError('Room does not match the room from token', 'room-mismatch'),
    ],
    [
      'regex room, %D flips to %d',
      input({ token: hs({ room: '^ROOM%D+$', context: { room: { regex: true } } }), room: 'room42' }),
      ACCEPTED,
    ],
    [
      'regex room with a capture uses the capture',
      input({ token: hs({ room: '^(team)%-%d+$', context: { room: { regex: true } } }), room: 'team-1' }),
      mucError('Room and token mismatched'),
    ],
    [
      'regex room on a tenant URL',
      input({
        tenant: 'acme',
        token: hs({ sub: 'acme', room: '^team%-.*$', context: { room: { regex: true } } }),
        room: 'team-x',
      }),
      ACCEPTED,
    ],
    [
      'numeric room claim',
      input({ token: hs({ room: 12345 }), room: '12345' }),
      mucError('Room and token mismatched'),
    ],
    ['room null', input({ token: hs({ room: null }) }), luaError('muc')],
    [
      'muc_mapper_domain_base elsewhere',
      input({ settings: { ...SETTINGS, muc_mapper_domain_base: 'other.example.com' } }),
      mucError('Room does not exist', 'room-does-not-exist'),
    ],
    [
      'muc_mapper_domain_prefix muc',
      input({ settings: { ...SETTINGS, muc_mapper_domain_prefix: 'muc' } }),
      ACCEPTED,
    ],
    // moduleapi get_option_boolean: a value it does not understand yields nil, not the default (here: no domain check).
    [
      'enable_domain_verification "yes"',
      input({
        settings: { ...SETTINGS, enable_domain_verification: 'yes' as unknown as boolean },
        token: hs({ sub: 'x' }),
      }),
      ACCEPTED,
    ],
    [
      'room claim missing, regex, not required',
      input({
        settings: { ...SETTINGS, asap_require_room_claim: false },
        token: hs({ context: { room: { regex: true } } }, ['room']),
      }),
      luaError('muc'),
    ],
    [
      'room claim missing, not required: sub is not checked',
      input({ settings: { ...SETTINGS, asap_require_room_claim: false }, token: hs({ sub: 'x' }, ['room']) }),
      ACCEPTED,
    ],
    [
      'tenant differs: only logged',
      input({ tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: 'other' } }) }),
      ACCEPTED,
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });
});

describe('room-join verdicts on the 2020 release line (rules §15)', () => {
  const legacy = (changes: Partial<CheckInput> = {}): CheckInput =>
    input({ release: 'jitsi-2020', ...changes });
  const verified = { ...SETTINGS, enable_domain_verification: true };
  it.each<[string, CheckInput, Partial<ProsodyVerdict>]>([
    ['any sub passes', legacy({ token: hs({ sub: 'other.example.com' }) }), ACCEPTED],
    ['no sub passes', legacy({ token: hs({}, ['sub']) }), ACCEPTED],
    ['room case', legacy({ room: 'MYROOM', token: hs({ room: 'MyRoom' }) }), ACCEPTED],
    [
      'tenant meeting with sub = tenant',
      legacy({ tenant: 'acme', token: hs({ sub: 'acme' }) }),
      mucError('Room and token mismatched'),
    ],
    ['tenant meeting with room *', legacy({ tenant: 'acme', token: hs({ room: '*' }) }), ACCEPTED],
    [
      'tenant meeting with the whole node',
      legacy({ tenant: 'acme', token: hs({ room: '[ACME]MyRoom' }) }),
      ACCEPTED,
    ],
    [
      'numeric room claim',
      legacy({ room: '12345', token: hs({ room: 12345 }) }),
      mucError('Room and token mismatched'),
    ],
    ['room claim an object', legacy({ token: hs({ room: {} }) }), luaError('muc')],
    [
      'regex rooms do not exist',
      legacy({ room: 'team-1', token: hs({ room: '^team%-.*$', context: { room: { regex: true } } }) }),
      mucError('Room and token mismatched'),
    ],
    [
      'domain verification on: tenant and sub',
      legacy({ settings: verified, tenant: 'acme', token: hs({ sub: 'acme' }) }),
      ACCEPTED,
    ],
    [
      'domain verification on: wrong sub',
      legacy({ settings: verified, token: hs({ sub: 'x' }) }),
      mucError('Room and token mismatched'),
    ],
    [
      'domain verification on: context.tenant is not read',
      legacy({ settings: verified, tenant: 'acme', token: hs({ sub: 'acme', context: { tenant: {} } }) }),
      ACCEPTED,
    ],
    [
      'domain verification on: an optional room claim left out crashes',
      legacy({ settings: { ...verified, asap_require_room_claim: false }, token: hs({}, ['room']) }),
      luaError('muc'),
    ],
  ])('%s', async (_name, checkInput, expected) => {
    const { verdict } = await checkToken(checkInput);
    expect(verdict).toMatchObject(expected);
  });
});

describe('a link without a room', () => {
  it.each([
    ['meet.acme.test', 'https://meet.acme.test/<room>'],
    ['', 'https://<your domain>/<room>'],
  ])('tells how to add the room, on domain %j', async (domain, address) => {
    const { findings } = await checkToken(input({ domain, room: '' }));
    const finding = findings.find((f) => f.ruleId === 'room-address-invalid');
    expect(finding?.hint).toContain(address);
    expect(finding?.hint).not.toContain('https:///');
  });
});

describe('dotted tenants join the MUC subdomain with "_" (rules §14)', () => {
  const legacy = (changes: Partial<CheckInput> = {}): CheckInput =>
    input({ release: 'jitsi-2020', ...changes });

  it('wants sub "a_b" and accepts it, refusing the raw tenant', async () => {
    const wanted = await checkToken(input({ tenant: 'A.b', token: hs({ sub: 'a_b' }) }));
    expect(wanted.verdict).toEqual(ACCEPTED);
    expect(wanted.expected?.sub).toBe('a_b');
    const raw = await checkToken(input({ tenant: 'A.b', token: hs({ sub: 'a.b' }) }));
    expect(raw.verdict).toMatchObject(mucError('Room and token mismatched'));
    expect(raw.findings.find((f) => f.ruleId === 'sub-mismatch')?.hint).toContain('"a_b"');
  });

  it('on the 2020 line wants the node "[a_b]myroom" as room, and the refusal names it', async () => {
    const wanted = await checkToken(legacy({ tenant: 'a.b', token: hs({ room: '[a_b]myroom' }) }));
    expect(wanted.verdict).toEqual(ACCEPTED);
    expect(wanted.expected?.backendRoom).toBe('[a_b]myroom');
    const other = await checkToken(legacy({ tenant: 'a.b', token: hs({ room: 'other' }) }));
    const refusal = other.findings.find((f) => f.ruleId === 'room-mismatch-no-domain-check');
    expect(refusal?.hint).toContain('"[a_b]myroom"');
  });
});
