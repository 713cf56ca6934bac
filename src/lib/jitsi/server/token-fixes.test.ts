// @vitest-environment node
// The one-click fixes: every key is a real rule, and each fix, applied to a token that breaks its rule and re-signed,
// makes the checker stop reporting that rule (and accept the token when that rule was its only problem).

import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../jwt/json-types';
import type { CheckInput, CheckResult } from './check-types';
import { checkToken } from './prosody-checker';
import { PROSODY_RULE_IDS, type ProsodyRuleId } from './prosody-rules';
import type { ProsodySettings } from './prosody-settings';
import { token } from '../../../../test/prosody-cases/tokens';
import { FIXES_BY_RULE, fixContextFrom, fixForRule, type FixClock, type FixContext } from './token-fixes';

const NOW = 1_800_000_000;
const DOMAIN = 'meet.example.com';
const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const SETTINGS: ProsodySettings = { app_id: 'my_app', app_secret: SECRET };
const HEADER: JsonObject = { alg: 'HS256', typ: 'JWT' };
const CLAIMS: JsonObject = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: DOMAIN,
  room: 'myroom',
  iat: NOW - 60,
  nbf: NOW - 60,
  exp: NOW + 3600,
  context: { user: { id: 'u-1', name: 'Alice' } },
};

// HS* only: every fix here is about claims, and the tests' server verifies with app_secret.
const sign = (header: JsonObject, payload: JsonObject): string => token(header, payload, SECRET);

interface Meeting {
  settings: ProsodySettings;
  room: string;
  tenant: string | null;
}

const MEETING: Meeting = { settings: SETTINGS, room: 'myroom', tenant: null };
const CLOCK: FixClock = { now: NOW, lifetimeSeconds: 3600, nbfSkewSeconds: 10 };

function check(meeting: Meeting, token: string): Promise<CheckResult> {
  const input: CheckInput = {
    settings: meeting.settings,
    domain: DOMAIN,
    token,
    room: meeting.room,
    tenant: meeting.tenant,
    now: NOW,
  };
  return checkToken(input);
}

// What the state layer hands the fixes: the checker's own expectations for this meeting, plus the clock.
async function fixContext(meeting: Meeting, payload: JsonObject = CLAIMS): Promise<FixContext> {
  const context = fixContextFrom(await check(meeting, sign(HEADER, payload)), CLOCK);
  if (context === null) throw new Error('the checker failed');
  return context;
}

const ruleIds = (result: CheckResult): string[] => result.findings.map((f) => f.ruleId);
const errorIds = (result: CheckResult): string[] =>
  result.findings.filter((f) => f.severity === 'error').map((f) => f.ruleId);

interface FixCase {
  name: string;
  rule: ProsodyRuleId;
  fixId: string;
  header?: JsonObject;
  changes?: JsonObject;
  drop?: readonly string[];
  meeting?: Partial<Meeting>;
  /** The rule is the token's only refusal (or, for a warning, the token is accepted), so the fix must end accepted. */
  isOnlyProblem: boolean;
}

