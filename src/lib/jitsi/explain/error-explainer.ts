// "What did you see?": recognises prosody log lines and reason texts, and the web client's messages, and says what
// causes them and which checker rules to look at. Owns the message catalogue only; it never looks at a token, and
// it names rules by id only (a type import), so its chunk does not carry the rule table.

import type { ProsodyRuleId } from '../server/prosody-rules';

/** When the message appears: server start-up, connect (SASL), room join (MUC), or only in the web client's UI. */
export type ExplainStage = 'config' | 'auth' | 'muc' | 'client';

/** One possible cause of a message, with what to look at and the checker rules that detect it. */
export interface ExplainedCause {
  cause: string;
  check: string;
  /** The rules (prosody-rules.ts) that detect this cause; empty when the checker cannot see it. */
  ruleIds: readonly ProsodyRuleId[];
}

/** One message the explainer knows. */
export interface CatalogueEntry {
  /** Stable kebab-case id of the message: prosody's own err name where it has one, so not always a rule id. */
  id: string;
  stage: ExplainStage;
  /** What the message means, in plain words. */
  summary: string;
  causes: readonly ExplainedCause[];
  /** Phrases (spaces match any white space, case ignored) or patterns that identify the message. */
  patterns: readonly (string | RegExp)[];
  /** Real texts that must be recognised as this entry; the tests iterate them. */
  examples: readonly string[];
  /** Where the text comes from. */
  source: string;
  /** A catch-all shown only when nothing more specific was recognised. */
  isGeneric: boolean;
}

/** One recognised message in the pasted text. */
export interface RecognisedMessage {
  id: string;
  /** The text as it was matched. */
  text: string;
  stage: ExplainStage;
  summary: string;
  causes: readonly ExplainedCause[];
  /** Facts read out of the message itself (how long ago a token expired, which feature), when there are any. */
  detail: string | null;
}

/** What the explainer made of a pasted text. */
export interface Explanation {
  recognised: RecognisedMessage[];
  /** True when the text is not empty and nothing in it was recognised. */
  unrecognised: boolean;
}

type CauseRow = readonly [cause: string, check: string, ruleIds: readonly ProsodyRuleId[]];

interface EntrySpec {
  id: string;
  stage: ExplainStage;
  summary: string;
  causes: readonly CauseRow[];
  patterns: readonly (string | RegExp)[];
  examples: readonly string[];
  source: string;
  isGeneric?: boolean;
}

function entry(spec: EntrySpec): CatalogueEntry {
  return Object.freeze({
    id: spec.id,
    stage: spec.stage,
    summary: spec.summary,
    causes: Object.freeze(
      spec.causes.map(([cause, check, ruleIds]) =>
        Object.freeze({ cause, check, ruleIds: Object.freeze([...ruleIds]) }),
      ),
    ),
    patterns: Object.freeze([...spec.patterns]),
    examples: Object.freeze([...spec.examples]),
    source: spec.source,
    isGeneric: spec.isGeneric ?? false,
  });
}

const U = 'jitsi-meet resources/prosody-plugins/token/util.lib.lua';
const L = 'jitsi-meet resources/prosody-plugins/luajwtjitsi.lib.lua';
const V = 'jitsi-meet resources/prosody-plugins/mod_token_verification.lua';
const C =
  'jitsi-meet lang/main.json dialog.tokenAuthFailedReason (shown by base/conference/middleware.any.ts)';

