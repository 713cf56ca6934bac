// Works out the prosody options docker-jitsi-meet's template writes from its environment variables, read from a
// `.env`, a compose `environment:` section or Kubernetes `env:` pairs. Values are taken literally; nothing is run.

import type { ProsodySettings } from '../server/prosody-settings';
import { emptyResult, Report, SECRET_OPTIONS } from './config-report';
import { readEnvEntries, type EnvEntry, type EnvSource } from './env-sources';
import {
  emptyModules,
  markWatched,
  type ModuleSummary,
  type ParsedServerConfig,
  type TemplateMark,
} from './parsed-config';
import { remarkOnSettings } from './settings-remarks';
import { findTemplate } from './template-text';
import type { ListOption } from './token-options';

// The docker-jitsi-meet variables that shape prosody's token options, and what the prosody image's template does
// with each (jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua and docker-compose.yml).
/** The variables that shape prosody's token options, with what the template does with each. */
export const ENV_VARIABLES = Object.freeze({
  ENABLE_AUTH: 'authentication is on only when this is true (default 0)',
  AUTH_TYPE: 'authentication = "token" only when this is jwt (default internal)',
  PROSODY_AUTH_TYPE: 'overrides AUTH_TYPE for prosody',
  JWT_AUTH_TYPE: 'the authentication provider written for jwt (default token)',
  JWT_APP_ID: 'app_id',
  JWT_APP_SECRET: 'app_secret',
  JWT_ACCEPTED_ISSUERS: 'asap_accepted_issuers (comma-separated, written globally)',
  JWT_ACCEPTED_AUDIENCES: 'asap_accepted_audiences (comma-separated, written globally)',
  JWT_ALLOW_EMPTY: 'allow_empty_token (default 0)',
  JWT_ASAP_KEYSERVER: 'asap_key_server (written only when set)',
  JWT_ENABLE_DOMAIN_VERIFICATION: 'enable_domain_verification (docker default false)',
  JWT_SIGN_TYPE: 'signature_algorithm (written only when set)',
  JWT_TOKEN_AUTH_MODULE: 'the module added to the MUC component (default token_verification)',
  XMPP_DOMAIN: 'the VirtualHost and muc_mapper_domain_base (default meet.jitsi)',
  XMPP_MUC_DOMAIN: 'the MUC component; its first label is muc_mapper_domain_prefix (default muc.meet.jitsi)',
  XMPP_MODULES: 'extra modules on the VirtualHost (comma-separated)',
  XMPP_MUC_MODULES: 'extra modules on the MUC component (comma-separated)',
  ENABLE_GUESTS:
    'adds an anonymous VirtualHost (XMPP_GUEST_DOMAIN) through which people join without a token',
  XMPP_GUEST_DOMAIN: 'the anonymous guest VirtualHost (default guest.meet.jitsi)',
  PUBLIC_URL: 'the address users open (not what sub must equal)',
} as const);

const ENV_DEFAULT_DOMAIN = 'meet.jitsi';
const ENV_DEFAULT_MUC_DOMAIN = 'muc.meet.jitsi';
const ENV_DEFAULT_GUEST_DOMAIN = 'guest.meet.jitsi';

// Variables every complete docker-jitsi-meet .env has (from env.example); a paste with few of them is a snippet,
// whose missing ENABLE_AUTH says nothing.
const WHOLE_FILE_VARIABLES: ReadonlySet<string> = new Set([
  'CONFIG',
  'HTTP_PORT',
  'HTTPS_PORT',
  'TZ',
  'PUBLIC_URL',
  'XMPP_DOMAIN',
  'XMPP_SERVER',
  'XMPP_AUTH_DOMAIN',
  'XMPP_MUC_DOMAIN',
  'XMPP_INTERNAL_MUC_DOMAIN',
  'XMPP_GUEST_DOMAIN',
  'JICOFO_AUTH_PASSWORD',
  'JVB_AUTH_PASSWORD',
  'JICOFO_COMPONENT_SECRET',
  'DOCKER_HOST_ADDRESS',
  'RESTART_POLICY',
]);
const MIN_WHOLE_FILE_VARIABLES = 3;

