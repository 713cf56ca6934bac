// One-click fixes for findings whose fix is unambiguous: each rewrites the header or payload so the failing
// check passes for this meeting. Never signs (the caller re-signs when it has the key) and never guesses.

import { isJsonObject, type JsonObject } from '../../jwt/json-types';
import { escapeLuaPattern } from './lua-pattern';
import type { CheckResult } from './check-types';
import type { ProsodyRuleId } from './prosody-rules';

/** The clock and lifetimes a fix that writes times uses (seconds). */
export interface FixClock {
  now: number;
  /** Lifetime for a renewed `exp`. */
  lifetimeSeconds: number;
  /** How far before now `nbf` goes. */
  nbfSkewSeconds: number;
}

/** What a fix needs to know about the meeting and the server. */
export interface FixContext extends FixClock {
  /** What `sub` must be: the tenant on a tenant URL, else the XMPP domain (rules §6). */
  expectedSub: string;
  /** The room as the server compares it (backend-safe form). */
  backendRoom: string;
  /** The server's single accepted algorithm. */
  algorithm: string;
  /** The issuer to write when `iss` is missing or refused: the first accepted one that is not `*`, else app_id. */
  issuer: string;
  /** The audience to write when `aud` is missing: the first accepted one that is not `*`, else "jitsi". */
  audience: string;
}

/** The fix context for a checked token, from what the checker says the server wants; null after a checker error. */
export function fixContextFrom(result: CheckResult, clock: FixClock): FixContext | null {
  const { expected } = result;
  if (expected === null) return null;
  return {
    expectedSub: expected.sub,
    backendRoom: expected.backendRoom,
    algorithm: expected.algorithm,
    issuer: expected.issuer,
    audience: expected.audience,
    now: clock.now,
    lifetimeSeconds: clock.lifetimeSeconds,
    nbfSkewSeconds: clock.nbfSkewSeconds,
  };
}

/** A fix the UI can offer for a rule. */
export interface TokenFix {
  id: string;
  label: string;
  apply: (
    token: { header: JsonObject; payload: JsonObject },
    context: FixContext,
  ) => {
    header: JsonObject;
    payload: JsonObject;
  };
}

const payloadFix =
  (change: (payload: JsonObject, context: FixContext) => void) =>
  (token: { header: JsonObject; payload: JsonObject }, context: FixContext) => {
    const payload = structuredClone(token.payload);
    change(payload, context);
    return { header: structuredClone(token.header), payload };
  };

const setSub: TokenFix = {
  id: 'set-sub',
  label: 'Set sub for this meeting',
  apply: payloadFix((p, c) => {
    p['sub'] = c.expectedSub;
  }),
};
// With context.room.regex the claim is a Lua pattern (U:440-460), so the room is written as one that matches it
// whole; "%" and "-" in a backend-safe room are pattern magic.
const setRoom: TokenFix = {
  id: 'set-room',
  label: 'Use the room Jitsi compares',
  apply: payloadFix((p, c) => {
    const context = p['context'];
    const contextRoom = isJsonObject(context) ? context['room'] : undefined;
    const regex = isJsonObject(contextRoom) ? contextRoom['regex'] : undefined;
    p['room'] = regex === true || regex === 'true' ? `^${escapeLuaPattern(c.backendRoom)}$` : c.backendRoom;
  }),
};
const renewTimes: TokenFix = {
  id: 'renew-times',
  label: 'Renew iat, nbf and exp',
  apply: payloadFix((p, c) => {
    p['iat'] = c.now;
    p['nbf'] = c.now - c.nbfSkewSeconds;
    p['exp'] = c.now + c.lifetimeSeconds;
  }),
};
const setIssuer: TokenFix = {
  id: 'set-iss',
  label: 'Set iss to an issuer the server accepts',
  apply: payloadFix((p, c) => {
    p['iss'] = c.issuer;
  }),
};
const addAudience: TokenFix = {
  id: 'set-aud',
  label: 'Set aud to an audience the server accepts',
  apply: payloadFix((p, c) => {
    p['aud'] = c.audience;
  }),
};
const setTyp: TokenFix = {
  id: 'set-typ',
  label: 'Set typ to "JWT"',
  apply: (t) => ({
    header: { ...structuredClone(t.header), typ: 'JWT' },
    payload: structuredClone(t.payload),
  }),
};
const setAlg: TokenFix = {
  id: 'set-alg',
  label: "Use the server's algorithm",
  apply: (t, c) => ({
    header: { ...structuredClone(t.header), alg: c.algorithm },
    payload: structuredClone(t.payload),
  }),
};
const secondsFromMilliseconds: TokenFix = {
  id: 'exp-seconds',
  label: 'Convert exp to seconds',
  apply: payloadFix((p) => {
    if (typeof p['exp'] === 'number') p['exp'] = Math.floor(p['exp'] / 1000);
  }),
};
// exp and nbf must be JSON numbers (L:218-225): a numeric string keeps its value; anything else present (null, a
// word, an object) gets the time a renewed token would have. iat is only converted, as prosody never requires it.
const numericTimes: TokenFix = {
  id: 'numeric-times',
  label: 'Write exp and nbf as numbers',
  apply: payloadFix((p, c) => {
    const fallbacks = [
      ['exp', c.now + c.lifetimeSeconds],
      ['nbf', c.now - c.nbfSkewSeconds],
      ['iat', null],
    ] as const;
    for (const [claim, fallback] of fallbacks) {
      const value = p[claim];
      if (value === undefined || typeof value === 'number') continue;
      const number = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : null;
      if (number !== null) p[claim] = number;
      else if (fallback !== null) p[claim] = fallback;
    }
  }),
};

/** Fixes by checker rule id (prosody-rules.ts); a rule absent here has no fix that is right in every case. */
export const FIXES_BY_RULE: Readonly<Partial<Record<ProsodyRuleId, TokenFix>>> = Object.freeze({
  'sub-mismatch': setSub,
  'sub-missing': setSub,
  'sub-invalid-type': setSub,
  'room-mismatch': setRoom,
  'room-mismatch-no-domain-check': setRoom,
  'room-claim-missing': setRoom,
  'room-claim-invalid-type': setRoom,
  'room-claim-false': setRoom,
  'room-claim-not-encoded': setRoom,
  'token-expired': renewTimes,
  'token-not-yet-valid': renewTimes,
  'exp-missing': renewTimes,
  'exp-milliseconds': secondsFromMilliseconds,
  'exp-not-number': numericTimes,
  'nbf-not-number': numericTimes,
  'iss-missing': setIssuer,
  'iss-invalid': setIssuer,
  'aud-missing': addAudience,
  'typ-invalid': setTyp,
  'alg-mismatch': setAlg,
});

/** The fix for a rule, or null when the right fix depends on what the tester meant (or the id is unknown). */
export function fixForRule(ruleId: string): TokenFix | null {
  // Own keys only: a finding's id is a plain string, and the frozen table still inherits `constructor` & co.
  if (!Object.hasOwn(FIXES_BY_RULE, ruleId)) return null;
  return FIXES_BY_RULE[ruleId as ProsodyRuleId] ?? null;
}
