// What the checker checks, from what the user gave: the prosody settings typed or assumed, the meeting, and the
// words for what is assumed. Pure functions, shared by CheckerState (its derived values) and by the first verdict
// that a page opened on a token shows before the app has mounted (first-verdict.ts), so both check the same thing.

import type { GeneratorSettings } from '../lib/jitsi/generate/claim-template';
import type { RoomUrlResult } from '../lib/jitsi/generate/room-url';
import type { PastedLink } from '../lib/jitsi/explain/meeting-paste';
import type { ProsodySettings } from '../lib/jitsi/server/prosody-settings';
import type { AssumedSettings, UnknownSetting } from '../lib/jitsi/server/unknown-settings';
import {
  DEFAULT_RELEASE_LINE,
  isReleaseLineId,
  type ReleaseLineId,
} from '../lib/jitsi/server/release-line-id';
import { JAAS_AUDIENCE } from '../lib/jitsi/jaas/jaas-app-id';
import { isJsonObject, type JsonObject } from '../lib/jwt/json-types';
import { decodeBase64url, decodeUtf8, parseJsonObject } from '../lib/jwt/token-codec';

/** The prosody options the checker form edits; app_id, secret and algorithm come from the generator form. */
export interface ServerOptions {
  allow_empty_token: boolean;
  enable_domain_verification: boolean;
  asap_require_room_claim: boolean;
  /** Comma-separated; blank means prosody's default. */
  asap_accepted_issuers: string;
  asap_accepted_audiences: string;
  asap_key_server: string;
  /** The Jitsi release line whose token code answers (rules §15). */
  release: ReleaseLineId;
}

/** prosody's defaults (rules §2). */
export const DEFAULT_SERVER_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  allow_empty_token: false,
  enable_domain_verification: true,
  asap_require_room_claim: true,
  asap_accepted_issuers: '',
  asap_accepted_audiences: '',
  asap_key_server: '',
  release: DEFAULT_RELEASE_LINE,
});

/** Restores saved server options over the defaults, keeping only fields of the right type. */
export function restoreServerOptions(saved: unknown): ServerOptions {
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS };
  if (!isJsonObject(saved)) return options;
  for (const key of ['allow_empty_token', 'enable_domain_verification', 'asap_require_room_claim'] as const) {
    const value = saved[key];
    if (typeof value === 'boolean') options[key] = value;
  }
  for (const key of ['asap_accepted_issuers', 'asap_accepted_audiences', 'asap_key_server'] as const) {
    const value = saved[key];
    if (typeof value === 'string') options[key] = value;
  }
  if (isReleaseLineId(saved['release'])) options.release = saved['release'];
  return options;
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The generator's part of what the checker reads: its settings and the key typed there. */
export interface GeneratorInputs {
  settings: GeneratorSettings;
  secret: string;
  /** The App secret field holds a whole token, which is never used as the secret. */
  secretIsToken: boolean;
}

/** The prosody settings as typed: the generator's app_id, secret and algorithm, and the checker's options. */
export function typedSettings(gen: GeneratorInputs, server: ServerOptions): ProsodySettings {
  const typed: ProsodySettings = {
    signature_algorithm: gen.settings.algorithm,
    allow_empty_token: server.allow_empty_token,
    enable_domain_verification: server.enable_domain_verification,
    asap_require_room_claim: server.asap_require_room_claim,
  };
  // Under JaaS prosody's app_id is not the user's: the stand-in accepts iss "chat" through its issuer list.
  if (gen.settings.deployment === 'jaas') typed.app_id = JAAS_AUDIENCE;
  else if (gen.settings.appId !== '') typed.app_id = gen.settings.appId;
  if (gen.settings.algorithm.startsWith('HS')) {
    if (gen.secret !== '' && !gen.secretIsToken) typed.app_secret = gen.secret;
  } else if (server.asap_key_server.trim() !== '') {
    typed.asap_key_server = server.asap_key_server.trim();
  }
  const issuers = splitList(server.asap_accepted_issuers);
  if (issuers.length > 0) typed.asap_accepted_issuers = issuers;
  const audiences = splitList(server.asap_accepted_audiences);
  if (audiences.length > 0) typed.asap_accepted_audiences = audiences;
  return typed;
}

/**
 * What the user gave of the server's settings when no configuration was pasted: what was typed, an option moved
 * off prosody's default, a key server or a preset's algorithm. The rest is assumed from the token.
 */
