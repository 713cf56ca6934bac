// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../jwt/json-types';
import { featureFindings } from './features';
import { moderatorPlaces } from './moderator';
import {
  checkPresetRules,
  JAAS_APP_ID_PREFIX,
  PRESET_IDS,
  PRESETS,
  presetSettings,
  presetTemplate,
  type PresetId,
  type PresetRuleId,
} from './presets';
import { asList, effectiveAlgorithm, isPublicKeyMode } from './prosody-settings';

const NOW = 1_800_000_000;

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

describe('PRESETS table', () => {
  it('has one deep-frozen entry per id, each with a label, a paragraph and settings', () => {
    expect(Object.keys(PRESETS)).toEqual([...PRESET_IDS]);
    expect(isDeepFrozen(PRESETS)).toBe(true);
    for (const id of PRESET_IDS) {
      const preset = PRESETS[id];
      expect(preset.id).toBe(id);
      expect(preset.label.length).toBeGreaterThan(3);
      expect(preset.explanation.length).toBeGreaterThan(200);
      expect(preset.settings.app_id).toBeTypeOf('string');
      expect(preset.settings.muc_mapper_domain_base).toBe(preset.xmppDomain);
      for (const field of preset.placeholderFields) expect(preset.generator).toHaveProperty(field);
    }
  });

  it.each<[PresetId, string]>([
    ['debian', 'HS256'],
    ['docker', 'HS256'],
    ['jaas', 'RS256'],
  ])('%s verifies with %s', (id, alg) => {
    expect(effectiveAlgorithm(PRESETS[id].settings)).toBe(alg);
    expect(PRESETS[id].generator.algorithm).toBe(alg);
    expect(presetTemplate(id, NOW).header['alg']).toBe(alg);
  });
});

