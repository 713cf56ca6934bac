// Which VirtualHost of a prosody config is the users' host (the token host named by muc_mapper_domain_base, never
// the JaaS component host alone), which hosts let guests in, and the notes that explain the choice.

import type { Report } from './config-report';
import type { Assignment, Section } from './lua-config-parser';
import { coerceString } from './prosody-options';

/** A VirtualHost with its options and what they make of it. */
export interface HostInfo {
  section: Section;
  options: Map<string, Assignment>;
  authentication: string | null;
  isEnabled: boolean;
}

/** A VirtualHost with the authentication it uses (its own or the global one) and whether it is enabled. */
export function describeHost(
  section: Section,
  options: Map<string, Assignment>,
  globalOptions: Map<string, Assignment>,
): HostInfo {
  const auth = options.get('authentication') ?? globalOptions.get('authentication');
  const coerced = auth ? coerceString(auth.value) : null;
  const enabled = options.get('enabled');
  return {
    section,
    options,
    authentication: coerced?.ok ? coerced.value : null,
    isEnabled: !(enabled && enabled.value.kind === 'boolean' && !enabled.value.value),
  };
}

// Hosts that serve Jitsi's own components rather than the users: focus/jvb accounts, recorders, guests, and the
// JaaS dial-in host (`jigasi.*`, keys from Jitsi's JaaS key server), which docker and Debian configs ship.
const SERVICE_HOST = /^(?:auth|guest|recorder|hidden|focus|jigasi|jibri|internal[-\w]*)\./i;
const ANONYMOUS_AUTH: ReadonlySet<string> = new Set(['anonymous', 'jitsi-anonymous']);

/** True for the JaaS components' token host, which checks Jitsi's component tokens, not the users'. */
export function isJaasComponentHost(host: HostInfo): boolean {
  if (/^jigasi\./i.test(host.section.name)) return true;
  const keyServer = host.options.get('asap_key_server');
  if (keyServer?.value.kind === 'string' && keyServer.value.value.includes('jaas-public-keys')) return true;
  const issuers = host.options.get('asap_accepted_issuers');
  return (
    issuers?.value.kind === 'table' &&
    issuers.value.items.some((i) => i.kind === 'string' && i.value === 'jaas-components')
  );
}

/** True for a host that lets anyone in without credentials (prosody's anonymous providers). */
export function isAnonymousHost(host: HostInfo): boolean {
  return host.authentication !== null && ANONYMOUS_AUTH.has(host.authentication);
}

/**
 * The users' host, whose settings are shown: an enabled token host (the one named by muc_mapper_domain_base
 * first), never the JaaS component host alone; else the host named by muc_mapper_domain_base, else the first
 * enabled host that does not serve components, else the first.
 */
export function chooseHost(
  hosts: HostInfo[],
  globalOptions: Map<string, Assignment>,
  report: Report,
): HostInfo | null {
  const base = globalOptions.get('muc_mapper_domain_base');
  const baseName = base && base.value.kind === 'string' ? base.value.value : null;
  const tokenHosts = hosts.filter((h) => h.authentication === 'token' && h.isEnabled);
  const userTokenHosts = tokenHosts.filter((h) => !isJaasComponentHost(h));
  const chosen =
    userTokenHosts.find((h) => h.section.name === baseName) ??
    userTokenHosts[0] ??
    hosts.find((h) => h.section.name === baseName) ??
    hosts.find((h) => h.isEnabled && !SERVICE_HOST.test(h.section.name)) ??
    hosts.find((h) => h.isEnabled) ??
    hosts[0] ??
    null;
  if (chosen === null) {
    report.notes.push('No VirtualHost was found: only global options were read.');
    return null;
  }
  if (tokenHosts.length > 1) {
    const names = tokenHosts.map((h) => h.section.name).join(', ');
    report.notes.push(
      `Several VirtualHosts use token authentication (${names}); the settings shown are those of ${chosen.section.name}.`,
    );
    report.remark('several-token-hosts', `VirtualHosts with authentication = "token": ${names}.`);
  }
  if (userTokenHosts.length === 0 && tokenHosts.length > 0) {
    const jaas = tokenHosts.map((h) => h.section.name).join(', ');
    report.remark(
      'only-jaas-token-host',
      `The only token host is ${jaas}, the JaaS components' host; the users' host ${chosen.section.name} does not use token authentication.`,
      tokenHosts[0]?.section.line ?? 0,
    );
  }
  if (chosen.authentication !== 'token' && tokenHosts.length === 0) {
    const uses =
      chosen.authentication === null
        ? 'prosody\'s default ("internal_hashed")'
        : `"${chosen.authentication}"`;
    report.notes.push(
      `No VirtualHost has authentication = "token"; showing ${chosen.section.name}, which uses ${uses}. ` +
        'Prosody does not check tokens there.',
    );
  }
  if (!chosen.isEnabled) {
    report.problem(
      chosen.section.line,
      `VirtualHost "${chosen.section.name}" has enabled = false: prosody does not serve it.`,
    );
  }
  return chosen;
}
