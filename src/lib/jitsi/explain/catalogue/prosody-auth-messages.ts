// Prosody's connect-time (SASL) refusal texts and log lines, old wordings included (rules §9, §11, §12). A data
// table: the matching engine is error-explainer.ts.

import { entry, L, NEW_SERVERS, U, type CatalogueEntry } from './catalogue-entry';

// Lua prints numbers as `60` (5.2/5.3 integers) or `60.0`, `0.5`, `1.00000175e+15` (5.4): accept all of them.
const LUA_NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?inf|-?nan`;
const EXP_MESSAGE = new RegExp(
  String.raw`Not\s+acceptable\s+by\s+exp(?:\s*\(\s*(${LUA_NUMBER})\s*sec\s+since\s+expired(?:\s*,\s*valid\s+for\s*:?\s*(${LUA_NUMBER})\s*sec)?\s*\))?`,
  'i',
);

/** Prosody's connect-time refusals. */
export const PROSODY_AUTH_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
  entry({
    id: 'token-required',
    stage: 'auth',
    summary: 'The connection carried no token and the server does not allow that.',
    causes: [
      [
        'No ?jwt= reached the server (missing from the URL, or an unquoted #jwt= that the client drops).',
        'the meeting URL',
        ['token-required'],
      ],
      [
        'The server requires a token for everyone (allow_empty_token is false or unset).',
        'allow_empty_token',
        ['token-required'],
      ],
    ],
    patterns: ['token required'],
    topics: ['no-token'],
    examples: [
      'token required',
      'Error verifying token err:not-allowed, reason:token required tenant:nil room:nil user_agent:Mozilla/5.0',
    ],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'invalid-token',
    stage: 'auth',
    summary: 'The token is not three non-empty dot-separated parts.',
    causes: [
      [
        'The token is truncated, empty (?jwt=), or has a missing signature (alg "none" / header.payload.).',
        'the whole token',
        ['invalid-token'],
      ],
      ['In key-server mode the token has no dot at all.', 'the whole token', ['invalid-token']],
    ],
    patterns: [/\bInvalid\s+token\b/i],
    examples: ['Invalid token'],
    source: `${L} verify / split_token`,
  }),
  entry({
    id: 'bad-token-format',
    stage: 'auth',
    summary: 'In public-key mode, the text before the first dot is not a base64url JSON header.',
    causes: [
      ['The header segment is damaged, or the token starts with a dot.', 'header', ['bad-token-format']],
    ],
    patterns: ['bad token format'],
    examples: ['bad token format'],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'kid-missing',
    stage: 'auth',
    summary: 'In public-key mode the header must name its key with kid.',
    causes: [
      [
        'The header has no kid, which asap_key_server / cache_keys_url need to find the public key.',
        'header.kid',
        ['kid-missing'],
      ],
      [
        'The token was made for an app_secret server (HS256) but this server uses public keys.',
        'asap_key_server, header.alg',
        ['kid-missing', 'kid-needs-rs'],
      ],
    ],
    patterns: [/'kid'\s+claim\s+is\s+missing/i],
    examples: ["'kid' claim is missing"],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'alg-missing',
    stage: 'auth',
    summary: 'The header has no alg.',
    causes: [
      ['The header has no alg (or an empty one).', 'header.alg', ['alg-missing']],
      [
        'Jitsi 2020 ("Invalid alg"): the header alg is missing or not a string.',
        'header.alg',
        ['alg-not-string'],
      ],
      [
        'Jitsi 2020 ("must not be empty"): the payload has "alg": "none" or "" (that release reads alg from the claims too).',
        'payload.alg',
        ['alg-claim-empty'],
      ],
    ],
    patterns: [
      /'alg'\s+claim\s+is\s+missing/i,
      /'alg'\s+claim\s+must\s+not\s+be\s+empty/i,
      /\bInvalid\s+alg\b/i,
    ],
    examples: ["'alg' claim is missing", "'alg' claim must not be empty", 'Invalid alg'],
    source: `${U} process_and_verify_token (older releases: "must not be empty")`,
  }),
  entry({
    id: 'kid-needs-rs',
    stage: 'auth',
    summary: 'In public-key mode only RS* tokens are accepted.',
    causes: [
      [
        'The token is HS256 (signed with a secret) but the server verifies with public keys.',
        'header.alg, asap_key_server',
        ['kid-needs-rs', 'alg-mismatch'],
      ],
    ],
    patterns: [/'kid'\s+claim\s+only\s+support\s+with\s+RS\s+family/i],
    examples: ["'kid' claim only support with RS family"],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'public-key-unavailable',
    stage: 'auth',
    summary: 'The server could not get a public key for the token’s kid.',
    causes: [
      [
        'The key server has no <sha256(kid)>.pem file, or the JWKS has no key with this kid.',
        'header.kid, asap_key_server / cache_keys_url',
        ['public-key-unavailable'],
      ],
      [
        'The key server is unreachable from prosody (DNS, TLS, firewall, 30 s timeout).',
        'asap_key_server',
        ['public-key-unavailable'],
      ],
    ],
    patterns: ['could not obtain public key'],
    examples: ['could not obtain public key'],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'public-key-request-failed',
    stage: 'auth',
    summary:
      'Prosody asked asap_key_server for the public key of the token’s kid and got an error answer; the token then fails with "could not obtain public key".',
    causes: [
      [
        'Code 404: no file at the URL prosody built. The file must be named <lower-case hex sha256(kid)>.pem (not the kid) and sit in the folder asap_key_server points to; a trailing "/" on asap_key_server gives "//" in the path.',
        'header.kid, asap_key_server; fetch the URL shown by the key tools with curl -fsS',
        ['public-key-unavailable'],
      ],
      [
        'Code 401/403: the web server refuses prosody (permissions on the file or folder, an auth rule).',
        'the key server’s access rules for prosody’s address',
        [],
      ],
      [
        'A code that is not a number (or 5xx): prosody did not reach the key server (DNS, TLS, firewall) or it failed.',
        'asap_key_server from the prosody host',
        [],
      ],
    ],
    patterns: [/Error\s+on\s+public\s+key\s+request:\s*Code\s*[^,\s]*/i],
    examples: [
      'Error on public key request: Code 404, Content <html><head><title>404 Not Found</title></head></html>',
      'token/util.lib.lua: Error on public key request: Code 403, Content Forbidden',
    ],
    source: `${U} http_get_with_retry (module:log "Error on public key request: Code %s, Content %s")`,
  }),
  entry({
    id: 'key-missing',
    stage: 'auth',
    summary: 'The server has no key to verify the signature with.',
    causes: [
      [
        'No key reached the signature check (for example a module meant to supply the public key found none). The checker cannot see this: it models only app_secret and key-server keys, and a server with neither is reported at start-up (key-config-missing).',
        'app_secret, asap_key_server, cache_keys_url, modules that supply keys',
        [],
      ],
    ],
    patterns: ['signature verification key is missing'],
    examples: ['signature verification key is missing'],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'invalid-header',
    stage: 'auth',
    summary: 'The header segment is not base64url-encoded JSON.',
    causes: [
      [
        'The header segment was damaged or is not JSON (copy/paste, wrong encoding).',
        'header',
        ['invalid-header'],
      ],
    ],
    patterns: [/\bInvalid\s+header\b/i],
    examples: ['Invalid header'],
    source: `${L} parse_token`,
  }),
  entry({
    id: 'invalid-body',
    stage: 'auth',
    summary: 'The payload segment is not base64url-encoded JSON.',
    causes: [
      ['The payload segment was damaged or is not JSON.', 'payload', ['invalid-body']],
      [
        'Jitsi 2020 ("Invalid json"): the header or payload is not base64url JSON.',
        'header / payload',
        ['token-not-json'],
      ],
    ],
    patterns: [/\bInvalid\s+body\b/i, /\bInvalid\s+json\b/i],
    examples: ['Invalid body', 'Invalid json'],
    source: `${L} parse_token`,
  }),
  entry({
    id: 'signature-invalid',
    stage: 'auth',
    summary: 'The signature does not verify (or is not base64url).',
    causes: [
      [
        'The token was signed with a different secret or private key than the server has.',
        'app_secret / the public key',
        ['signature-invalid'],
      ],
      [
        'The secret was base64-decoded (or encoded) on one side; prosody uses app_secret as plain text.',
        'app_secret',
        ['signature-invalid'],
      ],
      [
        'The signature segment contains characters outside base64url (+ / = or a line break).',
        'signature',
        ['invalid-signature-encoding'],
      ],
      [
        'The key server serves an RSA-PSS key, which OpenSSL loads but which never verifies an RS* signature.',
        'the served public key',
        ['public-key-rsa-pss'],
      ],
    ],
    patterns: [/\bInvalid\s+signature\b/i],
    examples: [
      'Invalid signature',
      'Error verifying token err:not-allowed, reason:Invalid signature tenant:nil room:myroom user_agent:Mozilla/5.0',
    ],
    source: `${L} verify`,
  }),
  entry({
    id: 'typ-invalid',
    stage: 'auth',
    summary: 'The header typ must be exactly "JWT".',
    causes: [
      [
        'The header has no typ (jose’s SignJWT omits it) or another value ("jwt", "at+jwt").',
        'header.typ',
        ['typ-invalid'],
      ],
    ],
    patterns: [/\bInvalid\s+typ\b/i],
    examples: ['Invalid typ'],
    source: `${L} verify`,
  }),
  entry({
    id: 'alg-mismatch',
    stage: 'auth',
    summary: 'The header alg is not the one algorithm the server accepts.',
    causes: [
      [
        'alg differs from signature_algorithm (HS256 by default, RS256 with public keys); "none" always fails.',
        'header.alg, signature_algorithm',
        ['alg-mismatch'],
      ],
    ],
    patterns: ['Invalid or incorrect alg'],
    examples: ['Invalid or incorrect alg'],
    source: `${L} verify`,
  }),
  entry({
    id: 'alg-not-supported',
    stage: 'auth',
    summary: 'The server is configured with an algorithm its JWT library does not support.',
    causes: [
      [
        'signature_algorithm is not one of HS256/384/512 or RS256/384/512.',
        'signature_algorithm',
        ['algorithm-not-supported'],
      ],
      [
        'Jitsi 2020 takes the algorithm from the token: the header alg is "none" or one luajwtjitsi 2.0 does not know.',
        'header.alg',
        ['token-alg-not-supported'],
      ],
    ],
    patterns: ['Algorithm not supported'],
    examples: ['Algorithm not supported'],
    source: `${L} verify`,
  }),
  entry({
    id: 'exp-not-number',
    stage: 'auth',
    summary: 'exp is present but not a JSON number.',
    causes: [
      [
        'exp is a string ("1800000000") or null; it must be a number of seconds.',
        'payload.exp',
        ['exp-not-number'],
      ],
    ],
    patterns: ['exp must be number'],
    examples: ['exp must be number'],
    source: `${L} verify`,
  }),
  entry({
    id: 'nbf-not-number',
    stage: 'auth',
    summary: 'nbf is present but not a JSON number.',
    causes: [['nbf is a string or null; it must be a number of seconds.', 'payload.nbf', ['nbf-not-number']]],
    patterns: ['nbf must be number'],
    examples: ['nbf must be number'],
    source: `${L} verify`,
  }),
  entry({
    id: 'token-expired',
    stage: 'auth',
    summary: 'The server’s clock is at or past exp (there is no leeway).',
    causes: [
      [
        'The token has expired, or exp equals the current second (already expired).',
        'payload.exp',
        ['token-expired'],
      ],
      ['The server clock is ahead of the clock that made the token.', 'the server’s time', ['token-expired']],
      ['exp is a duration or offset rather than a Unix time in seconds.', 'payload.exp', ['token-expired']],
    ],
    patterns: [EXP_MESSAGE],
    examples: [
      'Not acceptable by exp (60 sec since expired)',
      'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
      'Not acceptable by exp (0.0 sec since expired, valid for:0.0 sec)',
      'Not acceptable by exp (0.5 sec since expired)',
      'Not acceptable by exp (1.00000175e+15 sec since expired, valid for:7200 sec)',
      'Not acceptable by exp',
    ],
    source: `${L} verify`,
  }),
  entry({
    id: 'token-not-yet-valid',
    stage: 'auth',
    summary: 'nbf is in the future on the server’s clock.',
    causes: [
      ['nbf is later than now (or in milliseconds).', 'payload.nbf', ['token-not-yet-valid']],
      [
        'The server clock is behind the clock that made the token.',
        'the server’s time',
        ['token-not-yet-valid'],
      ],
    ],
    patterns: ['Not acceptable by nbf'],
    examples: ['Not acceptable by nbf'],
    source: `${L} verify`,
  }),
  entry({
    id: 'iss-missing',
    stage: 'auth',
    summary: 'The payload has no iss.',
    causes: [
      [
        'iss is absent; it must equal app_id or an entry of asap_accepted_issuers.',
        'payload.iss',
        ['iss-missing'],
      ],
    ],
    patterns: [/'iss'\s+claim\s+is\s+missing/i],
    examples: ["'iss' claim is missing"],
    source: `${L} verify`,
  }),
  entry({
    id: 'iss-invalid',
    stage: 'auth',
    summary: 'iss is not an accepted issuer.',
    causes: [
      [
        'iss differs from app_id (the default list) or from every asap_accepted_issuers entry (exact, case-sensitive).',
        'payload.iss, app_id, asap_accepted_issuers',
        ['iss-invalid'],
      ],
      ['Old servers use this text for a missing iss too.', 'payload.iss', ['iss-missing']],
    ],
    patterns: [/invalid\s+'iss'\s+claim/i, /Invalid\s+issuer\s*\(\s*'iss'\s+claim\s*\)/i],
    examples: ["invalid 'iss' claim", "Invalid issuer ('iss' claim)"],
    source: `${L} verify (older util.lib.lua: "Invalid issuer")`,
  }),
  entry({
    id: 'aud-missing',
    stage: 'auth',
    summary: 'The payload has no aud.',
    causes: [
      [
        'aud is absent; it is required even though any value passes by default.',
        'payload.aud',
        ['aud-missing'],
      ],
    ],
    patterns: [/'aud'\s+claim\s+is\s+missing/i],
    examples: ["'aud' claim is missing"],
    source: `${L} verify`,
  }),
  entry({
    id: 'aud-invalid',
    stage: 'auth',
    summary: 'aud is not an accepted audience.',
    causes: [
      [
        'aud is not in asap_accepted_audiences (exact), or is an array, which never matches a list without "*".',
        'payload.aud, asap_accepted_audiences',
        ['aud-invalid'],
      ],
      ['Old servers use this text for a missing aud too.', 'payload.aud', ['aud-missing']],
    ],
    patterns: [/invalid\s+'aud'\s+claim/i, /Invalid\s+audience\s*\(\s*'aud'\s+claim\s*\)/i],
    examples: ["invalid 'aud' claim", "Invalid audience ('aud' claim)"],
    source: `${L} verify (older util.lib.lua: "Invalid audience")`,
  }),
  entry({
    id: 'room-claim-missing',
    stage: 'auth',
    summary: 'The token has no room claim, which the server requires.',
    causes: [
      [
        'room is absent while asap_require_room_claim is true (the default). Use "*" for any room.',
        'payload.room, asap_require_room_claim',
        ['room-claim-missing'],
      ],
    ],
    patterns: [/'?room'?\s+claim\s+is\s+missing/i],
    examples: [
      "'room' claim is missing",
      "Error verifying token err:'room' claim is missing, reason:nil",
      'room claim is missing',
    ],
    source: `${U} process_and_verify_token (and ${NEW_SERVERS})`,
  }),
  entry({
    id: 'invalid-tag-name',
    stage: 'auth',
    summary:
      'Prosody crashed while reporting a missing room claim (the error text is not a valid XML tag name).',
    causes: [
      [
        'room is absent while asap_require_room_claim is true; the client never gets a clean failure.',
        'payload.room, asap_require_room_claim',
        ['room-claim-missing'],
      ],
    ],
    // "expected string, got nil" is another crash: a token with no dot (see invalid-tag-name-nil).
    patterns: [/invalid\s+tag\s+name(?!:\s*expected\s+string,\s*got\s+nil)/i],
    examples: [
      'invalid tag name: contains invalid characters',
      'mod_saslauth: Traceback: util/stanza.lua: invalid tag name: contains invalid characters',
    ],
    source: 'prosody util/stanza.lua via mod_saslauth (rules §11)',
  }),
  entry({
    id: 'invalid-tag-name-nil',
    stage: 'auth',
    summary:
      'Prosody crashed on a token with no dot: the ?jwt= value is not a JWT at all, so there is no error text to send.',
    causes: [
      [
        'The jwt= value has no dots (a session id, a user name, a password or a cut-off copy), so the parser finds no header.',
        'the whole token',
        ['invalid-token'],
      ],
    ],
    patterns: [/invalid\s+tag\s+name:\s*expected\s+string,\s*got\s+nil/i],
    examples: ['invalid tag name: expected string, got nil'],
    source: 'prosody util/stanza.lua via mod_saslauth (a nil error text from the token parser)',
  }),
  entry({
    id: 'context-required',
    stage: 'auth',
    summary: 'Another module requires a context claim and the token has none.',
    causes: [
      [
        'payload.context is missing while another module set contextRequired. The checker warns about a missing context but cannot see which modules require one.',
        'payload.context',
        ['context-missing'],
      ],
    ],
    patterns: ['jwt missing required context claim'],
    examples: ['jwt missing required context claim'],
    source: `${U} process_and_verify_token`,
  }),
  entry({
    id: 'user-banned',
    stage: 'auth',
    summary: 'A ban module refused this user.',
    causes: [
      [
        'A module (e.g. a ban list) marked the user from the token as banned. Bans are server state, so the checker cannot see them.',
        'payload.context.user.id, the ban list',
        [],
      ],
    ],
    patterns: ['user is banned'],
    examples: ['user is banned'],
    source: 'jitsi-meet mod_auth_token.lua',
  }),
  entry({
    id: 'sub-claim-missing',
    stage: 'auth',
    summary: 'Newer servers refuse a token without sub at connect time.',
    causes: [['sub is absent; it must be the domain, the tenant, or "*".', 'payload.sub', ['sub-missing']]],
    patterns: [/'?sub'?\s+claim\s+is\s+missing/i],
    examples: ['sub claim is missing'],
    source: NEW_SERVERS,
  }),
]);
