// The state layer wired together, without the DOM: settings → panes → signed token, and the checker's inputs.
import { createHmac } from 'node:crypto';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import { GeneratorState } from './generator.svelte';
import { CheckerState } from './checker.svelte';
import * as checkerKit from './checker-kit';
import { HEADER, token } from '../../test/prosody-cases/tokens';

const NOW = 1_800_000_000;
const SECRET = 'state-secret-0123456789abcdef0123456789';

function makeGenerator() {
  const gen = new GeneratorState({
    settings: { domain: 'meet.example.com', appId: 'my_app', room: 'Daily Sync' },
    now: NOW,
  });
  gen.secret = SECRET;
  return gen;
}

const payloadOf = (gen: GeneratorState) => JSON.parse(gen.payloadText) as Record<string, unknown>;

describe('GeneratorState', () => {
  it('sets a feature in the pane too, even after the pane was edited by hand', () => {
    const gen = makeGenerator();
    gen.setFeature('recording', true);
    flushSync();
    gen.applyTemplate();
    expect(payloadOf(gen)['context']).toMatchObject({ features: { recording: 'true' } });
    gen.payloadText = gen.payloadText.replace('"recording": "true"', '"recording": "yes"');
    gen.setFeature('recording', false);
    flushSync();
    gen.applyTemplate();
    expect(payloadOf(gen)['context']).toMatchObject({ features: { recording: 'false' } });
    expect(gen.settings.features).toEqual({ recording: false });
    expect(gen.editedClaims).toEqual([]);
    gen.setFeature('recording', null);
    flushSync();
    gen.applyTemplate();
    expect(payloadOf(gen)['context']).not.toHaveProperty('features.recording');
  });

  it('keeps sub on the tenant while the room is still empty', () => {
    const gen = new GeneratorState({ settings: { domain: '8x8.vc', tenant: 'Acme', room: '' }, now: NOW });
    expect(gen.link.ok).toBe(false);
    expect(payloadOf(gen)['sub']).toBe('acme');
  });

  it('writes the JaaS token from one AppID with room "*" and no Room typed', () => {
    const appId = 'vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe';
    const gen = new GeneratorState({
      settings: {
        deployment: 'jaas',
        domain: '8x8.vc',
        tenant: appId,
        jaasKeyId: '4f4910',
        algorithm: 'RS256',
        tokenRoom: '*',
        moderatorValueStyle: 'string',
        features: { recording: true },
      },
      now: NOW,
    });
    expect(JSON.parse(gen.headerText)).toEqual({ alg: 'RS256', typ: 'JWT', kid: `${appId}/4f4910` });
    expect(payloadOf(gen)).toMatchObject({
      sub: appId,
      iss: 'chat',
      aud: 'jitsi',
      room: '*',
      context: { user: { moderator: 'true' }, features: { recording: 'true' } },
    });
    gen.settings.tenant = 'vpaas-magic-cookie-ffff';
    flushSync();
    gen.applyTemplate();
    expect(JSON.parse(gen.headerText)['kid']).toBe('vpaas-magic-cookie-ffff/4f4910');
    expect(payloadOf(gen)['sub']).toBe('vpaas-magic-cookie-ffff');
  });

  it("writes the backend-safe room claim while no link can be built, with the server's tenant-room rule", () => {
    const gen = new GeneratorState({ settings: { domain: '', room: 'My Room', appId: 'my_app' }, now: NOW });
    expect(gen.link.ok).toBe(false);
    expect(payloadOf(gen)['room']).toBe('my%20room');
    gen.useTenantRoomRule(() => true);
    gen.settings.tenant = 'Acme';
    gen.settings.room = 'Ｍy Room';
    flushSync();
    gen.applyTemplate();
    expect(payloadOf(gen)).toMatchObject({ sub: 'acme', room: '[acme]my%20room' });
  });

  it('starts from the template with the room as Jitsi compares it', () => {
    const gen = makeGenerator();
    expect(payloadOf(gen)).toMatchObject({
      iss: 'my_app',
      sub: 'meet.example.com',
      room: 'daily%20sync',
      iat: NOW,
    });
  });

  it('moves untouched claims with the settings and keeps edited ones', () => {
    const gen = makeGenerator();
    gen.payloadText = gen.payloadText.replace('"daily%20sync"', '"*"');
    gen.settings.appId = 'other_app';
    gen.settings.domain = 'meet.other.org';
    flushSync();
    gen.applyTemplate();
    expect(payloadOf(gen)).toMatchObject({ iss: 'other_app', sub: 'meet.other.org', room: '*' });
    expect(gen.editedClaims).toEqual(['room']);
  });

  it('renews the times in the panes at once', () => {
    const gen = makeGenerator();
    gen.renewTimes(NOW + 7200);
    expect(payloadOf(gen)).toMatchObject({ iat: NOW + 7200, nbf: NOW + 7140, exp: NOW + 10_800 });
  });

  it('signs the panes so that node:crypto accepts the signature', async () => {
    const gen = makeGenerator();
    await gen.sign();
    const [h, p, s] = (gen.token ?? '').split('.');
    expect(createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url')).toBe(s);
    expect(gen.tokenLink).toBe(`https://meet.example.com/Daily%20Sync?jwt=${gen.token}`);
  });

  it('keeps the last good token, marked stale, when the payload is broken, and says where', async () => {
    const gen = makeGenerator();
    await gen.sign();
    const good = gen.token;
    gen.payloadText = '{"iss": ';
    await gen.sign();
    expect(gen.token).toBe(good);
    expect(gen.isStale).toBe(true);
    expect(gen.signProblem?.field).toBe('payload');
    expect(gen.payloadText).toBe('{"iss": ');
  });

  it('asks for the secret instead of signing without one', async () => {
    const gen = makeGenerator();
    gen.secret = '';
    await gen.sign();
    expect(gen.token).toBeNull();
    expect(gen.signProblem).toEqual({ field: 'secret', message: 'Enter the app secret to sign the token.' });
  });
});

describe('CheckerState', () => {
  it('checks against the generator settings, leaving unset options out', () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    expect(checker.settings).toEqual({
      signature_algorithm: 'HS256',
      allow_empty_token: false,
      enable_domain_verification: true,
      asap_require_room_claim: true,
      app_id: 'my_app',
      app_secret: SECRET,
    });
    gen.settings.appId = '';
    checker.server.asap_accepted_issuers = 'a, b ,';
    expect(checker.settings.app_id).toBeUndefined();
    expect(checker.settings.asap_accepted_issuers).toEqual(['a', 'b']);
  });

  it('moves its clock every 15 seconds, or at once when the checked token expires', () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    checker.advanceClock(NOW + 5);
    expect(checker.now).toBe(NOW);
    checker.advanceClock(NOW + 15);
    expect(checker.now).toBe(NOW + 15);
    checker.result = {
      verdict: { accepted: true, stage: null, error: null, reason: null },
      findings: [],
      signature: { state: 'valid' },
      expected: {
        algorithm: 'HS256',
        issuer: 'my_app',
        audience: 'jitsi',
        sub: 'meet.example.com',
        backendRoom: 'r',
      },
      decoded: {
        raw: '',
        segments: [],
        header: { ok: true, value: {}, text: '{}' },
        payload: { ok: true, value: { exp: NOW + 20 }, text: '' },
        signature: { ok: true, bytes: new Uint8Array() },
        problems: [],
      },
    };
    checker.advanceClock(NOW + 19);
    expect(checker.now).toBe(NOW + 15);
    checker.advanceClock(NOW + 20);
    expect(checker.now).toBe(NOW + 20);
  });

  it('keeps JaaS in the one saved deployment setting: restored, chosen and left again', () => {
    const gen = new GeneratorState({
      settings: { deployment: 'jaas', domain: '8x8.vc', appId: 'my_app' },
      now: NOW,
    });
    const checker = new CheckerState(gen, { now: NOW });
    // After a reload only the settings are back: the preset and the app_id the check uses follow them.
    expect(checker.presetId).toBe('jaas');
    expect(checker.settings.app_id).toBe('jitsi');
    checker.presetId = null;
    expect(gen.settings.deployment).toBe('self-hosted');
    expect(checker.presetId).toBeNull();
    expect(checker.settings.app_id).toBe('my_app');
    checker.presetId = 'jaas';
    expect(gen.settings.deployment).toBe('jaas');
    checker.presetId = 'debian';
    expect(gen.settings.deployment).toBe('self-hosted');
    expect(checker.presetId).toBe('debian');
  });

  it("looks the generated token's key up by the kid in its own header, as edited in the pane", async () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    checker.focus = 'generated';
    gen.headerText = JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'edited-kid' });
    await gen.sign();
    checker.publicKeyPem = 'PEM';
    expect(checker.context.publicKeys).toEqual({ 'edited-kid': 'PEM' });
  });

  it('reads the meeting from the settings until a link is pasted', () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    expect(checker.meeting).toEqual({
      domain: 'meet.example.com',
      linkHost: 'meet.example.com',
      room: 'Daily%20Sync',
      tenant: null,
      source: 'settings',
      domainSource: 'settings',
    });
  });
});

