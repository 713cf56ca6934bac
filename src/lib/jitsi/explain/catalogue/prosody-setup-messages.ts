// Prosody's start-up texts: why token authentication is not offered at all. A data table.

import { entry, U, type CatalogueEntry } from './catalogue-entry';

/** Prosody's start-up refusals. */
export const PROSODY_SETUP_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
  entry({
    id: 'app-id-missing',
    stage: 'config',
    summary: 'app_id is not set, so prosody offers no token authentication at all.',
    causes: [
      [
        'app_id is missing on the VirtualHost (an empty string "" would still work).',
        'app_id',
        ['app-id-missing'],
      ],
    ],
    patterns: [/'app_id'\s+must\s+not\s+be\s+empty/i],
    examples: ["'app_id' must not be empty"],
    source: `${U} Util.new`,
  }),
  entry({
    id: 'key-config-missing',
    stage: 'config',
    summary: 'No way to verify signatures is configured, so prosody offers no token authentication.',
    causes: [
      [
        'None of app_secret, asap_key_server, cache_keys_url is set.',
        'app_secret, asap_key_server, cache_keys_url',
        ['key-config-missing'],
      ],
    ],
    patterns: [/'app_secret',\s*'asap_key_server\s+or\s+'cacheKeysUrl'\s+must\s+be\s+specified/i],
    examples: ["'app_secret', 'asap_key_server or 'cacheKeysUrl' must be specified"],
    source: `${U} Util.new`,
  }),
]);
