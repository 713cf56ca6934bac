// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../jwt/json-types';
import {
  buildClaimTemplate,
  DEFAULT_GENERATOR_SETTINGS,
  type GeneratorSettings,
} from '../generate/claim-template';
import { JAAS_TENANT_PREFIX } from '../client/client-jaas';
import { featureFindings } from '../generate/features';
import { moderatorPlaces } from '../generate/moderator';
import { checkPresetRules, presetGeneratorSettings, PRESET_IDS, PRESETS, type PresetId } from './presets';
import { effectiveProsodyConfig } from '../server/prosody-settings';
import { buildRoomUrl, type RoomUrl } from '../generate/room-url';

const NOW = 1_800_000_000;

function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

// What a self-hosting user types after choosing a preset: the fields the preset leaves to them.
const USER_HOST = 'meet.acme.test';
const USER_APP_ID = 'acme_app';
const USER_TYPED: Record<PresetId, Partial<GeneratorSettings>> = {
  debian: { domain: USER_HOST, appId: USER_APP_ID },
  docker: { linkHost: USER_HOST, appId: USER_APP_ID },
  jaas: {},
};

// The generator's own path, as the state layer runs it: preset settings → link → claim template.
function generate(
  id: PresetId,
  room = 'Team Meeting',
  typed: Partial<GeneratorSettings> = {},
): { header: JsonObject; payload: JsonObject; link: RoomUrl } {
  const settings: GeneratorSettings = {
    ...structuredClone(DEFAULT_GENERATOR_SETTINGS),
    ...structuredClone(PRESETS[id].generator),
    ...USER_TYPED[id],
    ...typed,
    room,
  };
  const link = buildRoomUrl({
    host: settings.linkHost.trim() || settings.domain,
    tenant: settings.tenant,
    room: settings.room || 'any',
  });
  if (!link.ok) throw new Error(JSON.stringify(link.problems));
  const templateRoom = room === '' ? { backendRoom: '', backendTenant: link.url.backendTenant } : link.url;
  return { ...buildClaimTemplate(settings, templateRoom, NOW), link: link.url };
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
      // A keep-the-typed-value check means something only for a field the user fills in.
      for (const field of Object.keys(preset.keepsOwnValue ?? {}))
        expect(preset.placeholderFields).toContain(field);
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
      const typed = id === 'jaas' ? { tenant: `${JAAS_TENANT_PREFIX}0a1b`, jaasKeyId: 'k1' } : {};
      const { header, payload, link } = generate(id, 'Team Meeting', typed);
      const preset = PRESETS[id];
      const context = {
        linkHost: preset.linkHost || USER_HOST,
        xmppDomain: preset.xmppDomain || USER_HOST,
        ...(link.backendTenant === null ? {} : { tenant: link.backendTenant }),
      };
      expect(checkPresetRules(id, header, payload, context).filter((f) => f.severity !== 'info')).toEqual([]);
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
    expect(payload['sub']).toBe(USER_HOST);
    expect(payload['iss']).toBe(USER_APP_ID);
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
    expect(preset.generator.domain).toBe('meet.jitsi');
    expect(preset.linkHost).toBe('');
    expect(payload['sub']).toBe('meet.jitsi');
    expect(payload['iss']).toBe(USER_APP_ID);
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
  const APP_ID = `${JAAS_TENANT_PREFIX}1fc542a3e4414a44b2611668195e2bfe`;
  const mine = (room = '') => ({ tenant: APP_ID, jaasKeyId: '4f4910', room });

  it('writes no example AppID or key id: the user types them', () => {
    expect(preset.generator).toMatchObject({ tenant: '', jaasKeyId: '', deployment: 'jaas' });
    expect(preset.tenant).toBe('');
    expect(JSON.stringify(preset)).not.toMatch(/vpaas-magic-cookie-[0-9a-f]/);
  });

  it('builds the token JaaS documents from one AppID, with room "*" and an empty Room', () => {
    const { header, payload } = generate('jaas', '', mine());
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: `${APP_ID}/4f4910` });
    expect(payload).toMatchObject({
      iss: 'chat',
      aud: 'jitsi',
      sub: APP_ID,
      room: '*',
      context: { user: { moderator: 'true' }, features: {} },
    });
    expect(payload['exp']).toBeGreaterThan(NOW);
    expect(preset.linkHost).toBe('8x8.vc');
    expect(preset.linkPattern).toBe('https://8x8.vc/<AppID>/<room>');
  });

  it('puts the AppID in the link https://8x8.vc/<AppID>/<room>', () => {
    const { link, payload } = generate('jaas', 'Standup', mine());
    expect(link.baseHref).toBe(`https://8x8.vc/${APP_ID}/Standup`);
    expect(payload['sub']).toBe(link.backendTenant);
  });

  it('passes its own rules, the feature checks, and is a moderator with mod_token_affiliation', () => {
    const { header, payload, link } = generate('jaas', 'standup', mine());
    const findings = checkPresetRules('jaas', header, payload, {
      linkHost: '8x8.vc',
      tenant: link.backendTenant ?? '',
      room: link.pathRoom,
    });
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(featureFindings(payload)).toEqual([]);
    expect(moderatorPlaces(payload).effect.code).toBe('moderator-with-token-affiliation');
  });

  it('writes features as the strings JaaS documents', () => {
    const settings = { ...mine(), features: { recording: true, livestreaming: false } };
    const { payload } = generate('jaas', '', settings);
    expect((payload['context'] as JsonObject)['features']).toEqual({
      recording: 'true',
      livestreaming: 'false',
    });
  });

  it('has settings that accept exactly what JaaS requires', () => {
    const config = effectiveProsodyConfig(preset.settings, preset.xmppDomain);
    expect(config.isPublicKeyMode).toBe(true);
    expect(config.acceptedIssuers).toEqual(['chat']);
    expect(config.acceptedAudiences).toEqual(['jitsi']);
    expect(preset.settings.asap_key_server).toMatch(/\.invalid$/);
  });

  it('reports JaaS findings as errors that cite 8x8', () => {
    const { header, payload } = generate('jaas', '', mine());
    const findings = checkPresetRules('jaas', { ...header, kid: 'abc123' }, payload);
    expect(findings.map((f) => [f.ruleId, f.severity])).toContainEqual(['preset-jaas-kid-mismatch', 'error']);
    expect(findings[0]?.source).toContain('developer.8x8.com');
  });
});

