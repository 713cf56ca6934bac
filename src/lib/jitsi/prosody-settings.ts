// The prosody VirtualHost options that decide whether a token is accepted, named exactly as in the
// .cfg.lua, with prosody's defaults. Does not parse config files (see config-parsers.ts).

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
}

/** Whether the server verifies with public keys (key server or JWKS) rather than app_secret. */
export function isPublicKeyMode(settings: ProsodySettings): boolean {
  return Boolean(settings.asap_key_server) || Boolean(settings.cache_keys_url);
}

/**
 * The single algorithm prosody accepts: `signature_algorithm`, else RS256 in public-key mode, else HS256.
 * @see jitsi-meet resources/prosody-plugins/token/util.lib.lua (Util.new, signature_algorithm)
 */
export function effectiveAlgorithm(settings: ProsodySettings): string {
  if (settings.signature_algorithm) return settings.signature_algorithm;
  return isPublicKeyMode(settings) ? 'RS256' : 'HS256';
}

/** Prosody's list semantics: a string is a one-item list; `undefined` gives the default. */
export function asList(value: string[] | string | undefined, fallback: readonly string[]): readonly string[] {
  if (value === undefined) return fallback;
  return typeof value === 'string' ? [value] : value;
}
