// Room and tenant as the Jitsi web client sees them: the characters it strips from the address (and the invisible
// ones it keeps), its reading of room and tenant, the backend-safe forms it sends to prosody, JaaS detection and
// its "Invalid tenant" texts.
// Does not build meeting URLs (room-url building is its own module) and does not read tokens (client-token-url.ts).

import { JAAS_TENANT_PREFIX } from './client-jaas';

/**
 * The characters the client deletes from every path segment: `_ROOM_EXCLUDE_PATTERN`.
 * @see jitsi-client-rules.md §6 (S6:24)
 */
export const ROOM_EXCLUDED_CHARACTERS = Object.freeze([
  ':',
  '?',
  '#',
  '[',
  ']',
  '@',
  '!',
  '$',
  '&',
  "'",
  '(',
  ')',
  '*',
  '+',
  ',',
  ';',
  '=',
  '>',
  '<',
  '/',
  '"',
] as const);

// The longest tenant the client accepts without complaint (S4:628-646).
const MAX_TENANT_LENGTH = 63;

const EXCLUDED = new Set<string>(ROOM_EXCLUDED_CHARACTERS);
const EXCLUDED_PATTERN = /[:?#[\]@!$&'()*+,;=></"]/g;

/**
 * Removes the characters the client strips from one path segment; percent-escapes are left alone (`_fixPathPart`).
 * @see jitsi-client-rules.md §6 step 3 (S6:71-75)
 */
export function cleanPathSegment(segment: string): string {
  return segment.replace(EXCLUDED_PATTERN, '');
}

/**
 * The room name the client sends to the backend: decodeURIComponent (raw on failure), NFKC, lower case,
 * encodeURIComponent, lower case again (`getBackendSafeRoomName`).
 * @see jitsi-client-rules.md §6 (S6:143-187)
 */
export function backendSafeRoomName(room: string): string {
  if (!room) return room;
  let text = room;
  try {
    text = decodeURIComponent(text);
  } catch {
    // The client keeps the raw text when it is not valid percent-encoding (a lone `%`, bad UTF-8).
  }
  text = text.normalize('NFKC').toLowerCase();
  // encodeURIComponent throws on a lone surrogate, which no browser address can carry; take it as U+FFFD, as the
  // browser would have written it, so that a typed room name can never make this throw.
  return encodeURIComponent(replaceLoneSurrogates(text)).toLowerCase();
}

/**
 * Applies {@link backendSafeRoomName} to each `/`-separated segment and joins them again (`getBackendSafePath`).
 * @see jitsi-client-rules.md §6 (S6:125-135)
 */
export function backendSafePath(path: string): string {
  if (!path) return path;
  return path.split('/').map(backendSafeRoomName).join('/');
}

/**
 * True when the first segment of an address path starts with `vpaas-magic-cookie-`, case-sensitively
 * (`isVpaasMeeting` on `locationURL.pathname`).
 * @see jitsi-client-rules.md §6 "JaaS detection" (S8 functions.ts:14-50, constants.ts:17)
 */
export function isJaasMeeting(pathname: string): boolean {
  const first = pathname.split('/')[1] ?? '';
  return first.startsWith(JAAS_TENANT_PREFIX);
}

/** A meeting address read the way the web client reads `location.href`. */
export interface MeetingUrl {
  /** The address as the browser normalises it (what `location.href` holds). */
  href: string;
  /** Host with port, as the browser reports it. */
  host: string;
  /** Host without port, as the browser reports it (IDN hosts in their `xn--` form). */
  hostname: string;
  /** The last path segment after cleaning, still percent-encoded; null when the path ends in `/`. */
  room: string | null;
  /** Everything between the first and the last `/` after cleaning (may hold several segments); null when none. */
  tenant: string | null;
  /** What the client sends to the backend as the room. */
  backendRoom: string | null;
  /** The tenant in backend-safe form, segment by segment. */
  backendTenant: string | null;
  isJaasMeeting: boolean;
}

/** Stable codes for an address the client could not be pointed at. */
export type MeetingUrlProblemCode = 'not-a-url' | 'not-http';

/** Why a text is not a meeting address. */
export interface MeetingUrlProblem {
  code: MeetingUrlProblemCode;
  message: string;
}

/** A meeting address, or why the text is not one. */
export type MeetingUrlResult = { ok: true; url: MeetingUrl } | { ok: false; problem: MeetingUrlProblem };

/**
 * Reads room and tenant from a meeting address the way the web client does: the browser's normalised href
 * through `parseURIString` (whitespace removed, each segment cleaned, room after the last `/`, tenant only when
 * that `/` is past index 1), plus the backend-safe forms and JaaS detection.
 * @see jitsi-client-rules.md §6 (S6:359-395, S9 app/actions.web.ts:40-93)
 */
export function parseMeetingUrl(href: string): MeetingUrlResult {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return {
      ok: false,
      problem: {
        code: 'not-a-url',
        message: 'This is not a web address a browser could open (it needs https://…).',
      },
    };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      problem: {
        code: 'not-http',
        message: `A Jitsi meeting address starts with https:// (this one starts with ${url.protocol}).`,
      },
    };
  }
  const parsed = parseUriString(url.href);
  const room = parsed.room;
  const tenant = parsed.tenant;
  return {
    ok: true,
    url: {
      href: url.href,
      host: url.host,
      hostname: url.hostname,
      room,
      tenant,
      backendRoom: room === null ? null : backendSafeRoomName(room),
      backendTenant: tenant === null ? null : backendSafePath(tenant),
      // The client tests the browser's pathname, which `parseURIString` has not cleaned.
      isJaasMeeting: isJaasMeeting(url.pathname),
    },
  };
}

