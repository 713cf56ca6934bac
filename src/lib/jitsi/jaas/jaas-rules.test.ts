// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../jwt/json-types';
import { CLIENT_REASON_SOURCES, CLIENT_REASON_TEXTS } from '../client/client-validate';
import { JAAS_DOCS } from './jaas-docs';
import { checkJaasToken, JAAS_RULES, type JaasMeeting, type JaasRuleId } from './jaas-rules';
import { jaasVerdict } from './jaas-verdict';

const APP_ID = 'vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe';
// The header and body 8x8's JWT page describes, for a moderator allowed to record.
const HEADER: JsonObject = { alg: 'RS256', kid: `${APP_ID}/4f4910`, typ: 'JWT' };
const PAYLOAD: JsonObject = {
  aud: 'jitsi',
  iss: 'chat',
  sub: APP_ID,
  room: '*',
  exp: 1_800_003_600,
  nbf: 1_799_999_940,
  context: {
    user: { id: 'u1', name: 'Ada', moderator: 'true' },
    features: { recording: 'true', livestreaming: 'false' },
  },
};
const MEETING: JaasMeeting = { host: '8x8.vc', tenant: APP_ID, room: 'standup' };

const withContext = (change: (context: JsonObject) => JsonObject): JsonObject => ({
  ...PAYLOAD,
  context: change(structuredClone(PAYLOAD['context']) as JsonObject),
});
const user = (fields: JsonObject) => withContext((c) => ({ ...c, user: fields }));
// A user with no feature turned on, so only the moderator flag is judged.
const plainUser = (fields: JsonObject) => withContext(() => ({ user: fields, features: {} }));
const features = (value: JsonObject | null) => withContext((c) => ({ ...c, features: value }));

type Case = [string, JsonObject, JsonObject, JaasMeeting, JaasRuleId];
// One failing case per rule at least; each case breaks exactly one rule of a good token.
const FAILING: Case[] = [
  ['no kid', { alg: 'RS256', typ: 'JWT' }, PAYLOAD, MEETING, 'preset-jaas-kid-missing'],
  ['a bare key id as kid', { ...HEADER, kid: 'abc123' }, PAYLOAD, MEETING, 'preset-jaas-kid-mismatch'],
  [
    'a kid of another AppID',
    { ...HEADER, kid: 'vpaas-magic-cookie-ffff/4f4910' },
    PAYLOAD,
    MEETING,
    'preset-jaas-kid-mismatch',
  ],
  [
    'a kid in capitals',
    { ...HEADER, kid: `${APP_ID.toUpperCase()}/4f4910` },
    PAYLOAD,
    MEETING,
    'preset-jaas-kid-mismatch',
  ],
  ['a kid with no key id', { ...HEADER, kid: `${APP_ID}/` }, PAYLOAD, MEETING, 'preset-jaas-kid-key-id'],
  ['HS256', { ...HEADER, alg: 'HS256' }, PAYLOAD, MEETING, 'preset-jaas-alg'],
  [
    'sub "vpaas-magic-cookie-" with no AppID',
    { ...HEADER, kid: 'vpaas-magic-cookie-/4f4910' },
    { ...PAYLOAD, sub: 'vpaas-magic-cookie-' },
    { ...MEETING, tenant: 'vpaas-magic-cookie-' },
    'preset-jaas-sub-prefix',
  ],
  [
    'a sub that is no one path segment',
    { ...HEADER, kid: 'vpaas-magic-cookie-a b/4f4910' },
    { ...PAYLOAD, sub: 'vpaas-magic-cookie-a b' },
    {},
    'preset-jaas-sub-prefix',
  ],
  ['aud as an array', HEADER, { ...PAYLOAD, aud: ['jitsi'] }, MEETING, 'preset-jaas-aud'],
  ['iss = the AppID', HEADER, { ...PAYLOAD, iss: APP_ID }, MEETING, 'preset-jaas-iss'],
  [
    'no features',
    HEADER,
    withContext((c) => ({ user: c['user'] ?? null })),
    MEETING,
    'preset-jaas-features-missing',
  ],
  ['features null', HEADER, features(null), MEETING, 'preset-jaas-features-missing'],
  ['a feature as a boolean', HEADER, features({ recording: true }), MEETING, 'preset-jaas-feature-value'],
  ['a feature as "yes"', HEADER, features({ recording: 'yes' }), MEETING, 'preset-jaas-feature-value'],
  [
    'a feature JaaS does not list',
    HEADER,
    features({ 'screen-sharing': 'true' }),
    MEETING,
    'preset-jaas-feature-unlisted',
  ],
  [
    'a feature for a non-moderator',
    HEADER,
    user({ name: 'Ada', moderator: 'false' }),
    MEETING,
    'preset-jaas-feature-needs-moderator',
  ],
  ['moderator as a boolean', HEADER, plainUser({ moderator: true }), MEETING, 'preset-jaas-moderator-type'],
  ['moderator as a number', HEADER, plainUser({ moderator: 1 }), MEETING, 'preset-jaas-moderator-type'],
  ['no room', HEADER, { ...PAYLOAD, room: null }, MEETING, 'preset-jaas-room-missing'],
  ['a room with a slash', HEADER, { ...PAYLOAD, room: 'team/standup' }, MEETING, 'preset-jaas-room-segment'],
  ['a room with a space', HEADER, { ...PAYLOAD, room: 'team standup' }, MEETING, 'preset-jaas-room-segment'],
  ['a link room with "@"', HEADER, PAYLOAD, { ...MEETING, room: 'a@b' }, 'preset-jaas-room-segment'],
  [
    'a link under another AppID',
    HEADER,
    PAYLOAD,
    { ...MEETING, tenant: 'vpaas-magic-cookie-ffff' },
    'preset-jaas-link-tenant',
  ],
  ['a link without AppID', HEADER, PAYLOAD, { ...MEETING, tenant: '' }, 'preset-jaas-link-tenant'],
  ['a link on meet.jit.si', HEADER, PAYLOAD, { ...MEETING, host: 'meet.jit.si' }, 'preset-jaas-link-host'],
];
const MODERATOR_MISSING: Case = [
  'no moderator flag',
  HEADER,
  plainUser({ name: 'Ada' }),
  MEETING,
  'preset-jaas-moderator-missing',
];

