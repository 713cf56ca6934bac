// The `context.features` claim for the UI: what each feature name the web client knows gates, switching one on or
// off, and the problems with a token's features that the prosody checker does not report (unknown names, values
// that are neither boolean nor text, a features value that is not an object). Text other than "true"/"false" is the
// checker's (`feature-value-string`). Does not decide who may record: that is the server's is_feature_allowed.

import { isJsonObject, type JsonObject, type JsonValue } from '../../jwt/json-types';
import {
  isFeatureEnabledLikeClient,
  isKnownFeature,
  KNOWN_FEATURES,
  reasonText,
  type KnownFeature,
} from '../client/client-validate';
import type { Finding } from '../finding';

/** One feature name the web client knows, and what it gates. */
export interface FeatureInfo {
  readonly key: KnownFeature;
  readonly description: string;
}

// Every server-side key named in rules §7 is also in the client's list (client rules §4), so the client's list is
// the whole list.
const FEATURE_DESCRIPTIONS: Readonly<Record<KnownFeature, string>> = Object.freeze({
  branding: 'Branding (name known to the client; what it gates is not traced here).',
  calendar: 'Calendar integration (name known to the client; not traced here).',
  'create-polls': 'May create polls; consulted only when the room restricts polls.',
  'file-upload': 'May upload files to the meeting. Off when absent.',
  flip: 'May move the call to another device ("flip").',
  'inbound-call': 'Dial-in by phone (name known to the client; not traced here).',
  livestreaming: 'May start a live stream. Off when absent.',
  'live-translation': 'Live translation of subtitles. When absent: on for moderators only.',
  lobby: 'Lobby (waiting room) control (name known to the client; not traced here).',
  moderation: 'Moderation controls (name known to the client; not traced here).',
  'outbound-call': 'May dial out to a phone number. Off when absent.',
  recording: 'May start a recording. Off when absent.',
  room: 'Room-level permissions (name known to the client; not traced here).',
  'screen-sharing': 'May share the screen. On when absent.',
  'send-groupchat': 'May send chat messages; consulted only when the room restricts chat.',
  'send-private-message': 'May send private messages; consulted only when the room restricts them.',
  'list-visitors': 'May see the list of visitors. Off when absent.',
  'sip-inbound-call': 'SIP dial-in.',
  'sip-outbound-call': 'May invite a SIP endpoint. Off when absent.',
  transcription: 'May start transcription (subtitles). Off when absent.',
});

/** Every feature name the web client knows, in its order, with what it gates; frozen. */
export const FEATURE_LIST: readonly FeatureInfo[] = Object.freeze(
  KNOWN_FEATURES.map((key) => Object.freeze({ key, description: FEATURE_DESCRIPTIONS[key] })),
);

/**
 * How features work, for the UI. Older guides tell testers to set `enableFeaturesBasedOnToken`; that option is gone.
 * @see jitsi-client-rules.md §4; jitsi-token-rules.md §7 (is_feature_allowed)
 */
export const FEATURES_EXPLANATION =
  'context.features maps a feature name to "true" or "false". The generator writes these strings, which JaaS ' +
  'documents and every prosody release reads (JSON booleans work on current releases too). The Jitsi web client ' +
  'applies features by itself: a feature is on only when its value is "true" (or true), and a name that is absent falls back to the client default ' +
  '(screen sharing on, live translation for moderators, everything else off). There is no enableFeaturesBasedOnToken ' +
  'setting any more; older guides that say to set it in config.js are out of date, and only stale comments in the ' +
  'code still mention it. On the server, prosody allows a feature only when it is listed as true; a token with no ' +
  'features object gives moderators every feature.';

/** The stable rule ids featureFindings can report. */
export type FeatureRuleId = 'feature-unknown' | 'feature-value-invalid' | 'features-not-object';

const CLIENT_SOURCE =
  'jitsi-meet react/features/base/jwt/functions.ts validateJwt, isJwtFeatureEnabledStateless';
const SERVER_SOURCE = 'jitsi-meet resources/prosody-plugins/util.lib.lua is_feature_allowed';

