// Reads the literal part of a prosody config: section headers (VirtualHost, Component) and assignments of plain
// values and tables. Calls, expressions, code and `Include` are skipped with a reason, never evaluated.

import { MAX_SHOWN_VALUE, redactStatement, type Report } from './config-report';
import type { LuaLexer, Token } from './lua-lexer';

/** A literal Lua value as the config wrote it; anything computed is never represented. */
export type LuaValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'table'; items: LuaValue[]; fields: { key: string; value: LuaValue }[] };

type ValueResult = { ok: true; value: LuaValue } | { ok: false; why: string };

/** One `name = value` statement with its line and source text. */
export interface Assignment {
  name: string;
  value: LuaValue;
  line: number;
  text: string;
}

/** The global part, a VirtualHost or a Component, with its assignments in order. */
export interface Section {
  kind: 'global' | 'host' | 'component';
  name: string;
  type: string | null;
  line: number;
  assignments: Assignment[];
}

const SECTION_KEYWORDS: ReadonlySet<string> = new Set(['VirtualHost', 'Host', 'Component']);
const LUA_KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'true',
  'false',
  'nil',
  'break',
  'do',
  'else',
  'elseif',
  'end',
  'for',
  'function',
  'goto',
  'if',
  'in',
  'local',
  'not',
  'or',
  'repeat',
  'return',
  'then',
  'until',
  'while',
]);
// Names that run programs, load code or read files when called; never evaluated here.
const DANGEROUS_NAMES: ReadonlySet<string> = new Set([
  'os',
  'io',
  'dofile',
  'loadfile',
  'load',
  'loadstring',
  'require',
  'package',
  'debug',
  'RunScript',
  'Include',
  'FileContents',
  'FileLine',
  'FileLines',
  'Credential',
]);
const BLOCK_OPENERS: ReadonlySet<string> = new Set(['function', 'if', 'do', 'repeat']);
const BLOCK_CLOSERS: ReadonlySet<string> = new Set(['end', 'until']);
const EXPRESSION_CONTINUERS: ReadonlySet<string> = new Set([
  '..',
  '+',
  '-',
  '*',
  '/',
  '//',
  '%',
  '^',
  '==',
  '~=',
  '<',
  '>',
  '<=',
  '>=',
  '&',
  '|',
  '~',
  '<<',
  '>>',
  '.',
  ':',
  '[',
  '(',
]);
const MAX_TABLE_DEPTH = 16;

function isPunct(token: Token, text: string): boolean {
  return token.kind === 'punct' && token.text === text;
}

/** Walks the token stream into sections and assignments, skipping whatever is not a literal setting. */
export class LuaConfigParser {
  readonly sections: Section[];
  private current: Section;
  private readonly byName = new Map<string, Section>();

  constructor(
    private readonly lx: LuaLexer,
    private readonly report: Report,
  ) {
    this.current = { kind: 'global', name: 'global', type: null, line: 0, assignments: [] };
    this.sections = [this.current];
  }

