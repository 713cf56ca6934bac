// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../jwt/json-types';
import {
  buildClaimTemplate,
  DEFAULT_GENERATOR_SETTINGS,
  type GeneratorSettings,
} from '../generate/claim-template';
import { JAAS_TENANT_PREFIX } from '../client/client-room';
import { CLIENT_REASON_SOURCES, CLIENT_REASON_TEXTS } from '../client/client-validate';
import { featureFindings } from '../generate/features';
import { moderatorPlaces } from '../generate/moderator';
import { checkPresetRules, PRESET_IDS, PRESETS, type PresetId, type PresetRuleId } from './presets';
import { effectiveProsodyConfig } from '../server/prosody-settings';
import { buildRoomUrl, type RoomUrl } from '../generate/room-url';

const NOW = 1_800_000_000;

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

// The generator's own path, as the state layer runs it: preset settings → link → claim template.
function generate(
  id: PresetId,
  room = 'Team Meeting',
): { header: JsonObject; payload: JsonObject; link: RoomUrl } {
  const settings: GeneratorSettings = {
    ...structuredClone(DEFAULT_GENERATOR_SETTINGS),
    ...structuredClone(PRESETS[id].generator),
    room,
  };
  const link = buildRoomUrl({
    host: settings.linkHost.trim() || settings.domain,
    tenant: settings.tenant,
    room: settings.room,
  });
  if (!link.ok) throw new Error(JSON.stringify(link.problems));
  return { ...buildClaimTemplate(settings, link.url, NOW), link: link.url };
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
    expect(effectiveProsodyConfig(PRESETS[id].settings, PRESETS[id].xmppDomain).algorithm).toBe(alg);
    expect(PRESETS[id].generator.algorithm).toBe(alg);
    expect(generate(id).header['alg']).toBe(alg);
  });

  it.each(PRESET_IDS.map((id) => [id]))(
    "%s: the generator's token passes the preset's own rules on the preset's link",
    (id) => {
      const { header, payload, link } = generate(id);
      const preset = PRESETS[id];
      const context = {
        linkHost: preset.linkHost,
        xmppDomain: preset.xmppDomain,
        ...(link.backendTenant === null ? {} : { tenant: link.backendTenant }),
      };
      expect(checkPresetRules(id, header, payload, context)).toEqual([]);
      expect(featureFindings(payload)).toEqual([]);
    },
  );

  it('sets the token room and moderator style on every preset, so switching presets resets them', () => {
    expect(PRESETS.debian.generator).toMatchObject({ tokenRoom: '', moderatorValueStyle: 'boolean' });
    expect(PRESETS.docker.generator).toMatchObject({ tokenRoom: '', moderatorValueStyle: 'boolean' });
    expect(PRESETS.jaas.generator).toMatchObject({ tokenRoom: '*', moderatorValueStyle: 'string' });
  });
});

describe('debian preset', () => {
  const { header, payload } = generate('debian');

  it('puts the domain in sub and the app_id in iss, with aud "jitsi"', () => {
    const preset = PRESETS.debian;
    expect(payload['sub']).toBe(preset.xmppDomain);
    expect(preset.linkHost).toBe(preset.xmppDomain);
    expect(payload['iss']).toBe(preset.settings.app_id);
    expect(payload['aud']).toBe('jitsi');
    expect(payload['room']).toBe('team%20meeting');
    expect(payload['context']).toMatchObject({ user: { moderator: true, affiliation: 'owner' } });
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
  });

  it('has no preset-specific checks', () => {
    expect(checkPresetRules('debian', header, { ...payload, sub: 'meet.jitsi' })).toEqual([]);
  });
});

describe('docker preset', () => {
  const preset = PRESETS.docker;
  const { header, payload } = generate('docker');

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
  const { header, payload, link } = generate('jaas');

  it('builds the token JaaS documents', () => {
    expect(header['alg']).toBe('RS256');
    expect(header['typ']).toBe('JWT');
    expect(payload['sub']).toBe(preset.tenant);
    expect(link.backendTenant).toBe(preset.tenant);
    expect(String(payload['sub'])).toMatch(new RegExp(`^${JAAS_TENANT_PREFIX}`));
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
    expect(checkPresetRules('jaas', header, payload, { tenant: link.backendTenant ?? '' })).toEqual([]);
    expect(featureFindings(payload)).toEqual([]);
    expect(moderatorPlaces(payload).effect.code).toBe('moderator-with-token-affiliation');
  });

  it('has settings that accept exactly what JaaS requires', () => {
    const config = effectiveProsodyConfig(preset.settings, preset.xmppDomain);
    expect(config.isPublicKeyMode).toBe(true);
    expect(config.acceptedIssuers).toEqual(['chat']);
    expect(config.acceptedAudiences).toEqual(['jitsi']);
    expect(preset.settings.asap_key_server).toMatch(/\.invalid$/);
  });

  const context = payload['context'] as JsonObject;
  const userOf = (moderator: unknown): JsonObject =>
    ({ ...payload, context: { ...context, user: { moderator } } }) as JsonObject;
  const cases: [string, JsonObject, JsonObject, PresetRuleId, 'warning' | 'info'][] = [
    ['no kid', { alg: 'RS256', typ: 'JWT' }, payload, 'preset-jaas-kid-missing', 'warning'],
    [
      'a kid for another AppID',
      { ...header, kid: `${JAAS_TENANT_PREFIX}other/a1b2c3` },
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

  it.each([
    ['vpaas-magic-cookie', 'still runs its JaaS checks'],
    ['vpaas-magic-cookiejar', 'still runs its JaaS checks'],
    ['meet.example.com', 'so it skips them'],
    ['VPAAS-MAGIC-COOKIE-0123', 'so it skips them'],
  ])('says what the client does with sub %j', (sub, says) => {
    const finding = checkPresetRules('jaas', header, { ...payload, sub }).find(
      (f) => f.ruleId === 'preset-jaas-sub-prefix',
    );
    expect(finding?.message).toContain(says);
    expect(finding?.message).toContain('prosody requires sub to be the AppID');
  });

  it('takes the texts and sources of the client checks from client-validate', () => {
    const findings = checkPresetRules('jaas', header, { ...payload, aud: 'x' });
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain(`The web client lists "${CLIENT_REASON_TEXTS.audInvalid}"`);
    expect(findings[0]?.source).toBe(CLIENT_REASON_SOURCES.audInvalid);
  });

  it('does not claim the client lists what it never reaches', () => {
    const noKid = { alg: 'RS256', typ: 'JWT' };
    const messages = checkPresetRules('jaas', noKid, { ...payload, aud: 'x' }).map((f) => f.message);
    expect(messages[0]).toContain(`"${CLIENT_REASON_TEXTS.kidNotFound}" and checks nothing else`);
    expect(messages[1]).toContain('does not list this: it stops at the missing kid');

    const [kid] = checkPresetRules('jaas', { ...header, kid: 7 }, payload).map((f) => f.message);
    expect(kid).toContain('cannot read such a kid either');

    const [other] = checkPresetRules('jaas', header, { ...payload, sub: 'acme', aud: 'x' }).map(
      (f) => f.message,
    );
    expect(other).toContain('only when sub starts with "vpaas-magic-cookie"');
  });

  it('flags a link whose tenant is not the sub', () => {
    const ids = checkPresetRules('jaas', header, payload, { tenant: `${JAAS_TENANT_PREFIX}other` }).map(
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
