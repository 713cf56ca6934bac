// Recognises template expressions in a pasted config (Go/Jinja `{{ }}`, `{% %}`, EJS `<% %>`, shell `${VAR}`) and,
// for a Lua file, masks them so the Lua reader sees plain strings where the template will put values. The masked
// text keeps every line break, so line numbers stay true; `restoreTemplate` puts the expressions back verbatim.

import type { TemplateMark, TemplateSyntax } from './parsed-config';

// Openers and closers of template expressions, scanned per line with cached positions so a hostile line (a
// megabyte of `{`) stays linear. `{{ … }}` counts only with template-like content (isTemplateSpan): a Lua table of
// tables such as `{{ type = "stun" }}` must not.
const DELIMITERS = Object.freeze([
  ['{{', '}}'],
  ['{%', '%}'],
  ['{#', '#}'],
  ['<%', '%>'],
  ['${', '}'],
] as const);
// Go actions start with `.`, `$`, a string, a comment or a keyword; a Go function call or a Jinja expression with
// a name. An `=` that is not part of `==`, `!=`, `<=`, `>=` or `:=` means a Lua table field instead.
const ACTION_START = /^(?:[.$"]|\/\*|(?:if|else|end|range|with|define|template|block|include|not|and|or)\b)/;
const NAME_START = /^[A-Za-z_][\w.]*(?:\s|\||\(|$)/;
const LUA_FIELD = /(?:^|[^=!<>:~])=(?!=)/;
const SHELL_VARIABLE = /^\$\{[A-Za-z_][^{}]*\}$/;

function isTemplateSpan(span: string): boolean {
  if (span.startsWith('${')) return SHELL_VARIABLE.test(span);
  if (!span.startsWith('{{')) return true;
  const inner = span.slice(2, -2).replace(/^-/, '').replace(/-$/, '').trim();
  if (ACTION_START.test(inner)) return true;
  return NAME_START.test(inner) && !LUA_FIELD.test(inner);
}

interface Span {
  index: number;
  text: string;
}

/** The template expressions on one line, left to right, without overlaps. */
function templateSpans(line: string): Span[] {
  const spans: Span[] = [];
  const next = new Map<string, number>();
  // The nearest occurrence of `s` at or after `from`; positions only move forward, so each is searched once.
  const find = (s: string, from: number): number => {
    const known = next.get(s);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const at = line.indexOf(s, from);
    next.set(s, at);
    return at;
  };
  let i = 0;
  while (i < line.length) {
    let start = -1;
    let pair: (typeof DELIMITERS)[number] | null = null;
    for (const d of DELIMITERS) {
      const at = find(d[0], i);
      if (at !== -1 && (start === -1 || at < start)) {
        start = at;
        pair = d;
      }
    }
    if (pair === null) break;
    const close = find(pair[1], start + pair[0].length);
    if (close === -1) {
      i = start + 1;
      continue;
    }
    const text = line.slice(start, close + pair[1].length);
    if (isTemplateSpan(text)) {
      spans.push({ index: start, text });
      i = close + pair[1].length;
    } else i = start + 1;
  }
  return spans;
}

const MARK_START = '\uE000';
const MARK_END = '\uE001';
const MARK = /\uE000(\d+)\uE001/g;
const MAX_SHOWN = 80;

function syntaxOf(span: string): TemplateSyntax {
  if (span.startsWith('${')) return 'shell';
  if (span.startsWith('<%')) return 'erb';
  if (span.startsWith('{%') || span.startsWith('{#')) return 'jinja';
  // Go actions use `.Env`/`$var`/keywords or call a function with space-separated arguments (`join "," .X`);
  // a bare name, a filter or a call with parentheses is read as Jinja.
  const inner = span.slice(2).replace(/^-/, '').trim();
  return /^(?:[.$]|\/\*|(?:if|else|end|range|with|define|template|block)\b|[A-Za-z_]\w*\s+["(.$\w])/.test(
    inner,
  )
    ? 'go'
    : 'jinja';
}

/** The first template expression in the text, or null when it is a finished file. */
export function findTemplate(text: string): TemplateMark | null {
  let line = 0;
  for (const content of text.split('\n')) {
    line++;
    const span = templateSpans(content)[0]?.text;
    if (span === undefined) continue;
    const shown = span.length > MAX_SHOWN ? `${span.slice(0, MAX_SHOWN)} …` : span;
    return { syntax: syntaxOf(span), line, text: shown };
  }
  return null;
}

/**
 * True when the value holds a template expression, masked by maskLuaTemplate or as written (an .env line such as
 * `JWT_APP_SECRET=<%= @secret %>`), so the template decides it at start-up.
 */
export function isTemplateValue(value: string): boolean {
  return value.includes(MARK_START) || templateSpans(value).length > 0;
}

/** Puts the original template expressions back into a masked value. */
export function restoreTemplate(value: string, spans: readonly string[]): string {
  return value.includes(MARK_START) ? value.replace(MARK, (_m, n: string) => spans[Number(n)] ?? '') : value;
}

/**
 * Masks a Lua template: a line holding only template actions (`{{ if … }}`, `{{ end }}`) is blanked; an action
 * inside a string becomes a marker within that string; an action where a value goes becomes a string holding a
 * marker, so `port = {{ .Env.PORT }}` reads as a string value rather than as broken Lua.
 */
export function maskLuaTemplate(text: string): { masked: string; spans: string[] } {
  const spans: string[] = [];
  // The same expression gets the same marker, so `VirtualHost "{{ .Env.X }}"` still equals a base set to it.
  const mark = (span: string): string => {
    const known = spans.indexOf(span);
    return `${MARK_START}${known >= 0 ? known : spans.push(span) - 1}${MARK_END}`;
  };
  const lines = text.split('\n');
  const out = lines.map((line) => {
    const found = templateSpans(line);
    if (found.length === 0) return line;
    let rest = line;
    for (const span of [...found].reverse()) {
      rest = rest.slice(0, span.index) + rest.slice(span.index + span.text.length);
    }
    if (rest.trim() === '') return '';
    let result = '';
    let quote: string | null = null;
    let i = 0;
    let next = 0;
    while (i < line.length) {
      const span = found[next];
      if (span && span.index === i) {
        if (quote !== null) {
          result += mark(span.text);
          i += span.text.length;
          next++;
          continue;
        }
        // A value position: take the run of actions and text up to white space or a separator.
        let end = i;
        while (end < line.length) {
          const s = found[next];
          if (s && s.index === end) {
            end += s.text.length;
            next++;
          } else if (/[\s,;})]/.test(line[end] as string)) break;
          else end++;
        }
        result += `"${mark(line.slice(i, end))}"`;
        i = end;
        continue;
      }
      const ch = line[i] as string;
      if (quote === null && ch === '-' && line[i + 1] === '-') {
        result += line.slice(i);
        break;
      }
      if (quote !== null && ch === '\\') {
        result += line.slice(i, i + 2);
        i += 2;
        continue;
      }
      if (ch === '"' || ch === "'") {
        if (quote === null) quote = ch;
        else if (quote === ch) quote = null;
      }
      result += ch;
      i++;
    }
    return result;
  });
  return { masked: out.join('\n'), spans };
}
