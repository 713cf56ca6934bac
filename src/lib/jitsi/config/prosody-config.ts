// Reads a pasted prosody `.cfg.lua` into token settings: lexes and parses it, applies global defaults to the chosen
// VirtualHost the way prosody's option lookup does, and reports everything unused with a reason. Nothing is run.

import type { ProsodySettings } from '../server/prosody-settings';
import { emptyResult, redactStatement, Report, SECRET_OPTIONS } from './config-report';
import { LuaConfigParser, type Assignment, type LuaValue, type Section } from './lua-config-parser';
import { LuaLexer, type LuaComment } from './lua-lexer';
import type { ParsedServerConfig } from './parsed-config';
import { chooseHost, describeHost, isAnonymousHost, type HostInfo } from './prosody-hosts';
import { summariseModules } from './prosody-modules';
import { remarkOnSettings } from './settings-remarks';
import { findTemplate, isTemplateValue, maskLuaTemplate, restoreTemplate } from './template-text';
import { straightenTypography } from './typographic-text';
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

function readProsody(original: string, report: Report): ParsedServerConfig {
  const template = findTemplate(original);
  const { text: straight, marks } = straightenTypography(original);
  const { masked, spans } = template ? maskLuaTemplate(straight) : { masked: straight, spans: [] };
  const lexer = new LuaLexer(masked, report);
  const parser = new LuaConfigParser(lexer, report);
  parser.run();
  if (template) for (const section of parser.sections) dropBranchedOptions(section, report);
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
  reportCommentedOut(lexer.comments, find, report);
  if (chosen && settings.muc_mapper_domain_base === undefined) {
    report.notes.push(
      'muc_mapper_domain_base is not set in what was pasted. Stock configs set it in the global section; ' +
        'without it every token user fails to join with room-does-not-exist.',
    );
  }

  const tokenAuth: boolean | 'unknown' =
    template !== null || chosen === null ? 'unknown' : chosen.authentication === 'token' && chosen.isEnabled;
  if (template) {
    report.remark(
      'template-text',
      `Line ${template.line} holds a template expression (${template.text}); the file is generated from this.`,
      template.line,
    );
  }
  if (marks) {
    report.remark(
      'typographic-quotes',
      `Line ${marks.line} uses ${marks.character} where Lua needs a straight quote or --` +
        (marks.count > 1 ? ` (${marks.count} such characters in the paste).` : '.'),
      marks.line,
    );
  }
  if (chosen === null) {
    report.remark('no-virtualhost', 'The paste has no VirtualHost; only global options were read.');
  } else {
    if (tokenAuth === false) {
      report.remark(
        'token-auth-off',
        `${chosenLabel} uses authentication = "${chosen.authentication ?? 'internal_hashed'}", not "token".`,
        chosenOptions.get('authentication')?.line ?? chosen.section.line,
      );
    }
    report.placeholder('VirtualHost', chosen.section.name, chosen.section.line);
    if (chosen.authentication === 'token') {
      for (const host of hosts) {
        if (host === chosen || !host.isEnabled || !isAnonymousHost(host)) continue;
        report.remark(
          'anonymous-guest-host',
          `VirtualHost "${host.section.name}" uses authentication = "${host.authentication}".`,
          host.section.line,
          host.section.name,
        );
      }
    }
  }
  if (template === null) {
    const lineOf = (name: string): number => find(name)?.assignment.line ?? 0;
    remarkOnSettings(settings, tokenAuth, report, lineOf);
  }

  report.finish();
  const result: ParsedServerConfig = {
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
    tokenAuth,
    template,
    loadFailure: marks
      ? {
          line: marks.line,
          why: `${marks.character} is a typographic character where Lua needs a straight quote (") or a comment dash (--): prosody refuses to load the file.`,
        }
      : null,
    placeholders: report.placeholders,
    remarks: report.remarks,
  };
  return spans.length > 0 ? restoreAll(result, spans) : result;
}

/**
 * In a template, an option set twice in one section sits in the branches of `{{ if }} … {{ else }}`: the generated
 * file keeps one of them, so neither is shown as the server's value.
 */
function dropBranchedOptions(section: Section, report: Report): void {
  const counts = new Map<string, number>();
  for (const a of section.assignments) counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  const branched = new Set([...counts].filter(([, n]) => n > 1).map(([name]) => name));
  if (branched.size === 0) return;
  for (const a of section.assignments) {
    if (!branched.has(a.name)) continue;
    const why = 'set in several branches of the template; the generated file keeps only one of them';
    report.ignore(redactStatement(a.text), a.line, why);
  }
  section.assignments = section.assignments.filter((a) => !branched.has(a.name));
}

/** Token options written only in comments, and not set anywhere: the admin may think they are on. */
function reportCommentedOut(
  comments: readonly LuaComment[],
  find: (name: string) => FoundOption | null,
  report: Report,
): void {
  for (const comment of comments) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(comment.text);
    const name = match?.[1] ?? '';
    if (!isTokenOption(name)) continue;
    report.ignore(`--${redactStatement(comment.text)}`, comment.line, 'commented out');
    if (find(name) === null) {
      report.remark(
        'token-settings-commented-out',
        `${name} appears only in a comment (line ${comment.line}).`,
        comment.line,
      );
    }
  }
}

/** Puts the template's expressions back into every text of the result (the reader saw markers in their place). */
function restoreAll<T>(value: T, spans: readonly string[]): T {
  if (typeof value === 'string') return restoreTemplate(value, spans) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => restoreAll(item, spans)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = restoreAll(item, spans);
    return out as T;
  }
  return value;
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
  const written = found.assignment.value;
  const coerced = coerce(written);
  if (!coerced.ok && written.kind === 'string' && isTemplateValue(written.value)) {
    const why = 'its value is filled in by the template when the server starts';
    report.ignore(redactStatement(found.assignment.text), found.assignment.line, why);
    return;
  }
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