export function knownSettingsOf(
  typed: ProsodySettings,
  genSettings: GeneratorSettings,
  server: ServerOptions,
  hasPreset: boolean,
): ProsodySettings {
  const known: ProsodySettings = {};
  if (genSettings.appId !== '' || genSettings.deployment === 'jaas') known.app_id = typed.app_id ?? '';
  for (const name of [
    'app_secret',
    'asap_key_server',
    'asap_accepted_issuers',
    'asap_accepted_audiences',
  ] as const) {
    const value = typed[name];
    if (value !== undefined) (known as Record<string, unknown>)[name] = value;
  }
  for (const name of [
    'allow_empty_token',
    'enable_domain_verification',
    'asap_require_room_claim',
  ] as const) {
    if (server[name] !== DEFAULT_SERVER_OPTIONS[name]) known[name] = server[name];
  }
  if (known.asap_key_server !== undefined || hasPreset)
    known.signature_algorithm = typed.signature_algorithm ?? genSettings.algorithm;
  return known;
}

/** The settings a token is checked against: the assumed ones while some are unknown, else those given. */
export function settingsToCheck(settings: ProsodySettings, assumed: AssumedSettings | null): ProsodySettings {
  return assumed && assumed.unknown.length > 0 ? assumed.settings : settings;
}

/**
 * Domain, room and tenant of the meeting: from a pasted link, else from the generator's settings; `linkHost` is
 * the host in the link the tester opens.
 */
export interface Meeting {
  domain: string;
  linkHost: string;
  room: string;
  tenant: string | null;
  /** Where room and tenant come from. */
  source: 'link' | 'settings';
  /** Where the XMPP domain comes from: a pasted configuration, the generator's Domain, or the link's host. */
  domainSource: 'config' | 'settings' | 'link' | 'none';
}

/** The meeting checked: `configDomain` is a pasted configuration's VirtualHost ('' for none). */
export function meetingOf(
  link: PastedLink | null,
  configDomain: string,
  genSettings: GeneratorSettings,
  genLink: RoomUrlResult,
): Meeting {
  const typedDomain = genSettings.domain.trim();
  const domain = configDomain || typedDomain || link?.domain || '';
  const domainSource = configDomain ? 'config' : typedDomain ? 'settings' : link ? 'link' : 'none';
  if (link) {
    const { room, tenant } = link;
    return { domain, linkHost: link.domain, room: room ?? '', tenant, source: 'link', domainSource };
  }
  const room = genLink.ok ? genLink.url.pathRoom : genSettings.room.trim();
  const tenant = genSettings.tenant.trim() || null;
  const linkHost = genSettings.linkHost.trim() || typedDomain;
  return { domain, linkHost, room, tenant, source: 'settings', domainSource };
}

/** True when nobody gave a room: no meeting link was pasted and no room typed. */
export function isRoomUnknown(meeting: Meeting): boolean {
  return meeting.source === 'settings' && meeting.room === '';
}

/**
 * The room a check joins: the meeting's, or, when nobody gave one, `*`, which stands for no particular room. The
 * join checks that do not compare room names (sub, tenant, the claim's type, the room address) still run with it;
 * the name comparisons are left out ('room' in unknownsOf), and a fix for a missing room claim writes `*`.
 */
export function roomToCheck(meeting: Meeting): string {
  return isRoomUnknown(meeting) ? '*' : meeting.room;
}

/** What only unknown things decide, left out of the verdict: the unknown settings, and the room if none was given. */
export function unknownsOf(assumed: AssumedSettings | null, meeting: Meeting): UnknownSetting[] {
  return [
    ...(assumed?.unknown ?? []),
    ...(isRoomUnknown(meeting) ? (['room'] as const) : []),
    ...(meeting.domainSource === 'none' ? (['domain'] as const) : []),
  ];
}

/** The assumptions behind a verdict, in words; empty when the settings are known. */
export function assumptionsOf(
  assumed: AssumedSettings | null,
  meeting: Meeting,
  hasConfig: boolean,
  genSettings: GeneratorSettings,
): string[] {
  const isDomainUnknown = meeting.domainSource === 'none';
  if (!assumed || (assumed.unknown.length === 0 && !isRoomUnknown(meeting) && !isDomainUnknown)) return [];
  const out = [...assumed.assumptions];
  if (meeting.source === 'link' && !hasConfig && genSettings.domain.trim() === '') {
    out.push(`the XMPP domain is the link's host \`${meeting.domain}\``);
  }
  if (isRoomUnknown(meeting)) out.push('no room was given, so room names are not compared');
  if (isDomainUnknown) out.push('no domain was given, so sub is not compared with it');
  out.push("prosody's defaults for everything else");
  return out;
}

/** A token's header (0) or payload (1) as an object, or null when it is not base64url JSON. */
export function tokenPart(token: string | null, index: 0 | 1): JsonObject | null {
  const parts = token?.split('.', 2) ?? [];
  const part = parts[index];
  if (part === undefined || parts.length < 2) return null;
  const bytes = decodeBase64url(part);
  const text = bytes.ok ? decodeUtf8(bytes.bytes) : null;
  const parsed = text === null ? null : parseJsonObject(text, index === 0 ? 'header' : 'payload');
  return parsed?.ok ? parsed.value : null;
}
