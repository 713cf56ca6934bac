// Checking a token when the server's settings are not known ("unknown is not wrong"): which settings to assume from
// the token itself, said in words, and which refusals to leave out because only an unknown setting decides them.
// Judges nothing itself: the checker does, with the assumed settings; see jitsi-token-rules.md §2, §3.

import type { JsonObject } from '../../jwt/json-types';
import { isJitsiAlgorithm } from '../../jwt/jws';
import type { CheckResult } from './check-types';
import { ACCEPTED } from './finding-recorder';
import type { ProsodySettings } from './prosody-settings';

/**
 * A setting that decides part of the verdict and that nobody gave; `room` is the meeting's room when no link was
 * pasted and no room typed (prosody's verify_room then has no room to look at, U:390-395); `domain` the XMPP
 * domain when neither a link, a configuration nor the Domain field gave one.
 */
export type UnknownSetting = 'app_id' | 'key' | 'room' | 'domain';

/** The settings to check with, what in them is assumed, and what stays unknown. */
export interface AssumedSettings {
  settings: ProsodySettings;
  unknown: readonly UnknownSetting[];
  /** Each assumption in words, for the verdict ("assuming app_id = the token's iss `my_app`"). */
  assumptions: string[];
}

/** What the signature status says while no key is known. */
export const SIGNATURE_NOT_CHECKED = 'Not checked: enter the app secret (or the public key).';

/** Refusals that come only from a setting nobody gave (Util.new refuses to start without them, U:110-118). */
const DECIDED_BY: Readonly<Record<UnknownSetting, readonly string[]>> = Object.freeze({
  app_id: Object.freeze(['app-id-missing']),
  key: Object.freeze(['key-config-missing']),
  // The check joins `*` (state/check-request.ts roomToCheck): only the comparisons of names depend on the room.
  room: Object.freeze([
    'room-mismatch',
    'room-mismatch-no-domain-check',
    'room-regex-no-match',
    'tenant-mismatch',
  ]),
  // No link and no Domain: sub cannot be compared with a domain nobody gave.
  domain: Object.freeze(['sub-mismatch']),
});

/**
 * Fills in what is not known from the token: app_id is taken to be the token's `iss` (the default
 * `asap_accepted_issuers` is `{ app_id }`), and without a key, `signature_algorithm` is taken to be the token's
 * `alg` when Jitsi can verify it. Everything else keeps prosody's defaults. `known` holds only what the user gave
 * (typed, a pasted configuration, a preset, a share link).
 */
export function assumeUnknownSettings(
  known: Readonly<ProsodySettings>,
  header: JsonObject | null,
  payload: JsonObject | null,
): AssumedSettings {
  const settings: ProsodySettings = { ...known };
  const unknown: UnknownSetting[] = [];
  const assumptions: string[] = [];
  const hasKey =
    known.app_secret !== undefined ||
    known.asap_key_server !== undefined ||
    known.cache_keys_url !== undefined;
  if (known.app_id === undefined) {
    unknown.push('app_id');
    const iss = payload?.['iss'];
    // Without a string iss, no app_id could accept the token: its iss check fails whatever the server says.
    settings.app_id = typeof iss === 'string' ? iss : '';
    if (typeof iss === 'string' && known.asap_accepted_issuers === undefined) {
      assumptions.push(`app_id = the token's iss \`${iss}\``);
    }
  }
  if (!hasKey) {
    unknown.push('key');
    const alg = header?.['alg'];
    if (known.signature_algorithm === undefined && isJitsiAlgorithm(alg)) {
      settings.signature_algorithm = alg;
      if (alg !== 'HS256') assumptions.push(`signature_algorithm = the token's alg \`${alg}\``);
    }
  }
  return { settings, unknown, assumptions };
}

/**
 * The result of a check made with assumed settings, without what only the unknown settings decide: their
 * refusals are left out (the verdict is the first refusal that remains), and without a key the signature is
 * reported as not checked.
 */
export function withoutUnknownSettings(result: CheckResult, unknown: readonly UnknownSetting[]): CheckResult {
  if (unknown.length === 0) return result;
  const dropped = new Set(unknown.flatMap((setting) => DECIDED_BY[setting]));
  const refusals = (result.refusals ?? []).filter((refusal) => !dropped.has(refusal.ruleId));
  const isCheckerError = result.verdict.error === 'checker-error';
  return {
    ...result,
    verdict: isCheckerError ? result.verdict : (refusals[0]?.verdict ?? { ...ACCEPTED }),
    refusals,
    findings: result.findings.filter((finding) => !dropped.has(finding.ruleId)),
    signature:
      unknown.includes('key') && result.signature.state !== 'invalid'
        ? { state: 'not-checked', message: SIGNATURE_NOT_CHECKED }
        : result.signature,
  };
}
