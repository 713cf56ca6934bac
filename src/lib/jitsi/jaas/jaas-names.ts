// Whether typed JaaS names have JaaS's shape: the AppID, and a room or AppID as one safe path segment. Loaded
// with the JaaS fields and the checker, not at startup.

import { JAAS_APP_ID_PREFIX } from './jaas-app-id';

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

// RFC 3986 unreserved characters plus percent escapes: "legitimate, safe URL characters" in one path segment.
const SAFE_SEGMENT = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+$/;

/** True when `text` is one path segment of safe URL characters (letters, digits, `-._~` and %XX escapes). */
export function isSafeSegment(text: string): boolean {
  return SAFE_SEGMENT.test(text);
}
