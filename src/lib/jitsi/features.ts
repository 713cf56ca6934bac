// The `context.features` claim: the feature names Jitsi knows, switching one on or off, and what is wrong with
// the values a token carries. Does not decide who may record: that is the server's is_feature_allowed.

import { isJsonObject, type JsonObject, type JsonValue } from '../jwt/json-types';
import type { Finding } from './finding';

/** One feature name, what it gates, and who reads it. */
export interface KnownFeature {
  readonly key: string;
  readonly description: string;
  /** In the web client's MEET_FEATURES list, so validateJwt accepts the name (client rules §4). */
  readonly isKnownToClient: boolean;
  /** Named by prosody plugins or the JaaS docs (rules §7; that list is not exhaustive). */
  readonly isSeenOnServer: boolean;
}

// The client's 20 names (client rules §4, constants.ts MEET_FEATURES) already include every server-side key named
// in rules §7, so the union is the client list; isSeenOnServer marks the §7 keys.
const FEATURE_ROWS: readonly (readonly [string, string, boolean])[] = [
  ['branding', 'Branding (name known to the client; what it gates is not traced here).', false],
  ['calendar', 'Calendar integration (name known to the client; not traced here).', false],
  ['create-polls', 'May create polls; consulted only when the room restricts polls.', true],
  ['file-upload', 'May upload files to the meeting. Off when absent.', true],
  ['flip', 'May move the call to another device ("flip").', true],
  ['inbound-call', 'Dial-in by phone (name known to the client; not traced here).', false],
  ['livestreaming', 'May start a live stream. Off when absent.', true],
  ['live-translation', 'Live translation of subtitles. When absent: on for moderators only.', false],
  ['lobby', 'Lobby (waiting room) control (name known to the client; not traced here).', false],
  ['moderation', 'Moderation controls (name known to the client; not traced here).', false],
  ['outbound-call', 'May dial out to a phone number. Off when absent.', false],
  ['recording', 'May start a recording. Off when absent.', true],
  ['room', 'Room-level permissions (name known to the client; not traced here).', false],
  ['screen-sharing', 'May share the screen. On when absent.', false],
  ['send-groupchat', 'May send chat messages; consulted only when the room restricts chat.', true],
  ['send-private-message', 'May send private messages; consulted only when the room restricts them.', false],
  ['list-visitors', 'May see the list of visitors. Off when absent.', true],
  ['sip-inbound-call', 'SIP dial-in.', true],
  ['sip-outbound-call', 'May invite a SIP endpoint. Off when absent.', true],
  ['transcription', 'May start transcription (subtitles). Off when absent.', true],
];

/** Every feature name Jitsi knows, in the client's order; frozen. */
export const KNOWN_FEATURE_KEYS: readonly KnownFeature[] = Object.freeze(
  FEATURE_ROWS.map(([key, description, isSeenOnServer]) =>
    Object.freeze({ key, description, isKnownToClient: true, isSeenOnServer }),
  ),
);

const KNOWN_NAMES: ReadonlySet<string> = new Set(KNOWN_FEATURE_KEYS.map((feature) => feature.key));

/**
 * How features work, for the UI. Older guides tell testers to set `enableFeaturesBasedOnToken`; that option is gone.
 * @see jitsi-client-rules.md §4; jitsi-token-rules.md §7 (is_feature_allowed)
 */
export const FEATURES_EXPLANATION =
  'context.features maps a feature name to true or false. The Jitsi web client applies it by itself: a feature is on ' +
  'only when its value is true (or the string "true"), and a name that is absent falls back to the client default ' +
  '(screen sharing on, live translation for moderators, everything else off). There is no enableFeaturesBasedOnToken ' +
  'setting any more; older guides that say to set it in config.js are out of date, and only stale comments in the ' +
  'code still mention it. On the server, prosody allows a feature only when it is listed as true; a token with no ' +
  'features object gives moderators every feature.';

/** The stable rule ids featureFindings can report. */
export type FeatureRuleId =
  'feature-unknown' | 'feature-value-string' | 'feature-value-invalid' | 'features-not-object';

const CLIENT_SOURCE =
  'jitsi-meet react/features/base/jwt/functions.ts validateJwt, isJwtFeatureEnabledStateless';
const SERVER_SOURCE = 'jitsi-meet resources/prosody-plugins/util.lib.lua is_feature_allowed';

/** True when the Jitsi web client knows `key` as a feature name (exact, case-sensitive). */
export function isKnownFeature(key: string): boolean {
  return KNOWN_NAMES.has(key);
}

/** Returns a copy of `payload` with `context.features[key]` set to JSON `true`/`false`, creating objects as needed. */
export function setFeature(payload: JsonObject, key: string, enabled: boolean): JsonObject {
  return withFeatures(payload, (features) => ({ ...features, [key]: enabled }));
}

/** Returns a copy of `payload` without `context.features[key]`, so the client default applies again. */
export function removeFeature(payload: JsonObject, key: string): JsonObject {
  return withFeatures(payload, (features) => {
    const copy = { ...features };
    delete copy[key];
    return copy;
  });
}

/**
 * Checks `context.features`: unknown names, string or other non-boolean values, and a features value that is not
 * an object. A missing features object is not reported here (the JaaS preset rules report it where it matters).
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
    const finding = isKnownFeature(key) ? valueFinding(key, value) : unknownFinding(key);
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
      `lists "Invalid feature: ${key}, most likely not implemented yet." among the reasons.`,
    hint: suggestion
      ? `Did you mean "${suggestion}"? Names are lower-case with hyphens and must match exactly.`
      : 'Remove it unless a custom server plugin of yours reads it (prosody passes any name through).',
    path: ['payload', 'context', 'features', key],
    source: CLIENT_SOURCE,
  };
}

function valueFinding(key: string, value: JsonValue): Finding | null {
  if (typeof value === 'boolean') return null;
  const path = ['payload', 'context', 'features', key] as const;
  if (value === 'true' || value === 'false') {
    return {
      ruleId: 'feature-value-string',
      severity: 'info',
      message:
        `"${key}" is the string "${value}". It works: prosody's is_feature_allowed accepts "true" and the client ` +
        `compares String(value) with "true". But it is fragile: "True" or "TRUE" would silently mean off.`,
      hint: `Write the JSON boolean ${value} (no quotes).`,
      path,
      source: `${SERVER_SOURCE}; ${CLIENT_SOURCE}`,
    };
  }
  const shown = JSON.stringify(value);
  return {
    ruleId: 'feature-value-invalid',
    severity: 'warning',
    message:
      `"${key}" is ${describeValue(value)} (${shown}). Both the client and prosody treat it as off, not as "use the ` +
      `default", and the client lists "Invalid value for feature: ${key}." when the server rejects the token.`,
    hint: 'Write true or false (JSON booleans), or remove the key to get the default.',
    path,
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
    hint: 'Write an object such as {"recording": true, "livestreaming": false}.',
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

function withFeatures(payload: JsonObject, change: (features: JsonObject) => JsonObject): JsonObject {
  const context = isJsonObject(payload['context']) ? payload['context'] : {};
  const features = isJsonObject(context['features']) ? context['features'] : {};
  return { ...payload, context: { ...context, features: change(features) } };
}
