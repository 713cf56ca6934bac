// Reads a docker-jitsi-meet `.env` and works out the prosody options the image's template would write from it.
// Values are taken literally (no `${VAR}` expansion); nothing is run.

import type { ProsodySettings } from '../server/prosody-settings';
import { emptyResult, redactEnv, Report, SECRET_OPTIONS, shorten } from './config-report';
import { emptyModules, markWatched, type ModuleSummary, type ParsedServerConfig } from './parsed-config';
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
  PUBLIC_URL: 'the address users open (not what sub must equal)',
} as const);

const ENV_DEFAULT_DOMAIN = 'meet.jitsi';
const ENV_DEFAULT_MUC_DOMAIN = 'muc.meet.jitsi';

interface EnvEntry {
  value: string;
  line: number;
}

// Go's strconv.ParseBool, which the image's `toBool` template function is assumed to use; anything else is false.
const GO_TRUE: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/**
 * Reads a docker-jitsi-meet `.env` and works out the prosody options its template would write.
 * Values are taken literally: `${VAR}` is not expanded and nothing is run. Never throws.
 * @see jitsi/docker-jitsi-meet prosody/rootfs/defaults/conf.d/jitsi-meet.cfg.lua
 */
export function parseDockerEnv(text: string): ParsedServerConfig {
  const report = new Report();
  try {
    return readDockerEnv(text, report);
  } catch (error) {
    report.problem(
      0,
      `Internal error while reading the .env: ${error instanceof Error ? error.message : String(error)}`,
    );
    return emptyResult('env', report);
  }
}

/** Parses one `KEY=value` line body (after `KEY=`) the way docker compose reads `.env` values. */
function readEnvValue(rest: string, line: number, report: Report): string | null {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    let value = '';
    let i = 1;
    let isClosed = false;
    for (; i < rest.length; i++) {
      const ch = rest[i] as string;
      if (ch === quote) {
        isClosed = true;
        break;
      }
      if (quote === '"' && ch === '\\' && i + 1 < rest.length) {
        const next = rest[i + 1] as string;
        value += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next;
        i++;
      } else {
        value += ch;
      }
    }
    if (!isClosed) {
      // Compose allows multi-line quoted values; these variables never need them, so the line is refused instead.
      report.problem(
        line,
        'The quoted value is not closed on this line (multi-line values are not supported here).',
      );
      return null;
    }
    const after = rest.slice(i + 1).trim();
    if (after !== '' && !after.startsWith('#'))
      report.problem(line, `Text after the closing quote is ignored: ${shorten(after)}`);
    return value;
  }
  const comment = rest.search(/\s#/);
  return (comment >= 0 ? rest.slice(0, comment) : rest).trim();
}

function readDockerEnv(text: string, report: Report): ParsedServerConfig {
  const env = new EnvMapper(readEnvAssignments(text, report), report);
  const isJwt = env.authentication();
  env.jwtOptions(isJwt);
  const { domain, mucDomain, line } = env.domains();
  const modules = env.modules(isJwt, domain, mucDomain);
  const publicUrl = env.publicUrl();
  report.notes.push(
    `Prosody's VirtualHost is XMPP_DOMAIN (${domain}), not the public address: on non-tenant URLs sub must be ` +
      `${domain} (or *).`,
  );
  report.finish();
  return {
    format: 'env',
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
  };
}