describe('CheckerState with the core handed over (a page opened on a token)', () => {
  it('checks at once, without importing the core again', async () => {
    const gen = makeGenerator();
    const pasted = token(
      HEADER,
      { iss: 'my_app', aud: 'jitsi', room: 'daily%20sync', exp: NOW - 60 },
      SECRET,
    );
    const checker = new CheckerState(gen, { input: pasted, now: NOW, kit: checkerKit });
    // Ready in the constructor: the first render checks the token; loadKit() has nothing left to fetch.
    expect(checker.kit).toBe(checkerKit);
    expect(gen.classifyBoxText).toBe(checkerKit.classifyBoxText);
    expect(checker.token).toBe(pasted);
    await checker.check();
    expect(checker.result?.verdict).toMatchObject({ accepted: false, error: 'not-allowed' });
    expect(checker.result?.verdict.reason).toMatch(/^Not acceptable by exp/);
    await checker.loadKit();
    expect(checker.kit).toBe(checkerKit);
  });

  it('waits for the configuration reader before using it when a preset is in force', async () => {
    const gen = new GeneratorState({ settings: { deployment: 'jaas', domain: '8x8.vc' }, now: NOW });
    const checker = new CheckerState(gen, { input: 'eyJ', now: NOW, kit: checkerKit });
    // JaaS's own rules must judge the first verdict, so the core is not taken into use without them.
    expect(checker.kit).toBeNull();
    await checker.loadKit();
    expect(checker.kit).toBe(checkerKit);
    expect(checker.configKit).not.toBeNull();
  });
});