/** What the client would change in a room name typed by a tester. */
export interface CleanedRoom {
  /** The typed name without the characters the client strips. */
  cleaned: string;
  /** Each stripped character once, in order of first appearance. */
  removed: string[];
  /** True when `cleaned` differs from what was typed. */
  changed: boolean;
  /** What the client sends to the backend for the cleaned name. */
  backendRoom: string;
}

/**
 * Says what the client would join for a typed room name: the characters it strips from the address removed,
 * and the backend-safe form of the result; the cleaned name behaves the same whether a link carries it raw or
 * percent-encoded.
 * @see jitsi-client-rules.md §6 steps 3-4 (S6:24, S6:71-75, S6:143-187)
 */
export function cleanRoomInput(typed: string): CleanedRoom {
  const removed: string[] = [];
  let cleaned = '';
  for (const ch of typed) {
    if (EXCLUDED.has(ch)) {
      if (!removed.includes(ch)) removed.push(ch);
    } else {
      cleaned += ch;
    }
  }
  return { cleaned, removed, changed: cleaned !== typed, backendRoom: backendSafeRoomName(cleaned) };
}

// Soft hyphen, zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, the word joiner and
// invisible operators, and the BOM. The browser percent-encodes them in a link, so nothing on the way removes them.
const INVISIBLE_CHARACTER = /^[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]$/;

/** True when `ch` (one UTF-16 unit) is an invisible or direction-changing character (zero-width space, bidi mark…). */
export function isInvisibleCharacter(ch: string): boolean {
  return INVISIBLE_CHARACTER.test(ch);
}

/**
 * The invisible or direction-changing characters in a name (zero-width spaces, bidi controls…), each once, as
 * `U+XXXX`. They survive into the link and the `room` claim, so the link opens a room that looks like another one.
 */
export function invisibleCharacters(text: string): string[] {
  const found = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (isInvisibleCharacter(ch))
      found.add(`U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  }
  return [...found];
}

/** Stable codes for the client's "Invalid tenant" notifications. */
export type TenantProblemCode = 'tenant-hyphen' | 'tenant-too-long';

/** One "Invalid tenant" notification, with the client's English texts. */
export interface TenantProblem {
  code: TenantProblemCode;
  title: string;
  message: string;
}

/** The client's English texts for tenant problems (S3:925-927). */
export const TENANT_PROBLEM_TEXTS = Object.freeze({
  title: 'Invalid tenant',
  'tenant-hyphen': "The tenant you are using is invalid (starts or ends with '-').",
  'tenant-too-long': 'The tenant you are using is too long.',
} as const);

/**
 * The "Invalid tenant" notification the client shows on `CONFERENCE_REQUEST_FAILED` for this tenant (as
 * `parseMeetingUrl` returns it): a leading or trailing `-` first, else more than 63 characters; at most one.
 * @see jitsi-client-rules.md §3 (S4:628-646, S3:925-927)
 */
export function tenantProblems(tenant: string | null): TenantProblem[] {
  if (!tenant) return [];
  const title = TENANT_PROBLEM_TEXTS.title;
  if (tenant.startsWith('-') || tenant.endsWith('-')) {
    return [{ code: 'tenant-hyphen', title, message: TENANT_PROBLEM_TEXTS['tenant-hyphen'] }];
  }
  if (tenant.length > MAX_TENANT_LENGTH) {
    return [{ code: 'tenant-too-long', title, message: TENANT_PROBLEM_TEXTS['tenant-too-long'] }];
  }
  return [];
}

interface ParsedUri {
  room: string | null;
  tenant: string | null;
}

// The path part of `parseStandardURIString` + `parseURIString` (S6:263-395). Host and port are taken from the
// platform URL instead: the client's own split misreads IPv6 hosts and nothing here depends on it.
// Regexes are anchored and free of nested quantifiers, so they stay linear on long input.
function parseUriString(uri: string): ParsedUri {
  let rest = uri.replace(/\s/g, '');
  const protocol = /^[a-z][a-z0-9.+-]*:/i.exec(rest);
  if (protocol) rest = rest.substring(protocol[0].length);
  const authority = /^\/\/[^/?#]+/.exec(rest);
  if (authority) rest = rest.substring(authority[0].length);
  const pathEnd = rest.search(/[?#]/);
  let pathname = pathEnd === -1 ? rest : rest.substring(0, pathEnd);
  if (!pathname) pathname = '/';
  else if (!pathname.startsWith('/')) pathname = `/${pathname}`;
  pathname = pathname.split('/').map(cleanPathSegment).join('/');
  const lastSlash = pathname.lastIndexOf('/');
  const room = pathname.substring(lastSlash + 1) || null;
  const tenant = lastSlash > 1 ? pathname.substring(1, lastSlash) : null;
  return { room, tenant };
}

function replaceLoneSurrogates(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * The MUC subdomain a tenant becomes: stock config.js lower-cases it and turns every `.` into `_`, so the tenant
 * `a.b` joins `[a_b]room` and the token's `sub` must be `a_b` (jitsi-token-rules.md §14).
 */
export function mucSubdomainOf(tenant: string): string {
  return tenant.split('.').join('_').toLowerCase();
}
