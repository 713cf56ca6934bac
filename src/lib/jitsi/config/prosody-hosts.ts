// Which VirtualHost of a prosody config the app shows: the token host named by muc_mapper_domain_base, else the
// first token host, else the first enabled one; and the notes that explain the choice.

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

/**
 * The host whose settings are shown: an enabled token host (the one named by muc_mapper_domain_base first, because
 * docker's JaaS `jigasi.*` token host comes earlier in the file), else the first enabled host, else the first.
 */
export function chooseHost(
  hosts: HostInfo[],
  globalOptions: Map<string, Assignment>,
  report: Report,
): HostInfo | null {
  const base = globalOptions.get('muc_mapper_domain_base');
  const baseName = base && base.value.kind === 'string' ? base.value.value : null;
  const tokenHosts = hosts.filter((h) => h.authentication === 'token' && h.isEnabled);
  const chosen =
    tokenHosts.find((h) => h.section.name === baseName) ??
    tokenHosts[0] ??
    hosts.find((h) => h.isEnabled) ??
    hosts[0] ??
    null;
  if (chosen === null) {
    report.notes.push('No VirtualHost was found: only global options were read.');
    return null;
  }
  if (tokenHosts.length > 1) {
    report.notes.push(
      `Several VirtualHosts use token authentication (${tokenHosts.map((h) => h.section.name).join(', ')}); ` +
        `the settings shown are those of ${chosen.section.name}.`,
    );
  }
  if (tokenHosts.length === 0) {
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
