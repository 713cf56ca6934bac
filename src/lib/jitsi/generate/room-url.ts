// Builds the test-room link https://HOST[/TENANT]/ROOM?jwt=TOKEN and says which room and tenant the Jitsi
// web client will derive from it. The one place that builds meeting URLs; it does not sign tokens.

import { backendSafePath, parseMeetingUrl, tenantProblems } from '../client/client-room';

/** What went wrong building a link, and which input caused it. */
export interface RoomUrlProblem {
  /** The input at fault: `linkHost` when the link's host was given apart from the XMPP domain. */
  field: 'domain' | 'linkHost' | 'tenant' | 'room';
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

/** Something the link works with but the web client complains about, in the client's own English text. */
export interface RoomUrlWarning {
  field: 'tenant';
  message: string;
}

/** A link (with what the client will complain about), or why none can be built. */
export type RoomUrlResult =
  { ok: true; url: RoomUrl; warnings: RoomUrlWarning[] } | { ok: false; problems: RoomUrlProblem[] };

const HOST_FORBIDDEN = /[\s/\\?#@]/;

// A meeting host (`meet.example.com` or `host:8443`) in its normalised form, or why it is not one.
function checkHost(host: string): { ok: true; host: string } | { ok: false; message: string } {
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
 * The tenant path as the client sends it (each segment backend-safe), or null without one: what `sub` must be on a
 * tenant link even before a room is typed.
 */
export function backendTenantPath(tenant: string): string | null {
  const segments = tenantSegments(tenant);
  return segments.length === 0 ? null : backendSafePath(segments.join('/'));
}

/**
 * Builds the https link for a room (and tenant), encoding each path segment, with the token in the query
 * (never the fragment: the client ignores a bare `#jwt=`; see jitsi-client-rules.md §1). `warnings` holds the
 * client's "Invalid tenant" texts for the tenant it reads from the link (jitsi-client-rules.md §3).
 */
export function buildRoomUrl(input: {
  host: string;
  /** Which input the host came from, so a problem is reported where the user typed it (default `domain`). */
  hostField?: 'domain' | 'linkHost';
  tenant?: string;
  room: string;
  token?: string | null;
}): RoomUrlResult {
  const problems: RoomUrlProblem[] = [];
  const host = checkHost(input.host);
  if (!host.ok) problems.push({ field: input.hostField ?? 'domain', message: host.message });
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
  const warnings = tenantProblems(parsed.url.tenant).map((problem): RoomUrlWarning => ({
    field: 'tenant',
    message: problem.message,
  }));
  return {
    ok: true,
    warnings,
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
