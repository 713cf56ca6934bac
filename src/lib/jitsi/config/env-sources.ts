// Reads environment variables out of the places docker-jitsi-meet users keep them: a `.env` file (or the
// `KEY="value"` lines of a Nomad env block), a docker-compose `environment:` section (list or map), and Kubernetes
// `env:` name/value pairs. Only text is read: `${VAR}` is not expanded, secrets are not fetched.

import { redactEnv, shorten, type Report } from './config-report';

/** One variable as written, with its 1-based line. */
export interface EnvEntry {
  value: string;
  line: number;
}

/** Which of the three shapes the variables are written in. */
export type EnvSource = 'env' | 'compose' | 'kubernetes';

/**
 * Reads the variables in the given shape; later assignments win, and each variable `isKnown` rejects is
 * reported as not used for token authentication.
 */
export function readEnvEntries(
  text: string,
  source: EnvSource,
  isKnown: (name: string) => boolean,
  report: Report,
): Map<string, EnvEntry> {
  const vars = new Map<string, EnvEntry>();
  const set = (name: string, value: string, line: number): void => {
    const previous = vars.get(name);
    if (previous) {
      const why = `set again on line ${line}; the later value wins`;
      report.ignore(redactEnv(`${name}=${previous.value}`, name), previous.line, why);
    }
    vars.set(name, { value, line });
  };
  if (source === 'env') readDotenv(text, isKnown, report, set);
  else if (source === 'compose') readCompose(text, isKnown, report, set);
  else readKubernetes(text, report, set);
  for (const [name, entry] of vars) {
    if (isKnown(name)) continue;
    report.ignore(redactEnv(`${name}=${entry.value}`, name), entry.line, 'not used for token authentication');
  }
  return vars;
}

type Setter = (name: string, value: string, line: number) => void;

function linesOf(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
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

/** `.env` lines (docker compose rules) and the `KEY = "value"` lines of an HCL env block. */
function readDotenv(text: string, isKnown: (name: string) => boolean, report: Report, set: Setter): void {
  linesOf(text).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '') return;
    if (content.startsWith('#')) {
      const commented = /^#+\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(content);
      if (commented && isKnown(commented[1] ?? '')) {
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
    set(name, value, line);
  });
}

/** A YAML scalar as written after `- ` or `key: `: quotes removed the YAML way, a trailing ` # comment` dropped. */
export function readYamlScalar(text: string): string {
  const t = text.trim();
  if (t.startsWith("'")) {
    const end = findSingleQuoteEnd(t);
    return t.slice(1, end < 0 ? t.length : end).replace(/''/g, "'");
  }
  if (t.startsWith('"')) {
    let out = '';
    for (let i = 1; i < t.length; i++) {
      const ch = t[i] as string;
      if (ch === '"') break;
      if (ch === '\\' && i + 1 < t.length) {
        const next = t[i + 1] as string;
        out +=
          ({ n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/' } as Record<string, string>)[next] ??
          next;
        i++;
      } else out += ch;
    }
    return out;
  }
  const comment = t.search(/\s#/);
  return (comment >= 0 ? t.slice(0, comment) : t).trim();
}

function findSingleQuoteEnd(t: string): number {
  for (let i = 1; i < t.length; i++) {
    if (t[i] === "'") {
      if (t[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

const COMPOSE_LIST_ITEM = /^\s*-\s+(.*)$/;
const YAML_MAP_ENTRY = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*:(?:\s+(.*))?$/;

/** A docker-compose `environment:` section: `- KEY=value` items or `KEY: value` entries. */
function readCompose(text: string, isKnown: (name: string) => boolean, report: Report, set: Setter): void {
  linesOf(text).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || /^[A-Za-z_-]+:\s*$/.test(content)) return;
    if (content.startsWith('#')) {
      const commented = /^#+\s*-?\s*["']?([A-Za-z_][A-Za-z0-9_]*)\s*[=:]/.exec(content);
      if (commented && isKnown(commented[1] ?? ''))
        report.ignore(content.replace(/^#+\s*/, ''), line, 'commented out');
      return;
    }
    const item = COMPOSE_LIST_ITEM.exec(raw);
    if (item) {
      const scalar = readYamlScalar(item[1] ?? '');
      const eq = scalar.indexOf('=');
      const name = eq < 0 ? scalar.trim() : scalar.slice(0, eq).trim();
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name)) {
        report.ignore(content, line, 'not a KEY=value item');
        return;
      }
      if (eq < 0) {
        // `- KEY` passes the variable through from the shell that runs docker compose.
        report.ignore(
          content,
          line,
          'takes its value from the shell running docker compose; not in the paste',
        );
        return;
      }
      const value = scalar.slice(eq + 1);
      if (/^["'].*["']$/.test(value)) {
        report.problem(
          line,
          `${name}: in a compose list the quotes are part of the value (${shorten(value)}); quote the whole item instead: - "${name}=…".`,
        );
      }
      set(name, value, line);
      return;
    }
    const entry = YAML_MAP_ENTRY.exec(raw);
    if (entry) {
      set(entry[1] as string, readYamlScalar(entry[2] ?? ''), line);
      return;
    }
    report.ignore(content, line, 'not an environment entry');
  });
}

/** Kubernetes `env:` items: `- name: KEY` with `value: …` (or `valueFrom:`) in the same item, or a flow map. */
function readKubernetes(text: string, report: Report, set: Setter): void {
  let pending: { name: string; line: number } | null = null;
  const flush = (): void => {
    if (pending) report.ignore(`name: ${pending.name}`, pending.line, 'has no value in the paste');
    pending = null;
  };
  linesOf(text).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const flow = /^-\s*\{\s*name:\s*([^,}]+?)\s*,\s*value:\s*(.*?)\s*\}\s*$/.exec(content);
    if (flow) {
      flush();
      set(readYamlScalar(flow[1] ?? ''), readYamlScalar(flow[2] ?? ''), line);
      return;
    }
    const name = /^-\s+name:\s*(.+)$/.exec(content);
    if (name) {
      flush();
      pending = { name: readYamlScalar(name[1] ?? ''), line };
      return;
    }
    const value = /^value:\s*(.*)$/.exec(content);
    if (value && pending) {
      set(pending.name, readYamlScalar(value[1] ?? ''), line);
      pending = null;
      return;
    }
    if (/^valueFrom:/.test(content) && pending) {
      report.ignore(
        `name: ${pending.name}`,
        pending.line,
        'takes its value from a Secret or ConfigMap (valueFrom); not in the paste',
      );
      pending = null;
      return;
    }
    // ConfigMap `data:` entries are plain KEY: value pairs.
    const entry = YAML_MAP_ENTRY.exec(raw);
    if (entry && /^[A-Z][A-Z0-9_]*$/.test(entry[1] ?? '') && entry[2] !== undefined) {
      flush();
      set(entry[1] as string, readYamlScalar(entry[2]), line);
    }
  });
  flush();
}
