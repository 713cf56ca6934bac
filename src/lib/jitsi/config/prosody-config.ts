// Reads a pasted prosody `.cfg.lua` into token settings: lexes and parses it, applies global defaults to the chosen
// VirtualHost the way prosody's option lookup does, and reports everything unused with a reason. Nothing is run.

import type { ProsodySettings } from '../server/prosody-settings';
import { emptyResult, redactStatement, Report, SECRET_OPTIONS } from './config-report';
import { LuaConfigParser, type Assignment, type LuaValue, type Section } from './lua-config-parser';
import { LuaLexer } from './lua-lexer';
import type { ParsedServerConfig } from './parsed-config';
import { chooseHost, describeHost, type HostInfo } from './prosody-hosts';
import { summariseModules } from './prosody-modules';
import {
  coerceBoolean,
  coerceList,
  coerceString,
  displayValue,
  lastAssignments,
  sectionLabel,
  type Coerced,
} from './prosody-options';
import {
  BOOLEAN_OPTIONS,
  isTokenOption,
  LIST_OPTIONS,
  OTHER_OPTION_WHY,
  STRING_OPTIONS,
} from './token-options';

/**
 * Reads a prosody `.cfg.lua` (or a part of one): picks the token VirtualHost, applies global defaults to it, and
 * summarises the MUC components' modules. Never throws; nothing in the text is run.
 * @see jitsi-token-rules.md §2 (options, defaults, "Global values apply")
 */
export function parseProsodyConfig(text: string): ParsedServerConfig {
  const report = new Report();
  try {
    return readProsody(text, report);
  } catch (error) {
    // A bug here must not take the page down; it is reported, not hidden.
    report.problem(
      0,
      `Internal error while reading the config: ${error instanceof Error ? error.message : String(error)}`,
    );
    return emptyResult('prosody', report);
  }
}

/** Where an option's effective value was written. */
interface FoundOption {
  assignment: Assignment;
  section: string;
}

function readProsody(text: string, report: Report): ParsedServerConfig {
  const lexer = new LuaLexer(text, report);
  const parser = new LuaConfigParser(lexer, report);
  parser.run();
  const globalOptions = lastAssignments(parser.sections[0] as Section, report);
  const hosts = parser.sections
    .filter((s) => s.kind === 'host')
    .map((section) => describeHost(section, lastAssignments(section, report), globalOptions));
  const chosen = chooseHost(hosts, globalOptions, report);
  const chosenOptions = chosen?.options ?? new Map<string, Assignment>();
  const chosenLabel = chosen ? sectionLabel(chosen.section) : 'global';

  // A host-level `x = nil` stores nothing, so prosody's lookup falls through to the global value.
  const find = (name: string): FoundOption | null => {
    const own = chosenOptions.get(name);
    if (own && own.value.kind !== 'nil') return { assignment: own, section: chosenLabel };
    const fromGlobal = globalOptions.get(name);
    return fromGlobal && fromGlobal.value.kind !== 'nil'
      ? { assignment: fromGlobal, section: 'global' }
      : null;
  };
  const settings: ProsodySettings = {};
  for (const name of STRING_OPTIONS)
    readOption(name, find(name), coerceString, report, (v) => (settings[name] = v));
  for (const name of BOOLEAN_OPTIONS)
    readOption(name, find(name), coerceBoolean, report, (v) => (settings[name] = v));
  for (const name of LIST_OPTIONS)
    readOption(name, find(name), coerceList, report, (v) => (settings[name] = v));

  const components = parser.sections.filter((s) => s.kind === 'component');
  const modules = summariseModules(
    globalOptions,
    chosenOptions,
    chosenLabel,
    components,
    settings,
    chosen,
    report,
  );
  reportUnused(globalOptions, chosenOptions, chosenLabel, hosts, chosen, report);
  for (const comment of lexer.comments) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(comment.text);
    if (match && isTokenOption(match[1] ?? '')) {
      report.ignore(`--${redactStatement(comment.text)}`, comment.line, 'commented out');
    }
  }
  if (chosen && settings.muc_mapper_domain_base === undefined) {
    report.notes.push(
      'muc_mapper_domain_base is not set in what was pasted. Stock configs set it in the global section; ' +
        'without it every token user fails to join with room-does-not-exist.',
    );
  }

  report.finish();
  return {
    format: 'prosody',
    domain: chosen?.section.name ?? null,
    publicUrl: null,
    settings,
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules,
    hosts: hosts.map((h) => ({
      name: h.section.name,
      line: h.section.line,
      authentication: h.authentication,
      isEnabled: h.isEnabled,
      isChosen: h === chosen,
    })),
    notes: report.notes,
  };
}

/** Reads one option the way prosody's get_option_* would, recording it as understood or as a problem. */
function readOption<T extends string | boolean | string[]>(
  name: string,
  found: FoundOption | null,
  coerce: (value: LuaValue) => Coerced<T>,
  report: Report,
  store: (value: T) => void,
): void {
  if (!found) return;
  const coerced = coerce(found.assignment.value);
  if (!coerced.ok) {
    report.problem(found.assignment.line, `${name} ${coerced.message}; it is treated as not set.`);
    return;
  }
  store(coerced.value);
  report.understood.push({
    name,
    option: name,
    value: displayValue(coerced.value),
    line: found.assignment.line,
    isSecret: SECRET_OPTIONS.has(name),
    section: found.section,
    isDefault: false,
  });
  if (coerced.note) report.problem(found.assignment.line, `${name}: ${coerced.note}.`);
}

/** Reports every other option of the global section and the chosen host, and the other hosts, with a reason. */
function reportUnused(
  globalOptions: Map<string, Assignment>,
  chosenOptions: Map<string, Assignment>,
  chosenLabel: string,
  hosts: HostInfo[],
  chosen: HostInfo | null,
  report: Report,
): void {
  const shownElsewhere = new Set(['modules_enabled', 'modules_disabled', 'enabled']);
  for (const [options, label] of [
    [globalOptions, 'global'],
    [chosenOptions, chosenLabel],
  ] as const) {
    for (const [name, assignment] of options) {
      if (shownElsewhere.has(name)) continue;
      let why: string | null = null;
      const hostValue = chosenOptions.get(name);
      if (!isTokenOption(name)) why = OTHER_OPTION_WHY[name] ?? 'not a token setting';
      else if (label === 'global' && hostValue && hostValue.value.kind !== 'nil') {
        why = `the VirtualHost sets it again on line ${hostValue.line}, which wins`;
      } else if (assignment.value.kind === 'nil') why = 'set to nil, which means not set';
      if (why !== null) report.ignore(redactStatement(assignment.text), assignment.line, why);
    }
  }
  for (const host of hosts) {
    if (host === chosen) continue;
    const why = chosen
      ? `another VirtualHost; its options do not apply to ${chosen.section.name}`
      : 'another VirtualHost';
    report.ignore(sectionLabel(host.section), host.section.line, why);
  }
}
