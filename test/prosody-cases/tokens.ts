// Shared test kit for the prosody checker's tests: a fixed clock and server, token builders (HMAC and RSA, with
// raw JSON for segments JSON.stringify cannot write), and the runner for the rule cases (every rule fires in one
// case and stays quiet in another).

import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CheckInput, CheckResult, ProsodyVerdict } from '../../src/lib/jitsi/server/check-types';
import { checkToken } from '../../src/lib/jitsi/server/prosody-checker';
import { PROSODY_RULES, type ProsodyRuleId } from '../../src/lib/jitsi/server/prosody-rules';
import type { ProsodySettings } from '../../src/lib/jitsi/server/prosody-settings';

export const NOW = 1_800_000_000;
export const DOMAIN = 'meet.example.com';
export const SECRET = 'my-app-secret-0123456789abcdef0123456789';
export const SETTINGS: ProsodySettings = { app_id: 'my_app', app_secret: SECRET };
export const KEY_SERVER: ProsodySettings = {
  app_id: 'my_app',
  asap_key_server: 'https://keys.example.com/asap',
};
export const HEADER = { alg: 'HS256', typ: 'JWT' };
export const RS_HEADER = { alg: 'RS256', typ: 'JWT', kid: 'my_app/key1' };
export const CLAIMS = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: DOMAIN,
  room: 'myroom',
  iat: NOW - 60,
  nbf: NOW - 60,
  exp: NOW + 3600,
  context: { user: { id: 'u-1', name: 'Alice' } },
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
export const PUBLIC_KEYS = { 'my_app/key1': PEM };
/** The signing key pair in the other forms a key server may serve, and keys of other types (rules §14). */
export const KEY_TEXTS = {
  pkcs1Public: rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  pkcs8Private: rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  pkcs1Private: rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
  certificateLabel: PEM.replace(/PUBLIC KEY/g, 'CERTIFICATE'),
  indented: PEM.replace(/^/gm, '  '),
  ec: generateKeyPairSync('ec', { namedCurve: 'P-256' })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
  rsaPss: generateKeyPairSync('rsa-pss', { modulusLength: 2048 })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString(),
};

/** JSON text written as is, for segments that are not what JSON.stringify would produce. */
export class Raw {
  constructor(readonly text: string) {}
}

export const b64 = (data: string | Buffer): string => Buffer.from(data).toString('base64url');
export const jsonText = (value: unknown): string =>
  value instanceof Raw ? value.text : JSON.stringify(value);

/** The header's `alg` (HS256 when it names none): the algorithm a token is signed with unless told otherwise. */
const algOf = (header: unknown): string =>
  typeof header === 'object' && header !== null && 'alg' in header ? String(header.alg) : 'HS256';

/**
 * Signs `header` and `payload` (objects, or `Raw` text) with `secret` (an HMAC secret, or `'other-key'` for the
 * second RSA key), using `alg` (by default the header's own) — so a raw or lying header can still be signed.
 */
export function sign(
  header: unknown,
  payload: unknown,
  secret = SECRET,
  alg = algOf(header),
): { h: string; p: string; s: string } {
  const h = b64(jsonText(header));
  const p = b64(jsonText(payload));
  const input = `${h}.${p}`;
  let signature: Buffer;
  if (alg.startsWith('RS')) {
    const key = secret === 'other-key' ? otherRsa.privateKey : rsa.privateKey;
    signature = rsaSign(`sha${alg.slice(2)}`, Buffer.from(input), key);
  } else {
    signature = createHmac(alg.startsWith('HS') ? `sha${alg.slice(2)}` : 'sha256', secret)
      .update(input)
      .digest();
  }
  return { h, p, s: b64(signature) };
}

/** A compact token signed as by `sign`. */
export function token(header: unknown, payload: unknown, secret?: string, alg?: string): string {
  const { h, p, s } = sign(header, payload, secret, alg);
  return `${h}.${p}.${s}`;
}

export function claims(
  changes: Record<string, unknown> = {},
  drop: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...CLAIMS, ...changes };
  for (const name of drop) delete out[name];
  return out;
}

