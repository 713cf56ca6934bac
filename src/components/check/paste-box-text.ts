// The paste box's words, shared by CheckView and the first verdict drawn before the app (first-verdict-view.ts),
// so the box has the same size in both and nothing below it moves when the app takes over.
export const PASTE_HINT =
  'A token, a meeting link, an Authorization header or a prosody log line. Checked in this page as prosody would; nothing is sent anywhere.';
export const PASTE_PLACEHOLDER = 'eyJhbGciOi… or https://meet.example.com/room?jwt=eyJ…';