const CASES: readonly FixCase[] = [
  {
    name: 'sub is a host name',
    rule: 'sub-mismatch',
    fixId: 'set-sub',
    changes: { sub: 'meet.other.com' },
    isOnlyProblem: true,
  },
  {
    name: 'sub is the domain on a tenant URL',
    rule: 'sub-mismatch',
    fixId: 'set-sub',
    meeting: { tenant: 'Acme' },
    isOnlyProblem: true,
  },
  {
    // The tenant's dot becomes "_" in the MUC subdomain (rules §14): the fix must write that, not the raw tenant.
    name: 'sub is the domain on a dotted tenant URL',
    rule: 'sub-mismatch',
    fixId: 'set-sub',
    meeting: { tenant: 'Acme.EU' },
    isOnlyProblem: true,
  },
  { name: 'no sub', rule: 'sub-missing', fixId: 'set-sub', drop: ['sub'], isOnlyProblem: true },
  {
    name: 'sub is null',
    rule: 'sub-invalid-type',
    fixId: 'set-sub',
    changes: { sub: null },
    isOnlyProblem: true,
  },
  {
    name: 'another room',
    rule: 'room-mismatch',
    fixId: 'set-room',
    changes: { room: 'otherroom' },
    isOnlyProblem: true,
  },
  {
    name: 'a regex room that matches only part of the name',
    rule: 'room-mismatch',
    fixId: 'set-room',
    changes: { room: '^my', context: { room: { regex: true } } },
    meeting: { room: 'My-Room 1' },
    isOnlyProblem: true,
  },
  {
    name: 'another room, domain verification off',
    rule: 'room-mismatch-no-domain-check',
    fixId: 'set-room',
    changes: { room: 'otherroom' },
    meeting: { settings: { ...SETTINGS, enable_domain_verification: false } },
    isOnlyProblem: true,
  },
  { name: 'no room', rule: 'room-claim-missing', fixId: 'set-room', drop: ['room'], isOnlyProblem: true },
  {
    name: 'room is true',
    rule: 'room-claim-invalid-type',
    fixId: 'set-room',
    changes: { room: true },
    isOnlyProblem: true,
  },
  {
    name: 'room is null on a tenant URL',
    rule: 'room-claim-invalid-type',
    fixId: 'set-room',
    changes: { room: null, sub: '*' },
    meeting: { tenant: 'Acme' },
    isOnlyProblem: true,
  },
  {
    name: 'room is false',
    rule: 'room-claim-false',
    fixId: 'set-room',
    changes: { room: false },
    isOnlyProblem: true,
  },
  {
    name: 'room in upper case',
    rule: 'room-claim-not-encoded',
    fixId: 'set-room',
    changes: { room: 'MyRoom' },
    meeting: { room: 'MyRoom' },
    isOnlyProblem: true,
  },
  {
    name: 'room with a space, not URL-encoded',
    rule: 'room-claim-not-encoded',
    fixId: 'set-room',
    changes: { room: 'My Room' },
    meeting: { room: 'My Room' },
    // The server compares "my room" with "my%20room", so room-mismatch refuses it too.
    isOnlyProblem: false,
  },
  {
    name: 'expired',
    rule: 'token-expired',
    fixId: 'renew-times',
    changes: { iat: NOW - 7200, nbf: NOW - 7200, exp: NOW - 3600 },
    isOnlyProblem: true,
  },
  {
    name: 'exp equal to now',
    rule: 'token-expired',
    fixId: 'renew-times',
    changes: { exp: NOW },
    isOnlyProblem: true,
  },
  {
    name: 'nbf in the future',
    rule: 'token-not-yet-valid',
    fixId: 'renew-times',
    changes: { nbf: NOW + 600 },
    isOnlyProblem: true,
  },
  { name: 'no exp', rule: 'exp-missing', fixId: 'renew-times', drop: ['exp'], isOnlyProblem: true },
  {
    name: 'exp in milliseconds',
    rule: 'exp-milliseconds',
    fixId: 'exp-seconds',
    changes: { exp: (NOW + 3600) * 1000 },
    isOnlyProblem: true,
  },
  {
    name: 'exp as a numeric string',
    rule: 'exp-not-number',
    fixId: 'numeric-times',
    changes: { exp: String(NOW + 3600) },
    isOnlyProblem: true,
  },
  {
    name: 'exp null',
    rule: 'exp-not-number',
    fixId: 'numeric-times',
    changes: { exp: null },
    isOnlyProblem: true,
  },
  {
    name: 'exp a word',
    rule: 'exp-not-number',
    fixId: 'numeric-times',
    changes: { exp: 'tomorrow' },
    isOnlyProblem: true,
  },
  {
    name: 'nbf as a numeric string',
    rule: 'nbf-not-number',
    fixId: 'numeric-times',
    changes: { nbf: String(NOW - 60) },
    isOnlyProblem: true,
  },
  {
    name: 'nbf an object',
    rule: 'nbf-not-number',
    fixId: 'numeric-times',
    changes: { nbf: { at: NOW } },
    isOnlyProblem: true,
  },
  { name: 'no iss', rule: 'iss-missing', fixId: 'set-iss', drop: ['iss'], isOnlyProblem: true },
  {
    name: 'another issuer',
    rule: 'iss-invalid',
    fixId: 'set-iss',
    changes: { iss: 'other_app' },
    isOnlyProblem: true,
  },
  { name: 'no aud', rule: 'aud-missing', fixId: 'set-aud', drop: ['aud'], isOnlyProblem: true },
  {
    name: 'no aud, audiences configured',
    rule: 'aud-missing',
    fixId: 'set-aud',
    drop: ['aud'],
    meeting: { settings: { ...SETTINGS, asap_accepted_audiences: ['*', 'my_audience'] } },
    isOnlyProblem: true,
  },
  { name: 'no typ', rule: 'typ-invalid', fixId: 'set-typ', header: { alg: 'HS256' }, isOnlyProblem: true },
  {
    name: 'typ in lower case',
    rule: 'typ-invalid',
    fixId: 'set-typ',
    header: { alg: 'HS256', typ: 'jwt' },
    isOnlyProblem: true,
  },
  {
    name: 'HS512 on a default server',
    rule: 'alg-mismatch',
    fixId: 'set-alg',
    header: { alg: 'HS512', typ: 'JWT' },
    isOnlyProblem: true,
  },
  {
    name: 'HS256 on an HS384 server',
    rule: 'alg-mismatch',
    fixId: 'set-alg',
    meeting: { settings: { ...SETTINGS, signature_algorithm: 'HS384' } },
    isOnlyProblem: true,
  },
];

