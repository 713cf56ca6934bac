// JaaS's names and their shapes: the AppID, the key id `<AppID>/<key id>`, the fixed iss/aud, the meeting host and
// the room segment. Pure text rules; the token checks that use them are in jaas-rules.ts.

import { JAAS_TENANT_PREFIX } from '../client/client-room';

/** The prefix of every JaaS AppID ("vpaas-magic-cookie-"), which is also the link's first path segment. */
export const JAAS_APP_ID_PREFIX = JAAS_TENANT_PREFIX;
/** The `iss` JaaS documents as hard-coded. */
export const JAAS_ISSUER = 'chat';
/** The `aud` JaaS documents as hard-coded. */
export const JAAS_AUDIENCE = 'jitsi';
/** The host of every JaaS meeting. */
export const JAAS_HOST = '8x8.vc';
/** The only algorithm in 8x8's examples; JaaS keys are RSA. */
export const JAAS_ALGORITHM = 'RS256';
/** The RSA size 8x8 asks for (4096 bits). */
export const JAAS_KEY_BITS = 4096;

/** What is wrong with a typed AppID, or null when it has JaaS's shape. */
export function appIdProblem(appId: string): string | null {
  const text = appId.trim();
  if (text === '') return 'Enter your AppID from the JaaS console (it starts with "vpaas-magic-cookie-").';
  if (!text.startsWith(JAAS_APP_ID_PREFIX)) {
    return `An AppID starts with "${JAAS_APP_ID_PREFIX}" (as the JaaS console shows it); "${text}" does not.`;
  }
  if (text.length === JAAS_APP_ID_PREFIX.length)
    return `The AppID needs the part after "${JAAS_APP_ID_PREFIX}".`;
  if (!isSafeSegment(text))
    return 'An AppID is one path segment: no "/", spaces or other URL-special characters.';
  return null;
}

/** The kid JaaS lists for an API key: `<AppID>/<key id>`. */
export function jaasKid(appId: string, keyId: string): string {
  return `${appId.trim()}/${keyId.trim()}`;
}

/** A typed key id read either as the bare key id or as the whole kid the console shows. */
export interface KidReading {
  /** The part after the first "/" (or the whole text without one). */
  keyId: string;
  /** The AppID the pasted kid starts with, or null when only a key id was typed. */
  appId: string | null;
}

/**
 * Reads what a user typed into the key id field: the console's whole kid (`vpaas-magic-cookie-…/4f4910`) or only
 * the part after the slash. The AppID part is split at the first "/", as the web client does (client rules §2 check 4).
 */
export function readKidInput(text: string): KidReading {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { keyId: trimmed, appId: null };
  return { keyId: trimmed.slice(slash + 1), appId: trimmed.slice(0, slash) };
}

// RFC 3986 unreserved characters plus percent escapes: "legitimate, safe URL characters" in one path segment.
const SAFE_SEGMENT = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$/;

/** True when `text` is one path segment of safe URL characters (letters, digits, `-._~` and %XX escapes). */
export function isSafeSegment(text: string): boolean {
  return SAFE_SEGMENT.test(text);
}
