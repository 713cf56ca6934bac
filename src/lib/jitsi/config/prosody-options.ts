// How prosody's module:get_option_* turns a Lua value into a string, boolean or list, and the section lookups
// (last assignment wins, list items only) the prosody reader needs. No host choice, no reporting policy.

import type { Report } from './config-report';
import { redactStatement } from './config-report';
import { displayLua, type Assignment, type LuaValue, type Section } from './lua-config-parser';

/** An option value as prosody reads it, or why it reads none. */
export type Coerced<T> = { ok: true; value: T; note?: string } | { ok: false; message: string };

/** @see prosody core/moduleapi.lua get_option_scalar/get_option_string: a list gives its first item; tostring. */
export function coerceString(value: LuaValue): Coerced<string> {
  let scalar = value;
  let note: string | undefined;
  if (value.kind === 'table') {
    const first = value.items[0];
    if (!first) return { ok: false, message: 'expects a string, but the list is empty' };
    if (value.items.length > 1) note = 'expects one value; prosody uses only the first item of the list';
    scalar = first;
  }
  if (scalar.kind === 'string') return { ok: true, value: scalar.value, note };
  if (scalar.kind === 'number')
    return { ok: true, value: scalar.text, note: 'a number; prosody reads it as text' };
  if (scalar.kind === 'boolean')
    return { ok: true, value: String(scalar.value), note: 'a boolean; prosody reads it as text' };
  return { ok: false, message: 'expects a string' };
}

/** @see prosody core/moduleapi.lua get_option_boolean: true/"true"/1 and false/"false"/0; anything else is unset. */
export function coerceBoolean(value: LuaValue): Coerced<boolean> {
  const scalar = value.kind === 'table' ? value.items[0] : value;
  if (scalar?.kind === 'boolean') return { ok: true, value: scalar.value };
  if (scalar?.kind === 'string' && (scalar.value === 'true' || scalar.value === 'false')) {
    return { ok: true, value: scalar.value === 'true', note: 'a string; prosody accepts "true"/"false"' };
  }
  if (scalar?.kind === 'number' && (scalar.value === 1 || scalar.value === 0)) {
    return { ok: true, value: scalar.value === 1, note: 'a number; prosody accepts 1/0' };
  }
  return {
    ok: false,
    message: 'expects true or false; prosody logs "Config option … not understood" and uses the default',
  };
}

/** @see prosody core/moduleapi.lua get_option_array: a single value is a one-item list; only list items count. */
export function coerceList(value: LuaValue): Coerced<string[] | string> {
  if (value.kind === 'string') return { ok: true, value: value.value };
  if (value.kind !== 'table') return { ok: false, message: 'expects a list of strings like { "a", "b" }' };
  const strings: string[] = [];
  const dropped: string[] = [];
  for (const item of value.items) {
    if (item.kind === 'string') strings.push(item.value);
    else dropped.push(displayLua(item));
  }
  const notes: string[] = [];
  if (dropped.length > 0) notes.push(`non-string items never match a claim: ${dropped.join(', ')}`);
  if (value.fields.length > 0) notes.push('key = value entries are not list items and are not read');
  return { ok: true, value: strings, note: notes.length > 0 ? notes.join('; ') : undefined };
}

/** A coerced option value as text for display. */
export function displayValue(value: string | boolean | string[]): string {
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

/** How a section is named in reports: `global`, `VirtualHost "…"` or `Component "…" "muc"`. */
export function sectionLabel(section: Section): string {
  if (section.kind === 'global') return 'global';
  if (section.kind === 'host') return `VirtualHost "${section.name}"`;
  return section.type === null
    ? `Component "${section.name}"`
    : `Component "${section.name}" "${section.type}"`;
}

/** The last assignment of each option in a section; earlier ones are reported as overridden. */
export function lastAssignments(section: Section, report: Report): Map<string, Assignment> {
  const byName = new Map<string, Assignment>();
  for (const assignment of section.assignments) {
    const previous = byName.get(assignment.name);
    if (previous) {
      report.ignore(
        redactStatement(previous.text),
        previous.line,
        `set again on line ${assignment.line}; the later value wins`,
      );
    }
    byName.set(assignment.name, assignment);
  }
  return byName;
}

/** The string items of a list option (a single string counts as a one-item list). */
export function stringList(value: LuaValue | undefined): string[] {
  if (!value) return [];
  if (value.kind === 'string') return [value.value];
  if (value.kind !== 'table') return [];
  return value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
}
