// Prosody's own log lines around token authentication that are not refusals of a token: a module that failed to
// load, no SASL mechanism, the empty-token warning, an XMPP component's handshake, and Prosody 13's tokenauth.
// A data table.

import { entry, U, type CatalogueEntry } from './catalogue-entry';

/** Server log lines that explain why tokens are not checked as expected. */
export const PROSODY_SERVER_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
  entry({
    id: 'module-load-failed',
    stage: 'config',
    summary:
      'A prosody module or a Lua library it needs failed to load, so token authentication is missing or broken.',
    causes: [
      [
        'The token plugins are not installed where plugin_paths points (mod_auth_token, token/util.lib.lua), or authentication names a module that does not exist (auth_jwt).',
        'plugin_paths, authentication',
        [],
      ],
      [
        'A Lua library is missing or built for another Lua version (luajwtjitsi, basexx, luaossl "crypto", cjson): install it with luarocks for the Lua version prosody runs.',
        'the Lua libraries on the server',
        [],
      ],
    ],
    patterns: [
      /Unable\s+to\s+load\s+module\s+'[^'\n]+'/i,
      /Error\s+initializing\s+module\s+'[^'\n]+'/i,
      /module\s+'[^'\n]+'\s+not\s+found/i,
      /error\s+loading\s+module\s+'[^'\n]+'/i,
    ],
    examples: [
      "Unable to load module 'auth_jwt': /usr/lib/prosody/modules/mod_auth_jwt/mod_auth_jwt.lua: No such file or directory",
      "Error initializing module 'meeting_http' on 'meet.jitsi': /usr/share/lua/5.4/prosody/util/startup.lua:203: module 'luajwtjitsi' not found:",
      "error loading module 'crypto' from file '/usr/local/lib/lua/5.4/crypto.so'",
    ],
    source: 'prosody core/modulemanager.lua and Lua require',
    topics: ['prosody-module'],
  }),
  entry({
    id: 'sasl-no-mechanism',
    stage: 'auth',
    summary:
      'Prosody offers no way to log in on this host: the authentication module named in the config did not load.',
    causes: [
      [
        'authentication = "token" but mod_auth_token did not load (plugin_paths wrong, a Lua library missing), or Util.new refused the settings (no app_id, no secret or key server).',
        'authentication, plugin_paths, app_id, app_secret',
        ['app-id-missing', 'key-config-missing'],
      ],
    ],
    patterns: [/No\s+available\s+SASL\s+mechanisms/i],
    examples: [
      "No available SASL mechanisms, verify that the configured authentication module 'token' is loaded",
    ],
    source: 'prosody modules/mod_saslauth.lua',
    topics: ['prosody-module'],
  }),
  entry({
    id: 'empty-tokens-warning',
    stage: 'config',
    summary: 'The host accepts connections without a token (allow_empty_token = true).',
    causes: [
      [
        'allow_empty_token is on for this host; a token that is present is still verified.',
        'allow_empty_token',
        ['anonymous-access'],
      ],
    ],
    patterns: [/WARNING\s*-\s*empty\s+tokens\s+allowed/i],
    examples: ['WARNING - empty tokens allowed'],
    source: `${U} Util.new`,
  }),
  entry({
    id: 'component-secret-mismatch',
    stage: 'config',
    summary:
      'An XMPP component (jicofo, jvb, jigasi) used the wrong component_secret: this is not about a JWT at all.',
    causes: [
      [
        "The component's secret (e.g. JICOFO_COMPONENT_SECRET) differs from component_secret in prosody's config for that Component; no user token is involved.",
        'component_secret',
        [],
      ],
    ],
    patterns: [/Given\s+token\s+does\s+not\s+match\s+calculated\s+token/i],
    examples: ['Given token does not match calculated token'],
    source: 'prosody plugins/mod_component.lua (XEP-0114 handshake)',
    topics: ['component-secret'],
  }),
  entry({
    id: 'prosody-tokenauth',
    stage: 'auth',
    summary:
      "Prosody 13's own tokenauth (OAuth2 / FAST access tokens) could not verify a token: not Jitsi's JWT check.",
    causes: [
      [
        "Prosody's mod_tokenauth looked at a client's access token (often none, shown as (nil)); it is separate from Jitsi's mod_auth_token and usually harmless.",
        'the prosody version and its modules',
        [],
      ],
    ],
    patterns: [/Failed\s+to\s+verify\s+access\s+token/i, /:tokenauth\s+\w+\s/i],
    examples: [
      'Failed to verify access token: (nil)',
      'meet.jitsi:tokenauth                                         warn\tFailed to verify access token: (nil)',
    ],
    source: 'prosody 13 modules/mod_tokenauth.lua',
  }),
]);
