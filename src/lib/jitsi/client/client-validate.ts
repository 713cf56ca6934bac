// The Jitsi web client's own token checks (`validateJwt`, run only after the server refused the token), their
// English texts and the notification built from them, plus the client's feature-name table.
// Mirrors jwt-decode 2.2.0's lenient decoding on purpose, so it does not use token-codec.ts's strict base64url.
// Does not verify signatures and says nothing about what prosody accepts (that is the server checker's job).

import { decodeUtf8 } from '../../jwt/token-codec';
import { JAAS_AUDIENCE, JAAS_ISSUER } from './client-jaas';

/** The reason keys `validateJwt` can return (`JWT_VALIDATION_ERRORS`, S2). */
export type ClientReasonKey =
  | 'headerNotFound'
  | 'payloadNotFound'
  | 'kidNotFound'
  | 'kidMismatch'
  | 'audInvalid'
  | 'issInvalid'
  | 'featuresNotFound'
  | 'nbfInvalid'
  | 'nbfFuture'
  | 'expInvalid'
  | 'tokenExpired'
  | 'contextNotFound'
  | 'featureInvalid'
  | 'featureValueInvalid';

/** The client's English text for each reason key; `{{feature}}` is filled in (S3 `dialog.tokenAuthFailedReason`). */
export const CLIENT_REASON_TEXTS: Readonly<Record<ClientReasonKey, string>> = Object.freeze({
  headerNotFound: 'Missing the header.',
  payloadNotFound: 'Missing the payload.',
  kidNotFound: 'Missing Key ID (kid).',
  kidMismatch: 'Key ID (kid) does not match sub.',
  audInvalid: 'Invalid `aud` value. It should be `jitsi`.',
  issInvalid: 'Invalid `iss` value. It should be `chat`.',
  featuresNotFound: 'The `features` object is missing from the payload.',
  nbfInvalid: 'Invalid `nbf` value.',
  nbfFuture: 'The `nbf` value is in the future.',
  expInvalid: 'Invalid `exp` value.',
  tokenExpired: 'Token is expired.',
  contextNotFound: 'The `context` object is missing from the payload.',
  featureInvalid: 'Invalid feature: {{feature}}, most likely not implemented yet.',
  featureValueInvalid: 'Invalid value for feature: {{feature}}.',
});

/** Where in the client each reason is produced, for a finding's `source`. */
export const CLIENT_REASON_SOURCES: Readonly<Record<ClientReasonKey, string>> = Object.freeze({
  headerNotFound: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:127-131)',
  payloadNotFound: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:133-137)',
  kidNotFound: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:153-157)',
  kidMismatch: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:159-161)',
  audInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:163-165)',
  issInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:167-169)',
  featuresNotFound: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:171-173)',
  nbfInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:176-181)',
  nbfFuture: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:176-181)',
  expInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:184-188)',
  tokenExpired: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:184-188)',
  contextNotFound: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:190-191)',
  featureInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:192-219)',
  featureValueInvalid: 'jitsi-meet base/jwt/functions.ts validateJwt (S1:192-219)',
});

/** The feature names the client knows (`MEET_FEATURES`, S2:6-27); matched exactly. */
export const KNOWN_FEATURES = Object.freeze([
  'branding',
  'calendar',
  'create-polls',
  'file-upload',
  'flip',
  'inbound-call',
  'livestreaming',
  'live-translation',
  'lobby',
  'moderation',
  'outbound-call',
  'recording',
  'room',
  'screen-sharing',
  'send-groupchat',
  'send-private-message',
  'list-visitors',
  'sip-inbound-call',
  'sip-outbound-call',
  'transcription',
] as const);

/** One of the client's known feature names. */
export type KnownFeature = (typeof KNOWN_FEATURES)[number];

/** True when the client knows `name` as a feature name (exact, case-sensitive; client rules §4). */
export function isKnownFeature(name: string): name is KnownFeature {
  return (KNOWN_FEATURES as readonly string[]).includes(name);
}

/** The `sub` prefix that switches on the JaaS checks (no trailing `-`, case-sensitive; S1:149). */
export const JAAS_SUB_PREFIX = 'vpaas-magic-cookie';

/** The English texts of the notification the client shows when the server refused the token (S3:575, 592-593). */
export const CLIENT_NOTIFICATION_TEXTS = Object.freeze({
  title: 'Authentication failed',
  withoutReasons: "Sorry, you're not allowed to join this call.",
  withReasons: "Sorry, you're not allowed to join this call. Possible reasons: {{reason}}",
} as const);

