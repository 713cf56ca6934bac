// The prosody rule table: every check the checker makes, with what Jitsi does when it fails (stage, error, reason),
// a plain-words message template, a fix, the JSON path it points at and the Jitsi code it mirrors. Data only: the
// checks themselves live in the stage modules that prosody-checker.ts runs. U:/L: line numbers follow
// jitsi-token-rules.md §0.

import type { FindingPath, Severity } from '../finding';

/** Where Jitsi refuses: server set-up, connect time (SASL), or room join (MUC). */
export type Stage = 'config' | 'auth' | 'muc';

/** One rule: a prosody check (an error that refuses the token) or a warning about something accepted but risky. */
export interface ProsodyRule {
  readonly id: string;
  readonly severity: Severity;
  /** The stage at which Jitsi refuses when this is the first failure; null for warnings and info. */
  readonly stage: Stage | null;
  /** Prosody's error condition (`not-allowed`, `lua-error`, …); null for warnings. */
  readonly error: string | null;
  /** Prosody's own reason text (`{…}` filled in at check time); null for Lua errors and warnings. */
  readonly reason: string | null;
  /** What is wrong, in plain words; `{…}` placeholders are filled in at check time. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** The claim or setting it concerns; a finding may point deeper (for example which `context.user` field). */
  readonly path: FindingPath | null;
  /** The Jitsi file and function it mirrors. */
  readonly source: string;
}

type RuleSpec = Omit<ProsodyRule, 'id'>;

const U = 'jitsi-meet resources/prosody-plugins/token/util.lib.lua';
const L = 'jitsi-meet resources/prosody-plugins/luajwtjitsi.lib.lua';
const M = 'jitsi-meet resources/prosody-plugins/util.lib.lua';
const V_TOKEN_VERIFICATION = 'jitsi-meet resources/prosody-plugins/mod_token_verification.lua';
// The 2020 release line (rules §15): token/util.lib.lua at e103757f and luajwtjitsi 2.0 `decode`.
const U2020 = 'jitsi-meet resources/prosody-plugins/token/util.lib.lua (2020, e103757f)';
const L2020 = 'luajwtjitsi 2.0 decode';
const LUA_ERROR = { error: 'lua-error', reason: null, severity: 'error' } as const;
const NOT_ALLOWED = { error: 'not-allowed', severity: 'error' } as const;
const WARNING = { severity: 'warning', stage: null, error: null, reason: null } as const;
const MISMATCH = 'Room and token mismatched';