describe('checkJaasToken', () => {
  it("passes the token 8x8's JWT page describes", () => {
    expect(checkJaasToken(HEADER, PAYLOAD, MEETING)).toEqual([]);
  });

  it.each([
    ['room "*"', { ...PAYLOAD, room: '*' }],
    ['a named room', { ...PAYLOAD, room: 'standup' }],
    ['a percent-encoded room', { ...PAYLOAD, room: 'caf%c3%a9' }],
    ['a regex room', { ...withContext((c) => ({ ...c, room: { regex: true } })), room: '^team-.*$' }],
    ['no features on', features({})],
    ['a moderator "false" with no feature on', plainUser({ moderator: 'false' })],
  ])('passes %s', (_name, payload) => {
    expect(checkJaasToken(HEADER, payload as JsonObject, MEETING).map((f) => f.ruleId)).toEqual([]);
  });

  it.each([...FAILING, MODERATOR_MISSING].map((c) => [c[0], c[4], c] as const))(
    '%s breaks %s',
    (_n, _r, c) => {
      const [, header, payload, meeting, ruleId] = c;
      const findings = checkJaasToken(header, payload, meeting);
      expect(findings.map((f) => f.ruleId)).toEqual([ruleId]);
      const [finding] = findings;
      const rule = JAAS_RULES[ruleId];
      expect(finding?.severity).toBe(rule.severity);
      expect(finding?.message.length).toBeGreaterThan(20);
      expect(finding?.hint.length).toBeGreaterThan(10);
      for (const doc of rule.docs) expect(finding?.source).toContain(JAAS_DOCS[doc].url);
      expect(finding?.source).toContain(`(${rule.basis})`);
    },
  );

  it('has a failing case for every rule, and every documented rule is an error or advice that cites 8x8', () => {
    const covered = new Set([...FAILING, MODERATOR_MISSING].map((c) => c[4]));
    expect(Object.keys(JAAS_RULES).filter((id) => !covered.has(id as JaasRuleId))).toEqual([]);
    for (const rule of Object.values(JAAS_RULES)) {
      expect(rule.docs.length).toBeGreaterThan(0);
      expect(rule.rule).toMatch(/\.$/);
    }
    expect(Object.isFrozen(JAAS_RULES['preset-jaas-kid-missing'].docs)).toBe(true);
  });

  it('makes the flags and the kid errors, as 8x8 documents them', () => {
    for (const id of [
      'preset-jaas-kid-mismatch',
      'preset-jaas-iss',
      'preset-jaas-aud',
      'preset-jaas-feature-value',
      'preset-jaas-moderator-type',
      'preset-jaas-room-segment',
    ] as const) {
      expect(JAAS_RULES[id].severity).toBe('error');
    }
  });

  it('says the bare kid is a key id without its AppID', () => {
    const [finding] = checkJaasToken({ ...HEADER, kid: 'abc123' }, PAYLOAD, MEETING);
    expect(finding?.message).toContain('bare key id');
    expect(finding?.message).toContain(`"${CLIENT_REASON_TEXTS.kidMismatch}"`);
    expect(finding?.source).toContain(CLIENT_REASON_SOURCES.kidMismatch);
  });

  it('does not contradict itself about a boolean feature', () => {
    const [finding] = checkJaasToken(HEADER, features({ recording: true }), MEETING);
    expect(finding?.message).toContain('documents only the strings');
    expect(finding?.hint).toBe('Write "recording": "true" (a string).');
  });

  it.each([
    ['vpaas-magic-cookie', 'still runs its JaaS checks'],
    ['vpaas-magic-cookiejar', 'still runs its JaaS checks'],
    ['meet.example.com', 'so it skips them'],
    ['VPAAS-MAGIC-COOKIE-0123', 'so it skips them'],
  ])('says what the client does with sub %j', (sub, says) => {
    const finding = checkJaasToken(HEADER, { ...PAYLOAD, sub }).find(
      (f) => f.ruleId === 'preset-jaas-sub-prefix',
    );
    expect(finding?.severity).toBe('error');
    expect(finding?.message).toContain(says);
  });

  it('does not claim the client lists what it never reaches', () => {
    const noKid = { alg: 'RS256', typ: 'JWT' };
    const messages = checkJaasToken(noKid, { ...PAYLOAD, aud: 'x' }).map((f) => f.message);
    expect(messages[0]).toContain(`"${CLIENT_REASON_TEXTS.kidNotFound}" and checks nothing else`);
    expect(messages[1]).toContain('does not list this: it stops at the missing kid');
    const [kid] = checkJaasToken({ ...HEADER, kid: 7 }, PAYLOAD).map((f) => f.message);
    expect(kid).toContain('cannot read such a kid either');
    const [other] = checkJaasToken(HEADER, { ...PAYLOAD, sub: 'acme', aud: 'x' }).map((f) => f.message);
    expect(other).toContain('only when sub starts with "vpaas-magic-cookie"');
  });
});

