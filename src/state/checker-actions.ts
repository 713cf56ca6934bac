// What the user does with a checked token or a pasted config: apply a one-click fix, open the claims in the
// generator, take over a server config. Loaded with the checker (these run only after it has produced a result),
// so the first paint does not carry them.

import type { JsonObject } from '../lib/jwt/json-types';
import { isJitsiAlgorithm } from '../lib/jwt/jws';
import type { Finding } from '../lib/jitsi/finding';
import type { ProsodySettings } from '../lib/jitsi/server/prosody-settings';
import { hostOfUrl } from '../lib/jitsi/generate/room-url';
import { RELEASE_LINES } from '../lib/jitsi/server/release-lines';
import type { ReleaseLineId } from '../lib/jitsi/server/release-line-id';
import { DEFAULT_SERVER_OPTIONS, type CheckerState, type ServerOptions } from './checker.svelte';

/** Applies the fix for a finding to the checked token's claims and hands them to the generator to re-sign. */
export function applyFix(checker: CheckerState, finding: Finding): void {
  const kit = checker.kit;
  const result = checker.result;
  const fix = kit?.fixForRule(finding.ruleId);
  const decoded = result?.decoded;
  const gen = checker.generator;
  // The checker says what the server expects (sub, room, algorithm, issuer, audience); the clock and lifetime
  // come from here.
  const context =
    kit && result
      ? kit.fixContextFrom(result, {
          now: checker.now,
          lifetimeSeconds: gen.settings.lifetimeSeconds,
          nbfSkewSeconds: gen.settings.nbfSkewSeconds,
        })
      : null;
  if (!fix || !context || !decoded?.header.ok || !decoded.payload.ok) return;
  const fixed = fix.apply({ header: decoded.header.value, payload: decoded.payload.value }, context);
  openInGenerator(checker, fixed.header, fixed.payload);
}

/** Moves a token's claims (and a pasted link's meeting) into the generator, which re-signs them. */
export function openInGenerator(checker: CheckerState, header?: JsonObject, payload?: JsonObject): void {
  const decoded = checker.result?.decoded;
  const h = header ?? (decoded?.header.ok ? decoded.header.value : null);
  const p = payload ?? (decoded?.payload.ok ? decoded.payload.value : null);
  if (!h || !p) return;
  const gen = checker.generator;
  const link = checker.subject === 'pasted' ? checker.reading.link : null;
  if (link) {
    if (gen.settings.domain.trim() === '') gen.settings.domain = link.domain;
    else if (link.domain !== gen.settings.domain.trim()) gen.settings.linkHost = link.domain;
    gen.settings.tenant = link.tenant ? safeDecode(link.tenant) : '';
    if (link.room) gen.settings.room = safeDecode(link.room);
  }
  gen.loadClaims(h, p);
  // The pasted text stays in the check view: the re-signed token is the generator's, shown beside its own check.
}

/** Takes settings read from a pasted prosody config or .env into the forms (the secret stays in memory). */
export function applyConfig(checker: CheckerState): void {
  const config = checker.config;
  if (!config) return;
  const gen = checker.generator;
  const s = config.settings;
  if (config.domain) gen.settings.domain = config.domain;
  const publicHost = config.publicUrl ? hostOfUrl(config.publicUrl) : null;
  if (publicHost && publicHost !== config.domain) gen.settings.linkHost = publicHost;
  if (s.app_id !== undefined) gen.settings.appId = s.app_id;
  if (s.app_secret !== undefined) gen.secret = s.app_secret;
  if (isJitsiAlgorithm(s.signature_algorithm)) {
    gen.settings.algorithm = s.signature_algorithm;
  } else if (s.asap_key_server || s.cache_keys_url) {
    gen.settings.algorithm = 'RS256';
  }
  checker.server = serverOptionsFrom(s, checker.server.release);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const listText = (value: string[] | string | undefined) =>
  value === undefined ? '' : typeof value === 'string' ? value : value.join(', ');

/**
 * The checker form's options for prosody settings (from a config file or a preset), with prosody's defaults; the
 * release line is not in a config file, so it stays as chosen.
 */
export function serverOptionsFrom(
  s: ProsodySettings,
  release: ReleaseLineId = DEFAULT_SERVER_OPTIONS.release,
): ServerOptions {
  return {
    allow_empty_token: s.allow_empty_token ?? DEFAULT_SERVER_OPTIONS.allow_empty_token,
    enable_domain_verification:
      s.enable_domain_verification ?? RELEASE_LINES[release].defaults.enableDomainVerification,
    asap_require_room_claim: s.asap_require_room_claim ?? DEFAULT_SERVER_OPTIONS.asap_require_room_claim,
    asap_accepted_issuers: listText(s.asap_accepted_issuers),
    asap_accepted_audiences: listText(s.asap_accepted_audiences),
    asap_key_server: s.asap_key_server ?? '',
    release,
  };
}

/**
 * Switches the release line the checker answers for, and puts enable_domain_verification at that line's default
 * (the option's default is what changed between lines; the form shows it).
 */
export function setReleaseLine(checker: CheckerState, release: ReleaseLineId): void {
  checker.server.release = release;
  checker.server.enable_domain_verification = RELEASE_LINES[release].defaults.enableDomainVerification;
}
