// JaaS's fixed names and how a kid is made: the AppID prefix, the key id `<AppID>/<key id>`, the fixed iss/aud/alg
// and the meeting host. Small on purpose (the generator loads it at startup); the shape checks are in jaas-names.ts.

import { JAAS_AUDIENCE, JAAS_ISSUER, JAAS_TENANT_PREFIX } from '../client/client-jaas';

/**
 * The prefix of every JaaS AppID, as the JaaS console shows it: the same text the web client detects a JaaS meeting
 * by in the link's first segment, so it is the client's constant.
 */
export const JAAS_APP_ID_PREFIX = JAAS_TENANT_PREFIX;
/** The fixed `iss` and `aud` of a JaaS token, as the web client requires them. */
export { JAAS_AUDIENCE, JAAS_ISSUER };
/** The host of every JaaS meeting. */
export const JAAS_HOST = '8x8.vc';
/** The only algorithm in 8x8's examples; JaaS keys are RSA. */
export const JAAS_ALGORITHM = 'RS256';
/** The RSA size 8x8 asks for (4096 bits). */
export const JAAS_KEY_BITS = 4096;

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