function payloadOf(c: FixCase): JsonObject {
  const payload: JsonObject = { ...structuredClone(CLAIMS), ...structuredClone(c.changes ?? {}) };
  for (const name of c.drop ?? []) delete payload[name];
  return payload;
}

describe('FIXES_BY_RULE', () => {
  it('is keyed by rule ids of the rule table', () => {
    const keys = Object.keys(FIXES_BY_RULE);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((key) => !PROSODY_RULE_IDS.includes(key as ProsodyRuleId))).toEqual([]);
  });

  it('has a case below for every fix', () => {
    const tested = new Set(CASES.map((c) => c.rule));
    expect(Object.keys(FIXES_BY_RULE).filter((key) => !tested.has(key as ProsodyRuleId))).toEqual([]);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(FIXES_BY_RULE)).toBe(true);
  });
});

describe('fixForRule', () => {
  it.each([
    'signature-invalid',
    'aud-invalid',
    'room-regex-no-match',
    'no-such-rule',
    'constructor',
    'toString',
  ])('%s has no fix', (ruleId) => {
    expect(fixForRule(ruleId)).toBeNull();
  });

  it('returns the fix of a rule', () => {
    expect(fixForRule('room-claim-not-encoded')?.id).toBe('set-room');
  });
});

describe('each fix makes its rule pass', () => {
  it.each(CASES.map((c) => [`${c.rule}: ${c.name}`, c] as const))('%s', async (_name, c) => {
    const meeting: Meeting = { ...MEETING, ...c.meeting };
    const header = structuredClone(c.header ?? HEADER);
    const payload = payloadOf(c);

    const before = await check(meeting, sign(header, payload));
    expect(ruleIds(before)).toContain(c.rule);
    if (c.isOnlyProblem) {
      const expectedErrors = before.findings.some((f) => f.ruleId === c.rule && f.severity === 'error')
        ? [c.rule]
        : [];
      expect(errorIds(before)).toEqual(expectedErrors);
    }

    const fix = fixForRule(c.rule);
    expect(fix?.id).toBe(c.fixId);
    const context = fixContextFrom(before, CLOCK);
    expect(context).not.toBeNull();
    if (!fix || !context) return;
    const fixed = fix.apply({ header, payload }, context);
    // The fix works on copies: the token it was given is unchanged.
    expect(header).toEqual(c.header ?? HEADER);
    expect(payload).toEqual(payloadOf(c));

    const after = await check(meeting, sign(fixed.header, fixed.payload));
    expect(ruleIds(after)).not.toContain(c.rule);
    if (c.isOnlyProblem) {
      expect(after.verdict).toEqual({ accepted: true, stage: null, error: null, reason: null });
      expect(errorIds(after)).toEqual([]);
      expect(after.signature).toEqual({ state: 'valid' });
    }
  });

  it('writes a regex room as a pattern that matches the whole backend-safe name', async () => {
    const fix = fixForRule('room-mismatch');
    const token = {
      header: HEADER,
      payload: { ...CLAIMS, room: '^my', context: { room: { regex: 'true' } } },
    };
    const fixed = fix?.apply(token, await fixContext({ ...MEETING, room: 'My-Room 1' }));
    expect(fixed?.payload['room']).toBe('^my%-room%%201$');
  });

  it('writes times as numbers: numeric strings keep their value, anything else is renewed, iat only converted', async () => {
    const fix = fixForRule('exp-not-number');
    const context = await fixContext(MEETING);
    const apply = (changes: JsonObject) =>
      fix?.apply({ header: HEADER, payload: { ...CLAIMS, ...changes } }, context).payload;
    expect(apply({ exp: `${NOW + 60}`, nbf: `${NOW - 5}`, iat: `${NOW - 5}` })).toMatchObject({
      exp: NOW + 60,
      nbf: NOW - 5,
      iat: NOW - 5,
    });
    expect(apply({ exp: null, nbf: 'now', iat: 'earlier' })).toMatchObject({
      exp: NOW + 3600,
      nbf: NOW - 10,
      iat: 'earlier',
    });
    expect(apply({ exp: 'tomorrow' })).toMatchObject({
      exp: NOW + 3600,
      nbf: CLAIMS['nbf'],
      iat: CLAIMS['iat'],
    });
  });
});

