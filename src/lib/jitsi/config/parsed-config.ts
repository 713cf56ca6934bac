// The shape of what the config readers return (settings, what was understood, ignored or wrong, hosts, modules),
// shared by the prosody and docker readers. Holds no reading logic of its own.

import type { ProsodySettings } from '../server/prosody-settings';
import type { ConfigRemark } from './config-remarks';

/**
 * Which kind of text it is: a prosody config, `KEY=value` lines (a docker `.env`, or an env block of a Nomad job),
 * a docker-compose `environment:` section, or a Kubernetes `env:` list of name/value pairs.
 */
export type ConfigFormat = 'prosody' | 'env' | 'compose' | 'kubernetes' | 'unknown';

/** The template language a paste is written in, when its values are filled in later. */
export type TemplateSyntax = 'go' | 'jinja' | 'shell' | 'erb';

/** Where a paste shows it is a template rather than a finished file. */
export interface TemplateMark {
  syntax: TemplateSyntax;
  /** 1-based line of the first template expression. */
  line: number;
  /** That expression, as written (shortened). */
  text: string;
}

/** Why prosody cannot load the pasted file at all. */
export interface LoadFailure {
  line: number;
  why: string;
}

/** A value that is still a placeholder (`<app_id>`, `<no value>`, `xxxxx`, `your-secret-here`). */
export interface PlaceholderValue {
  /** The option or variable that holds it. */
  name: string;
  value: string;
  line: number;
}

/** One value the parser took from the file (or a default it filled in), as shown to the user. */
export interface UnderstoodSetting {
  /** As written: the prosody option, or the `.env` variable. */
  name: string;
  /** The prosody option it feeds (same as `name` for a `.cfg.lua`); null when it feeds none (`PUBLIC_URL`). */
  option: string | null;
  /** The value for display: lists are joined with `, `. Secrets are included; mask them by `isSecret`. */
  value: string;
  /** 1-based line; 0 for a default that is not written in the file. */
  line: number;
  isSecret: boolean;
  /** Where it was set: `global`, `VirtualHost "…"`, `Component "…"` or `.env`. */
  section: string;
  /** True when the value is a default the parser filled in, not one written in the file. */
  isDefault: boolean;
}

/** A piece of the file that was read but not used, and why. */
export interface IgnoredText {
  /** The text (first line, shortened; secret values hidden). */
  text: string;
  line: number;
  why: string;
}

/** Something malformed in the file, which the server itself would likely reject or misread. */
export interface ConfigProblem {
  line: number;
  message: string;
}

/** A prosody Component block and the token-related things it enables. */
export interface ComponentSummary {
  name: string;
  /** The second string of `Component "name" "muc"`, or null for an external component. */
  type: string | null;
  line: number;
  modules: string[];
  tokenVerificationAllowlist: string[];
}

/** The modules the moderator and room helpers care about. */
export const WATCHED_MODULES = Object.freeze([
  'token_verification',
  'token_affiliation',
  'token_moderation',
  'muc_allowners',
  'presence_identity',
] as const);
/** A module the moderator and room helpers care about. */
export type WatchedModule = (typeof WATCHED_MODULES)[number];

/** The modules enabled on the chosen host and on the components, and where each watched module is on. */
export interface ModuleSummary {
  /** Effective `modules_enabled` of the chosen VirtualHost (global list plus its own, minus `modules_disabled`). */
  host: string[];
  components: ComponentSummary[];
  /** The MUC component where the host's rooms live (`<prefix>.<base>`), when it was found. */
  mainMuc: string | null;
  /** For each watched module, the sections that enable it (empty: not enabled anywhere in the paste). */
  watched: Record<WatchedModule, { isEnabled: boolean; where: string[] }>;
}

/** One VirtualHost found in the file. */
export interface HostSummary {
  name: string;
  line: number;
  authentication: string | null;
  isEnabled: boolean;
  isChosen: boolean;
}

/** Everything read from a pasted server configuration. */
export interface ParsedServerConfig {
  format: ConfigFormat;
  /** The VirtualHost name, or `XMPP_DOMAIN` of a `.env`. This is what `sub` must equal on non-tenant URLs. */
  domain: string | null;
  /** `PUBLIC_URL` of a `.env`; null for a `.cfg.lua` (prosody does not know it). */
  publicUrl: string | null;
  settings: ProsodySettings;
  understood: UnderstoodSetting[];
  ignored: IgnoredText[];
  problems: ConfigProblem[];
  modules: ModuleSummary;
  hosts: HostSummary[];
  /** Remarks on choices the parser made (which host, which defaults). */
  notes: string[];
  /** Whether the users' VirtualHost checks tokens; `unknown` when the paste does not say (templates, snippets). */
  tokenAuth: boolean | 'unknown';
  /** Set when the paste is a template whose values are filled in later. */
  template: TemplateMark | null;
  /** Set when prosody could not load the file as pasted (the settings are then what it would mean once fixed). */
  loadFailure: LoadFailure | null;
  placeholders: PlaceholderValue[];
  /** Coded remarks, each with what it means for the tester's token. */
  remarks: ConfigRemark[];
}

/** An empty module summary: no host modules, no components, no watched module enabled. */
export function emptyModules(): ModuleSummary {
  const watched = {} as Record<WatchedModule, { isEnabled: boolean; where: string[] }>;
  for (const name of WATCHED_MODULES) watched[name] = { isEnabled: false, where: [] };
  return { host: [], components: [], mainMuc: null, watched };
}

/** Records, for each watched module in `enabled`, that it is on in `where`. */
export function markWatched(modules: ModuleSummary, enabled: readonly string[], where: string): void {
  for (const name of WATCHED_MODULES) {
    if (enabled.includes(name)) {
      modules.watched[name].isEnabled = true;
      modules.watched[name].where.push(where);
    }
  }
}