const RULES = {
  'auth-not-token': {
    severity: 'error',
    stage: 'config',
    error: 'token-auth-not-configured',
    reason: 'authentication = "{authentication}" (not "token")',
    message: 'This VirtualHost uses authentication = "{authentication}", so prosody never looks at a token.',
    hint: 'Set authentication = "token" on the VirtualHost (docker-jitsi-meet: ENABLE_AUTH=1 and AUTH_TYPE=jwt).',
    path: ['settings', 'authentication'],
    source: `jitsi-meet mod_auth_token.lua (selected by authentication = "token"); rules §2`,
  },
  'app-id-missing': {
    severity: 'error',
    stage: 'config',
    error: 'token-auth-not-configured',
    reason: "'app_id' must not be empty",
    message:
      'app_id is not set, so prosody disables token authentication for this VirtualHost and logs an error.',
    hint: 'Set app_id on the VirtualHost (docker: JWT_APP_ID). Any value works, even "", but it must be set.',
    path: ['settings', 'app_id'],
    source: `${U} Util.new (U:110-113)`,
  },
  'key-config-missing': {
    severity: 'error',
    stage: 'config',
    error: 'token-auth-not-configured',
    reason: "'app_secret', 'asap_key_server or 'cacheKeysUrl' must be specified",
    message:
      'Neither app_secret, asap_key_server nor cache_keys_url is set, so prosody cannot check any signature and disables token authentication.',
    hint: 'Set app_secret for HS256 tokens, or asap_key_server / cache_keys_url for RS256 tokens.',
    path: ['settings', 'app_secret'],
    source: `${U} Util.new (U:115-118)`,
  },
  'token-required': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'token required',
    message: 'The meeting URL carries no jwt, and this server does not allow joining without a token.',
    hint: 'Add ?jwt=<token> to the meeting URL, or set allow_empty_token = true to let people in without one.',
    path: ['url', 'jwt'],
    source: `${U} Util:process_and_verify_token (U:265-271)`,
  },
  'invalid-token': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid token',
    message: 'Prosody cannot split the token into header.payload.signature: {problem}.',
    hint: 'Paste the whole token: header.payload.signature, three non-empty base64url parts. An unsigned token (alg "none", empty signature) is always refused.',
    path: ['token'],
    source: `${L} split_token / parse_token (L:59-74); ${U} Util:process_and_verify_token (U:273-314)`,
  },
  'bad-token-format': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'bad token format',
    message:
      'With a key server, prosody reads the header as the text before the first ".", and that text {problem}.',
    hint: 'Start the token with its header: no leading ".", and the header must be base64url JSON.',
    path: ['header'],
    source: `${U} Util:process_and_verify_token (U:273-314)`,
  },
  'header-not-object': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The header decodes to {kind}, not a JSON object; the server crashes when it reads a field from it, so the client gets no clean answer.',
    hint: 'The header must be a JSON object such as {"alg":"HS256","typ":"JWT"}.',
    path: ['header'],
    source: `${L} verify (L:205-211); ${U} Util:process_and_verify_token (U:273-314)`,
  },
  'kid-missing': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'kid' claim is missing",
    message: 'This server fetches public keys by key id, but the header has no "kid".',
    hint: 'Add "kid" to the header: the id of the key pair that signed the token (the key server serves <sha256(kid)>.pem).',
    path: ['header', 'kid'],
    source: `${U} Util:process_and_verify_token (U:273-314)`,
  },
  'alg-missing': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'alg' claim is missing",
    message: 'The header has no "alg".',
    hint: 'Add "alg": "RS256" (or the server\'s signature_algorithm) to the header.',
    path: ['header', 'alg'],
    source: `${U} Util:process_and_verify_token (U:273-314)`,
  },
  'kid-alg-not-string': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The header\'s "{claim}" is {kind}; prosody\'s key lookup crashes on it, so the client gets no clean answer.',
    hint: 'Write "alg" and "kid" as strings, for example "alg": "RS256", "kid": "my_app/key1".',
    path: ['header', 'kid'],
    source: `${U} Util:process_and_verify_token, Util:get_public_key (U:234, U:273-314)`,
  },
  'kid-needs-rs': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'kid' claim only support with RS family",
    message:
      'This server verifies with public keys, which only works for RS256/384/512, but the header says "alg": "{alg}".',
    hint: 'Sign with an RSA private key (RS256), or use an app_secret server for HS256 tokens.',
    path: ['header', 'alg'],
    source: `${U} Util:process_and_verify_token (U:273-314); rules §5`,
  },
  'public-key-unavailable': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'could not obtain public key',
    message: 'No public key is available for kid "{kid}": {where}.',
    hint: "Make the server find this kid's public key, or fix the kid. {advice}",
    path: ['header', 'kid'],
    source: `${U} Util:get_public_key, Util:process_and_verify_token (U:234, U:273-314)`,
  },
  'algorithm-not-supported': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Algorithm not supported',
    message: 'signature_algorithm is "{alg}", which luajwtjitsi cannot verify, so every token is refused.',
    hint: 'Set signature_algorithm to one of HS256, HS384, HS512, RS256, RS384, RS512 (or remove it for the default).',
    path: ['settings', 'signature_algorithm'],
    source: `${L} verify (L:184-196); rules §5`,
  },
  'segment-not-base64url': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The {segment} holds {character} at position {position}, which is not base64url; the server crashes while decoding it, so the client gets no clean answer.',
    hint: 'Copy the token again without spaces or line breaks; it must use base64url (- and _), not base64 (+ and /).',
    path: ['token'],
    source: `${L} parse_token (L:76-89); rules §13`,
  },
  'invalid-header': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid header',
    message: 'The header is valid base64url but not JSON that the server can read: {problem}.',
    hint: 'The header must be base64url of a JSON object such as {"alg":"HS256","typ":"JWT"}.',
    path: ['header'],
    source: `${L} parse_token (L:76-89)`,
  },
  'invalid-body': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid body',
    message: 'The payload is valid base64url but not JSON that the server can read: {problem}.',
    hint: 'The payload must be base64url of a JSON object with the claims.',
    path: ['payload'],
    source: `${L} parse_token (L:76-89)`,
  },
  'invalid-signature-encoding': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid signature',
    message: 'The signature holds {character}, which is not base64url.',
    hint: 'Copy the token again; the signature uses only A-Z, a-z, 0-9, - and _.',
    path: ['signature'],
    source: `${L} parse_token (L:76-89)`,
  },
  'token-not-json': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid json',
    message: 'The {segment} cannot be read: {problem}.',
    hint: 'Each of the first two parts must be base64url of a JSON object; copy the token again or re-sign it.',
    path: ['token'],
    source: `${L2020} (one pcall around both JSON decodes); rules §15`,
  },
  'alg-not-string': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid alg',
    message:
      'The header\'s "alg" is {value}; this release reads the algorithm from the token, so it must be a string.',
    hint: 'Put "alg": "HS256" (app_secret) or "RS256" (key server) in the header.',
    path: ['header', 'alg'],
    source: `${L2020}; rules §15`,
  },
  'token-alg-not-supported': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Algorithm not supported',
    message:
      'The header\'s "alg" is {value}. This release takes the algorithm from the token, and luajwtjitsi 2.0 knows only HS256, HS384, HS512, RS256, RS384 and RS512.',
    hint: 'Sign with HS256 (app_secret) or RS256 (key server); "none" is never accepted.',
    path: ['header', 'alg'],
    source: `${L2020}; rules §15`,
  },
  'typ-invalid': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid typ',
    message: 'The header\'s "typ" is {value}; prosody requires exactly "JWT" (upper case).',
    hint: 'Add "typ": "JWT" to the header (jose\'s SignJWT leaves it out unless you set it).',
    path: ['header', 'typ'],
    source: `${L} verify (L:205-207)`,
  },
  'alg-mismatch': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid or incorrect alg',
    message: 'The header\'s "alg" is {value}, but this server accepts only {expected}.',
    hint: 'Sign with {expected}, or change signature_algorithm on the server. Prosody accepts exactly one algorithm.',
    path: ['header', 'alg'],
    source: `${L} verify (L:209-211); ${U} Util.new (U:121-127)`,
  },
  'public-key-unusable': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The {keyName} cannot be used: {problem}. The server crashes in pkey.new, so the client gets no clean answer.',
    hint: 'To fix it: {fix}',
    path: ['key'],
    source: `${L} verifyRS (pkey.new); rules §14`,
  },
  'public-key-wrong-type': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The {keyName} is {kind}. OpenSSL loads it, but verifying an {alg} signature with it raises, so the server crashes and the client gets no clean answer.',
    hint: 'Jitsi verifies RS256/384/512 only: generate an RSA key (`openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem`), sign with it and serve `openssl pkey -in key.pem -pubout`.',
    path: ['key'],
    source: `${L} verifyRS (pkey:verify); rules §14`,
  },
  'public-key-rsa-pss': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid signature',
    message:
      'The {keyName} is an RSA-PSS key (id-RSASSA-PSS). OpenSSL loads it, but it never verifies an {alg} (PKCS#1 v1.5) signature, so every token is refused.',
    hint: 'Serve a plain RSA key (rsaEncryption): convert the key pair with `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out key.pem` and serve `openssl pkey -in key.pem -pubout`.',
    path: ['key'],
    source: `${L} verifyRS (pkey:verify); rules §14`,
  },
  'private-key-served': {
    ...WARNING,
    message:
      'The {keyName} is a private key ("BEGIN {label}"). The server verifies with its public half, so tokens pass, but whoever can read it can sign tokens of their own.',
    hint: 'Serve only the public key (`openssl pkey -in key.pem -pubout -out public.pem`), and make a new key pair: this one has leaked.',
    path: ['key'],
    source: `${L} verifyRS (pkey.new loads private keys); rules §14`,
  },
  'cache-keys-no-fallback': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'cache_keys_url has no key for kid "{kid}", so prosody falls back to asap_key_server, which is not set: building the key URL raises, and the client gets no clean answer.',
    hint: 'Publish the key with that kid in the cache_keys_url key set (or fix the kid in the token); setting asap_key_server as well turns this into a clean "could not obtain public key".',
    path: ['header', 'kid'],
    source: `${U} Util:process_and_verify_token, Util:get_public_key (path.join(nil, …)); rules §14`,
  },
  'signature-invalid': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Invalid signature',
    message:
      'The signature does not verify with {key}: the token was signed with another key, or changed after signing.',
    hint: 'Sign with the key this server verifies with. {advice}',
    path: ['signature'],
    source: `${L} verify (L:213-216)`,
  },
  'payload-not-object': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The payload decodes to {kind}, not a JSON object; the server crashes when it reads a claim from it, so the client gets no clean answer.',
    hint: 'The payload must be a JSON object: {"iss": …, "aud": …, "room": …}.',
    path: ['payload'],
    source: `${L} verify (L:218-258); rules §13`,
  },
  'exp-not-number': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'exp must be number',
    message: '"exp" is {value}, not a number.',
    hint: 'Write exp as a number of seconds since 1970, without quotes: "exp": 1800003600.',
    path: ['payload', 'exp'],
    source: `${L} verify (L:218-225)`,
  },
  'nbf-not-number': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'nbf must be number',
    message: '"nbf" is {value}, not a number.',
    hint: 'Write nbf as a number of seconds since 1970, without quotes, or leave it out.',
    path: ['payload', 'nbf'],
    source: `${L} verify (L:218-225)`,
  },
  'token-expired': {
    ...NOT_ALLOWED,
    stage: 'auth',
    // luaElapsed and validFor are printed as Lua 5.4 floats (luajwt.ts checkExpiry); validFor includes its ", ".
    reason: 'Not acceptable by exp ({luaElapsed} sec since expired{validFor})',
    message:
      'The token expired: the server clock ({now}) is {elapsed} s past "exp" ({exp}). There is no leeway; exp equal to now already counts as expired.',
    hint: 'Issue a new token with exp in the future (now + lifetime), and check the server clock.',
    path: ['payload', 'exp'],
    source: `${L} verify (L:228-234); rules §4`,
  },
  'iat-not-number': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      'The token is expired and "iat" is {value}; the server crashes while writing the "expired" message, so the client gets no clean answer.',
    hint: 'Write iat as a number of seconds, and issue a token whose exp is in the future.',
    path: ['payload', 'iat'],
    source: `${L} verify (L:228-234)`,
  },
  'token-not-yet-valid': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: 'Not acceptable by nbf',
    message:
      '"nbf" ({nbf}) is {ahead} s after the server clock ({now}); the token is not valid yet. There is no leeway.',
    hint: 'Set nbf to now or a little earlier (for example now - 10), and check the clocks of both machines.',
    path: ['payload', 'nbf'],
    source: `${L} verify (L:236-238); rules §4`,
  },
  'alg-claim-empty': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'alg' claim must not be empty",
    message:
      'The payload has "alg": {value}, which this release refuses (it reads alg from the claims as well).',
    hint: 'Remove "alg" from the payload; the algorithm belongs in the header.',
    path: ['payload', 'alg'],
    source: `${U2020} Util:verify_token; rules §15`,
  },
  'iss-missing': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'iss' claim is missing",
    message: 'The payload has no "iss".',
    hint: 'Add "iss": "{expected}" (the server accepts {accepted}).',
    path: ['payload', 'iss'],
    source: `${L} verify (L:240-248)`,
  },
  'iss-invalid': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "invalid 'iss' claim",
    message:
      '"iss" is {value}, but the server accepts only {accepted} (asap_accepted_issuers, default: app_id).',
    hint: 'Set "iss" to "{expected}", or add this issuer to asap_accepted_issuers. The comparison is exact and case-sensitive.',
    path: ['payload', 'iss'],
    source: `${L} verify, verify_claim (L:112-124, L:240-248); ${U} Util.new (U:130)`,
  },
  'aud-missing': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "'aud' claim is missing",
    message:
      'The payload has no "aud". It is required even though the server accepts any audience by default.',
    hint: 'Add "aud": "{expected}".',
    path: ['payload', 'aud'],
    source: `${L} verify (L:250-258); ${U} Util.new (U:133)`,
  },
  'aud-invalid': {
    ...NOT_ALLOWED,
    stage: 'auth',
    reason: "invalid 'aud' claim",
    message:
      '"aud" is {value}, but the server accepts only {accepted} (asap_accepted_audiences). An array is compared as a whole and never matches.',
    hint: 'Set "aud" to "{expected}" as a single string, or add it to asap_accepted_audiences.',
    path: ['payload', 'aud'],
    source: `${L} verify, verify_claim (L:112-124, L:250-258)`,
  },
  'room-claim-missing': {
    severity: 'error',
    stage: 'auth',
    error: "'room' claim is missing",
    reason: null,
    message:
      'The payload has no "room". Prosody answers with a malformed failure here (the text becomes an XML element name), so the client sees a vague connection error.',
    hint: 'Add "room": "<room name>" (the name as it appears in the meeting URL, lower case and URL-encoded) or "room": "*" for any room.',
    path: ['payload', 'room'],
    source: `${U} Util:process_and_verify_token (U:325-330); rules §11`,
  },
  'context-not-object': {
    ...LUA_ERROR,
    stage: 'auth',
    message:
      '"context" is {value}; the server crashes when it reads context.user from it, so the client gets no clean answer.',
    hint: 'Make "context" an object ({"user": {…}, "features": {…}}) or leave it out.',
    path: ['payload', 'context'],
    source: `${U} Util:process_and_verify_token (U:332-362)`,
  },
  'room-address-invalid': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'invalid-room-address',
    reason: 'Room address is invalid',
    message: 'The meeting URL has no room name, so there is no room to join.',
    hint: 'Put the room name in the URL path: https://{domain}/<room>.',
    path: ['url', 'room'],
    source: `${U} Util:verify_room (U:390-395)`,
  },
  'room-jid-malformed': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'jid-malformed',
    reason: 'The destination address is invalid: {jid}',
    message:
      'The room address the client joins, {jid}, is not a valid XMPP address: {problem}. Prosody bounces the join before any token rule runs, so this link can never work, whatever the token says.',
    hint: 'To fix it: {fix}',
    path: ['url', 'room'],
    source:
      'prosody core/stanza_router.lua (jid.prepped_split, nodeprep); rules §14 "The room address must be a valid XMPP address"',
  },
  'room-does-not-exist': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'room-does-not-exist',
    reason: 'Room does not exist',
    message:
      'The token check looks rooms up on "{mucDomain}", but this meeting\'s room lives on "{actualHost}", so every token user fails to join.',
    hint: 'Set muc_mapper_domain_base to the main domain ("{domain}"); every stock config does this globally.',
    path: ['settings', 'muc_mapper_domain_base'],
    source: `${U} Util.new, Util:verify_room (U:95-101, U:396-400)`,
  },
  'room-mismatch-no-domain-check': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'room-mismatch',
    reason: 'Room does not match the room from token',
    message: 'The token is for room {claim}, but the meeting room is "{room}" as the server sees it.',
    hint: 'Put "{expected}" (lower case, URL-encoded) or "*" in the room claim.',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:418-425)`,
  },
  'room-claim-invalid-type': {
    ...LUA_ERROR,
    stage: 'muc',
    message:
      'The room claim is {value}; it passes at connect time, but the server crashes when the user joins a room, where it uses the claim as text (after checking sub).',
    hint: 'Write the room claim as a string: the room name, or "*" for any room.',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:418-425, U:440-460, U:489-517); rules §13`,
  },
  'context-room-not-object': {
    ...LUA_ERROR,
    stage: 'muc',
    message:
      '"context.room" is {value}; the server crashes when it looks for context.room.regex, so the join fails without a clean answer.',
    hint: 'Make context.room an object ({"regex": true}) or leave it out.',
    path: ['payload', 'context', 'room'],
    source: `${U} Util:verify_room (U:440-460)`,
  },
  'room-regex-invalid': {
    ...LUA_ERROR,
    stage: 'muc',
    message:
      'With context.room.regex the room claim is a Lua pattern, and {pattern} is not a valid one ({problem}); the server crashes on join.',
    hint: 'Fix the pattern: escape magic characters with % (%-, %.), close every [ and (, and do not end with %.',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:440-460); Lua 5.4 lstrlib.c`,
  },
  'room-regex-no-match': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'room-name-does-not-match',
    reason: 'Room name cannot be matched to the one from token.',
    message: 'The room pattern {pattern} (lower-cased by the server) does not match the room "{room}".',
    hint: 'Remember the server lower-cases the pattern (%D becomes %d, %S becomes %s) and compares the lower-case, URL-encoded room. Anchor it as ^…$.',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:440-470)`,
  },
  'room-claim-false': {
    ...NOT_ALLOWED,
    stage: 'muc',
    error: 'room-name-does-not-match',
    reason: 'Room name cannot be matched to the one from token.',
    message:
      'The room claim is false; it passes at connect time, but on join the server takes it as no room at all and refuses, as the room claim is required.',
    hint: 'Write the room claim as a string: the room name, or "*" for any room.',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:462-470); rules §13`,
  },
  'tenant-claim-invalid-type': {
    ...LUA_ERROR,
    stage: 'muc',
    message: '"context.tenant" is {value}; the server crashes when it lower-cases it on join.',
    hint: 'Write context.tenant as a string (the tenant from the URL) or leave it out.',
    path: ['payload', 'context', 'tenant'],
    source: `${U} Util:verify_room (U:473-485)`,
  },
  'sub-missing': {
    ...LUA_ERROR,
    stage: 'muc',
    message:
      'The payload has no "sub". Connecting works, but the server crashes when the user joins a room (string.lower(nil)).',
    hint: 'Add "sub": "{expected}" (the XMPP domain, the tenant on tenant URLs) or "*".',
    path: ['payload', 'sub'],
    source: `${U} Util:verify_room (U:487)`,
  },
  'sub-invalid-type': {
    ...LUA_ERROR,
    stage: 'muc',
    message: '"sub" is {value}, not a string; the server crashes when it lower-cases it on join.',
    hint: 'Write "sub": "{expected}" as a string, or "*".',
    path: ['payload', 'sub'],
    source: `${U} Util:verify_room (U:487)`,
  },
  'room-mismatch': {
    ...NOT_ALLOWED,
    stage: 'muc',
    reason: MISMATCH,
    message:
      'The token is for room {claim}, but the meeting room is "{room}" as the server sees it (lower case, URL-encoded).',
    hint: 'Put "{expected}" or "*" in the room claim. Spaces and non-ASCII letters must be written URL-encoded (my%20room).',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:489-517)`,
  },
  'sub-mismatch': {
    ...NOT_ALLOWED,
    stage: 'muc',
    reason: MISMATCH,
    message: '"sub" is {value}, but {where} it must be "{expected}" (or "*").',
    hint: 'Set "sub" to "{expected}". On https://DOMAIN/ROOM it is the XMPP domain (docker-jitsi-meet: meet.jitsi, not your public hostname); on https://DOMAIN/TENANT/ROOM it is the tenant.',
    path: ['payload', 'sub'],
    source: `${U} Util:verify_room (U:487-517)`,
  },
  'token-format-quirk': {
    ...WARNING,
    message:
      'The token is not plain header.payload.signature ({quirk}); prosody accepts it only by accident, other JWT libraries will refuse it.',
    hint: 'Use exactly three segments separated by single dots, with no "=" padding and no backslashes.',
    path: ['token'],
    source: `${L} split_token, parse_token (L:59-89); rules §13`,
  },
  'moderator-top-level': {
    ...WARNING,
    message: 'A top-level "moderator" claim is ignored by stock Jitsi; it does not make anyone a moderator.',
    hint: 'Use "context": {"user": {"moderator": true}} (read by mod_token_affiliation, if enabled), or affiliation "owner".',
    path: ['payload', 'moderator'],
    source: 'jitsi-meet mod_token_affiliation.lua; rules §7',
  },
  'exp-milliseconds': {
    ...WARNING,
    message:
      '"exp" ({exp}) looks like milliseconds: the server reads it as seconds, so the token does not expire for thousands of years.',
    hint: 'Divide by 1000: exp is seconds since 1970 (Math.floor(Date.now() / 1000) + lifetime).',
    path: ['payload', 'exp'],
    source: `${L} verify (L:228-234)`,
  },
  'exp-missing': {
    ...WARNING,
    message: 'The token has no "exp", so it never expires; anyone who gets it can use it forever.',
    hint: 'Add "exp": now + lifetime (in seconds).',
    path: ['payload', 'exp'],
    source: `${L} verify (L:218-234); rules §4`,
  },
  'lifetime-long': {
    ...WARNING,
    message: 'The token is valid for {days} days; a leaked link keeps working that long.',
    hint: 'Issue short-lived tokens (hours) and mint a new one per meeting.',
    path: ['payload', 'exp'],
    source: `${L} verify (L:228-234)`,
  },
  'iat-future': {
    ...WARNING,
    message:
      '"iat" ({iat}) is {ahead} s after the server clock; prosody does not check it, but it hints that the clocks disagree (nbf and exp would be affected).',
    hint: 'Check the clock of the machine that issues tokens (NTP).',
    path: ['payload', 'iat'],
    source: `${L} verify (iat only used in the exp message, L:228-234); rules §3`,
  },
  'time-claim-false': {
    ...WARNING,
    message: '"{claim}" is false, which the server treats as absent; it works only by accident.',
    hint: 'Remove "{claim}" or give it a number of seconds.',
    path: ['payload', 'exp'],
    source: `${L} verify (L:218-238); rules §13`,
  },
  'aud-null-accepted': {
    ...WARNING,
    message:
      '"aud" is null; the server accepts it only because it accepts any audience ("*"). It works only by accident.',
    hint: 'Set "aud" to a string such as "jitsi".',
    path: ['payload', 'aud'],
    source: `${L} verify, verify_claim (L:112-124, L:250-258); rules §13`,
  },
  'aud-array': {
    ...WARNING,
    message:
      '"aud" is an array; it passes only because this server accepts any audience. With asap_accepted_audiences set, an array never matches.',
    hint: 'Use a single string: "aud": "jitsi".',
    path: ['payload', 'aud'],
    source: `${L} verify_claim (L:112-124); rules §10.3`,
  },
  'secret-short': {
    ...WARNING,
    message:
      'app_secret is {length} bytes; {alg} wants at least {minimum} bytes of secret to be hard to guess.',
    hint: 'Use a random secret of at least {minimum} bytes (for example: openssl rand -hex {minimum}).',
    path: ['settings', 'app_secret'],
    source: `${U} Util.new (U:62); RFC 7518 §3.2`,
  },
  'user-field-not-string': {
    ...WARNING,
    message:
      '"context.user.{field}" is {value}; the fields are published to other participants as text, and non-strings (null especially) break clients.',
    hint: 'Write context.user fields as strings (id, name, email, avatar).',
    path: ['payload', 'context', 'user'],
    source: `${M} update_presence_identity; lib-jitsi-meet doc/tokens.md; rules §7`,
  },
  'feature-value-string': {
    ...WARNING,
    message:
      '"context.features.{feature}" is {value}: only exactly "true" (or true) turns a feature on, so the server and the web client treat it as off.',
    hint: 'Write "{feature}": {suggested}; the strings "true" and "false" are read by every Jitsi release.',
    path: ['payload', 'context', 'features'],
    source: `${M} is_feature_allowed; rules §7`,
  },
  'sub-hostname': {
    ...WARNING,
    message:
      '"sub" is {value}, a host name that is not the XMPP domain "{domain}". This server does not check sub (enable_domain_verification = false); with the default the join fails with "Room and token mismatched".',
    hint: 'Set "sub" to the XMPP domain ("{domain}"; docker-jitsi-meet uses meet.jitsi) or "*". The public host name is not the XMPP domain.',
    path: ['payload', 'sub'],
    source: `${U} Util:verify_room (U:506-517); rules §6 "What sub must equal"`,
  },
  'room-claim-not-encoded': {
    ...WARNING,
    message: 'The room claim {claim} is not in the form the server compares: {why}.',
    hint: 'Write the room as the server sees it: lower case and URL-encoded, here "{expected}" (or "*").',
    path: ['payload', 'room'],
    source: `${U} Util:verify_room (U:409-416); jitsi-meet uri.ts getBackendSafeRoomName; rules §6`,
  },
  'context-missing': {
    ...WARNING,
    message:
      'The payload has no "context"; the server accepts it, but the Jitsi web client warns "The context object is missing" and shows no user name or avatar from the token.',
    hint: 'Add "context": {"user": {"name": "…", "id": "…"}}.',
    path: ['payload', 'context'],
    source: `${U} Util:process_and_verify_token (U:332-362); jitsi-client-rules.md §3`,
  },
  'tenant-mismatch': {
    ...WARNING,
    message:
      '"context.tenant" is {value}, but {tenant}; prosody only logs this, and refuses when the room disallows unauthenticated access.',
    hint: 'Set context.tenant to the tenant from the URL (lower case), or leave it out.',
    path: ['payload', 'context', 'tenant'],
    source: `${U} Util:verify_room (U:473-485)`,
  },
  'key-server-alg-confusion': {
    severity: 'error',
    stage: null,
    error: null,
    reason: null,
    message:
      'Security hole: on {line} with a key server, an HS256 token with a "kid", HMAC-signed with the key server\'s public key text as the secret, is accepted. Anyone who can download the public key can mint tokens for this server.',
    hint: 'Upgrade jitsi-meet-prosody to a release from June 2021 or later (the algorithm fix), which refuses any alg but RS* with a key server.',
    path: ['settings', 'asap_key_server'],
    source: `${U2020} Util:process_and_verify_token with ${L2020}; rules §15 "Algorithm confusion"`,
  },
  'sub-not-checked': {
    ...WARNING,
    message:
      'On {line}, enable_domain_verification is off (its default there), so "sub" is never checked: a token made for another domain or tenant ({value}) gets in as well.',
    hint: 'Set enable_domain_verification = true to have sub checked, or upgrade (it is on by default since 2021).',
    path: ['payload', 'sub'],
    source: `${U2020} Util.new, Util:verify_room; rules §15`,
  },
  'tenant-room-needs-star': {
    ...WARNING,
    message:
      'On {line} without domain verification, a tenant meeting is compared as the whole node "{node}", so the room claim {claim} cannot match; only "*" or "{node}" does.',
    hint: 'Put "{node}" (this room only) or "*" (any room, any tenant) in the room claim, or set enable_domain_verification = true and sub to the tenant.',
    path: ['payload', 'room'],
    source: `${U2020} Util:verify_room; rules §15`,
  },
  'alg-from-token': {
    ...WARNING,
    message:
      '"alg" is {alg}: {line} takes the algorithm from the token, so it accepts this, but a server updated after June 2021 accepts only {expected} unless signature_algorithm = "{alg}".',
    hint: 'Sign with {expected} so the token keeps working after an upgrade, or set signature_algorithm = "{alg}" when you upgrade.',
    path: ['header', 'alg'],
    source: `${L2020}; rules §5, §15`,
  },
  'room-not-checked': {
    severity: 'info',
    stage: null,
    error: null,
    reason: null,
    message:
      'The MUC component does not load token_verification, so prosody never compares room, sub or tenant with the room joined: any room is open to this token.',
    hint: 'Add "token_verification" to modules_enabled of the MUC component (conference.{domain}) if rooms should be checked.',
    path: ['payload', 'room'],
    source: `${V_TOKEN_VERIFICATION} (muc-occupant-pre-join hook); rules §1 step 5, §14`,
  },
  'anonymous-access': {
    severity: 'info',
    stage: null,
    error: null,
    reason: null,
    message: 'No token: allow_empty_token lets the user in anonymously, without any claims.',
    hint: 'Add ?jwt=<token> to the URL to test the token itself.',
    path: ['url', 'jwt'],
    source: `${U} Util:process_and_verify_token, Util:verify_room (U:265-271, U:402-407); rules §8`,
  },
} as const satisfies Record<string, RuleSpec>;

/** Every rule id; stable kebab-case, never renamed once shipped. */
export type ProsodyRuleId = keyof typeof RULES;

/**
 * The frozen rule table, keyed by rule id.
 * @see jitsi-token-rules.md §3, §6, §9, §13
 */
export const PROSODY_RULES: Readonly<Record<ProsodyRuleId, ProsodyRule>> = Object.freeze(
  Object.fromEntries(
    Object.entries(RULES).map(([id, spec]) => {
      const path = spec.path === null ? null : Object.freeze([...spec.path]);
      return [id, Object.freeze({ id, ...spec, path } as ProsodyRule)];
    }),
  ) as Record<ProsodyRuleId, ProsodyRule>,
);

/** The rule ids in table order (which is the order prosody checks them in). */
export const PROSODY_RULE_IDS: readonly ProsodyRuleId[] = Object.freeze(
  Object.keys(RULES) as ProsodyRuleId[],
);

/** Fills `{name}` placeholders of a rule template; unknown names stay as written. */
export function fillTemplate(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
