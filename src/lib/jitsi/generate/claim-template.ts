// The Jitsi claim template: the header and payload a Jitsi server with token auth expects, derived from the
// generator's settings. Pure: the issue time is an input. Does not sign (jws.ts) or build links (room-url.ts).

import { isJsonObject, type JsonObject } from '../../jwt/json-types';
import { isJitsiAlgorithm, type JitsiAlgorithm } from '../../jwt/jws';
import { buildRoomUrl, type RoomUrlResult } from './room-url';
import { mucSubdomainOf } from '../client/client-room';
import { JAAS_AUDIENCE, JAAS_ISSUER, jaasKid } from '../jaas/jaas-app-id';
import { setModerator, type ModeratorPlaceId } from './moderator-claims';

/** Where a "moderator" flag is written, each read by a different server plugin (rules §7). */
export interface ModeratorClaims {
  /** `context.user.moderator`: read by mod_token_affiliation. */
  contextUser: boolean;
  /** `context.user.affiliation: "owner"`: read by mod_token_affiliation. */
  affiliation: boolean;
  /** top-level `moderator`: read only by the community token_moderation plugin; stock Jitsi ignores it. */
  topLevel: boolean;
}

/** Who runs the server: your own prosody, or 8x8 JaaS (whose fixed claims and AppID rules the template follows). */
export type Deployment = 'self-hosted' | 'jaas';

/** Everything the generator form holds except the secret or private key. */
export interface GeneratorSettings {
  deployment: Deployment;
  /** The VirtualHost (XMPP) domain: what `sub` must be without a tenant. */
  domain: string;
  /** The public host of the link when it differs from the XMPP domain (docker: meet.jitsi vs a real name). */
  linkHost: string;
  /** The tenant path of the link; under JaaS the AppID, written verbatim as `sub` and as the kid's first part. */
  tenant: string;
  room: string;
  /** The token's `room` claim when it is not the link's room (JaaS: `*`, any room); '' = the link's backend room. */
  tokenRoom: string;
  appId: string;
  audience: string;
  algorithm: JitsiAlgorithm;
  /** Key id for RS* (ASAP) tokens; ignored for HS* and under JaaS. */
  kid: string;
  /** Under JaaS: the key id after "<AppID>/" in the kid the JaaS console lists. */
  jaasKeyId: string;
  lifetimeSeconds: number;
  /** How far `nbf` lies before `iat`, to absorb clock skew (prosody has no leeway). */
  nbfSkewSeconds: number;
  user: { name: string; email: string; avatar: string; id: string };
  isModerator: boolean;
  moderatorClaims: ModeratorClaims;
  /** How `context.user.moderator` is written: a JSON boolean, or the strings "true"/"false" JaaS documents. */
  moderatorValueStyle: 'boolean' | 'string';
  /**
   * How `context.features` values are written: the strings "true"/"false" (JaaS documents them, and every prosody
   * release reads "true") or JSON booleans.
   */
  featureValueStyle: 'boolean' | 'string';
  /** `context.features`, on or off per name; written only when the user set at least one (always under JaaS). */
  features: Readonly<Record<string, boolean>>;
}

/** Settings a new user starts from. */
export const DEFAULT_GENERATOR_SETTINGS: Readonly<GeneratorSettings> = Object.freeze({
  deployment: 'self-hosted',
  domain: '',
  linkHost: '',
  tenant: '',
  room: '',
  tokenRoom: '',
  appId: '',
  audience: 'jitsi',
  algorithm: 'HS256',
  kid: '',
  jaasKeyId: '',
  lifetimeSeconds: 3600,
  nbfSkewSeconds: 60,
  user: Object.freeze({ name: '', email: '', avatar: '', id: '' }),
  isModerator: true,
  moderatorClaims: Object.freeze({ contextUser: true, affiliation: true, topLevel: false }),
  moderatorValueStyle: 'boolean',
  featureValueStyle: 'string',
  features: Object.freeze({}),
});

/** Lifetime presets offered in the form, in seconds. */
export const LIFETIME_PRESETS = Object.freeze([
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '1 day', seconds: 86_400 },
  { label: '7 days', seconds: 7 * 86_400 },
] as const);

/** The values the template needs from the link: the room and tenant as the server will compare them. */
export interface TemplateRoom {
  /** '' when the link has no room yet (a token with its own `tokenRoom` needs none). */
  backendRoom: string;
  backendTenant: string | null;
  /**
   * The server compares a tenant meeting's room claim with the whole `[tenant]room` node (Jitsi 2020 without domain
   * verification, rules §15), so the claim must be that node.
   */
  isTenantRoomWholeNode?: boolean;
}

/**
 * Builds the header and payload Jitsi expects. `sub` is the tenant on a tenant URL, the domain otherwise
 * (rules §6 "What sub must equal"); `room` is the backend-safe form the server compares (rules §6; the whole
 * `[tenant]room` node where the server compares that, §15) unless
 * `tokenRoom` overrides it; `typ` is "JWT" because prosody requires it (rules §3.3.3). The moderator flag is written
 * by moderator.ts `setModerator` in each place `moderatorClaims` selects, explicitly false for a non-moderator so a
 * reused payload does not keep an old flag. Under JaaS, iss and aud are JaaS's fixed values, `sub` is the AppID
 * (the tenant, verbatim), the kid is "<AppID>/<key id>", and features are always present.
 * @see jaas/jaas-docs.ts (8x8's JWT page)
 */