/**
 * Returns a copy of `features` with `key` on or off. The choice is kept as a boolean; the claim template writes it as
 * the text the deployment reads (`featureValueStyle`), so a miscased "True" can never come from here.
 */
export function setFeature(
  features: Readonly<Record<string, boolean>>,
  key: string,
  enabled: boolean,
): Record<string, boolean> {
  return { ...features, [key]: enabled };
}

/** Returns a copy of `features` without `key`, so the client's default for that feature applies again. */
export function removeFeature(
  features: Readonly<Record<string, boolean>>,
  key: string,
): Record<string, boolean> {
  const copy = { ...features };
  delete copy[key];
  return copy;
}

/**
 * Checks `context.features` for what the prosody checker leaves out: unknown names (the client's "Invalid feature"),
 * values that are neither boolean nor text, and a features value that is not an object. A missing features object
 * is not reported here (the JaaS preset rules report it where it matters), nor a string value (the checker's
 * `feature-value-string`).
 * @see jitsi-client-rules.md §2 check 11 and §4; jitsi-token-rules.md §7
 */
export function featureFindings(payload: JsonObject): Finding[] {
  const context = payload['context'];
  if (!isJsonObject(context)) return [];
  const features = context['features'];
  if (features === undefined) return [];
  if (!isJsonObject(features)) return [notObjectFinding(features)];
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(features)) {
    const finding = isKnownFeature(key) ? valueFinding(features, key, value) : unknownFinding(key);
    if (finding) findings.push(finding);
  }
  return findings;
}

function unknownFinding(key: string): Finding {
  const suggestion = suggestFeature(key);
  return {
    ruleId: 'feature-unknown',
    severity: 'warning',
    message:
      `"${key}" is not a feature name the Jitsi web client knows. Whenever the server rejects this token, the client ` +
      `lists "${reasonText('featureInvalid', key)}" among the reasons.`,
    hint: suggestion
      ? `Did you mean "${suggestion}"? Names are lower-case with hyphens and must match exactly.`
      : 'Remove it unless a custom server plugin of yours reads it (prosody passes any name through).',
    path: ['payload', 'context', 'features', key],
    source: CLIENT_SOURCE,
  };
}

function valueFinding(features: JsonObject, key: string, value: JsonValue): Finding | null {
  if (typeof value === 'boolean' || typeof value === 'string') return null;
  // The client tests String(value) === "true", so ["true"] (and [true]) read as on; prosody wants true or "true".
  const effect = isFeatureEnabledLikeClient(features, key, false)
    ? `The web client reads it as on (String(value) is "true"), but prosody treats it as off, so the two disagree.`
    : 'Both the client and prosody treat it as off, not as "use the default".';
  return {
    ruleId: 'feature-value-invalid',
    severity: 'warning',
    message:
      `"${key}" is ${describeValue(value)} (${JSON.stringify(value)}). ${effect} The client also lists ` +
      `"${reasonText('featureValueInvalid', key)}" when the server rejects the token.`,
    hint: 'Write "true" or "false", or remove the key to get the default.',
    path: ['payload', 'context', 'features', key],
    source: `${SERVER_SOURCE}; ${CLIENT_SOURCE}`,
  };
}

function notObjectFinding(features: JsonValue): Finding {
  const detail =
    features === null
      ? 'The client treats null as no features at all (a JaaS token then fails "The `features` object is missing").'
      : typeof features === 'string' || Array.isArray(features)
        ? 'The client walks its indices as feature names and lists "Invalid feature: 0", "Invalid feature: 1", …'
        : 'The client finds no names in it, and prosody expects an object.';
  return {
    ruleId: 'features-not-object',
    severity: 'warning',
    message: `context.features is ${describeValue(features)}, not an object. ${detail} No feature is turned on.`,
    hint: 'Write an object such as {"recording": "true", "livestreaming": "false"}.',
    path: ['payload', 'context', 'features'],
    source: `${CLIENT_SOURCE}; ${SERVER_SOURCE}`,
  };
}

// Common slips: underscores, camelCase or capitals instead of the lower-case hyphenated names.
function suggestFeature(key: string): string | null {
  const normalized = key
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
  return normalized !== key && isKnownFeature(normalized) ? normalized : null;
}

function describeValue(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