/** One reason the client lists, with its English text. */
export interface ClientReason {
  key: ClientReasonKey;
  args?: { feature: string };
  message: string;
}

/** What `validateJwt` returns for a token, plus the error it only logs. */
export interface ClientValidation {
  /** The reasons, in the client's order. */
  reasons: ClientReason[];
  keys: ClientReasonKey[];
  messages: string[];
  /**
   * In plain words, the exception the client caught and only logged as "Unspecified JWT error" (the token could
   * not be decoded, or a claim had a type the code did not expect); null when none.
   */
  silentError: string | null;
}

/**
 * Runs the web client's `validateJwt` on a token at a given time: jwt-decode 2.2.0 decoding (a throw gives an empty
 * list), header and payload presence, the JaaS branch keyed on `sub`, nbf/exp validity and time, `context` and each
 * `context.features` entry, in the client's order and with its English texts.
 * @see jitsi-client-rules.md §2 (S1:109-111, S1:119-225)
 */
export function validateJwtLikeClient(token: unknown, nowSeconds: number): ClientValidation {
  const reasons: ClientReason[] = [];
  const done = (silentError: string | null): ClientValidation => ({
    reasons,
    keys: reasons.map((r) => r.key),
    messages: reasons.map((r) => r.message),
    silentError,
  });
  const push = (key: ClientReasonKey, feature?: string): void => {
    reasons.push(
      feature === undefined
        ? { key, message: reasonText(key) }
        : { key, args: { feature }, message: reasonText(key, feature) },
    );
  };
  const nowMs = nowSeconds * 1000;

  const header = decodeLikeJwtDecode(token, 'header');
  if (!header.ok) return done(header.error);
  const payload = decodeLikeJwtDecode(token, 'payload');
  if (!payload.ok) return done(payload.error);

  if (!header.value) {
    push('headerNotFound');
    return done(null);
  }
  if (!payload.value) {
    push('payloadNotFound');
    return done(null);
  }
  // Destructuring reads through the prototype chain: a payload that is a JSON string has `sub` = String.prototype.sub.
  const context = field(payload.value, 'context');
  const exp = field(payload.value, 'exp');
  const nbf = field(payload.value, 'nbf');
  const sub = field(payload.value, 'sub');

  if (sub !== null && sub !== undefined) {
    if (typeof sub !== 'string')
      return done(
        '`sub` is not text, so the client\'s `sub?.startsWith` throws; it logs "Unspecified JWT error" and stops checking.',
      );
    if (sub.startsWith(JAAS_SUB_PREFIX)) {
      const kid = field(header.value, 'kid');
      if (kid && typeof kid !== 'string')
        return done(
          '`kid` is not text, so the client\'s `kid.substring` throws; it logs "Unspecified JWT error" and stops checking.',
        );
      const jaasReasons = jaasClaimReasons(header.value, payload.value);
      if (jaasReasons[0] === 'kidNotFound') {
        push('kidNotFound');
        return done(null);
      }
      for (const key of jaasReasons) push(key);
    }
  }

  if (nbf) {
    if (!isValidUnixTimestamp(nbf)) push('nbfInvalid');
    else if (nowMs < nbf * 1000) push('nbfFuture');
  }
  if (!isValidUnixTimestamp(exp)) push('expInvalid');
  else if (nowMs > exp * 1000) push('tokenExpired');

  if (!context) {
    push('contextNotFound');
  } else {
    const features = field(context, 'features');
    if (features) {
      for (const name of Object.keys(features)) {
        if (!isKnownFeature(name)) {
          push('featureInvalid', name);
          continue;
        }
        const value = field(features, name);
        if (value !== true && value !== false && value !== 'true' && value !== 'false')
          push('featureValueInvalid', name);
      }
    }
  }
  return done(null);
}

/** The reasons of the client's JaaS branch (checks 3-7). */
export type JaasReasonKey = Extract<
  ClientReasonKey,
  'kidNotFound' | 'kidMismatch' | 'audInvalid' | 'issInvalid' | 'featuresNotFound'
>;

/**
 * The client's JaaS checks (3-7) on a decoded header and payload, each on its own and in the client's order: `kid`
 * present, its AppID part equal to `sub`, `aud` "jitsi", `iss` "chat", `context.features` present. The client runs
 * them only when `sub` starts with `vpaas-magic-cookie` and stops after `kidNotFound`; a `kid` that is not text
 * counts as a mismatch here (the client throws on it).
 * @see jitsi-client-rules.md §2 checks 3-7 (S1:149-173)
 */
