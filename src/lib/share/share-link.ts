// "Share without secrets": encodes the token, the pasted meeting's address, non-secret settings and room into the
// URL fragment of a link to this app, and reads them back. The fragment never reaches a server; no field holds a secret.

import { decodeBase64url, decodeUtf8, encodeBase64url } from '../jwt/token-codec';
import { isJsonObject, type JsonObject } from '../jwt/json-types';

/** What a shared link carries. Deliberately no secret, no private key. */
export interface SharedState {
  token: string | null;
  /**
   * The address of the meeting the token was pasted with (origin and path: host, tenant, room), so that the link
   * reopens as the same check; null when the token was pasted alone or came from the generator.
   */
  meetingLink: string | null;
  /** Generator settings without any secret (the caller passes its settings object, which holds none). */
  settings: JsonObject;
  /** prosody options of the checker (no secret among them). */
  server: JsonObject;
}

const PREFIX = '#share=';
/** Keys that must never travel in a shared link, wherever they appear. */
const FORBIDDEN_KEYS = Object.freeze(['secret', 'app_secret', 'appSecret', 'privateKey', 'd']);

function withoutSecrets(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.includes(key)) continue;
    out[key] = isJsonObject(item) ? withoutSecrets(item) : item;
  }
  return out;
}

// The longest token a share link carries, in characters: browsers and chat tools cut longer links.
const MAX_SHARED_TOKEN_LENGTH = 16_384;

/** A share link, and whether the token was left out of it for being too long. */
export interface ShareLink {
  href: string;
  /** True when `state.token` was longer than 16 384 characters: the link carries the settings only. */
  isTokenOmitted: boolean;
}

/**
 * Builds the app link for `state`: the page address without query or fragment, then `#share=…`. A token longer than
 * 16 384 characters is left out (the colleague can paste it themselves), and `isTokenOmitted` says so.
 */
export function buildShareLink(pageHref: string, state: SharedState): ShareLink {
  const url = new URL(pageHref);
  url.search = '';
  url.hash = '';
  const isTokenOmitted = (state.token?.length ?? 0) > MAX_SHARED_TOKEN_LENGTH;
  const body = {
    v: 1,
    token: isTokenOmitted ? null : state.token,
    meetingLink: meetingAddress(state.meetingLink),
    settings: withoutSecrets(state.settings),
    server: withoutSecrets(state.server),
  };
  return { href: `${url.href}${PREFIX}${encodeBase64url(JSON.stringify(body))}`, isTokenOmitted };
}

/** Reads a shared state from a location hash; null when the hash is not a share link or is damaged. */
export function readShareHash(hash: string): SharedState | null {
  if (!hash.startsWith(PREFIX)) return null;
  const bytes = decodeBase64url(hash.slice(PREFIX.length));
  if (!bytes.ok) return null;
  const text = decodeUtf8(bytes.bytes);
  if (text === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isJsonObject(value) || value['v'] !== 1) return null;
  const token = typeof value['token'] === 'string' ? value['token'] : null;
  const meetingLink = typeof value['meetingLink'] === 'string' ? meetingAddress(value['meetingLink']) : null;
  const settings = isJsonObject(value['settings']) ? withoutSecrets(value['settings']) : {};
  const server = isJsonObject(value['server']) ? withoutSecrets(value['server']) : {};
  return { token, meetingLink, settings, server };
}

/**
 * What a share link puts into "Token or meeting URL": the meeting link with its token as `?jwt=` when one was
 * shared (so host, tenant and room are read as from a fresh paste), else the bare token, else ''.
 */
export function sharedCheckText(state: Pick<SharedState, 'token' | 'meetingLink'>): string {
  if (state.meetingLink === null) return state.token ?? '';
  if (state.token === null) return state.meetingLink;
  return `${state.meetingLink}?jwt=${state.token}`;
}

// Only an http(s) page address travels: no user info, query or fragment, which could hold anything (a password,
// a second token); the room and tenant live in the path.
function meetingAddress(href: string | null): string | null {
  if (href === null) return null;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  return `${url.origin}${url.pathname}`;
}