describe('fixContextFrom', () => {
  it("takes the checker's expectations and the clock", async () => {
    const settings: ProsodySettings = {
      ...SETTINGS,
      asap_accepted_issuers: ['*', 'issuer_a'],
      asap_accepted_audiences: ['*', 'aud_a', 'aud_b'],
      signature_algorithm: 'HS384',
    };
    const result = await check({ settings, room: 'My Room', tenant: 'Acme' }, sign(HEADER, CLAIMS));
    expect(result.expected).toEqual({
      algorithm: 'HS384',
      issuer: 'issuer_a',
      audience: 'aud_a',
      sub: 'acme',
      backendRoom: 'my%20room',
    });
    expect(fixContextFrom(result, CLOCK)).toEqual({
      expectedSub: 'acme',
      backendRoom: 'my%20room',
      algorithm: 'HS384',
      issuer: 'issuer_a',
      audience: 'aud_a',
      now: NOW,
      lifetimeSeconds: 3600,
      nbfSkewSeconds: 10,
    });
  });

  it('falls back to app_id, "jitsi" and the lower-cased domain', async () => {
    const result = await checkToken({
      settings: SETTINGS,
      domain: 'Meet.Example.com',
      token: sign(HEADER, CLAIMS),
      room: 'myroom',
      now: NOW,
    });
    expect(result.expected).toMatchObject({
      issuer: 'my_app',
      audience: 'jitsi',
      sub: DOMAIN,
      algorithm: 'HS256',
    });
  });

  it('is null after a checker error', async () => {
    const result = await checkToken({ ...MEETING, domain: DOMAIN, token: sign(HEADER, CLAIMS), now: NaN });
    expect(result.verdict.error).toBe('checker-error');
    expect(fixContextFrom(result, CLOCK)).toBeNull();
  });
});
