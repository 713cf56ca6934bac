// Entry point for a pasted server configuration: tells a prosody config, a docker `.env`, a compose `environment:`
// section and Kubernetes `env:` pairs apart by the shape of their lines and hands the text to the matching reader.
// Says what it expected when it cannot tell.

import { emptyResult, Report } from './config-report';
import { ENV_VARIABLES, parseDockerEnv } from './docker-env';
import type { ConfigFormat, ParsedServerConfig } from './parsed-config';
import { parseProsodyConfig } from './prosody-config';
import { isTokenOption } from './token-options';
import { TYPOGRAPHIC_QUOTES } from './typographic-text';

// Curly quotes count as quotes here: a forum copy is still a prosody config, one that prosody cannot load.
const LUA_SECTION_LINE = new RegExp(`^\\s*(?:VirtualHost|Component|Host)\\s*[("'[${TYPOGRAPHIC_QUOTES}]`);
const LUA_COMMENT_LINE = /^\s*--/;
const LUA_ASSIGNMENT_LINE = new RegExp(
  `^\\s*([a-z_][a-z0-9_]*)\\s*=\\s*(?:["'{[${TYPOGRAPHIC_QUOTES}]|true\\b|false\\b|-?\\d)`,
);
const ENV_ASSIGNMENT_LINE = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)\s*=/;
const ENV_COMMENT_LINE = /^\s*#/;
const COMPOSE_HEADER = /^\s*environment:\s*$/;
const COMPOSE_ITEM = /^\s*-\s+["']?([A-Za-z_][A-Za-z0-9_]*)=/;
const KUBERNETES_NAME = /^\s*-\s+(?:\{\s*)?name:\s*["']?([A-Za-z_][A-Za-z0-9_]*)/;
const KUBERNETES_VALUE = /^\s*(?:value|valueFrom):/;
const YAML_ENTRY = /^\s*([A-Z][A-Z0-9_]*):\s+\S/;

/** True when the text looks like binary data rather than a config file. */
function isBinaryText(text: string): boolean {
  const sample = Math.min(text.length, 65536);
  let bad = 0;
  for (let i = 0; i < sample; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 9 || (c > 13 && c < 32) || c === 0xfffd) && c !== 27) bad++;
  }
  return sample > 0 && bad / sample > 0.01;
}

/** Guesses which kind of configuration the text is from its line shapes; `unknown` for anything else. */
export function detectConfigFormat(text: string): ConfigFormat {
  if (isBinaryText(text)) return 'unknown';
  const score: Record<Exclude<ConfigFormat, 'unknown'>, number> = {
    prosody: 0,
    env: 0,
    compose: 0,
    kubernetes: 0,
  };
  const weight = (name: string): number => (Object.hasOwn(ENV_VARIABLES, name) ? 3 : 1);
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (LUA_SECTION_LINE.test(line)) score.prosody += 5;
    else if (LUA_COMMENT_LINE.test(line)) score.prosody += 1;
    else if (ENV_COMMENT_LINE.test(line)) score.env += 1;
    else if (COMPOSE_HEADER.test(line)) score.compose += 5;
    else if (KUBERNETES_VALUE.test(line)) score.kubernetes += 2;
    else {
      const kubernetes = KUBERNETES_NAME.exec(line);
      if (kubernetes) {
        score.kubernetes += weight(kubernetes[1] ?? '') + 1;
        continue;
      }
      const compose = COMPOSE_ITEM.exec(line);
      if (compose) {
        score.compose += weight(compose[1] ?? '') + 1;
        continue;
      }
      const lua = LUA_ASSIGNMENT_LINE.exec(line);
      if (lua) score.prosody += isTokenOption(lua[1] ?? '') ? 3 : 1;
      const dotenv = ENV_ASSIGNMENT_LINE.exec(line);
      if (dotenv) score.env += weight(dotenv[1] ?? '');
      const yaml = YAML_ENTRY.exec(line);
      if (yaml && Object.hasOwn(ENV_VARIABLES, yaml[1] ?? '')) score.compose += 2;
    }
  }
  let best: ConfigFormat = 'unknown';
  let bestScore = 0;
  // Ties go to the earlier format: prosody first, as before.
  for (const format of ['prosody', 'env', 'compose', 'kubernetes'] as const) {
    if (score[format] > bestScore) {
      best = format;
      bestScore = score[format];
    }
  }
  return best;
}

/**
 * Reads token settings from a pasted prosody config or docker `.env`, detecting the format unless one is given.
 * Never throws and never runs anything from the text.
 */
export function parseServerConfig(
  text: string,
  format?: Exclude<ConfigFormat, 'unknown'>,
): ParsedServerConfig {
  const chosen = format ?? detectConfigFormat(text);
  if (chosen === 'prosody') return parseProsodyConfig(text);
  if (chosen !== 'unknown') return parseDockerEnv(text, chosen);
  const report = new Report();
  if (text.trim() === '') report.notes.push('Nothing was pasted.');
  else if (isBinaryText(text))
    report.problem(0, 'This looks like binary data, not a prosody config or a .env file.');
  else {
    report.problem(
      0,
      'Could not tell what this is: expected a prosody VirtualHost block (authentication = "token", app_id = "…") ' +
        'or docker-jitsi-meet variables (ENABLE_AUTH=1, AUTH_TYPE=jwt, JWT_APP_ID=…) as a .env, a compose ' +
        'environment: list or Kubernetes name/value pairs.',
    );
  }
  return emptyResult('unknown', report);
}
