// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkToken } from './prosody-checker';
import { HEADER, token as signedToken } from '../../../../test/prosody-cases/tokens';
import { SIGNATURE_NOT_CHECKED, assumeUnknownSettings, withoutUnknownSettings } from './unknown-settings';

const NOW = 1_800_000_000;
const SECRET = 'unknown-settings-secret-0123456789abcdef';
const token = (payload: Record<string, unknown>, header: Record<string, unknown> = HEADER) =>
  signedToken(header, payload, SECRET);

const CLAIMS = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: 'meet.acme.test',
  room: 'standup',
  iat: NOW - 60,
  exp: NOW + 3600,
};

async function judge(raw: string, known: Record<string, unknown> = {}) {
  const [h, p] = raw.split('.');
  const decode = (s: string | undefined) => JSON.parse(Buffer.from(s ?? '', 'base64url').toString()) as never;
  const assumed = assumeUnknownSettings(known, decode(h), decode(p));
  const result = await checkToken({
    settings: assumed.settings,
    domain: 'meet.acme.test',
    room: 'standup',
    token: raw,
    now: NOW,
  });
  return { assumed, result: withoutUnknownSettings(result, assumed.unknown) };
}

describe('assumeUnknownSettings', () => {
  it('takes app_id from the token and says so; a known key leaves only app_id unknown', () => {
    const assumed = assumeUnknownSettings({ app_secret: SECRET }, { alg: 'HS256' }, { iss: 'my_app' });
    expect(assumed.unknown).toEqual(['app_id']);
    expect(assumed.settings.app_id).toBe('my_app');
    expect(assumed.assumptions).toEqual(["app_id = the token's iss `my_app`"]);
  });

  it('takes the algorithm from an RS token when no key is known', () => {
    const assumed = assumeUnknownSettings({ app_id: 'a' }, { alg: 'RS256' }, {});
    expect(assumed.unknown).toEqual(['key']);
    expect(assumed.settings.signature_algorithm).toBe('RS256');
    expect(assumed.assumptions).toEqual(["signature_algorithm = the token's alg `RS256`"]);
  });

  it('assumes nothing about an algorithm Jitsi cannot verify', () => {
    expect(assumeUnknownSettings({}, { alg: 'none' }, {}).settings.signature_algorithm).toBeUndefined();
  });
});

describe('checking with nothing known', () => {
  it('names the expiry, never the config stage, and leaves the signature unchecked', async () => {
    const { result } = await judge(token({ ...CLAIMS, iat: NOW - 10_800, exp: NOW - 7200 }));
    expect(result.verdict).toMatchObject({ accepted: false, stage: 'auth', error: 'not-allowed' });
    expect(result.verdict.reason).toMatch(/^Not acceptable by exp \(7200(\.0)? sec since expired/);
    expect(result.findings.map((f) => f.ruleId)).not.toContain('app-id-missing');
    expect(result.findings.map((f) => f.ruleId)).not.toContain('key-config-missing');
    expect(result.findings.some((f) => f.path?.[0] === 'settings' && f.severity === 'error')).toBe(false);
    expect(result.signature).toEqual({ state: 'not-checked', message: SIGNATURE_NOT_CHECKED });
  });

  it('accepts what the token and link alone allow', async () => {
    const { result } = await judge(token(CLAIMS));
    expect(result.verdict.accepted).toBe(true);
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('still judges what the token alone decides: a missing iss, a wrong typ, a room of another meeting', async () => {
    const { iss: _iss, ...noIss } = CLAIMS;
    expect((await judge(token(noIss))).result.verdict.reason).toBe("'iss' claim is missing");
    expect((await judge(token(CLAIMS, { alg: 'HS256', typ: 'jwt' }))).result.verdict.reason).toBe(
      'Invalid typ',
    );
    const otherRoom = await judge(token({ ...CLAIMS, room: 'other' }));
    expect(otherRoom.result.verdict).toMatchObject({ accepted: false, stage: 'muc' });
  });

  it('gives prosody its own verdict once the settings are known', async () => {
    const known = { app_id: 'other_app', app_secret: SECRET };
    const { assumed, result } = await judge(token(CLAIMS), known);
    expect(assumed.unknown).toEqual([]);
    expect(result.verdict.reason).toBe("invalid 'iss' claim");
    expect(result.signature.state).toBe('valid');
  });
});
