// The prosody VirtualHost options that decide whether a token is accepted, named exactly as in the .cfg.lua, and the
// one reading of them with prosody's defaults and option-type coercions. Does not parse config files (see
// config/prosody-config.ts and config/docker-env.ts).

import { formatLuaFloat } from './lua-numbers';
import { LuaTable, toLuaString, type LuaValue } from './lua-values';
import { RELEASE_LINES, type ReleaseLine } from './release-lines';

/** Token-related prosody options of one VirtualHost; absent means prosody's default. */
export interface ProsodySettings {
  /** The VirtualHost's auth provider; token checks happen only when it is `"token"` (rules §2). */
  authentication?: string;
  app_id?: string;
  app_secret?: string;
  asap_key_server?: string;
  cache_keys_url?: string;
  signature_algorithm?: string;
  allow_empty_token?: boolean;
  /** A plain string is treated by prosody as a one-item list. */
  asap_accepted_issuers?: string[] | string;
  asap_accepted_audiences?: string[] | string;
  asap_require_room_claim?: boolean;
  enable_domain_verification?: boolean;
  muc_mapper_domain_base?: string;
  muc_mapper_domain_prefix?: string;
  muc_mapper_domain?: string;
}

/**
 * The VirtualHost as `Util.new` reads it: every option with prosody's default applied. Lists and MUC names are Lua
 * byte strings (see lua-values.ts toLuaString); app_id, app_secret and authentication are as written.
 */
export interface EffectiveProsodyConfig {
  authentication: string | undefined;
  /** Set (even to `""`) or not; unset disables token authentication (U:110-113). */
  appId: string | undefined;
  appSecret: string | undefined;
  /** asap_key_server or cache_keys_url is set (even to `""`): keys come by kid, not from app_secret. */
  isPublicKeyMode: boolean;
  hasKeyServer: boolean;
  /**
   * `signature_algorithm`, else RS256 in public-key mode, else HS256; on a line that takes the algorithm from the
   * token, the default (what a fix writes and what an upgraded server would want).
   */
  algorithm: string;
  allowEmptyToken: boolean;
  /** null when app_id is unset and no list is configured (the default `{ app_id }` is then empty). */
  acceptedIssuers: readonly LuaValue[] | null;
  acceptedAudiences: readonly LuaValue[];
  requireRoomClaim: boolean;
  enableDomainVerification: boolean;
  mucDomainPrefix: string;
  mucDomainBase: string;
  mucDomain: string;
}

/**
 * Reads the settings as prosody does, with Lua semantics: `""` counts as set, a list gives its first item to a
 * scalar option, a plain string is a one-item list, and a boolean option yields false for values it does not know.
 * `domain` is the VirtualHost domain, taken for an unset `muc_mapper_domain_base`. The release line decides the
 * defaults that changed and the options that exist at all (one it lacks reads as unset).
 * @see jitsi-meet resources/prosody-plugins/token/util.lib.lua Util.new (U:55-140); prosody core/moduleapi.lua
 */
export function effectiveProsodyConfig(
  settings: ProsodySettings,
  domain: string,
  line: ReleaseLine = RELEASE_LINES.current,
): EffectiveProsodyConfig {
  // The settings may come from a pasted config or a share link: anything that is not an object has no options.
  const source: Readonly<Record<string, unknown>> =
    typeof settings === 'object' && settings !== null ? (settings as Record<string, unknown>) : {};
  const get = (name: string): unknown => (Object.hasOwn(source, name) ? source[name] : undefined);
  // module:get_option_string and _boolean (prosody 0.12): a list gives its first item.
  const scalar = (name: string): unknown => {
    const value = get(name);
    return Array.isArray(value) ? (value[0] as unknown) : value;
  };
  const readString = (name: string): string | undefined => {
    const value = scalar(name);
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return Number.isInteger(value) ? String(value) : formatLuaFloat(value);
    if (typeof value === 'boolean') return String(value);
    return undefined;
  };
  // true/"true"/1 are true; any other value is nil to prosody, which these options read as false.
  const readBoolean = (name: string, fallback: boolean): boolean => {
    const value = scalar(name);
    if (value === undefined || value === null) return fallback;
    return value === true || value === 'true' || value === 1;
  };
  // module:get_option_array: a plain value is a one-item list; undefined when the option is unset.
  const readList = (name: string): readonly LuaValue[] | undefined => {
    const value = get(name);
    if (value === undefined || value === null) return undefined;
    const items: unknown[] = Array.isArray(value) ? value : typeof value === 'object' ? [] : [value];
    const out: LuaValue[] = [];
    for (const item of items) {
      // ipairs stops at the first nil.
      if (item === undefined || item === null) break;
      if (typeof item === 'string') out.push(toLuaString(item));
      else if (typeof item === 'number' || typeof item === 'boolean') out.push(item);
      else out.push(new LuaTable(new Map(), []));
    }
    return out;
  };

  const appId = readString('app_id');
  const hasKeyServer = readString('asap_key_server') !== undefined;
  const isPublicKeyMode =
    hasKeyServer || (line.options.cacheKeysUrl && readString('cache_keys_url') !== undefined);
  const defaultAlgorithm = isPublicKeyMode ? 'RS256' : 'HS256';
  const mucDomainPrefix = readString('muc_mapper_domain_prefix') ?? 'conference';
  // Unset, prosody fails every join (U:396-400); every stock config sets it to the VirtualHost domain globally, so
  // an absent value is read as that domain.
  const mucDomainBase = readString('muc_mapper_domain_base') ?? domain;
  return {
    authentication: readString('authentication'),
    appId,
    appSecret: readString('app_secret'),
    isPublicKeyMode,
    hasKeyServer,
    algorithm:
      (line.options.signatureAlgorithm ? readString('signature_algorithm') : undefined) ?? defaultAlgorithm,
    allowEmptyToken: readBoolean('allow_empty_token', false),
    acceptedIssuers: readList('asap_accepted_issuers') ?? (appId === undefined ? null : [toLuaString(appId)]),
    acceptedAudiences: readList('asap_accepted_audiences') ?? ['*'],
    requireRoomClaim: readBoolean('asap_require_room_claim', true),
    enableDomainVerification: readBoolean(
      'enable_domain_verification',
      line.defaults.enableDomainVerification,
    ),
    mucDomainPrefix: toLuaString(mucDomainPrefix),
    mucDomainBase: toLuaString(mucDomainBase),
    mucDomain: toLuaString(readString('muc_mapper_domain') ?? `${mucDomainPrefix}.${mucDomainBase}`),
  };
}
