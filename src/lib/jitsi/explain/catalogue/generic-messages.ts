// Catch-all wrappers (a log line's frame, a bare condition, a client toast), shown only when nothing more
// specific was recognised. A data table.

import { entry, V, type CatalogueEntry } from './catalogue-entry';

/** Catch-alls shown only when nothing more specific matched. */
export const GENERIC_MESSAGES: readonly CatalogueEntry[] = Object.freeze([
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
    // A room address like [tenant]room@muc… is a tenant meeting: sub and context.tenant matter too.
    topics: ['tenant'],
    examples: [
      'Token alice@meet.example.com/x not allowed to join: myroom@conference.meet.example.com err: something reason: new',
      'Token **REDACTED** not allowed to join: [acme]room@muc.meet.jitsi/abc',
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