export const hs = (changes?: Record<string, unknown>, drop?: readonly string[]): string =>
  token(HEADER, claims(changes, drop));
export const rs = (header: unknown = RS_HEADER, changes?: Record<string, unknown>): string =>
  token(header, claims(changes));

/** The verdict of a clean refusal at connect time (auth stage), with prosody's error and reason. */
export const authError = (reason: string | null, error = 'not-allowed'): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage: 'auth',
  error,
  reason,
});

/** The verdict of a clean refusal at the room join (muc stage), with prosody's error and reason. */
export const mucError = (reason: string | null, error = 'not-allowed'): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage: 'muc',
  error,
  reason,
});

/** The verdict when the server's own Lua code raises an error at that stage (no clean refusal). */
export const luaError = (stage: 'auth' | 'muc'): Partial<ProsodyVerdict> => ({
  accepted: false,
  stage,
  error: 'lua-error',
  reason: null,
});

export function input(changes: Partial<CheckInput> = {}): CheckInput {
  return { settings: SETTINGS, domain: DOMAIN, token: hs(), room: 'myroom', now: NOW, ...changes };
}

export const keyServer = (changes: Partial<CheckInput> = {}): CheckInput =>
  input({ settings: KEY_SERVER, token: rs(), publicKeys: PUBLIC_KEYS, ...changes });

/** The verdict of an accepted token. */
export const ACCEPTED: ProsodyVerdict = { accepted: true, stage: null, error: null, reason: null };

/** An input on which a rule must fire. */
export interface FailCase {
  name: string;
  input: CheckInput;
  /** When this rule is the first failure, the verdict must be exactly the rule's stage, error and reason. */
  isFirst?: boolean;
  verdict?: Partial<ProsodyVerdict>;
}

/** An input on which a rule must stay quiet. */
export interface PassCase {
  name: string;
  input: CheckInput;
  /** The verdict reached: ACCEPTED when the input is meant to pass, else the refusal that comes instead. */
  verdict: Partial<ProsodyVerdict>;
}

/** Each rule's firing and non-firing cases. */
export type RuleCases = Partial<Record<ProsodyRuleId, { fail: FailCase[]; pass: PassCase[] }>>;

/** The rule ids of a result's findings, in order. */
export const ruleIds = (result: CheckResult): string[] => result.findings.map((finding) => finding.ruleId);

// A rule's reason template as a whole-string pattern: its text literally, each {placeholder} as anything.
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/** Runs each rule's cases: it fires (with the rule's verdict when first) and it stays quiet. */
export function testRuleCases(cases: RuleCases): void {
  describe.each(Object.keys(cases) as ProsodyRuleId[])('%s', (ruleId) => {
    const rule = PROSODY_RULES[ruleId];
    const { fail, pass } = cases[ruleId] ?? { fail: [], pass: [] };

    it.each(fail)('fires: $name', async (ruleCase) => {
      const result = await checkToken(ruleCase.input);
      expect(ruleIds(result)).toContain(ruleId);
      const finding = result.findings.find((f) => f.ruleId === ruleId);
      expect(finding?.severity).toBe(rule.severity);
      expect(finding?.message).not.toMatch(/\{\w+\}/);
      expect(finding?.hint).not.toMatch(/\{\w+\}/);
      if (ruleCase.isFirst) {
        expect(result.verdict).toMatchObject({ accepted: false, stage: rule.stage, error: rule.error });
        // A templated reason is asserted by its fixed text here; the cases' own verdicts assert the filled-in values.
        expect(result.verdict.reason).toEqual(
          rule.reason === null ? null : expect.stringMatching(templatePattern(rule.reason)),
        );
        if (rule.error === 'lua-error') expect(result.verdict.detail).toMatch(/\S/);
      }
      if (ruleCase.verdict) expect(result.verdict).toMatchObject(ruleCase.verdict);
    });

    it.each(pass)('does not fire: $name', async (ruleCase) => {
      const result = await checkToken(ruleCase.input);
      expect(ruleIds(result)).not.toContain(ruleId);
      expect(result.verdict).toMatchObject(ruleCase.verdict);
    });
  });
}
