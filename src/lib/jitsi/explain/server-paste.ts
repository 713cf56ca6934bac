// Reads any server-side text a tester pastes — a prosody config, docker variables in any of their shapes, or log
// lines and error texts — into one report: the format, whether it is a template, whether tokens are checked, the
// settings, and coded findings with the topics an explanation points at. Composes the config reader, the paste
// reader and the explainer; decides only which of them the text is for.

import { detectConfigFormat, parseServerConfig } from '../config/server-config';
import type { ParsedServerConfig } from '../config/parsed-config';
import type { ProsodySettings } from '../server/prosody-settings';
import type { ExplainTopic } from './catalogue/catalogue-entry';
import { explainError, type Explanation } from './error-explainer';
import { readPastedInput, type PasteReading } from './meeting-paste';
import type { ServerLogMessage } from './prosody-log-line';

/** What kind of text it was: one of the configuration formats, or log lines and error texts. */
export type ServerPasteFormat = Exclude<ParsedServerConfig['format'], 'unknown'> | 'log';

/** Findings of the paste reader on a log, with stable codes. */
export type PasteFindingCode = 'log-shortened-token' | 'jwt-value-without-dots';

/** Everything made of one pasted server text. */
export interface ServerPasteReport {
  format: ServerPasteFormat;
  isTemplate: boolean;
  /** Whether the users' host checks tokens; `unknown` for logs and for texts that do not say. */
  tokenAuth: boolean | 'unknown';
  /** The users' host (`domain`) and its token settings, as prosody would see them; empty for logs. */
  settings: ProsodySettings & { domain?: string };
  /** Our codes for what was found: config remark codes, explainer message ids and paste findings. */
  codes: string[];
  /** For logs: the refusal the log line carries (null when it carries none). */
  server: ServerLogMessage | null;
  /** For logs: what the explanation points at. */
  topics: ExplainTopic[];
  config: ParsedServerConfig | null;
  explanation: Explanation | null;
  reading: PasteReading | null;
}

/** Reads a pasted server text (config, env, compose, Kubernetes, or log lines). Never throws. */
export function readServerPaste(text: string): ServerPasteReport {
  const detected = detectConfigFormat(text);
  if (detected === 'unknown') return logReport(text, explainError(text));
  const config = parseServerConfig(text, detected);
  if (hasConfigContent(config)) return configReport(config);
  // A log that happens to hold `KEY=value` or `x = "y"` shapes reads as a config with nothing in it; the
  // explanation that decides this is the one the log report shows.
  const explanation = explainError(text);
  return explanation.unrecognised ? configReport(config) : logReport(text, explanation);
}

// Settings written out, or prosody hosts: the paste is a config even if it also mentions an error.
function hasConfigContent(config: ParsedServerConfig): boolean {
  return (
    config.understood.some((u) => !u.isDefault) || (config.hosts.length > 0 && config.format === 'prosody')
  );
}

function configReport(config: ParsedServerConfig): ServerPasteReport {
  const settings: ServerPasteReport['settings'] = { ...config.settings };
  if (config.domain !== null) settings.domain = config.domain;
  return {
    format: config.format === 'unknown' ? 'log' : config.format,
    isTemplate: config.template !== null,
    tokenAuth: config.tokenAuth,
    settings,
    codes: config.remarks.map((r) => r.code),
    server: null,
    topics: [],
    config,
    explanation: null,
    reading: null,
  };
}

function logReport(text: string, explanation: Explanation): ServerPasteReport {
  const reading = readPastedInput(text);
  const codes: string[] = explanation.recognised.map((m) => m.id);
  if (reading.truncatedToken !== null) codes.push('log-shortened-token');
  if (reading.token !== null && reading.form !== 'token' && !reading.token.includes('.')) {
    codes.push('jwt-value-without-dots');
  }
  return {
    format: 'log',
    isTemplate: false,
    tokenAuth: 'unknown',
    settings: {},
    codes,
    server: reading.serverMessage,
    topics: [...new Set(explanation.recognised.flatMap((m) => m.topics))],
    config: null,
    explanation,
    reading,
  };
}
