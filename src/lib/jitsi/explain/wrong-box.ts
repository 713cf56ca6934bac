// Recognises text pasted into the wrong box (a token in the payload pane or a secret field, a meeting link in
// Domain), so the view can offer to move it where it belongs. Reads the text with the paste reader, never throws.

import { readPastedInput, type PastedLink } from './meeting-paste';

/** What a box's text is: a whole token, a meeting link, or anything else (left to the box itself). */
export type BoxText =
  | { kind: 'token'; token: string }
  | { kind: 'link'; link: PastedLink; token: string | null }
  | { kind: 'other' };

const OTHER: BoxText = { kind: 'other' };

/**
 * Says whether a box's whole text is a signed token (three dot-separated parts starting `eyJ`, perhaps quoted,
 * wrapped or after `Bearer`) or a meeting link; text that merely mentions a token is `other`, so JSON, secrets
 * and domains stay what they are.
 * @see jitsi-token-rules.md §1 (what a token looks like), jitsi-client-rules.md §1 (what a link carries)
 */
export function classifyBoxText(text: string): BoxText {
  if (typeof text !== 'string' || text.trim() === '') return OTHER;
  // The cheap case, met on every keystroke in the boxes that ask: with no `eyJ` there is no token, and with no `/`
  // no meeting link (a bare host is a domain), so the whole paste reader need not run.
  if (!text.includes('eyJ') && !text.includes('/')) return OTHER;
  const reading = readPastedInput(text);
  if (reading.form === 'link' && reading.link && reading.link.domain !== '')
    return { kind: 'link', link: reading.link, token: reading.token };
  if (
    (reading.form === 'token' || reading.form === 'bearer') &&
    reading.token &&
    isSignedToken(reading.token)
  )
    return { kind: 'token', token: reading.token };
  return OTHER;
}

// A JWS in compact form: a JSON header (base64url of `{"` is `eyJ`), then payload and signature, none empty.
function isSignedToken(token: string): boolean {
  const parts = token.split('.');
  return parts.length === 3 && token.startsWith('eyJ') && parts.every((part) => part !== '');
}