/** Reads `KEY=value` lines (docker compose rules); later assignments win; unrelated variables are reported. */
function readEnvAssignments(text: string, report: Report): Map<string, EnvEntry> {
  const vars = new Map<string, EnvEntry>();
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = (index === 0 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (content === '') return;
    if (content.startsWith('#')) {
      const commented = /^#+\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(content);
      if (commented && Object.hasOwn(ENV_VARIABLES, commented[1] ?? '')) {
        report.ignore(redactEnv(content.replace(/^#+\s*/, ''), commented[1] ?? ''), line, 'commented out');
      }
      return;
    }
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*/.exec(content);
    if (!match) {
      report.ignore(content, line, 'not a KEY=value line');
      return;
    }
    const name = match[1] as string;
    const value = readEnvValue(content.slice(match[0].length), line, report);
    if (value === null) {
      report.ignore(redactEnv(content, name), line, 'unreadable value');
      return;
    }
    if (/\$\{?[A-Za-z_]/.test(value) && Object.hasOwn(ENV_VARIABLES, name)) {
      report.problem(line, `${name} uses $-interpolation; it is taken literally here, not expanded.`);
    }
    const previous = vars.get(name);
    if (previous) {
      const why = `set again on line ${line}; the later value wins`;
      report.ignore(redactEnv(`${name}=${previous.value}`, name), previous.line, why);
    }
    vars.set(name, { value, line });
  });
  for (const [name, entry] of vars) {
    if (Object.hasOwn(ENV_VARIABLES, name)) continue;
    report.ignore(redactEnv(`${name}=${entry.value}`, name), entry.line, 'not used for token authentication');
  }
  return vars;
}

type EnvName = keyof typeof ENV_VARIABLES;

/** Turns the variables into the prosody options the image's template writes, one concern per method. */
class EnvMapper {
  readonly settings: ProsodySettings = {};

  constructor(
    private readonly vars: Map<string, EnvEntry>,
    private readonly report: Report,
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
      section: '.env',
      isDefault,
    });
  }

  /** A template boolean (`| toBool`), understood with its default when the variable is absent. */
  private bool(name: EnvName, option: string, fallback: string): boolean {
    const entry = this.get(name);
    const text = entry?.value ?? fallback;
    if (!GO_TRUE.has(text) && !GO_FALSE.has(text)) {
      const message = `${name}=${text} is not a boolean the template understands (1/0, true/false); it counts as false.`;
      this.report.problem(entry?.line ?? 0, message);
    }
    this.understand(name, option, text, entry?.line ?? 0, !entry);
    return GO_TRUE.has(text);
  }

  /** Sets `authentication` and says whether the template writes the JWT options at all. */
  authentication(): boolean {
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
    if (!isAuthOn) {
      this.settings.authentication = 'jitsi-anonymous';
      const message = `ENABLE_AUTH is not 1: docker-jitsi-meet writes authentication = "jitsi-anonymous" and prosody checks no tokens. ${checkOnly}`;
      this.report.problem(enableAuth?.line ?? 0, message);
      return false;
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

  /** app_id, app_secret, issuers, audiences, allow_empty_token, key server, domain check, algorithm. */
  jwtOptions(isJwt: boolean): void {
    const { settings, report } = this;
    const appId = this.get('JWT_APP_ID');
    if (appId) {
      settings.app_id = appId.value;
      this.understand('JWT_APP_ID', 'app_id', appId.value, appId.line);
    } else if (isJwt) {
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
    settings.allow_empty_token = this.bool('JWT_ALLOW_EMPTY', 'allow_empty_token', '0');
    const keyServer = this.get('JWT_ASAP_KEYSERVER');
    if (keyServer && keyServer.value !== '') {
      settings.asap_key_server = keyServer.value;
      this.understand('JWT_ASAP_KEYSERVER', 'asap_key_server', keyServer.value, keyServer.line);
    }
    // docker-jitsi-meet defaults this to false (changelog stable-8252), unlike prosody's own default of true.
    settings.enable_domain_verification = this.bool(
      'JWT_ENABLE_DOMAIN_VERIFICATION',
      'enable_domain_verification',
      'false',
    );
    const signType = this.get('JWT_SIGN_TYPE');
    if (signType && signType.value !== '') {
      settings.signature_algorithm = signType.value;
      this.understand('JWT_SIGN_TYPE', 'signature_algorithm', signType.value, signType.line);
    }
  }

  /** A comma-separated list the template splits with `splitList ","`, which does not trim. */
  private list(name: 'JWT_ACCEPTED_ISSUERS' | 'JWT_ACCEPTED_AUDIENCES', option: ListOption): void {
    const entry = this.get(name);
    if (!entry || entry.value === '') return;
    const items = entry.value.split(',');
    this.settings[option] = items;
    this.understand(name, option, items.join(', '), entry.line);
    if (items.some((item) => item !== item.trim())) {
      const message = `${name} has spaces around a comma; the template keeps them, so " x" never equals "x".`;
      this.report.problem(entry.line, message);
    }
    if (items.some((item) => item === '')) {
      this.report.problem(entry.line, `${name} has an empty item (two commas in a row).`);
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