describe('presetGeneratorSettings', () => {
  const base = (): GeneratorSettings => structuredClone(DEFAULT_GENERATOR_SETTINGS) as GeneratorSettings;

  it("keeps the user's AppID and key id, and drops a self-hosted tenant that is no AppID", () => {
    const appId = `${JAAS_TENANT_PREFIX}abc`;
    const kept = presetGeneratorSettings('jaas', { ...base(), tenant: appId, jaasKeyId: 'k1', room: 'r' });
    expect(kept).toMatchObject({ tenant: appId, jaasKeyId: 'k1', room: 'r', deployment: 'jaas' });
    expect(presetGeneratorSettings('jaas', { ...base(), tenant: 'acme' }).tenant).toBe('');
  });

  it('switches back to a self-hosted template', () => {
    const jaas = presetGeneratorSettings('jaas', base());
    expect(presetGeneratorSettings('debian', jaas)).toMatchObject({
      deployment: 'self-hosted',
      tokenRoom: '',
      moderatorValueStyle: 'boolean',
    });
  });

  it('does not change the settings it is given', () => {
    const settings = base();
    presetGeneratorSettings('jaas', settings);
    expect(settings).toEqual(DEFAULT_GENERATOR_SETTINGS);
  });

  it('docker moves a public host typed in Domain to Link host, and keeps a Link host already typed', () => {
    const moved = presetGeneratorSettings('docker', { ...base(), domain: USER_HOST });
    expect(moved).toMatchObject({ domain: 'meet.jitsi', linkHost: USER_HOST });
    const kept = presetGeneratorSettings('docker', { ...base(), domain: 'x.test', linkHost: USER_HOST });
    expect(kept).toMatchObject({ domain: 'meet.jitsi', linkHost: USER_HOST });
  });

  it("going back from docker to Debian keeps the user's Link host and drops docker's own meet.jitsi", () => {
    const docker = presetGeneratorSettings('docker', { ...base(), domain: USER_HOST, appId: 'acme_app' });
    expect(presetGeneratorSettings('debian', docker)).toMatchObject({
      domain: '',
      linkHost: USER_HOST,
      appId: 'acme_app',
    });
  });
});

describe('presets write no example values', () => {
  const base = (): GeneratorSettings => structuredClone(DEFAULT_GENERATOR_SETTINGS) as GeneratorSettings;
  // Every string a preset carries, with where it sits.
  function strings(value: unknown, at: string): [string, string][] {
    if (typeof value === 'string') return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}[${i}]`));
    if (typeof value === 'object' && value !== null)
      return Object.entries(value).flatMap(([key, item]) => strings(item, `${at}.${key}`));
    return [];
  }
  // Values that only ever serve as examples: the docs' host, the placeholders the form shows, made-up AppIDs.
  const EXAMPLE =
    /example|^my_|_app_id$|^acme|vpaas-magic-cookie-(?![0-9a-f]{4,})|…|<|^myroom$|^meet\.acme|^https:\/\/keys\./i;

  it.each(PRESET_IDS.map((id) => [id]))('%s: no setting, field or host is an example', (id) => {
    const preset = PRESETS[id];
    const carried: [string, string][] = [
      ...strings(preset.generator, 'generator'),
      ...strings(preset.settings, 'settings'),
      ['linkHost', preset.linkHost],
      ['xmppDomain', preset.xmppDomain],
    ];
    expect(carried.length).toBeGreaterThan(5);
    expect(carried.filter(([, value]) => EXAMPLE.test(value))).toEqual([]);
  });

  it.each(PRESET_IDS.map((id) => [id]))(
    "%s: the user's own fields are left empty for their placeholder",
    (id) => {
      const preset = PRESETS[id];
      expect(preset.placeholderFields.length).toBeGreaterThan(0);
      const chosen = presetGeneratorSettings(id, base());
      for (const field of preset.placeholderFields) expect(chosen[field]).toBe('');
    },
  );

  it('fills in only what follows from the deployment', () => {
    expect(presetGeneratorSettings('debian', base())).toMatchObject({ domain: '', linkHost: '', appId: '' });
    expect(presetGeneratorSettings('docker', base())).toMatchObject({
      domain: 'meet.jitsi',
      linkHost: '',
      appId: '',
    });
    expect(presetGeneratorSettings('jaas', base())).toMatchObject({
      domain: '8x8.vc',
      tenant: '',
      jaasKeyId: '',
    });
  });

  it("keeps the user's own domain and app ID when a preset is chosen", () => {
    const typed = { ...base(), domain: USER_HOST, appId: USER_APP_ID };
    expect(presetGeneratorSettings('debian', typed)).toMatchObject({ domain: USER_HOST, appId: USER_APP_ID });
    expect(presetGeneratorSettings('docker', typed)).toMatchObject({
      domain: 'meet.jitsi',
      linkHost: USER_HOST,
      appId: USER_APP_ID,
    });
  });
});
