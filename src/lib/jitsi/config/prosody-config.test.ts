// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseProsodyConfig } from './prosody-config';
import type { ParsedServerConfig } from './parsed-config';
import type { ProsodySettings } from '../server/prosody-settings';
import { DEBIAN_CONFIG, DOCKER_RENDERED } from '../../../../test/fixtures/config/prosody-samples';

function names(result: ParsedServerConfig): string[] {
  return result.understood.map((u) => u.name);
}

describe('parseProsodyConfig: real-looking full configs', () => {
  it('reads the token VirtualHost of a Debian jitsi-meet.cfg.lua with global defaults', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    expect(result.format).toBe('prosody');
    expect(result.domain).toBe('meet.example.com');
    expect(result.publicUrl).toBeNull();
    expect(result.settings).toEqual<ProsodySettings>({
      authentication: 'token',
      app_id: 'my_app',
      app_secret: 's3cr3t-with-"quote"',
      allow_empty_token: false,
      asap_accepted_issuers: ['my_app', 'backend'],
      asap_accepted_audiences: ['jitsi', '*'],
      muc_mapper_domain_base: 'meet.example.com',
    });
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => [h.name, h.authentication, h.isChosen])).toEqual([
      ['meet.example.com', 'token', true],
      ['guest.meet.example.com', 'anonymous', false],
      ['auth.meet.example.com', 'internal_hashed', false],
    ]);
  });

  it('marks secrets, records where each value came from, and keeps line numbers', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    const secret = result.understood.find((u) => u.name === 'app_secret');
    expect(secret).toMatchObject({ isSecret: true, line: 28, section: 'VirtualHost "meet.example.com"' });
    expect(result.understood.find((u) => u.name === 'asap_accepted_issuers')).toMatchObject({
      section: 'global',
      value: 'my_app, backend',
      line: 15,
      isSecret: false,
    });
    expect(result.understood.find((u) => u.name === 'muc_mapper_domain_base')?.line).toBe(5);
  });

  it('summarises modules: host list, the main MUC, and where watched modules are on', () => {
    const { modules } = parseProsodyConfig(DEBIAN_CONFIG);
    expect(modules.host).toContain('presence_identity');
    expect(modules.mainMuc).toBe('conference.meet.example.com');
    const main = modules.components.find((c) => c.name === 'conference.meet.example.com');
    expect(main?.tokenVerificationAllowlist).toEqual(['recorder.meet.example.com']);
    const allowlist = parseProsodyConfig(DEBIAN_CONFIG).understood.find(
      (u) => u.name === 'token_verification_allowlist',
    );
    expect(allowlist).toMatchObject({ line: 65, section: 'Component "conference.meet.example.com" "muc"' });
    expect(modules.watched.token_verification).toEqual({
      isEnabled: true,
      where: ['Component "conference.meet.example.com" "muc"'],
    });
    expect(modules.watched.token_affiliation.isEnabled).toBe(true);
    expect(modules.watched.token_moderation.isEnabled).toBe(false);
    expect(modules.watched.muc_allowners.isEnabled).toBe(false);
    expect(modules.watched.presence_identity.where).toEqual(['VirtualHost "meet.example.com"']);
    expect(modules.components.map((c) => [c.name, c.type])).toEqual([
      ['conference.meet.example.com', 'muc'],
      ['internal.auth.meet.example.com', 'muc'],
      ['focus.meet.example.com', 'client_proxy'],
      ['lobby.meet.example.com', 'muc'],
    ]);
  });

  it('reports what it ignored and why, hiding secret values', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    const why = (fragment: string): string | undefined =>
      result.ignored.find((i) => i.text.includes(fragment))?.why;
    expect(why('VirtualHost "guest.meet.example.com"')).toMatch(/another VirtualHost/);
    expect(why('ssl = {')).toBe('not a token setting');
    expect(why('enable_domain_verification = false')).toBe('commented out');
    expect(why('Component "lobby.meet.example.com"')).toMatch(/component/);
    const turn = result.ignored.find((i) => i.text.startsWith('external_service_secret'));
    expect(turn?.text).toBe('external_service_secret = (hidden)');
    expect(JSON.stringify(result.ignored)).not.toContain('turn-secret-do-not-show');
  });

  it('prefers the token host named by muc_mapper_domain_base over an earlier JaaS token host', () => {
    const result = parseProsodyConfig(DOCKER_RENDERED);
    expect(result.domain).toBe('meet.jitsi');
    expect(result.settings).toEqual<ProsodySettings>({
      authentication: 'token',
      app_id: 'jitsi_app',
      app_secret: '39RQlnugivCvauYQ9WXgJTwZ',
      signature_algorithm: 'HS512',
      allow_empty_token: false,
      enable_domain_verification: false,
      asap_accepted_issuers: ['jitsi_app'],
      asap_accepted_audiences: ['jitsi_app'],
      muc_mapper_domain_base: 'meet.jitsi',
      muc_mapper_domain_prefix: 'muc',
    });
    expect(result.modules.mainMuc).toBe('muc.meet.jitsi');
    expect(result.notes.join(' ')).toMatch(
      /Several VirtualHosts use token authentication \(jigasi\.meet\.jitsi, meet\.jitsi\)/,
    );
  });
});

// Guard for the test table above: the real config must parse into exactly these names, in option order.
it('lists understood options in a stable order', () => {
  expect(names(parseProsodyConfig(DEBIAN_CONFIG))).toEqual([
    'authentication',
    'app_id',
    'app_secret',
    'muc_mapper_domain_base',
    'allow_empty_token',
    'asap_accepted_issuers',
    'asap_accepted_audiences',
    'modules_enabled',
    'modules_enabled',
    'token_verification_allowlist',
  ]);
});