// Go's strconv.ParseBool words, which jitsi/tpl's `toBool` tries first (after removing every quote character).
const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Reads docker-jitsi-meet variables (a `.env` by default, or a compose `environment:` section, or Kubernetes `env:`
 * pairs) and works out the prosody options its template would write. Values are taken literally: `${VAR}` is not
 * expanded and nothing is run. Never throws.
 * @see jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua
 */
export function parseDockerEnv(text: string, source: EnvSource = 'env'): ParsedServerConfig {
  const report = new Report();
  try {
    return readDockerEnv(text, source, report);
  } catch (error) {
    report.problem(
      0,
      `Internal error while reading the variables: ${error instanceof Error ? error.message : String(error)}`,
    );
    return emptyResult(source, report);
  }
}

function readDockerEnv(text: string, source: EnvSource, report: Report): ParsedServerConfig {
  const vars = readEnvEntries(text, source, (name) => Object.hasOwn(ENV_VARIABLES, name), report);
  const template = templateOf(vars);
  for (const [name, entry] of vars) {
    if (!Object.hasOwn(ENV_VARIABLES, name) || !findTemplate(entry.value)) continue;
    report.problem(
      entry.line,
      `${name} holds a template expression; it is taken literally here, not expanded.`,
    );
  }
  const env = new EnvMapper(vars, report, source === 'env' ? '.env' : source);
  const isJwt = env.authentication(isWholeFile(vars));
  env.jwtOptions(isJwt);
  const { domain, mucDomain, line } = env.domains();
  const modules = env.modules(isJwt === true, domain, mucDomain);
  env.guests(isJwt);
  const publicUrl = env.publicUrl();
  report.notes.push(
    `Prosody's VirtualHost is XMPP_DOMAIN (${domain}), not the public address: on non-tenant URLs sub must be ` +
      `${domain} (or *).`,
  );
  if (template) {
    report.remark(
      'template-text',
      `Line ${template.line} holds a template expression (${template.text}); its value is filled in later.`,
      template.line,
    );
  }
  if (isJwt === false) {
    report.remark(
      'token-auth-off',
      `docker-jitsi-meet writes authentication = "${env.settings.authentication ?? 'jitsi-anonymous'}", not "token".`,
      vars.get('AUTH_TYPE')?.line ?? vars.get('ENABLE_AUTH')?.line ?? 0,
    );
  }
  const domainEntry = vars.get('XMPP_DOMAIN');
  if (domainEntry) report.placeholder('XMPP_DOMAIN', domainEntry.value, domainEntry.line);
  remarkOnSettings(env.settings, isJwt, report, (option) => env.lineOf(option));
  report.finish();
  return {
    format: source,
    domain,
    publicUrl,
    settings: env.settings,
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules,
    hosts: [
      {
        name: domain,
        line,
        authentication: env.settings.authentication ?? null,
        isEnabled: true,
        isChosen: true,
      },
    ],
    notes: report.notes,
    tokenAuth: isJwt,
    template,
    loadFailure: null,
    placeholders: report.placeholders,
    remarks: report.remarks,
  };
}

/** The first variable whose value is a template expression (`${var.domain}`, `{{ .Values.x }}`). */
function templateOf(vars: Map<string, EnvEntry>): TemplateMark | null {
  let first: TemplateMark | null = null;
  for (const entry of vars.values()) {
    const found = findTemplate(entry.value);
    if (found && (first === null || entry.line < first.line)) first = { ...found, line: entry.line };
  }
  return first;
}

function isWholeFile(vars: Map<string, EnvEntry>): boolean {
  let count = 0;
  for (const name of vars.keys()) if (WHOLE_FILE_VARIABLES.has(name)) count++;
  return count >= MIN_WHOLE_FILE_VARIABLES;
}

