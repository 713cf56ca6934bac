// The modules a prosody config enables: the chosen host's effective list, each component's list, the main MUC, and
// where each watched module (token_verification, token_affiliation…) is on.

import type { ProsodySettings } from '../server/prosody-settings';
import { redactStatement, type Report } from './config-report';
import type { Assignment, Section } from './lua-config-parser';
import { emptyModules, markWatched, type ComponentSummary, type ModuleSummary } from './parsed-config';
import type { HostInfo } from './prosody-hosts';
import { lastAssignments, sectionLabel, stringList } from './prosody-options';
import { isTokenOption } from './token-options';

// Modules that act on room (MUC) events only. @see jitsi-meet resources/prosody-plugins/mod_token_verification.lua
// and mod_token_affiliation.lua (both hook muc-occupant-pre-join / muc-room-created).
const MUC_ONLY_MODULES: ReadonlySet<string> = new Set([
  'token_verification',
  'token_affiliation',
  'token_moderation',
  'muc_allowners',
]);

/**
 * The host's effective modules, every component's modules, and the main MUC.
 * @see prosody core/modulemanager.lua load_modules_for_host (global modules_enabled plus the host's own, minus
 * modules_disabled; components do not inherit them)
 */
export function summariseModules(
  globalOptions: Map<string, Assignment>,
  chosenOptions: Map<string, Assignment>,
  chosenLabel: string,
  components: Section[],
  settings: ProsodySettings,
  chosen: HostInfo | null,
  report: Report,
): ModuleSummary {
  const modules = emptyModules();
  const globalOff = new Set(stringList(globalOptions.get('modules_disabled')?.value));
  const hostOff = new Set(stringList(chosenOptions.get('modules_disabled')?.value));
  const globalOn = stringList(globalOptions.get('modules_enabled')?.value).filter((m) => !globalOff.has(m));
  const hostOn = stringList(chosenOptions.get('modules_enabled')?.value);
  modules.host = [...new Set([...globalOn, ...hostOn].filter((m) => !hostOff.has(m)))];
  // Room modules hook MUC events: listed on a VirtualHost they load but never act, so they do not count as on.
  const misplaced = modules.host.filter((m) => MUC_ONLY_MODULES.has(m));
  markWatched(
    modules,
    modules.host.filter((m) => !MUC_ONLY_MODULES.has(m)),
    chosenLabel,
  );
  if (chosen && misplaced.length > 0) {
    const listed = chosenOptions.get('modules_enabled') ?? globalOptions.get('modules_enabled');
    report.remark(
      'token-module-on-virtualhost',
      `${misplaced.join(', ')} ${misplaced.length === 1 ? 'is' : 'are'} listed in modules_enabled of ${chosenLabel}; ${misplaced.length === 1 ? 'it works' : 'they work'} only on the MUC component.`,
      listed?.line ?? chosen.section.line,
    );
  }
  const hostList = chosenOptions.get('modules_enabled') ?? globalOptions.get('modules_enabled');
  if (hostList) understandList(report, 'modules_enabled', modules.host, hostList.line, chosenLabel);

  const optionsOf = new Map<string, Map<string, Assignment>>();
  for (const component of components) {
    const options = lastAssignments(component, report);
    optionsOf.set(component.name, options);
    const summary: ComponentSummary = {
      name: component.name,
      type: component.type,
      line: component.line,
      modules: stringList(options.get('modules_enabled')?.value),
      tokenVerificationAllowlist: stringList(options.get('token_verification_allowlist')?.value),
    };
    modules.components.push(summary);
    markWatched(modules, summary.modules, sectionLabel(component));
    for (const [name, assignment] of options) {
      if (!isTokenOption(name)) continue;
      const why = `set on ${sectionLabel(component)}; token checks read the VirtualHost's options, not a component's`;
      report.ignore(redactStatement(assignment.text), assignment.line, why);
    }
  }

  const prefix = settings.muc_mapper_domain_prefix ?? 'conference';
  const base = settings.muc_mapper_domain_base ?? chosen?.section.name ?? null;
  const mainName = base === null ? null : `${prefix}.${base}`;
  // The host's own `main_muc` names its rooms' component exactly (Jitsi's modules read it).
  const mainMucOption = chosenOptions.get('main_muc') ?? globalOptions.get('main_muc');
  const declared = mainMucOption?.value.kind === 'string' ? mainMucOption.value.value : null;
  const main =
    modules.components.find((c) => c.type === 'muc' && c.name === declared) ??
    modules.components.find((c) => c.type === 'muc' && c.name === mainName) ??
    modules.components.find((c) => c.type === 'muc' && c.modules.includes('token_verification')) ??
    null;
  modules.mainMuc = main?.name ?? null;
  if (main) {
    const label = `Component "${main.name}"${main.type ? ` "${main.type}"` : ''}`;
    const options = optionsOf.get(main.name);
    understandList(
      report,
      'modules_enabled',
      main.modules,
      options?.get('modules_enabled')?.line ?? main.line,
      label,
    );
    const allowlist = options?.get('token_verification_allowlist');
    if (allowlist)
      understandList(report, allowlist.name, main.tokenVerificationAllowlist, allowlist.line, label);
    if (chosen?.authentication === 'token' && !main.modules.includes('token_verification')) {
      report.remark(
        'muc-without-token-verification',
        `${label} does not list token_verification in modules_enabled: room and sub are never checked at join.`,
        options?.get('modules_enabled')?.line ?? main.line,
      );
    }
  } else if (components.length > 0 && mainName !== null) {
    report.notes.push(`No MUC component named ${mainName} was found; rooms may live elsewhere.`);
  }
  for (const component of components) {
    if (component.name === main?.name) continue;
    report.ignore(
      sectionLabel(component),
      component.line,
      'a component; only its modules_enabled list is noted',
    );
  }
  return modules;
}

/** Records a list-valued option (modules, allowlist) as understood. */
export function understandList(
  report: Report,
  name: string,
  values: string[],
  line: number,
  section: string,
): void {
  report.understood.push({
    name,
    option: name,
    value: values.join(', '),
    line,
    isSecret: false,
    section,
    isDefault: false,
  });
}

/**
 * Whether the pasted configuration's rooms are checked at join: false when the host's MUC component was found and
 * does not load token_verification, undefined when the paste does not show the MUC (the stock setup loads it).
 */
export function mucChecksRooms(modules: ModuleSummary): boolean | undefined {
  const main = modules.components.find((c) => c.name === modules.mainMuc);
  return main ? main.modules.includes('token_verification') : undefined;
}