describe('jaasVerdict', () => {
  it("follows 8x8's rules when no JaaS error is found", () => {
    const verdict = jaasVerdict(checkJaasToken(HEADER, plainUser({ name: 'Ada' }), MEETING));
    expect(verdict).toMatchObject({ follows: true, broken: [] });
    expect(verdict.headline).toContain("follows 8x8's documented token rules");
    expect(verdict.basisNote).toContain("not prosody's");
  });

  it('names the broken rules once each, and which are documented or inferred', () => {
    const findings = checkJaasToken({ ...HEADER, kid: `${APP_ID}/` }, { ...PAYLOAD, iss: APP_ID }, MEETING);
    const verdict = jaasVerdict([...findings, ...findings]);
    expect(verdict.follows).toBe(false);
    expect(verdict.broken.map((b) => [b.ruleId, b.basis])).toEqual([
      ['preset-jaas-iss', 'documented'],
      ['preset-jaas-kid-key-id', 'inferred'],
    ]);
    expect(verdict.headline).toBe("JaaS (8x8): breaks 2 of 8x8's token rules, so 8x8 refuses it.");
    expect(verdict.basisNote).toContain('1 rule is documented by 8x8; 1 is inferred');
  });

  it('ignores findings that are not JaaS errors', () => {
    const other = {
      ruleId: 'token-expired',
      severity: 'error',
      message: 'm',
      hint: 'h',
      path: null,
      source: 's',
    } as const;
    expect(jaasVerdict([other]).follows).toBe(true);
  });
});
