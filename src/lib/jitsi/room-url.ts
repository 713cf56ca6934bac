// Builds the test-room link https://HOST[/TENANT]/ROOM?jwt=TOKEN and says which room and tenant the Jitsi
// web client will derive from it. The one place that builds meeting URLs; it does not sign tokens.

import { parseMeetingUrl } from './client-room';

/** What went wrong building a link, and which input caused it. */
export interface RoomUrlProblem {
  field: 'domain' | 'tenant' | 'room';
  message: string;
}

/** A meeting link and the names the Jitsi web client and prosody will use for it. */
export interface RoomUrl {
  /** The link without the token (safe to show and share). */
  baseHref: string;
  /** The link with `?jwt=` when a token was given. */
  href: string;
  /** The room the client joins, backend-safe (what the token's `room` must equal, case aside). */
  backendRoom: string;
  /** The tenant path, backend-safe, or null (what `sub` must equal on a tenant URL). */
  backendTenant: string | null;
  /** The room segment as it appears in the link path. */
  pathRoom: string;
}

export type RoomUrlResult = { ok: true; url: RoomUrl } | { ok: false; problems: RoomUrlProblem[] };

const HOST_FORBIDDEN = /[\s/\\?#@]/;

/** Checks a meeting host (`meet.example.com` or `host:8443`) and returns its normalised form or a problem. */
export function checkHost(host: string): { ok: true; host: string } | { ok: false; message: string } {
  const trimmed = host.trim();
  if (trimmed === '')
    return { ok: false, message: 'Enter the domain of your Jitsi server, e.g. meet.example.com.' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return { ok: false, message: 'Enter only the host name, without "https://" (e.g. meet.example.com).' };
  }
  if (HOST_FORBIDDEN.test(trimmed)) {
    return { ok: false, message: 'A domain cannot contain spaces, "/", "\\", "?", "#" or "@".' };
  }
  let parsed: URL;
  try {
    parsed = new URL(`https://${trimmed}/`);
  } catch {
    return { ok: false, message: `"${trimmed}" is not a valid host name.` };
  }
  // URL accepts "javascript:alert(1)" as host "javascript" with a bad port only in some forms; insist on a
  // round trip so nothing but a host and an optional port survives.
  if (parsed.username || parsed.password || parsed.pathname !== '/' || parsed.search || parsed.hash) {
    return { ok: false, message: `"${trimmed}" is not a plain host name.` };
  }
  return { ok: true, host: parsed.host };
}

/** Splits a tenant path into its non-empty segments. */
function tenantSegments(tenant: string): string[] {
  return tenant
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * Builds the https link for a room (and tenant), encoding each path segment, with the token in the query
 * (never the fragment: the client ignores a bare `#jwt=`; see jitsi-client-rules.md §1).
 */
export function buildRoomUrl(input: {
  host: string;
  tenant?: string;
  room: string;
  token?: string | null;
}): RoomUrlResult {
  const problems: RoomUrlProblem[] = [];
  const host = checkHost(input.host);
  if (!host.ok) problems.push({ field: 'domain', message: host.message });
  const room = input.room.trim();
  if (room === '') problems.push({ field: 'room', message: 'Enter a room name.' });
  const segments = tenantSegments(input.tenant ?? '');
  if (!host.ok || room === '') return { ok: false, problems };

  const path = [...segments, room].map((s) => encodeURIComponent(s)).join('/');
  let base: URL;
  try {
    base = new URL(`https://${host.host}/${path}`);
  } catch {
    return { ok: false, problems: [{ field: 'room', message: 'This room name cannot be put in a link.' }] };
  }
  const parsed = parseMeetingUrl(base.href);
  if (!parsed.ok || !parsed.url.room) {
    return {
      ok: false,
      problems: [
        {
          field: 'room',
          message:
            'The Jitsi web client removes every character of this room name; choose letters or digits.',
        },
      ],
    };
  }
  const href = input.token ? `${base.href}?jwt=${input.token}` : base.href;
  return {
    ok: true,
    url: {
      baseHref: base.href,
      href,
      backendRoom: parsed.url.backendRoom ?? '',
      backendTenant: parsed.url.backendTenant,
      pathRoom: parsed.url.room,
    },
  };
}

/** True when a string is a link the app may render as clickable: only https: and http:. */
export function isSafeLink(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

/** The host (with port) of an http(s) URL such as docker's PUBLIC_URL, or null when it is not one. */
export function hostOfUrl(href: string): string | null {
  try {
    const url = new URL(href.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.host : null;
  } catch {
    return null;
  }
}

const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/**
 * The invisible or direction-changing characters in a name (zero-width spaces, bidi controls…), as `U+XXXX`.
 * They survive into the link and the `room` claim, so the link opens a room that looks like another one.
 */
export function invisibleCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(INVISIBLE)) {
    found.add(`U+${match[0].codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...found];
}