// Lua prints numbers as `60` (5.2/5.3 integers) or `60.0`, `0.5`, `1.00000175e+15` (5.4): accept all of them.
const LUA_NUMBER = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?|-?inf|-?nan`;
const EXP_MESSAGE = new RegExp(
  String.raw`Not\s+acceptable\s+by\s+exp(?:\s*\(\s*(${LUA_NUMBER})\s*sec\s+since\s+expired(?:\s*,\s*valid\s+for\s*:?\s*(${LUA_NUMBER})\s*sec)?\s*\))?`,
  'i',
);
const NEW_SERVERS = 'newer servers (rules §12)';

/**
 * Every message the explainer recognises: prosody's reasons and errors (rules §9, old wordings, §11, §12), the
 * prosody log lines around them, and the web client's texts (client rules §2-§3).
 */
export const EXPLAINER_CATALOGUE: readonly CatalogueEntry[] = Object.freeze([
  // ---- Auth stage (connect time, SASL failure text) --------------------------------------------------------
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
    causes: [['The header has no alg (or an empty one).', 'header.alg', ['alg-missing']]],
    patterns: [/'alg'\s+claim\s+is\s+missing/i, /'alg'\s+claim\s+must\s+not\s+be\s+empty/i],
    examples: ["'alg' claim is missing", "'alg' claim must not be empty"],
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
    causes: [['The payload segment was damaged or is not JSON.', 'payload', ['invalid-body']]],
    patterns: [/\bInvalid\s+body\b/i],
    examples: ['Invalid body'],
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
    patterns: ['invalid tag name'],
    examples: [
      'invalid tag name: contains invalid characters',
      'mod_saslauth: Traceback: util/stanza.lua: invalid tag name: contains invalid characters',
    ],
    source: 'prosody util/stanza.lua via mod_saslauth (rules §11)',
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
  // ---- MUC stage (room join) ----------------------------------------------------------------------------------
  entry({
    id: 'invalid-room-address',
    stage: 'muc',
    summary: 'The room address the client joined is not a valid JID.',
    causes: [
      [
        'The meeting URL has no room name, or the room or tenant in it produced an unusable address.',
        'the meeting URL',
        ['room-address-invalid'],
      ],
    ],
    patterns: ['invalid-room-address', 'Room address is invalid'],
    examples: ['invalid-room-address', 'Room address is invalid'],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'room-does-not-exist',
    stage: 'muc',
    summary: 'The server looked the room up on the wrong MUC host.',
    causes: [
      [
        "muc_mapper_domain_base is not set (or names another domain), so every token user fails to join. The checker reads an unset value as the VirtualHost domain, as every stock config sets it, so enter the server's value to see this.",
        'muc_mapper_domain_base',
        ['room-does-not-exist'],
      ],
      [
        'The room is not on the MUC host prosody expects (muc_mapper_domain_prefix / muc_mapper_domain).',
        'muc_mapper_domain_prefix',
        ['room-does-not-exist'],
      ],
    ],
    patterns: ['room-does-not-exist', 'Room does not exist'],
    examples: ['room-does-not-exist', 'Room does not exist'],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'authentication-required',
    stage: 'muc',
    summary: 'A guest without a token tried to join a room that requires authentication.',
    causes: [
      [
        "No token was sent (allow_empty_token lets it connect) and the room forbids unauthenticated access. The checker notes the anonymous join but cannot see the room's setting (server state).",
        "the meeting URL (?jwt=), the room's allowUnauthenticatedAccess",
        ['anonymous-access'],
      ],
    ],
    patterns: ['authentication-required', /(?<!\w)Authentication\s+required/i],
    examples: ['authentication-required', 'Authentication required'],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'room-mismatch',
    stage: 'muc',
    summary: 'The room claim does not name the room being joined (domain verification off).',
    causes: [
      [
        'room differs from the URL’s room. The server compares lower-case, but special characters must be URL-encoded in the claim (my%20room).',
        'payload.room',
        ['room-mismatch-no-domain-check', 'room-claim-not-encoded'],
      ],
    ],
    patterns: ['room-mismatch', 'Room does not match the room from token'],
    examples: [
      'room-mismatch',
      'Room does not match the room from token',
      'Token alice@meet.example.com/abc not allowed to join: myroom@conference.meet.example.com/alice err: room-mismatch reason: Room does not match the room from token',
    ],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'room-name-does-not-match',
    stage: 'muc',
    summary: 'There is no room name to compare (no room claim, or the regex room did not match).',
    causes: [
      [
        'context.room.regex is on and the pattern does not match the whole room name (lower-cased first).',
        'payload.room, payload.context.room.regex',
        ['room-regex-no-match'],
      ],
      ['The token has no room claim.', 'payload.room', ['room-claim-missing']],
      ['The room claim is false, which counts as no room.', 'payload.room', ['room-claim-false']],
    ],
    patterns: ['room-name-does-not-match', 'Room name cannot be matched to the one from token'],
    examples: ['room-name-does-not-match', 'Room name cannot be matched to the one from token.'],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'invalid-regex',
    stage: 'muc',
    summary: 'Newer servers: the regex room claim is not a valid Lua pattern.',
    causes: [
      [
        'context.room.regex is on and room is not a valid Lua pattern (it is lower-cased first).',
        'payload.room',
        ['room-regex-invalid'],
      ],
    ],
    patterns: ['invalid-regex'],
    examples: ['invalid-regex'],
    source: NEW_SERVERS,
  }),
  entry({
    id: 'server-missing-config',
    stage: 'muc',
    summary: 'A tenant join needs muc_mapper_domain_base, which is not set.',
    causes: [
      [
        'muc_mapper_domain_base is unset on the host. The checker reads an unset value as the VirtualHost domain, as every stock config sets it, and reports a wrong one as room-does-not-exist.',
        'muc_mapper_domain_base',
        ['room-does-not-exist'],
      ],
    ],
    patterns: ['server-missing-config', 'Misconfiguration of server'],
    examples: ['server-missing-config', 'Misconfiguration of server'],
    source: `${U} verify_room`,
  }),
  entry({
    id: 'room-and-token-mismatched',
    stage: 'muc',
    summary: 'The room address the token allows is not the one being joined.',
    causes: [
      [
        'sub is not the domain (non-tenant URL) or the tenant (tenant URL); use "*" for either.',
        'payload.sub',
        ['sub-mismatch'],
      ],
      [
        'room differs from the URL’s room (lower case, and special characters URL-encoded: my%20room).',
        'payload.room',
        ['room-mismatch', 'room-claim-not-encoded'],
      ],
      [
        'context.tenant differs from the URL tenant and the room requires authentication.',
        'payload.context.tenant',
        ['tenant-mismatch'],
      ],
    ],
    patterns: ['Room and token mismatched'],
    examples: ['Room and token mismatched'],
    source: V,
  }),
  entry({
    id: 'lower-on-nil',
    stage: 'muc',
    summary: 'Prosody crashed while checking the room: the join breaks with a traceback, not a clean error.',
    causes: [
      [
        'The token has no sub (string.lower(nil)) while domain verification is on.',
        'payload.sub',
        ['sub-missing'],
      ],
      [
        'sub is not a string: null (got userdata), true or false (got boolean), an object or an array (got table).',
        'payload.sub',
        ['sub-invalid-type'],
      ],
      [
        'context.tenant is null, a boolean, an object or an array.',
        'payload.context.tenant',
        ['tenant-claim-invalid-type'],
      ],
    ],
    patterns: [/bad\s+argument\s+#1\s+to\s+'?lower'?/i],
    examples: [
      "bad argument #1 to 'lower' (string expected, got nil)",
      "mod_token_verification.lua:123: bad argument #1 to 'lower' (string expected, got userdata)",
    ],
    source: `${U} verify_room (rules §6.6)`,
  }),
  entry({
    id: 'room-modification-disabled',
    stage: 'muc',
    summary: 'A guest without a token tried to change the room configuration.',
    causes: [
      [
        'token_verification_require_token_for_moderation is on and this user has no token.',
        'the meeting URL (?jwt=)',
        [],
      ],
    ],
    patterns: ['Room modification disabled for guests'],
    examples: ['Room modification disabled for guests'],
    source: V,
  }),
  // ---- Config (server start-up) ---------------------------------------------------------------------------------
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
  // ---- Web client texts (client rules §2, §3) -------------------------------------------------------------------
  entry({
    id: 'client-header-not-found',
    stage: 'client',
    summary: 'The client could not read a header from the token.',
    causes: [
      ['The header segment decodes to null or nothing.', 'header', ['invalid-header', 'header-not-object']],
    ],
    patterns: ['Missing the header.'],
    examples: ['Missing the header.'],
    source: C,
  }),
  entry({
    id: 'client-payload-not-found',
    stage: 'client',
    summary: 'The client could not read a payload from the token.',
    causes: [
      ['The payload decodes to null, 0, false or "".', 'payload', ['invalid-body', 'payload-not-object']],
    ],
    patterns: ['Missing the payload.'],
    examples: ['Missing the payload.'],
    source: C,
  }),
  entry({
    id: 'client-kid-not-found',
    stage: 'client',
    summary: 'A JaaS token (sub starts with vpaas-magic-cookie) has no kid.',
    causes: [
      ['header.kid is missing; the client checks nothing else after this.', 'header.kid', ['kid-missing']],
    ],
    patterns: [/Missing\s+Key\s+ID\s*\(kid\)/i],
    examples: ['Missing Key ID (kid).'],
    source: C,
  }),
  entry({
    id: 'client-kid-mismatch',
    stage: 'client',
    summary: 'JaaS: the part of kid before the first "/" must equal sub.',
    causes: [['kid does not start with "<sub>/" (client-only JaaS check).', 'header.kid, payload.sub', []]],
    patterns: [/Key\s+ID\s*\(kid\)\s+does\s+not\s+match\s+sub/i],
    examples: ['Key ID (kid) does not match sub.', '- Key ID(kid) does not match sub'],
    source: C,
  }),
  entry({
    id: 'client-aud-invalid',
    stage: 'client',
    summary: 'JaaS: aud must be exactly "jitsi".',
    causes: [['aud is not the string "jitsi" (an array fails too).', 'payload.aud', ['aud-invalid']]],
    patterns: [/Invalid\s+`?aud`?\s+value/i],
    examples: ['Invalid `aud` value. It should be `jitsi`.'],
    source: C,
  }),
  entry({
    id: 'client-iss-invalid',
    stage: 'client',
    summary: 'JaaS: iss must be exactly "chat".',
    causes: [['iss is not "chat".', 'payload.iss', ['iss-invalid']]],
    patterns: [/Invalid\s+`?iss`?\s+value/i],
    examples: ['Invalid `iss` value. It should be `chat`.'],
    source: C,
  }),
  entry({
    id: 'client-features-not-found',
    stage: 'client',
    summary: 'JaaS: context.features must be present (it may be {}).',
    causes: [
      ['payload.context.features is missing (client-only JaaS check).', 'payload.context.features', []],
    ],
    patterns: [/The\s+`?features`?\s+object\s+is\s+missing/i],
    examples: ['The `features` object is missing from the payload.'],
    source: C,
  }),
  entry({
    id: 'client-nbf-invalid',
    stage: 'client',
    summary: 'nbf is not a valid timestamp in seconds.',
    causes: [
      [
        'nbf is a string, or too large for a date (old clients also require nbf).',
        'payload.nbf',
        ['nbf-not-number'],
      ],
    ],
    patterns: [/invalid\s+`?nbf`?\s+value/i],
    examples: ['Invalid `nbf` value.', '- invalid `nbf` value'],
    source: C,
  }),
  entry({
    id: 'client-nbf-future',
    stage: 'client',
    summary: 'nbf is in the future on the browser’s clock.',
    causes: [
      ['nbf is later than now, or was written in milliseconds.', 'payload.nbf', ['token-not-yet-valid']],
    ],
    patterns: [/The\s+`?nbf`?\s+value\s+is\s+in\s+the\s+future/i],
    examples: ['The `nbf` value is in the future.'],
    source: C,
  }),
  entry({
    id: 'client-exp-invalid',
    stage: 'client',
    summary: 'exp is missing or not a valid timestamp in seconds.',
    causes: [
      [
        'exp is missing (the client requires it even though the server does not).',
        'payload.exp',
        ['exp-missing'],
      ],
      ['exp is a string; it must be a number of seconds.', 'payload.exp', ['exp-not-number']],
      [
        'exp is too large to be a date (over 8.64e12, e.g. milliseconds multiplied again).',
        'payload.exp',
        ['exp-milliseconds'],
      ],
    ],
    patterns: [/Invalid\s+`?exp`?\s+value/i],
    examples: ['Invalid `exp` value.'],
    source: C,
  }),
  entry({
    id: 'client-token-expired',
    stage: 'client',
    summary: 'exp is in the past on the browser’s clock.',
    causes: [['The token has expired.', 'payload.exp', ['token-expired']]],
    patterns: ['Token is expired'],
    examples: ['Token is expired.'],
    source: C,
  }),
  entry({
    id: 'client-context-not-found',
    stage: 'client',
    summary: 'The token has no context object (the client warns for every token).',
    causes: [['payload.context is missing or null.', 'payload.context', ['context-missing']]],
    patterns: [/The\s+`?context`?\s+object\s+is\s+missing/i],
    examples: ['The `context` object is missing from the payload.'],
    source: C,
  }),
  entry({
    id: 'client-feature-invalid',
    stage: 'client',
    summary: 'context.features names a feature the client does not know.',
    causes: [
      [
        'A key of context.features is not one of the 20 names the client knows (exact, lower-case, hyphenated).',
        'payload.context.features',
        [],
      ],
    ],
    patterns: [/Invalid\s+feature:\s*[^,\s]*/i],
    examples: ['Invalid feature: foo, most likely not implemented yet.'],
    source: C,
  }),
  entry({
    id: 'client-feature-value-invalid',
    stage: 'client',
    summary: 'A known feature has a value other than true, false, "true" or "false".',
    causes: [['The feature’s value is e.g. 1, "yes" or null.', 'payload.context.features', []]],
    patterns: [/Invalid\s+value\s+for\s+feature:\s*[^\s.]*/i],
    examples: ['Invalid value for feature: recording.'],
    source: C,
  }),
  entry({
    id: 'client-invalid-tenant',
    stage: 'client',
    summary: 'The tenant part of the meeting URL is not allowed.',
    causes: [
      [
        'The tenant starts or ends with "-", or is longer than 63 characters.',
        'the tenant in the meeting URL',
        [],
      ],
    ],
    patterns: [
      'Invalid tenant',
      'The tenant you are using is invalid',
      'The tenant you are using is too long',
    ],
    examples: [
      'Invalid tenant',
      "The tenant you are using is invalid (starts or ends with '-').",
      'The tenant you are using is too long.',
    ],
    source: 'jitsi-meet lang/main.json notify.invalidTenant*',
  }),
  // ---- Generic wrappers: shown only when nothing more specific was recognised ----------------------------------
  entry({
    id: 'auth-log-line',
    stage: 'auth',
    summary: 'Prosody refused the token at connect time; the reason text says which check failed.',
    causes: [
      [
        'Any connect-time check: signature, alg, typ, exp/nbf, iss, aud or the room claim.',
        'the reason after "reason:"',
        ['signature-invalid', 'alg-mismatch', 'typ-invalid', 'token-expired', 'iss-invalid', 'aud-invalid'],
      ],
    ],
    patterns: ['Error verifying token'],
    examples: ['Error verifying token err:not-allowed, reason:Something new tenant:nil room:x user_agent:y'],
    source: 'jitsi-meet mod_auth_token.lua',
    isGeneric: true,
  }),
  entry({
    id: 'muc-log-line',
    stage: 'muc',
    summary: 'Prosody refused the room join; the err and reason say which check failed.',
    causes: [
      [
        'A join-time check: room or sub do not fit the room being joined.',
        'payload.room, payload.sub',
        ['room-mismatch', 'sub-mismatch'],
      ],
    ],
    patterns: [/Token\s+\S+\s+not\s+allowed\s+to\s+join/i],
    examples: [
      'Token alice@meet.example.com/x not allowed to join: myroom@conference.meet.example.com err: something reason: new',
    ],
    source: V,
    isGeneric: true,
  }),
  entry({
    id: 'not-allowed',
    stage: 'auth',
    summary: 'The server refused with the generic not-allowed condition; the accompanying text says why.',
    causes: [
      [
        'Any server-side check failed; find the reason text in the prosody log or the browser console ("JWT error:").',
        'the prosody log',
        [
          'signature-invalid',
          'alg-mismatch',
          'token-expired',
          'iss-invalid',
          'aud-invalid',
          'room-mismatch',
          'sub-mismatch',
        ],
      ],
    ],
    patterns: [/(?<![\w-])not-allowed(?![\w-])/i],
    examples: ['not-allowed'],
    source: 'prosody SASL failure / MUC presence error condition',
    isGeneric: true,
  }),
  entry({
    id: 'password-required',
    stage: 'client',
    summary:
      'lib-jitsi-meet reports a SASL authentication failure: the server rejected the token at connect time.',
    causes: [
      [
        'A connect-time check failed; the browser console shows the server reason after "JWT error:".',
        'the prosody log or the browser console',
        [
          'token-required',
          'signature-invalid',
          'alg-mismatch',
          'typ-invalid',
          'token-expired',
          'iss-invalid',
          'aud-invalid',
        ],
      ],
      [
        'The VirtualHost does not use token authentication (authentication is e.g. "internal_hashed"), so prosody never looks at the token and asks for a user name and password instead.',
        'authentication on the VirtualHost',
        ['auth-not-token'],
      ],
    ],
    patterns: ['connection.passwordRequired', 'PASSWORD_REQUIRED'],
    examples: ['connection.passwordRequired'],
    source: 'lib-jitsi-meet modules/xmpp/xmpp.ts (AUTHFAIL)',
    isGeneric: true,
  }),
  entry({
    id: 'authentication-failed',
    stage: 'client',
    summary: 'The web client’s toast after the server rejected the token at connect time.',
    causes: [
      [
        'A connect-time check failed; any "Possible reasons" are the client’s own checks, not the server’s reason.',
        'the prosody log or the browser console',
        [
          'token-required',
          'signature-invalid',
          'alg-mismatch',
          'typ-invalid',
          'token-expired',
          'iss-invalid',
          'aud-invalid',
        ],
      ],
    ],
    patterns: ['Authentication failed', /Sorry,\s+you're\s+not\s+allowed\s+to\s+join\s+this\s+call/i],
    examples: [
      'Authentication failed',
      "Sorry, you're not allowed to join this call.",
      "Sorry, you're not allowed to join this call. Possible reasons: ",
    ],
    source: 'jitsi-meet lang/main.json dialog.tokenAuthFailed*',
    isGeneric: true,
  }),
]);

function compile(pattern: string | RegExp): RegExp {
  if (typeof pattern !== 'string')
    return new RegExp(pattern.source, pattern.flags.includes('i') ? pattern.flags : `${pattern.flags}i`);
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(escaped, 'i');
}

// Compiled once; none has the g flag, so they hold no lastIndex state.
const COMPILED: readonly { entry: CatalogueEntry; patterns: readonly RegExp[] }[] = Object.freeze(
  EXPLAINER_CATALOGUE.map((e) =>
    Object.freeze({ entry: e, patterns: Object.freeze(e.patterns.map(compile)) }),
  ),
);

/** Curly quotes and no-break spaces come from copying UI text; the catalogue is written with plain ones. */
function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u00a0\u202f]/g, ' ');
}

// Lua 5.4 prints 60.0 for an integral float; show plain numbers.
function formatSeconds(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : text;
}

function expDetail(match: RegExpExecArray): string | null {
  const since = match[1];
  if (since === undefined) return null;
  const parts = [`Expired ${formatSeconds(since)} s before the server checked it.`];
  const sinceNumber = Number(since);
  // now − exp near the current Unix time means exp itself is tiny: a duration, an offset or 0, not a date.
  if (sinceNumber > 1e9)
    parts.push('That is about the whole Unix epoch: exp looks like a duration or 0, not a timestamp.');
  const validFor = match[2];
  if (validFor !== undefined) {
    const validNumber = Number(validFor);
    parts.push(`It was valid for ${formatSeconds(validFor)} s (exp − iat).`);
    if (validNumber <= 0) parts.push('exp is not after iat: the token was born expired.');
  }
  return parts.join(' ');
}

function featureDetail(match: RegExpExecArray): string | null {
  const name = /:\s*(.*)$/.exec(match[0])?.[1]?.trim();
  return name ? `Feature: ${name}` : null;
}

const DETAILS: Readonly<Record<string, (match: RegExpExecArray) => string | null>> = Object.freeze({
  'token-expired': expDetail,
  'client-feature-invalid': featureDetail,
  'client-feature-value-invalid': featureDetail,
});

/**
 * Recognises every known message in a pasted text (log lines, reason texts, client notifications) and lists its
 * causes, in the order the messages appear. Generic wrappers are kept only when nothing specific was found.
 */
export function explainError(text: string): Explanation {
  const input = normalise(text);
  if (input.trim() === '') return { recognised: [], unrecognised: false };
  const found: { at: number; message: RecognisedMessage; isGeneric: boolean }[] = [];
  for (const { entry: e, patterns } of COMPILED) {
    let best: RegExpExecArray | null = null;
    for (const pattern of patterns) {
      const match = pattern.exec(input);
      if (match && (best === null || match.index < best.index)) best = match;
    }
    if (best === null) continue;
    const detail = DETAILS[e.id]?.(best) ?? null;
    found.push({
      at: best.index,
      isGeneric: e.isGeneric,
      message: { id: e.id, text: best[0], stage: e.stage, summary: e.summary, causes: e.causes, detail },
    });
  }
  // The client's "Possible reasons" are its own checks, not the server's reason, so the generic explanation of the
  // notification stays unless a server message was recognised too.
  const hasServerMessage = found.some((f) => !f.isGeneric && f.message.stage !== 'client');
  const kept = found.filter((f) => !hasServerMessage || !f.isGeneric).sort((a, b) => a.at - b.at);
  return { recognised: kept.map((f) => f.message), unrecognised: kept.length === 0 };
}