describe('debian preset', () => {
  const { header, payload } = presetTemplate('debian', NOW);

  it('puts the domain in sub and the app_id in iss, with aud "jitsi"', () => {
    const preset = PRESETS.debian;
    expect(payload['sub']).toBe(preset.xmppDomain);
    expect(preset.linkHost).toBe(preset.xmppDomain);
    expect(payload['iss']).toBe(preset.settings.app_id);
    expect(payload['aud']).toBe('jitsi');
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('has no preset-specific checks', () => {
    expect(checkPresetRules('debian', header, { ...payload, sub: 'meet.jitsi' })).toEqual([]);
  });
});

describe('docker preset', () => {
  const preset = PRESETS.docker;
  const { header, payload } = presetTemplate('docker', NOW);

  it('signs for the XMPP domain meet.jitsi while the link uses the public hostname', () => {
    expect(preset.xmppDomain).toBe('meet.jitsi');
    expect(preset.linkHost).not.toBe(preset.xmppDomain);
    expect(payload['sub']).toBe('meet.jitsi');
    expect(payload['iss']).toBe(preset.settings.app_id);
    expect(preset.settings.muc_mapper_domain_prefix).toBe('muc');
    expect(preset.settings.enable_domain_verification).toBe(false);
  });

  it("passes its own rules with its own template, with '*' and with the link's tenant", () => {
    expect(checkPresetRules('docker', header, payload)).toEqual([]);
    expect(checkPresetRules('docker', header, { ...payload, sub: '*' })).toEqual([]);
    expect(checkPresetRules('docker', header, { ...payload, sub: 'MEET.JITSI' })).toEqual([]);
    expect(checkPresetRules('docker', header, { ...payload, sub: 'acme' }, { tenant: 'acme' })).toEqual([]);
  });

  it('warns when sub is the public hostname', () => {
    const findings = checkPresetRules(
      'docker',
      header,
      { ...payload, sub: 'meet.example.com' },
      { linkHost: 'meet.example.com:8443' },
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      ruleId: 'preset-docker-sub-not-xmpp-domain',
      severity: 'warning',
      path: ['payload', 'sub'],
    });
    expect(findings[0]?.message).toContain('sub is the public hostname "meet.example.com"');
    expect(findings[0]?.message).toContain('JWT_ENABLE_DOMAIN_VERIFICATION=true');
    expect(findings[0]?.hint).toContain('"sub": "meet.jitsi"');
  });

  it('warns about any other sub, naming a custom XMPP domain', () => {
    const [finding] = checkPresetRules(
      'docker',
      header,
      { ...payload, sub: 'meet.jitsi' },
      { xmppDomain: 'xmpp.internal' },
    );
    expect(finding?.message).toContain('is not the XMPP domain "xmpp.internal"');
  });
});

describe('jaas preset', () => {
  const preset = PRESETS.jaas;
  const { header, payload } = presetTemplate('jaas', NOW);

  it('builds the token JaaS documents', () => {
    expect(header['alg']).toBe('RS256');
    expect(header['typ']).toBe('JWT');
    expect(payload['sub']).toBe(preset.tenant);
    expect(String(payload['sub'])).toMatch(new RegExp(`^${JAAS_APP_ID_PREFIX}`));
    expect(header['kid']).toBe(`${preset.tenant}/a1b2c3`);
    expect(payload).toMatchObject({
      iss: 'chat',
      aud: 'jitsi',
      room: '*',
      context: { user: { moderator: 'true' } },
    });
    expect(payload['exp']).toBeGreaterThan(NOW);
    expect(preset.linkHost).toBe('8x8.vc');
    expect(preset.linkPattern).toBe('https://8x8.vc/<AppID>/<room>');
  });

  it('passes its own rules, the feature checks, and is a moderator with mod_token_affiliation', () => {
    expect(checkPresetRules('jaas', header, payload, { tenant: preset.tenant })).toEqual([]);
    expect(featureFindings(payload)).toEqual([]);
    expect(moderatorPlaces(payload).effect.code).toBe('moderator-with-token-affiliation');
  });

  it('has settings that accept exactly what JaaS requires', () => {
    expect(isPublicKeyMode(preset.settings)).toBe(true);
    expect(asList(preset.settings.asap_accepted_issuers, [])).toEqual(['chat']);
    expect(asList(preset.settings.asap_accepted_audiences, ['*'])).toEqual(['jitsi']);
    expect(preset.settings.asap_key_server).toMatch(/\.invalid$/);
  });

  const context = payload['context'] as JsonObject;
  const userOf = (moderator: unknown): JsonObject =>
    ({ ...payload, context: { ...context, user: { moderator } } }) as JsonObject;
  const cases: [string, JsonObject, JsonObject, PresetRuleId, 'warning' | 'info'][] = [
    ['no kid', { alg: 'RS256', typ: 'JWT' }, payload, 'preset-jaas-kid-missing', 'warning'],
    [
      'a kid for another AppID',
      { ...header, kid: `${JAAS_APP_ID_PREFIX}other/a1b2c3` },
      payload,
      'preset-jaas-kid-mismatch',
      'warning',
    ],
    [
      'a kid without "/"',
      { ...header, kid: String(payload['sub']) },
      payload,
      'preset-jaas-kid-mismatch',
      'warning',
    ],
    ['an HS256 token', { ...header, alg: 'HS256' }, payload, 'preset-jaas-alg', 'warning'],
    ['aud as an array', header, { ...payload, aud: ['jitsi'] }, 'preset-jaas-aud', 'warning'],
    ['iss = AppID', header, { ...payload, iss: payload['sub'] ?? null }, 'preset-jaas-iss', 'warning'],
    [
      'no features',
      header,
      { ...payload, context: { user: context['user'] ?? null } },
      'preset-jaas-features-missing',
      'warning',
    ],
    [
      'features null',
      header,
      { ...payload, context: { ...context, features: null } },
      'preset-jaas-features-missing',
      'warning',
    ],
    ['moderator as a boolean', header, userOf(true), 'preset-jaas-moderator-type', 'warning'],
    ['moderator as a number', header, userOf(1), 'preset-jaas-moderator-type', 'warning'],
    [
      'no moderator',
      header,
      { ...payload, context: { ...context, user: {} } },
      'preset-jaas-moderator-missing',
      'info',
    ],
    [
      'no room',
      header,
      { ...payload, room: undefined } as unknown as JsonObject,
      'preset-jaas-room-missing',
      'warning',
    ],
  ];

  it.each(cases)('%s yields %s', (_name, badHeader, badPayload, ruleId, severity) => {
    const findings = checkPresetRules(
      'jaas',
      badHeader,
      JSON.parse(JSON.stringify(badPayload)) as JsonObject,
    );
    expect(findings.map((f) => f.ruleId)).toEqual([ruleId]);
    expect(findings[0]?.severity).toBe(severity);
    expect(findings[0]?.message.length).toBeGreaterThan(20);
    expect(findings[0]?.hint.length).toBeGreaterThan(10);
    expect(findings[0]?.source.length).toBeGreaterThan(10);
  });

  it('flags a sub without the vpaas-magic-cookie- prefix (and the kid that no longer matches it)', () => {
    const ids = checkPresetRules('jaas', header, { ...payload, sub: 'meet.example.com' }).map(
      (f) => f.ruleId,
    );
    expect(ids).toEqual(['preset-jaas-kid-mismatch', 'preset-jaas-sub-prefix']);
  });

  it('flags a link whose tenant is not the sub', () => {
    const ids = checkPresetRules('jaas', header, payload, { tenant: `${JAAS_APP_ID_PREFIX}other` }).map(
      (f) => f.ruleId,
    );
    expect(ids).toEqual(['preset-jaas-link-tenant']);
  });

  it('quotes the client messages', () => {
    const messages = checkPresetRules(
      'jaas',
      { ...header, kid: 'x/y' },
      { ...payload, aud: 'x', iss: 'x' },
    ).map((f) => f.message);
    expect(messages.join('\n')).toContain('"Key ID (kid) does not match sub."');
    expect(messages.join('\n')).toContain('"Invalid `aud` value. It should be `jitsi`."');
    expect(messages.join('\n')).toContain('"Invalid `iss` value. It should be `chat`."');
  });

  it('covers every JaaS rule id with a failing case', () => {
    const covered = new Set<string>(cases.map((c) => c[3]));
    for (const id of ['preset-jaas-sub-prefix', 'preset-jaas-link-tenant']) covered.add(id);
    const all: PresetRuleId[] = [
      'preset-jaas-kid-missing',
      'preset-jaas-kid-mismatch',
      'preset-jaas-sub-prefix',
      'preset-jaas-aud',
      'preset-jaas-iss',
      'preset-jaas-alg',
      'preset-jaas-features-missing',
      'preset-jaas-moderator-type',
      'preset-jaas-moderator-missing',
      'preset-jaas-room-missing',
      'preset-jaas-link-tenant',
    ];
    expect(all.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('presetSettings', () => {
  it("keeps the user's app_id, secret and (Debian) domain", () => {
    const current = {
      app_id: 'mine',
      app_secret: 's3cret',
      muc_mapper_domain_base: 'meet.mine.org',
      asap_key_server: 'https://k',
    };
    expect(presetSettings('debian', current)).toEqual({
      app_id: 'mine',
      app_secret: 's3cret',
      allow_empty_token: false,
      muc_mapper_domain_base: 'meet.mine.org',
      muc_mapper_domain_prefix: 'conference',
    });
    expect(presetSettings('docker', current)).toMatchObject({
      app_id: 'mine',
      app_secret: 's3cret',
      muc_mapper_domain_base: 'meet.jitsi',
    });
    expect(presetSettings('jaas', current)).toEqual(structuredClone({ ...PRESETS.jaas.settings }));
  });

  it('returns a fresh, mutable copy', () => {
    const settings = presetSettings('jaas');
    settings.asap_accepted_issuers = ['x'];
    expect(PRESETS.jaas.settings.asap_accepted_issuers).toEqual(['chat']);
  });
});
