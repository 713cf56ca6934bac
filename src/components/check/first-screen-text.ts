// The first screen's fixed words, shared by the app's views and the first verdict drawn before the app
// (first-verdict-view.ts), so both draw the same text at the same size and nothing moves when the app takes over.
// (index.html's static shell repeats the tagline as plain HTML.)
export const TAGLINE =
  'Check and sign Jitsi Meet JWTs exactly as prosody does. Nothing you type leaves this page.';
export const PASTE_HINT =
  'A token, a meeting link, an Authorization header or a prosody log line. Checked in this page as prosody would; nothing is sent anywhere.';
export const PASTE_PLACEHOLDER = 'eyJhbGciOi… or https://meet.example.com/room?jwt=eyJ…';
/** The Deployment select's choices ('' for none). */
export const DEPLOYMENT_CHOICES: readonly { value: string; label: string }[] = Object.freeze([
  { value: '', label: 'Custom / not known' },
  { value: 'debian', label: 'Debian / Ubuntu packages' },
  { value: 'docker', label: 'docker-jitsi-meet' },
  { value: 'jaas', label: '8x8 JaaS' },
]);
