// @vitest-environment node
// The generator end to end in the core: settings → link → template → signed token, checked by an HMAC
// implementation other than jose (node:crypto) and against the rules file's claim requirements.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildClaimTemplate, DEFAULT_GENERATOR_SETTINGS, type GeneratorSettings } from './claim-template';
import { buildRoomUrl } from './room-url';
import { secretToKey, signToken, type JitsiAlgorithm } from '../../jwt/jws';

const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const NOW = 1_800_000_000;

function settings(patch: Partial<GeneratorSettings>): GeneratorSettings {
  return {
    ...structuredClone(DEFAULT_GENERATOR_SETTINGS),
    domain: 'meet.example.com',
    appId: 'my_app',
    ...patch,
  };
}

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const HASH = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' } as const;

const rooms = [
  { room: 'myroom', path: 'myroom', claim: 'myroom' },
  { room: 'My Room', path: 'My%20Room', claim: 'my%20room' },
  { room: 'CamelCase', path: 'CamelCase', claim: 'camelcase' },
  { room: 'a+b', path: 'a%2Bb', claim: 'a%2bb' },
  {
    room: 'Встреча',
    path: '%D0%92%D1%81%D1%82%D1%80%D0%B5%D1%87%D0%B0',
    claim: '%d0%b2%d1%81%d1%82%d1%80%d0%b5%d1%87%d0%b0',
  },
  { room: 'Café', path: 'Caf%C3%A9', claim: 'caf%c3%a9' },
] as const;
const tenants = [
  { tenant: '', sub: 'meet.example.com', prefix: '' },
  { tenant: 'Acme', sub: 'acme', prefix: 'Acme/' },
] as const;
const algorithms: ('HS256' | 'HS384' | 'HS512')[] = ['HS256', 'HS384', 'HS512'];

const cases = rooms.flatMap((r) => tenants.flatMap((t) => algorithms.map((alg) => ({ ...r, ...t, alg }))));

describe('generated token and link', () => {
  it.each(cases)(
    '$alg, tenant "$tenant", room "$room"',
    async ({ room, path, claim, tenant, sub, prefix, alg }) => {
      const s = settings({ room, tenant, algorithm: alg as JitsiAlgorithm });
      const link = buildRoomUrl({ host: s.domain, tenant: s.tenant, room: s.room });
      if (!link.ok) throw new Error(JSON.stringify(link.problems));
      expect(link.url.baseHref).toBe(`https://meet.example.com/${prefix}${path}`);

      const { header, payload } = buildClaimTemplate(s, link.url, NOW);
      const signed = await signToken(header, payload, secretToKey(SECRET));
      if (!signed.ok) throw new Error(signed.message);
      const [h, p, sig] = signed.token.split('.') as [string, string, string];

      const expected = createHmac(HASH[alg], SECRET).update(`${h}.${p}`).digest('base64url');
      expect(sig).toBe(expected);

      expect(decodePart(h)).toEqual({ alg, typ: 'JWT' });
      const claims = decodePart(p);
      expect(claims).toMatchObject({ iss: 'my_app', aud: 'jitsi', sub, room: claim });
      expect(claims['nbf']).toBeLessThan(NOW);
      expect(claims['exp']).toBe(NOW + 3600);
      expect(typeof claims['exp']).toBe('number');
    },
  );
});

describe('buildRoomUrl refuses what cannot make an https link', () => {
  it.each([
    ['', 'domain'],
    ['javascript:alert(1)', 'domain'],
    ['https://meet.example.com', 'domain'],
    ['meet.example.com/evil', 'domain'],
    ['user@meet.example.com', 'domain'],
    ['"><script>', 'domain'],
    ['meet example.com', 'domain'],
  ])('host %j → problem on %s', (host, field) => {
    const result = buildRoomUrl({ host, room: 'x' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
  });

  it('refuses an empty room and a room the client strips entirely', () => {
    expect(buildRoomUrl({ host: 'meet.example.com', room: '  ' }).ok).toBe(false);
    const stripped = buildRoomUrl({ host: 'meet.example.com', room: '()!' });
    expect(stripped.ok).toBe(false);
  });

  it('keeps a port and puts the token in the query, never the fragment', () => {
    const result = buildRoomUrl({ host: 'meet.example.com:8443', room: 'r', token: 'a.b.c' });
    expect(result.ok && result.url.href).toBe('https://meet.example.com:8443/r?jwt=a.b.c');
  });

  it('encodes room names with ?, # and / so they stay in the path', () => {
    const result = buildRoomUrl({ host: 'meet.example.com', room: 'what?#x/y' });
    expect(result.ok && result.url.baseHref).toBe('https://meet.example.com/what%3F%23x%2Fy');
  });
});

describe('moderator claims', () => {
  const link = { backendRoom: 'r', backendTenant: null };
  it('writes the flag where each plugin reads it', () => {
    const s = settings({ moderatorClaims: { contextUser: true, affiliation: true, topLevel: true } });
    const { payload } = buildClaimTemplate(s, link, NOW);
    expect(payload['moderator']).toBe(true);
    expect(payload['context']).toMatchObject({ user: { moderator: true, affiliation: 'owner' } });
  });
  it('writes explicit non-moderator values when the flag is off', () => {
    const s = settings({ isModerator: false });
    const { payload } = buildClaimTemplate(s, link, NOW);
    expect(payload['context']).toMatchObject({ user: { moderator: false, affiliation: 'member' } });
    expect('moderator' in payload).toBe(false);
  });
  it.each([
    [true, 'true'],
    [false, 'false'],
  ])('writes context.user.moderator as the string JaaS documents (moderator %s)', (isModerator, value) => {
    const s = settings({
      isModerator,
      moderatorValueStyle: 'string',
      moderatorClaims: { contextUser: true, affiliation: false, topLevel: true },
    });
    const { payload } = buildClaimTemplate(s, link, NOW);
    expect(payload['context']).toEqual({ user: { moderator: value } });
    // The top level stays a boolean: the token_moderation plugin compares it with true.
    expect(payload['moderator']).toBe(isModerator);
  });
  it('writes nothing about moderator when no place is chosen', () => {
    const s = settings({ moderatorClaims: { contextUser: false, affiliation: false, topLevel: false } });
    const { payload } = buildClaimTemplate(s, link, NOW);
    expect(payload['context']).toEqual({ user: {} });
    expect('moderator' in payload).toBe(false);
  });
});

describe('token room', () => {
  const link = { backendRoom: 'my%20room', backendTenant: null };
  it.each([
    ['', 'my%20room'],
    ['  ', 'my%20room'],
    ['*', '*'],
    [' * ', '*'],
  ])('tokenRoom %j writes room %j', (tokenRoom, room) => {
    expect(buildClaimTemplate(settings({ tokenRoom }), link, NOW).payload['room']).toBe(room);
  });
});

describe('dotted tenants', () => {
  it('writes sub and the whole-node room as the MUC subdomain the server knows (a.b → a_b)', () => {
    const { payload } = buildClaimTemplate(
      settings({ tenant: 'Acme.EU', room: 'standup' }),
      { backendRoom: 'standup', backendTenant: 'acme.eu' },
      NOW,
    );
    expect(payload['sub']).toBe('acme_eu');
    const wholeNode = buildClaimTemplate(
      settings({ tenant: 'Acme.EU', room: 'standup' }),
      { backendRoom: 'standup', backendTenant: 'acme.eu', isTenantRoomWholeNode: true },
      NOW,
    );
    expect(wholeNode.payload['room']).toBe('[acme_eu]standup');
  });
});
