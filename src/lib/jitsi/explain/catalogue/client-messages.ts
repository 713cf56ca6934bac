// The Jitsi web client's token texts (client rules §2, §3). A data table.

import { entry, C, type CatalogueEntry } from './catalogue-entry';

/** The web client's own token messages. */
export const CLIENT_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
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
  entry({
    id: 'client-not-allowed',
    stage: 'client',
    summary:
      'The web client was refused entry to the room: the server turned the join down (MUC not-allowed).',
    causes: [
      [
        'The token passed at connect time but token_verification refused the room: room, sub or the tenant do not fit the room joined.',
        'payload.room, payload.sub, payload.context.tenant',
        ['room-mismatch', 'sub-mismatch', 'tenant-mismatch'],
      ],
    ],
    patterns: ['conference.connectionError.notAllowed', /You\s+are\s+not\s+allowed\s+to\s+be\s+here/i],
    examples: ['conference.connectionError.notAllowed', 'Sorry! You are not allowed to be here :('],
    source: 'jitsi-meet lang/main.json (shown when the conference join fails with not-allowed)',
  }),
]);
