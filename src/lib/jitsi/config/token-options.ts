// The prosody options that shape token verification, grouped by how prosody reads them (string, boolean, list),
// and the look-alike options that do not. Pure tables; the readers decide what to do with them.

import type { ProsodySettings } from '../server/prosody-settings';

type OptionsOfType<T> = {
  [K in keyof ProsodySettings]-?: NonNullable<ProsodySettings[K]> extends T ? K : never;
}[keyof ProsodySettings];
/** A token option prosody reads as a string. */
export type StringOption = OptionsOfType<string>;
/** A token option prosody reads as a boolean. */
export type BooleanOption = OptionsOfType<boolean>;
/** A token option prosody reads as a list. */
export type ListOption = Exclude<keyof ProsodySettings, StringOption | BooleanOption>;

/** Token options read with get_option_string. */
export const STRING_OPTIONS = Object.freeze([
  'authentication',
  'app_id',
  'app_secret',
  'asap_key_server',
  'cache_keys_url',
  'signature_algorithm',
  'muc_mapper_domain_base',
  'muc_mapper_domain_prefix',
] as const satisfies readonly StringOption[]);
/** Token options read with get_option_boolean. */
export const BOOLEAN_OPTIONS = Object.freeze([
  'allow_empty_token',
  'asap_require_room_claim',
  'enable_domain_verification',
] as const satisfies readonly BooleanOption[]);
/** Token options read with get_option_array. */
export const LIST_OPTIONS = Object.freeze([
  'asap_accepted_issuers',
  'asap_accepted_audiences',
] as const satisfies readonly ListOption[]);

/** Options that look token-related but do not affect incoming verification, with why (rules §2). */
export const OTHER_OPTION_WHY: Readonly<Record<string, string>> = Object.freeze({
  asap_issuer: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_audience: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_key_id: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_key_path: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_ttl: 'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  asap_ttl_threshold:
    'only used for tokens prosody itself signs for outgoing calls; does not affect verification',
  muc_mapper_domain: 'overrides <prefix>.<base> as the MUC host; not modelled by the checker',
  jwt_pubkey_cache_size: 'key cache size; does not change which tokens pass',
});

/** True for an option that feeds token verification (one of the string, boolean or list options). */
export function isTokenOption(name: string): boolean {
  return (
    (STRING_OPTIONS as readonly string[]).includes(name) ||
    (BOOLEAN_OPTIONS as readonly string[]).includes(name) ||
    (LIST_OPTIONS as readonly string[]).includes(name)
  );
}
