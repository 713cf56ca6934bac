// Prosody's room-join (MUC) refusal texts and log lines. A data table.

import { entry, NEW_SERVERS, U, V, type CatalogueEntry } from './catalogue-entry';

/** Prosody's room-join refusals. */
export const PROSODY_MUC_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
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
    id: 'jid-malformed',
    stage: 'muc',
    summary: 'Prosody bounced the join: the room address is not a valid XMPP address, so no token rule ran.',
    causes: [
      [
        'The room name in the link holds a character an XMPP address may not contain (an apostrophe, often written %27), or the room or tenant is too long.',
        'the meeting URL',
        ['room-jid-malformed'],
      ],
    ],
    patterns: ['jid-malformed', 'The destination address is invalid'],
    examples: [
      'jid-malformed',
      "The destination address is invalid: it's@conference.meet.example.com/abcd1234",
    ],
    source: 'prosody core/stanza_router.lua (jid.prepped_split)',
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
]);