  run(): void {
    const lx = this.lx;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') return;
      if (isPunct(t, ';')) {
        lx.next();
      } else if (t.kind === 'name' && (t.text === 'VirtualHost' || t.text === 'Host')) {
        this.sectionHeader('host');
      } else if (t.kind === 'name' && t.text === 'Component') {
        this.sectionHeader('component');
      } else if (t.kind === 'name' && t.text === 'Include') {
        this.skipStatement(
          t,
          'Include loads another file at server start; it is not followed here. Paste that file too.',
        );
      } else if (t.kind === 'name' && LUA_KEYWORDS.has(t.text)) {
        this.skipStatement(t, 'Lua code, not a setting; never run here');
      } else if (t.kind === 'name' && isPunct(lx.peek(1), '=')) {
        this.assignment();
      } else if (t.kind === 'name' && DANGEROUS_NAMES.has(t.text)) {
        this.skipStatement(t, 'runs a program, loads code or reads a file on the server; never run here');
      } else if (t.kind === 'name') {
        this.skipStatement(t, 'a function call or Lua expression, not a setting; not evaluated');
      } else if (t.kind === 'bad') {
        this.skipStatement(t, 'not Lua text (binary data or stray characters)');
      } else {
        this.skipStatement(t, 'not a setting');
      }
    }
  }

  /** Consumes tokens to the end of a statement: at bracket and block depth 0, before a name on a new line. */
  private skipStatement(start: Token, why: string, isStartConsumed = false): void {
    const lx = this.lx;
    let brackets = 0;
    let blocks = 0;
    let isFirst = !isStartConsumed;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') break;
      if (!isFirst) {
        const isNewLine = t.line > lx.lastEndLine;
        if (isNewLine && t.kind === 'name' && SECTION_KEYWORDS.has(t.text)) break;
        if (isNewLine && t.kind === 'name' && brackets === 0 && blocks === 0) break;
      }
      isFirst = false;
      lx.next();
      if (t.kind === 'punct') {
        if (t.text === '(' || t.text === '{' || t.text === '[') brackets++;
        else if ((t.text === ')' || t.text === '}' || t.text === ']') && brackets > 0) brackets--;
      } else if (t.kind === 'name') {
        if (BLOCK_OPENERS.has(t.text)) blocks++;
        else if (BLOCK_CLOSERS.has(t.text) && blocks > 0) blocks--;
      }
    }
    this.report.ignore(redactStatement(lx.slice(start.start, lx.lastEnd)), start.line, why);
  }

  private stringArgument(): string | null {
    const lx = this.lx;
    const t = lx.peek();
    if (t.kind === 'string' && !t.isBroken) {
      lx.next();
      return t.text;
    }
    if (isPunct(t, '(') && lx.peek(1).kind === 'string' && !lx.peek(1).isBroken && isPunct(lx.peek(2), ')')) {
      lx.next();
      const value = lx.next().text;
      lx.next();
      return value;
    }
    return null;
  }

  private sectionHeader(kind: 'host' | 'component'): void {
    const keyword = this.lx.next();
    const name = this.stringArgument();
    if (name === null) {
      this.report.problem(keyword.line, `${keyword.text} must be followed by a quoted name.`);
      this.skipStatement(keyword, `${keyword.text} without a quoted name`, true);
      return;
    }
    let type: string | null = null;
    if (kind === 'component') {
      const t = this.lx.peek();
      if (t.kind === 'string' || isPunct(t, '(')) type = this.stringArgument();
    }
    // Prosody merges a VirtualHost declared twice; later options win as usual.
    const existing = this.byName.get(`${kind} ${name}`);
    if (existing) {
      this.current = existing;
    } else {
      this.current = { kind, name, type, line: keyword.line, assignments: [] };
      this.sections.push(this.current);
      this.byName.set(`${kind} ${name}`, this.current);
    }
  }

  private assignment(): void {
    const lx = this.lx;
    const name = lx.next();
    lx.next();
    const result = this.value(0);
    if (!result.ok) {
      this.skipStatement(name, result.why, true);
      return;
    }
    const t = lx.peek();
    const isContinued =
      (t.kind === 'punct' && EXPRESSION_CONTINUERS.has(t.text)) ||
      (t.kind === 'name' && (t.text === 'and' || t.text === 'or')) ||
      ((t.kind === 'string' || isPunct(t, '{')) && t.line === lx.lastEndLine);
    if (isContinued) {
      this.skipStatement(name, 'a computed value (an expression); not evaluated', true);
      return;
    }
    this.current.assignments.push({
      name: name.text,
      value: result.value,
      line: name.line,
      text: lx.slice(name.start, lx.lastEnd),
    });
  }

  private value(depth: number): ValueResult {
    const lx = this.lx;
    const t = lx.peek();
    if (t.kind === 'string') {
      lx.next();
      return t.isBroken
        ? { ok: false, why: 'the string is not closed' }
        : { ok: true, value: { kind: 'string', value: t.text } };
    }
    if (t.kind === 'number') {
      lx.next();
      return t.isBroken
        ? { ok: false, why: 'not a number Lua can read' }
        : { ok: true, value: { kind: 'number', value: t.num, text: t.text } };
    }
    if (isPunct(t, '-') && lx.peek(1).kind === 'number' && !lx.peek(1).isBroken) {
      lx.next();
      const n = lx.next();
      return { ok: true, value: { kind: 'number', value: -n.num, text: `-${n.text}` } };
    }
    if (t.kind === 'name' && (t.text === 'true' || t.text === 'false')) {
      lx.next();
      return { ok: true, value: { kind: 'boolean', value: t.text === 'true' } };
    }
    if (t.kind === 'name' && t.text === 'nil') {
      lx.next();
      return { ok: true, value: { kind: 'nil' } };
    }
    if (isPunct(t, '{')) return this.table(depth + 1);
    if (t.kind === 'name' && DANGEROUS_NAMES.has(t.text)) {
      return { ok: false, why: 'runs a program, loads code or reads a file on the server; never run here' };
    }
    if (t.kind === 'name') return { ok: false, why: `a computed value (uses ${t.text}); not evaluated` };
    return { ok: false, why: 'not a plain value' };
  }

  private table(depth: number): ValueResult {
    const lx = this.lx;
    const open = lx.next();
    if (depth > MAX_TABLE_DEPTH) {
      this.skipBalanced();
      return { ok: false, why: `tables nested more than ${MAX_TABLE_DEPTH} deep` };
    }
    const items: LuaValue[] = [];
    const fields: { key: string; value: LuaValue }[] = [];
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') {
        this.report.problem(open.line, `The table opened on line ${open.line} is never closed.`);
        break;
      }
      if (isPunct(t, '}')) {
        lx.next();
        break;
      }
      if (t.kind === 'name' && SECTION_KEYWORDS.has(t.text) && t.line > lx.lastEndLine) {
        this.report.problem(
          open.line,
          `The table opened on line ${open.line} is not closed before ${t.text} on line ${t.line}.`,
        );
        break;
      }
      if (isPunct(t, ',') || isPunct(t, ';')) {
        lx.next();
        this.report.problem(t.line, 'Two separators in a row in a table; Lua refuses to load this.');
        continue;
      }
      const elementStart = t;
      let key: string | null = null;
      let result: ValueResult;
      if (isPunct(t, '[')) {
        lx.next();
        const keyResult = this.value(depth);
        if (keyResult.ok && isPunct(lx.peek(), ']') && isPunct(lx.peek(1), '=')) {
          lx.next();
          lx.next();
          key = keyResult.value.kind === 'string' ? keyResult.value.value : displayLua(keyResult.value);
          result = this.value(depth);
        } else {
          result = { ok: false, why: 'a table key that is not a plain value' };
        }
      } else if (t.kind === 'name' && isPunct(lx.peek(1), '=')) {
        lx.next();
        lx.next();
        key = t.text;
        result = this.value(depth);
      } else {
        result = this.value(depth);
      }
      if (result.ok) {
        if (key === null) items.push(result.value);
        else fields.push({ key, value: result.value });
      } else {
        this.skipTableEntry();
        this.report.ignore(
          lx.slice(elementStart.start, lx.lastEnd),
          elementStart.line,
          `table entry: ${result.why}`,
        );
      }
      const after = lx.peek();
      if (isPunct(after, ',') || isPunct(after, ';')) lx.next();
      else if (
        !isPunct(after, '}') &&
        after.kind !== 'eof' &&
        !(after.kind === 'name' && SECTION_KEYWORDS.has(after.text))
      ) {
        this.report.problem(after.line, 'Missing , or ; between table entries.');
      }
    }
    return { ok: true, value: { kind: 'table', items, fields } };
  }

  /**
   * Skips the rest of a failed table entry: up to a separator or the closing brace at this depth. Progress is
   * certain because an entry never starts at a separator or `}` (the table loop handles those first).
   */
  private skipTableEntry(): void {
    const lx = this.lx;
    let depth = 0;
    for (;;) {
      const t = lx.peek();
      if (t.kind === 'eof') return;
      if (depth === 0 && (isPunct(t, ',') || isPunct(t, ';') || isPunct(t, '}'))) return;
      if (t.kind === 'name' && SECTION_KEYWORDS.has(t.text) && t.line > lx.lastEndLine) return;
      lx.next();
      if (isPunct(t, '(') || isPunct(t, '{') || isPunct(t, '[')) depth++;
      else if ((isPunct(t, ')') || isPunct(t, '}') || isPunct(t, ']')) && depth > 0) depth--;
    }
  }

  /** After a consumed `{`, skips to its matching `}` (or the end). */
  private skipBalanced(): void {
    let depth = 1;
    while (depth > 0) {
      const t = this.lx.next();
      if (t.kind === 'eof') return;
      if (isPunct(t, '{') || isPunct(t, '(') || isPunct(t, '[')) depth++;
      else if (isPunct(t, '}') || isPunct(t, ')') || isPunct(t, ']')) depth--;
    }
  }
}

/** A Lua value as text for display (lists joined with `, `), cut to a readable length. */
export function displayLua(value: LuaValue): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (v: LuaValue, depth: number): void => {
    if (length > MAX_SHOWN_VALUE) return;
    let piece: string | null = null;
    if (v.kind === 'string') piece = v.value;
    else if (v.kind === 'number') piece = v.text;
    else if (v.kind === 'boolean') piece = String(v.value);
    else if (v.kind === 'nil') piece = 'nil';
    if (piece !== null) {
      parts.push(piece);
      length += piece.length + 2;
      return;
    }
    if (v.kind !== 'table' || depth > 3) return;
    for (const item of v.items) visit(item, depth + 1);
    for (const field of v.fields) {
      parts.push(`${field.key} = ${field.value.kind === 'table' ? '{…}' : displayLua(field.value)}`);
      length += field.key.length + 8;
    }
  };
  visit(value, 0);
  const text = parts.join(', ');
  return text.length > MAX_SHOWN_VALUE ? `${text.slice(0, MAX_SHOWN_VALUE)} …` : text;
}