export function jaasClaimReasons(header: unknown, payload: unknown): JaasReasonKey[] {
  const reasons: JaasReasonKey[] = [];
  const kid = field(header, 'kid');
  if (!kid) reasons.push('kidNotFound');
  else if (typeof kid !== 'string' || kidAppId(kid) !== field(payload, 'sub')) reasons.push('kidMismatch');
  if (field(payload, 'aud') !== JAAS_AUDIENCE) reasons.push('audInvalid');
  if (field(payload, 'iss') !== JAAS_ISSUER) reasons.push('issInvalid');
  if (!field(field(payload, 'context'), 'features')) reasons.push('featuresNotFound');
  return reasons;
}

/**
 * The part of a JaaS `kid` the client compares with `sub`: the text before the first `/`, or '' when there is no
 * `/` (`kid.substring(0, kid.indexOf('/'))`), so a kid without `/` never matches.
 * @see jitsi-client-rules.md §2 check 4 (S1:159-161)
 */
export function kidAppId(kid: string): string {
  return kid.substring(0, kid.indexOf('/'));
}

/**
 * The description of the notification the client shows when the server refused the token: the reasons joined
 * with single spaces after "Possible reasons:", or the reason-less text when the joined text is empty.
 * @see jitsi-client-rules.md §3 (S4:577-616, S3:575, S3:593)
 */
export function clientNotification(messages: readonly string[]): string {
  const joined = messages.join(' ');
  return joined
    ? CLIENT_NOTIFICATION_TEXTS.withReasons.replace('{{reason}}', () => joined)
    : CLIENT_NOTIFICATION_TEXTS.withoutReasons;
}

/**
 * Whether the client treats a feature as on: its default when the key is absent, else on iff `String(value)`
 * is `"true"` (so `"TRUE"`, `1` and `null` are off, not the default).
 * @see jitsi-client-rules.md §4 (S1:90-100)
 */
export function isFeatureEnabledLikeClient(
  features: unknown,
  feature: string,
  ifNotInFeatures: boolean,
): boolean {
  const value = field(features, feature);
  if (value === undefined) return ifNotInFeatures;
  try {
    return String(value) === 'true';
  } catch {
    // An object with a "toString" member that is not a function (or nesting too deep to join) makes the client's
    // String() throw; the feature is then certainly not on.
    return false;
  }
}

/**
 * The English text of one reason, with `{{feature}}` filled in as i18next does (no escaping).
 * @see jitsi-client-rules.md §2 (S3:576-591)
 */
export function reasonText(key: ClientReasonKey, feature?: string): string {
  const text = CLIENT_REASON_TEXTS[key];
  return feature === undefined ? text : text.replace('{{feature}}', () => feature);
}

type Decoded = { ok: true; value: unknown } | { ok: false; error: string };

// jwt-decode 2.2.0: `JSON.parse(base64_url_decode(token.split('.')[pos]))`, where base64_url_decode maps -_ to +/,
// pads (length % 4 == 1 throws), runs the browser's atob (forgiving: ASCII whitespace skipped, + and / accepted),
// and reads the bytes as UTF-8, falling back to Latin-1 when they are not UTF-8.
function decodeLikeJwtDecode(token: unknown, segment: 'header' | 'payload'): Decoded {
  const fail = (why: string): Decoded => ({
    ok: false,
    error: `The client cannot decode the ${segment}: ${why} It logs "Unspecified JWT error" and lists no reasons.`,
  });
  if (typeof token !== 'string') return fail('the token is not text.');
  const text = token.split('.')[segment === 'header' ? 0 : 1];
  if (text === undefined) return fail('the token has no such segment.');
  let base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const remainder = base64.length % 4;
  if (remainder === 1) return fail('its length is not a possible base64url length.');
  if (remainder === 2) base64 += '==';
  if (remainder === 3) base64 += '=';
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return fail('it is not valid base64url.');
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const json = decodeUtf8(bytes) ?? binary;
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return fail('it is not valid JSON.');
  }
}

// `value?.[key]` with JavaScript's own lookup, primitives boxed, exactly as the client's destructuring reads it.
function field(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return undefined;
  return (Object(value) as Record<string, unknown>)[key];
}

// `isValidUnixTimestamp` (S1:109-111): a number whose milliseconds survive `new Date()` unchanged.
function isValidUnixTimestamp(timestamp: unknown): timestamp is number {
  return typeof timestamp === 'number' && timestamp * 1000 === new Date(timestamp * 1000).getTime();
}