export function buildClaimTemplate(
  settings: GeneratorSettings,
  room: TemplateRoom,
  issuedAt: number,
): { header: JsonObject; payload: JsonObject } {
  const isJaas = settings.deployment === 'jaas';
  const appId = settings.tenant.trim();
  const header: JsonObject = { alg: settings.algorithm, typ: 'JWT' };
  if (isJaas) {
    if (appId !== '' && settings.jaasKeyId.trim() !== '') header['kid'] = jaasKid(appId, settings.jaasKeyId);
  } else if (settings.algorithm.startsWith('RS') && settings.kid.trim() !== '') {
    header['kid'] = settings.kid.trim();
  }

  const user: JsonObject = {};
  for (const key of ['id', 'name', 'email', 'avatar'] as const) {
    const value = settings.user[key].trim();
    if (value !== '') user[key] = value;
  }
  const context: JsonObject = { user };
  const features = Object.entries(settings.features);
  if (features.length > 0 || isJaas) {
    const isString = settings.featureValueStyle === 'string';
    context['features'] = Object.fromEntries(
      features.map(([name, isOn]) => [name, isString ? String(isOn) : isOn]),
    );
  }

  const tokenRoom = settings.tokenRoom.trim();
  // The server knows a tenant by its MUC subdomain (`a.b` joins as `[a_b]room`), so sub and the node use that.
  const mucSubdomain = room.backendTenant === null ? null : mucSubdomainOf(room.backendTenant);
  const roomClaim =
    room.isTenantRoomWholeNode && mucSubdomain !== null && !isJaas
      ? `[${mucSubdomain}]${room.backendRoom}`
      : room.backendRoom;
  const payload: JsonObject = {
    aud: isJaas ? JAAS_AUDIENCE : settings.audience,
    iss: isJaas ? JAAS_ISSUER : settings.appId,
    sub: isJaas ? appId : (mucSubdomain ?? settings.domain.trim().toLowerCase()),
    room: tokenRoom === '' ? roomClaim : tokenRoom,
    iat: issuedAt,
    nbf: issuedAt - settings.nbfSkewSeconds,
    exp: issuedAt + settings.lifetimeSeconds,
    context,
  };
  const places: ModeratorPlaceId[] = [];
  if (settings.moderatorClaims.contextUser) places.push('context-user-moderator');
  if (settings.moderatorClaims.affiliation) places.push('context-user-affiliation');
  if (settings.moderatorClaims.topLevel) places.push('top-level-moderator');
  return {
    header,
    payload: setModerator(payload, settings.isModerator, places, {
      valueStyle: settings.moderatorValueStyle,
    }),
  };
}

/** Merges saved settings over the defaults, keeping only fields of the right type. */
export function restoreSettings(saved: unknown): GeneratorSettings {
  const base: GeneratorSettings = structuredClone({
    ...DEFAULT_GENERATOR_SETTINGS,
    user: { ...DEFAULT_GENERATOR_SETTINGS.user },
    moderatorClaims: { ...DEFAULT_GENERATOR_SETTINGS.moderatorClaims },
    features: { ...DEFAULT_GENERATOR_SETTINGS.features },
  });
  if (!isJsonObject(saved)) return base;
  for (const key of [
    'domain',
    'linkHost',
    'tenant',
    'room',
    'appId',
    'audience',
    'kid',
    'jaasKeyId',
    'tokenRoom',
  ] as const) {
    const value = saved[key];
    if (typeof value === 'string') base[key] = value;
  }
  if (isJitsiAlgorithm(saved['algorithm'])) base.algorithm = saved['algorithm'];
  for (const key of ['lifetimeSeconds', 'nbfSkewSeconds'] as const) {
    const value = saved[key];
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) base[key] = value;
  }
  if (typeof saved['isModerator'] === 'boolean') base.isModerator = saved['isModerator'];
  const style = saved['moderatorValueStyle'];
  if (style === 'boolean' || style === 'string') base.moderatorValueStyle = style;
  const featureStyle = saved['featureValueStyle'];
  if (featureStyle === 'boolean' || featureStyle === 'string') base.featureValueStyle = featureStyle;
  const deployment = saved['deployment'];
  if (deployment === 'self-hosted' || deployment === 'jaas') base.deployment = deployment;
  const user = saved['user'];
  if (isJsonObject(user)) {
    for (const key of ['name', 'email', 'avatar', 'id'] as const) {
      const value = user[key];
      if (typeof value === 'string') base.user[key] = value;
    }
  }
  const claims = saved['moderatorClaims'];
  if (isJsonObject(claims)) {
    for (const key of ['contextUser', 'affiliation', 'topLevel'] as const) {
      const value = claims[key];
      if (typeof value === 'boolean') base.moderatorClaims[key] = value;
    }
  }
  const features = saved['features'];
  if (isJsonObject(features)) {
    const clean: Record<string, boolean> = {};
    for (const [name, value] of Object.entries(features)) if (typeof value === 'boolean') clean[name] = value;
    base.features = clean;
  }
  return base;
}

/** The test-room link the settings give (without a token): the Link host when typed, else the Domain. */
export function settingsRoomLink(settings: GeneratorSettings): RoomUrlResult {
  return buildRoomUrl({
    host: settings.linkHost.trim() || settings.domain,
    hostField: settings.linkHost.trim() ? 'linkHost' : 'domain',
    tenant: settings.tenant,
    room: settings.room,
  });
}