describe('CheckerState focus and pasted configuration', () => {
  const CONFIG = `VirtualHost "meet.acme.test"
    authentication = "token"
    app_id = "acme_app"
    asap_accepted_issuers = { "acme_app", "portal" }
`;

  it('checks only what was pasted in the check view, and only the generated token in the generate view', async () => {
    const gen = makeGenerator();
    await gen.sign();
    const checker = new CheckerState(gen, { now: NOW });
    await checker.loadKit();
    expect(checker.subject).toBe('none');
    checker.focus = 'generated';
    expect(checker.subject).toBe('generated');
    expect(checker.token).toBe(gen.token);
    const pasted = token(HEADER, { iss: 'my_app', aud: 'jitsi', room: 'pasted-room' }, SECRET);
    checker.input = pasted;
    expect(checker.subject).toBe('generated');
    expect(checker.token).toBe(gen.token);
    checker.focus = 'pasted';
    expect(checker.subject).toBe('pasted');
    expect(checker.token).toBe(pasted);
    expect(checker.token).not.toBe(gen.token);
  });

  it('uses a pasted configuration at once, keeps a typed secret it leaves out, and undoes and redoes it', async () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    await checker.loadKit();
    checker.configText = CONFIG;
    // Pasting a configuration loads the configuration reader (apart from the checker's core); it is used once there.
    await checker.loadConfigKit();
    expect(checker.settings).toEqual({
      authentication: 'token',
      app_id: 'acme_app',
      app_secret: SECRET,
      asap_accepted_issuers: ['acme_app', 'portal'],
    });
    expect(checker.configSummary).toEqual([
      'meet.acme.test',
      'authentication token',
      'app_id acme_app',
      'asap_accepted_issuers acme_app, portal',
    ]);
    expect(checker.meeting.domain).toBe('meet.acme.test');

    checker.undoConfig();
    expect(checker.configText).toBe('');
    expect(checker.settings.app_id).toBe('my_app');
    expect(checker.meeting.domain).toBe('meet.example.com');
    checker.redoConfig();
    expect(checker.configText).toBe(CONFIG);
    expect(checker.settings.app_id).toBe('acme_app');
  });

  it('uses nothing from a template, whose values are filled in at server start', async () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    await checker.loadKit();
    await checker.loadConfigKit();
    checker.configText =
      'VirtualHost "{{ .Env.XMPP_DOMAIN }}"\n authentication = "token"\n app_id = "{{ .Env.JWT_APP_ID }}"';
    expect(checker.config?.template?.syntax).toBe('go');
    expect(checker.activeConfig).toBeNull();
    expect(checker.settings.app_id).toBe('my_app');
  });

  it('uses nothing from a text that is not a configuration', async () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    await checker.loadKit();
    checker.configText = 'hello there';
    // Setting a configuration is enough to load the reader.
    await vi.waitUntil(() => checker.configKit !== null);
    expect(checker.activeConfig).toBeNull();
    expect(checker.settings.app_id).toBe('my_app');
  });

  it('tells the checker that rooms go unchecked when the pasted MUC lacks token_verification', async () => {
    const gen = makeGenerator();
    const checker = new CheckerState(gen, { now: NOW });
    await checker.loadKit();
    await checker.loadConfigKit();
    const config = (modules: string) =>
      'VirtualHost "meet.acme.test"\n authentication = "token"\n app_id = "acme_app"\n' +
      `Component "conference.meet.acme.test" "muc"\n modules_enabled = { ${modules} }`;
    expect(checker.context.mucTokenVerification).toBeUndefined();
    checker.configText = config('"muc_meeting_id"');
    expect(checker.context.mucTokenVerification).toBe(false);
    checker.configText = config('"token_verification"');
    expect(checker.context.mucTokenVerification).toBe(true);
  });
});
