// Collects what a config reader understood, ignored and found wrong, with caps so a hostile paste cannot produce
// millions of entries, and hides secret values in what is echoed back. Knows nothing about any file format.

import { makeRemark, type ConfigRemark, type ConfigRemarkCode } from './config-remarks';
import type {
  ConfigFormat,
  ConfigProblem,
  IgnoredText,
  ParsedServerConfig,
  PlaceholderValue,
  UnderstoodSetting,
} from './parsed-config';
import { isPlaceholderValue } from './placeholder-values';
import { emptyModules } from './parsed-config';

/** Options and variables that hold the secret itself. */
export const SECRET_OPTIONS: ReadonlySet<string> = new Set(['app_secret', 'JWT_APP_SECRET']);

/** Any variable or option whose name says "secret" is masked in what we echo back, even when it is not ours. */
export const SECRET_NAME = /secret|passw|pwd|credential|private/i;

/** At most this many ignored pieces and problems are listed. */
export const MAX_REPORTED = 400;
/** Echoed text is cut to this many characters. */
export const MAX_SHOWN_TEXT = 160;
/** A displayed value is cut to this many characters. */
export const MAX_SHOWN_VALUE = 400;

/** Collects the lists every parser returns, with caps so a hostile paste cannot produce millions of entries. */
export class Report {
  readonly understood: UnderstoodSetting[] = [];
  readonly ignored: IgnoredText[] = [];
  readonly problems: ConfigProblem[] = [];
  readonly notes: string[] = [];
  readonly remarks: ConfigRemark[] = [];
  readonly placeholders: PlaceholderValue[] = [];
  private droppedIgnored = 0;
  private droppedProblems = 0;

  ignore(text: string, line: number, why: string): void {
    if (this.ignored.length < MAX_REPORTED) this.ignored.push({ text: shorten(text), line, why });
    else this.droppedIgnored++;
  }

  /** Adds a coded remark once per code and line. */
  remark(code: ConfigRemarkCode, message: string, line = 0, host?: string): void {
    if (this.remarks.some((r) => r.code === code && r.line === line)) return;
    this.remarks.push(makeRemark(code, message, line, host));
  }

  /** Records a value that is still a placeholder, with a remark naming it. */
  placeholder(name: string, value: string, line: number): void {
    if (!isPlaceholderValue(value) || this.placeholders.length >= MAX_REPORTED) return;
    this.placeholders.push({ name, value, line });
    this.remark('placeholder-value', `${name} is a placeholder: ${shorten(value)}`, line);
  }

  hasRemark(code: ConfigRemarkCode): boolean {
    return this.remarks.some((r) => r.code === code);
  }

  problem(line: number, message: string): void {
    if (this.problems.length < MAX_REPORTED) this.problems.push({ line, message });
    else this.droppedProblems++;
  }

  finish(): void {
    if (this.droppedIgnored > 0) {
      this.ignored.push({
        text: '…',
        line: 0,
        why: `${this.droppedIgnored} more ignored pieces are not listed`,
      });
    }
    if (this.droppedProblems > 0) {
      this.problems.push({ line: 0, message: `${this.droppedProblems} more problems are not listed.` });
    }
    this.ignored.sort((a, b) => a.line - b.line);
    this.problems.sort((a, b) => a.line - b.line);
  }
}

/** The first line of a text, cut to a length fit for a list row. */
export function shorten(text: string): string {
  let end = text.length;
  const newline = text.search(/[\r\n]/);
  if (newline >= 0) end = newline;
  const first = text.slice(0, Math.min(end, MAX_SHOWN_TEXT)).trim();
  return end < text.length || end > MAX_SHOWN_TEXT ? `${first} …` : first;
}

/** The result of a reader that found nothing to read (or crashed): only the report's lists. */
export function emptyResult(format: ConfigFormat, report: Report): ParsedServerConfig {
  report.finish();
  return {
    format,
    domain: null,
    publicUrl: null,
    settings: {},
    understood: report.understood,
    ignored: report.ignored,
    problems: report.problems,
    modules: emptyModules(),
    hosts: [],
    notes: report.notes,
    tokenAuth: 'unknown',
    template: null,
    loadFailure: null,
    placeholders: report.placeholders,
    remarks: report.remarks,
  };
}

/** Hides the value of `name = value` when the name says it is a secret. */
export function redactStatement(text: string): string {
  const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(text);
  if (match && SECRET_NAME.test(match[1] ?? '')) return `${match[1]} = (hidden)`;
  return text;
}

/** Hides the value of `NAME=value` when the name says it is a secret. */
export function redactEnv(text: string, name: string): string {
  if (!SECRET_NAME.test(name)) return text;
  const eq = text.indexOf('=');
  return eq < 0 ? text : `${text.slice(0, eq + 1)}(hidden)`;
}
