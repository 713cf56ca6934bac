// Entry point for a pasted server configuration: tells a prosody config from a docker `.env` by the shape of its
// lines and hands it to the matching reader. Says what it expected when it cannot tell.

import { emptyResult, Report } from './config-report';
import { ENV_VARIABLES, parseDockerEnv } from './docker-env';
import type { ConfigFormat, ParsedServerConfig } from './parsed-config';
import { parseProsodyConfig } from './prosody-config';
import { isTokenOption } from './token-options';

const LUA_SECTION_LINE = /^\s*(?:VirtualHost|Component|Host)\s*[("'[]/;
const LUA_COMMENT_LINE = /^\s*--/;
const LUA_ASSIGNMENT_LINE = /^\s*([a-z_][a-z0-9_]*)\s*=\s*(?:["'{[]|true\b|false\b|-?\d)/;
const ENV_ASSIGNMENT_LINE = /^\s*(?:export\s+)?([A-Z][A-Z0-9_]*)=/;
const ENV_COMMENT_LINE = /^\s*#/;

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

/** Guesses whether the text is a prosody `.cfg.lua`, a docker `.env`, or neither, from line shapes. */
export function detectConfigFormat(text: string): ConfigFormat {
  if (isBinaryText(text)) return 'unknown';
  let prosody = 0;
  let env = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (LUA_SECTION_LINE.test(line)) prosody += 5;
    else if (LUA_COMMENT_LINE.test(line)) prosody += 1;
    else if (ENV_COMMENT_LINE.test(line)) env += 1;
    else {
      const lua = LUA_ASSIGNMENT_LINE.exec(line);
      if (lua) prosody += isTokenOption(lua[1] ?? '') ? 3 : 1;
      const dotenv = ENV_ASSIGNMENT_LINE.exec(line);
      if (dotenv) env += Object.hasOwn(ENV_VARIABLES, dotenv[1] ?? '') ? 3 : 1;
    }
  }
  if (prosody === 0 && env === 0) return 'unknown';
  return prosody >= env ? 'prosody' : 'env';
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
  if (chosen === 'env') return parseDockerEnv(text);
  const report = new Report();
  if (text.trim() === '') report.notes.push('Nothing was pasted.');
  else if (isBinaryText(text))
    report.problem(0, 'This looks like binary data, not a prosody config or a .env file.');
  else {
    report.problem(
      0,
      'Could not tell what this is: expected a prosody VirtualHost block (authentication = "token", app_id = "…") ' +
        'or a docker-jitsi-meet .env (ENABLE_AUTH=1, AUTH_TYPE=jwt, JWT_APP_ID=…).',
    );
  }
  return emptyResult('unknown', report);
}
