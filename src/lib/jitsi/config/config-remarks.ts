// The stable codes of what the config readers remark on (a template, a placeholder, a guest host…) and what each
// means for the tester's token. A data table; the readers decide when a remark applies.

/** A remark's stable code. Once shipped, never renamed. */
export type ConfigRemarkCode =
  | 'template-text'
  | 'placeholder-value'
  | 'typographic-quotes'
  | 'no-virtualhost'
  | 'token-auth-off'
  | 'token-settings-commented-out'
  | 'anonymous-guest-host'
  | 'empty-token-allowed'
  | 'token-module-on-virtualhost'
  | 'muc-without-token-verification'
  | 'several-token-hosts'
  | 'only-jaas-token-host'
  | 'app-id-missing'
  | 'app-secret-empty'
  | 'option-unknown-to-jitsi-2020'
  | 'default-differs-in-jitsi-2020';

/** One remark on a pasted configuration, with what it means for the tester. */
export interface ConfigRemark {
  code: ConfigRemarkCode;
  /** What was found, naming the host, option or value. */
  message: string;
  /** 1-based line it refers to; 0 when it is about the whole paste. */
  line: number;
  /** What it means for a token tested against this server, in plain words. */
  meaning: string;
  /** `error`: the file does not work as pasted; `warning`: tokens are judged differently than it looks. */
  severity: 'error' | 'warning' | 'info';
}

/** For each code: how serious it is and what it means for the tester's token (`{host}` is filled in). */
export const CONFIG_REMARK_MEANINGS: Readonly<
  Record<ConfigRemarkCode, { severity: ConfigRemark['severity']; meaning: string }>
> = Object.freeze({
  'template-text': {
    severity: 'error',
    meaning:
      'This is a template: its values are filled in when the server starts. Paste the generated file (in docker: /config/conf.d/jitsi-meet.cfg.lua inside the prosody container) to check tokens against real values.',
  },
  'placeholder-value': {
    severity: 'warning',
    meaning:
      'A value is still a placeholder. If the server really runs with it, tokens must be signed and issued with exactly that text; more likely the real value was left out of the paste.',
  },
  'typographic-quotes': {
    severity: 'error',
    meaning:
      'Prosody cannot load a file with curly quotes or dashes in its Lua code: it refuses to start, so no token works. Retype the quotes as straight " and the dashes as --. The values below are what the file would mean once fixed.',
  },
  'no-virtualhost': {
    severity: 'info',
    meaning:
      'No VirtualHost is in the paste, so whether tokens are checked at all is unknown; only global options were read.',
  },
  'token-auth-off': {
    severity: 'error',
    meaning:
      'The users\' VirtualHost does not use authentication = "token": prosody never looks at a token there, so any token (or none) gets the same treatment.',
  },
  'token-settings-commented-out': {
    severity: 'warning',
    meaning: 'Token settings appear only in comments: prosody ignores them.',
  },
  'anonymous-guest-host': {
    severity: 'warning',
    meaning:
      'People without a token can still join through {host}: once a moderator with a token has opened the room, guests enter without any token check.',
  },
  'empty-token-allowed': {
    severity: 'warning',
    meaning:
      'A connection without a token is accepted (allow_empty_token); a token that is present is still fully verified.',
  },
  'token-module-on-virtualhost': {
    severity: 'warning',
    meaning:
      'token_verification and token_affiliation work only on the MUC component; listed on the VirtualHost they do nothing there, so rooms are checked (or moderators set) only if the MUC lists them too.',
  },
  'muc-without-token-verification': {
    severity: 'warning',
    meaning:
      'The MUC component does not enable token_verification, so the server never compares the room or sub claims with the room joined: a room mismatch would not be refused.',
  },
  'several-token-hosts': {
    severity: 'info',
    meaning:
      "More than one VirtualHost checks tokens; the settings shown are those of the users' host. Tokens for the other host are judged by its own settings.",
  },
  'only-jaas-token-host': {
    severity: 'warning',
    meaning:
      "The only token host is the JaaS component host (jigasi.*), used by Jitsi's own dial-in components, not by your users. The users' host does not check tokens.",
  },
  'app-id-missing': {
    severity: 'error',
    meaning:
      "app_id is not set: prosody logs 'app_id' must not be empty and offers no token authentication, so every token fails.",
  },
  'app-secret-empty': {
    severity: 'error',
    meaning:
      'app_secret is empty: no usable secret for HS256 tokens, so prosody cannot verify them (and may not offer token authentication at all).',
  },
  'option-unknown-to-jitsi-2020': {
    severity: 'info',
    meaning:
      'The Jitsi 2020 release line does not know this option and ignores it; on such a server tokens are judged without it.',
  },
  'default-differs-in-jitsi-2020': {
    severity: 'info',
    meaning:
      'On the Jitsi 2020 release line this option has another default (enable_domain_verification was off, so sub is never checked).',
  },
});

/** Builds a remark with the table's severity and meaning, naming `host` where the meaning mentions one. */
export function makeRemark(
  code: ConfigRemarkCode,
  message: string,
  line = 0,
  host = 'the guest host',
): ConfigRemark {
  const { severity, meaning } = CONFIG_REMARK_MEANINGS[code];
  return { code, message, line, severity, meaning: meaning.replace('{host}', host) };
}