type EnvName = keyof typeof ENV_VARIABLES;

/** Turns the variables into the prosody options the image's template writes, one concern per method. */
class EnvMapper {
  readonly settings: ProsodySettings = {};

  constructor(
    private readonly vars: Map<string, EnvEntry>,
    private readonly report: Report,
    private readonly section: string,
  ) {}

  private get(name: EnvName): EnvEntry | undefined {
    return this.vars.get(name);
  }

  private understand(
    name: EnvName,
    option: string | null,
    value: string,
    line: number,
    isDefault = false,
  ): void {
    this.report.understood.push({
      name,
      option,
      value,
      line,
      isSecret: SECRET_OPTIONS.has(name),
      section: this.section,
      isDefault,
    });
  }

  /** The line an option was read from (0 for a default or when it was not read). */
  lineOf(option: string): number {
    return this.report.understood.find((u) => u.option === option && !u.isDefault)?.line ?? 0;
  }

  /**
   * A template boolean (`| toBool`), understood with its default when the variable is absent; `unknown` when the
   * value is itself a template expression filled in later.
   * @see jitsi/tpl func.go toBool (since May 2024: quotes removed, ParseBool words, else any non-empty text is true)
   */
  private bool(name: EnvName, option: string, fallback: string): boolean | 'unknown' {
    const entry = this.get(name);
    const text = entry?.value ?? fallback;
    this.understand(name, option, text, entry?.line ?? 0, !entry);
    if (findTemplate(text)) {
      this.report.ignore(
        `${name}=${text}`,
        entry?.line ?? 0,
        'filled in later by a template; true or false is not known here',
      );
      return 'unknown';
    }
    const bare = text.replace(/["']/g, '');
    if (GO_TRUE.has(bare)) return true;
    if (GO_FALSE.has(bare) || bare === '') return false;
    const message =
      `${name}=${text} is not 1/0 or true/false: docker-jitsi-meet images since May 2024 (jitsi/tpl toBool) ` +
      'count any other non-empty value as true; older images refuse to start with it.';
    this.report.problem(entry?.line ?? 0, message);
    return true;
  }

  /**
   * Sets `authentication` and says whether the template writes the JWT options at all: `unknown` when ENABLE_AUTH
   * is missing from a snippet (a whole .env without it means off) or is itself a template expression.
   */
  authentication(isWholeFile: boolean): boolean | 'unknown' {
    const enableAuth = this.get('ENABLE_AUTH');
    const isAuthOn = this.bool('ENABLE_AUTH', 'authentication', '0');
    const override = this.get('PROSODY_AUTH_TYPE');
    const authType = override ?? this.get('AUTH_TYPE');
    const authTypeValue = authType?.value || 'internal';
    if (authType)
      this.understand(
        override ? 'PROSODY_AUTH_TYPE' : 'AUTH_TYPE',
        'authentication',
        authType.value,
        authType.line,
      );
    const checkOnly = 'The JWT_* values below are shown for checking only.';
    if (isAuthOn === 'unknown' || (authType && findTemplate(authType.value))) return 'unknown';
    if (!isAuthOn) {
      this.settings.authentication = 'jitsi-anonymous';
      const message = `ENABLE_AUTH is not 1: docker-jitsi-meet writes authentication = "jitsi-anonymous" and prosody checks no tokens. ${checkOnly}`;
      this.report.problem(enableAuth?.line ?? 0, message);
      return enableAuth || isWholeFile ? false : 'unknown';
    }
    if (authTypeValue !== 'jwt') {
      this.settings.authentication = AUTH_TYPE_PROVIDERS[authTypeValue] ?? authTypeValue;
      const message = `AUTH_TYPE is ${authTypeValue}, not jwt: prosody uses "${this.settings.authentication}" and checks no tokens. ${checkOnly}`;
      this.report.problem(authType?.line ?? 0, message);
      return false;
    }
    const jwtAuthType = this.get('JWT_AUTH_TYPE');
    this.settings.authentication = jwtAuthType?.value || 'token';
    if (jwtAuthType) this.understand('JWT_AUTH_TYPE', 'authentication', jwtAuthType.value, jwtAuthType.line);
    return true;
  }

  /** ENABLE_GUESTS adds an anonymous VirtualHost, through which people without a token join. */
  guests(isJwt: boolean | 'unknown'): void {
    const entry = this.get('ENABLE_GUESTS');
    if (!entry) return;
    const isOn = this.bool('ENABLE_GUESTS', 'VirtualHost (guest)', '0');
    const guestEntry = this.get('XMPP_GUEST_DOMAIN');
    const host = guestEntry?.value || ENV_DEFAULT_GUEST_DOMAIN;
    // The template writes the guest host only inside its ENABLE_AUTH branch.
    if (isOn === true && isJwt !== false) {
      this.report.remark(
        'anonymous-guest-host',
        `ENABLE_GUESTS=${entry.value} adds VirtualHost "${host}" with anonymous authentication.`,
        entry.line,
        host,
      );
    }
  }

  /** app_id, app_secret, issuers, audiences, allow_empty_token, key server, domain check, algorithm. */
  jwtOptions(isJwt: boolean | 'unknown'): void {
    const { settings, report } = this;
    const appId = this.get('JWT_APP_ID');
    if (appId) {
      settings.app_id = appId.value;
      this.understand('JWT_APP_ID', 'app_id', appId.value, appId.line);
    } else if (isJwt === true) {
      report.problem(0, 'JWT_APP_ID is not set, so the template writes no usable app_id.');
    }
    const secret = this.get('JWT_APP_SECRET');
    if (secret) {
      settings.app_secret = secret.value;
      this.understand('JWT_APP_SECRET', 'app_secret', secret.value, secret.line);
      if (secret.value === '') report.problem(secret.line, 'JWT_APP_SECRET is empty.');
    }
    this.list('JWT_ACCEPTED_ISSUERS', 'asap_accepted_issuers');
    this.list('JWT_ACCEPTED_AUDIENCES', 'asap_accepted_audiences');
    const allowEmpty = this.bool('JWT_ALLOW_EMPTY', 'allow_empty_token', '0');
    if (allowEmpty !== 'unknown') settings.allow_empty_token = allowEmpty;
    const keyServer = this.get('JWT_ASAP_KEYSERVER');
    if (keyServer && keyServer.value !== '') {
      settings.asap_key_server = keyServer.value;
      this.understand('JWT_ASAP_KEYSERVER', 'asap_key_server', keyServer.value, keyServer.line);
    }
    // docker-jitsi-meet defaults this to false (changelog stable-8252), unlike prosody's own default of true.
    const domainCheck = this.bool('JWT_ENABLE_DOMAIN_VERIFICATION', 'enable_domain_verification', 'false');
    if (domainCheck !== 'unknown') settings.enable_domain_verification = domainCheck;
    const signType = this.get('JWT_SIGN_TYPE');
    if (signType && signType.value !== '') {
      settings.signature_algorithm = signType.value;
      this.understand('JWT_SIGN_TYPE', 'signature_algorithm', signType.value, signType.line);
    }
  }

  /**
   * A comma-separated list the template splits with `splitList ","`, which does not trim; since the 2024 images
   * empty items are dropped.
   */
  private list(name: 'JWT_ACCEPTED_ISSUERS' | 'JWT_ACCEPTED_AUDIENCES', option: ListOption): void {
    const entry = this.get(name);
    if (!entry || entry.value === '') return;
    const written = entry.value.split(',');
    const items = written.filter((item) => item !== '');
    this.settings[option] = items;
    this.understand(name, option, items.join(', '), entry.line);
    if (items.some((item) => item !== item.trim())) {
      const message = `${name} has spaces around a comma; the template keeps them, so " x" never equals "x".`;
      this.report.problem(entry.line, message);
    }
    if (items.length < written.length) {
      this.report.problem(
        entry.line,
        `${name} has an empty item (two commas in a row, or one at an end); the template drops it.`,
      );
    }
    if (items.some((item) => /["\\]/.test(item))) {
      this.report.problem(
        entry.line,
        `${name} contains a quote or backslash, which breaks the generated Lua file.`,
      );
    }
  }

  /** The VirtualHost (XMPP_DOMAIN) and MUC host; the template writes them as muc_mapper_domain_base / _prefix. */
  domains(): { domain: string; mucDomain: string; line: number } {
    const domainEntry = this.get('XMPP_DOMAIN');
    const domain = domainEntry?.value || ENV_DEFAULT_DOMAIN;
    this.settings.muc_mapper_domain_base = domain;
    this.understand(
      'XMPP_DOMAIN',
      'muc_mapper_domain_base',
      domain,
      domainEntry?.line ?? 0,
      !domainEntry?.value,
    );
    const mucEntry = this.get('XMPP_MUC_DOMAIN');
    const mucDomain = mucEntry?.value || ENV_DEFAULT_MUC_DOMAIN;
    const prefix = mucDomain.split('.')[0] || 'muc';
    this.settings.muc_mapper_domain_prefix = prefix;
    this.understand(
      'XMPP_MUC_DOMAIN',
      'muc_mapper_domain_prefix',
      mucDomain,
      mucEntry?.line ?? 0,
      !mucEntry?.value,
    );
    if (mucDomain !== `${prefix}.${domain}`) {
      const message = `XMPP_MUC_DOMAIN (${mucDomain}) is not <prefix>.${domain}; room lookups may fail.`;
      this.report.problem(mucEntry?.line ?? 0, message);
    }
    return { domain, mucDomain, line: domainEntry?.line ?? 0 };
  }

  /** The host's extra modules and the MUC component's modules, including the token module the template adds. */
  modules(isJwt: boolean, domain: string, mucDomain: string): ModuleSummary {
    const split = (name: EnvName): string[] => {
      const entry = this.get(name);
      return entry && entry.value !== '' ? entry.value.split(',') : [];
    };
    const modules = emptyModules();
    modules.host = split('XMPP_MODULES');
    const tokenModule = this.get('JWT_TOKEN_AUTH_MODULE')?.value || 'token_verification';
    const mucModules = ['muc_meeting_id', ...split('XMPP_MUC_MODULES'), ...(isJwt ? [tokenModule] : [])];
    const line = this.get('XMPP_MUC_DOMAIN')?.line ?? 0;
    modules.components.push({
      name: mucDomain,
      type: 'muc',
      line,
      modules: mucModules,
      tokenVerificationAllowlist: [],
    });
    modules.mainMuc = mucDomain;
    markWatched(modules, modules.host, `VirtualHost "${domain}"`);
    markWatched(modules, mucModules, `Component "${mucDomain}" "muc"`);
    const listed = this.get('XMPP_MUC_MODULES');
    this.understand('XMPP_MUC_MODULES', 'modules_enabled', mucModules.join(', '), listed?.line ?? 0, !listed);
    return modules;
  }

  publicUrl(): string | null {
    const entry = this.get('PUBLIC_URL');
    if (!entry) return null;
    this.understand('PUBLIC_URL', null, entry.value, entry.line);
    return entry.value || null;
  }
}

// What the template writes as `authentication` for the other AUTH_TYPE values.
const AUTH_TYPE_PROVIDERS: Readonly<Record<string, string>> = Object.freeze({
  internal: 'internal_hashed',
  ldap: 'cyrus',
  matrix: 'matrix_user_verification',
  hybrid_matrix_token: 'hybrid_matrix_token',
});
