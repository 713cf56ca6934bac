// Remarks that follow from the token settings alone, whichever format they were read from: placeholders, an
// empty secret, a missing app_id, empty tokens allowed, and what the Jitsi 2020 release line would make of them.

import type { ProsodySettings } from '../server/prosody-settings';
import type { Report } from './config-report';

// Options the 2020 line does not have (rules §15: the algorithm came from the header; no JWKS URL).
const UNKNOWN_TO_2020 = Object.freeze(['signature_algorithm', 'cache_keys_url'] as const);

/**
 * Adds the remarks that the settings themselves call for. `lineOf` gives the line an option was read from (0 when
 * unknown); `tokenAuth` says whether the users' host checks tokens at all.
 * @see jitsi-token-rules.md §2 (app_id required, one key source required) and §15 (the 2020 release line)
 */
export function remarkOnSettings(
  settings: ProsodySettings,
  tokenAuth: boolean | 'unknown',
  report: Report,
  lineOf: (option: string) => number,
): void {
  for (const [name, value] of Object.entries(settings)) {
    const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
    for (const item of values) report.placeholder(name, item, lineOf(name));
  }
  if (settings.allow_empty_token === true) {
    report.remark(
      'empty-token-allowed',
      'allow_empty_token is on: a connection without a token is accepted.',
      lineOf('allow_empty_token'),
    );
  }
  if (settings.app_secret === '') {
    report.remark('app-secret-empty', 'app_secret is empty.', lineOf('app_secret'));
  }
  if (tokenAuth !== true) return;
  if (settings.app_id === undefined) {
    report.remark('app-id-missing', 'app_id is not set on the token host.');
  }
  for (const name of UNKNOWN_TO_2020) {
    if (settings[name] !== undefined) {
      report.remark(
        'option-unknown-to-jitsi-2020',
        `${name} is set; a server on the Jitsi 2020 release line ignores it.`,
        lineOf(name),
      );
    }
  }
  if (settings.enable_domain_verification === undefined) {
    report.remark(
      'default-differs-in-jitsi-2020',
      'enable_domain_verification is not set: on the current release it is on, on the 2020 release line it is off (sub is not checked).',
    );
  }
}
