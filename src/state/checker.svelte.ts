// The checker's state: the pasted text, the server's options (typed or read from its config files), and the
// verdicts of prosody and of the web client for the token in question. Wires lib modules; decides nothing.

import type { PasteReading } from '../lib/jitsi/meeting-paste';
import type { CheckInput, CheckResult } from '../lib/jitsi/prosody-checker';
import type { ClientValidation } from '../lib/jitsi/client-validate';
import type { ParsedServerConfig } from '../lib/jitsi/config-parsers';
import type { PresetId } from '../lib/jitsi/presets';
import type { ProsodySettings } from '../lib/jitsi/prosody-settings';
import { isJsonObject, type JsonObject } from '../lib/jwt/json-types';
import { backendSafeRoomName } from '../lib/jitsi/client-room';
import { hostOfUrl } from '../lib/jitsi/room-url';
import type { FixContext } from '../lib/jitsi/token-fixes';
import type { Finding } from '../lib/jitsi/finding';
import type { GeneratorState } from './generator.svelte';

/** The prosody options the checker form edits; app_id, secret and algorithm come from the generator form. */
export interface ServerOptions {
  allow_empty_token: boolean;
  enable_domain_verification: boolean;
  asap_require_room_claim: boolean;
  /** Comma-separated; blank means prosody's default. */
  asap_accepted_issuers: string;
  asap_accepted_audiences: string;
  asap_key_server: string;
}

/** prosody's defaults (rules §2). */
export const DEFAULT_SERVER_OPTIONS: Readonly<ServerOptions> = Object.freeze({
  allow_empty_token: false,
  enable_domain_verification: true,
  asap_require_room_claim: true,
  asap_accepted_issuers: '',
  asap_accepted_audiences: '',
  asap_key_server: '',
});

/** Restores saved server options over the defaults, keeping only fields of the right type. */
export function restoreServerOptions(saved: unknown): ServerOptions {
  const options: ServerOptions = { ...DEFAULT_SERVER_OPTIONS };
  if (!isJsonObject(saved)) return options;
  for (const key of ['allow_empty_token', 'enable_domain_verification', 'asap_require_room_claim'] as const) {
    const value = saved[key];
    if (typeof value === 'boolean') options[key] = value;
  }
  for (const key of ['asap_accepted_issuers', 'asap_accepted_audiences', 'asap_key_server'] as const) {
    const value = saved[key];
    if (typeof value === 'string') options[key] = value;
  }
  return options;
}

const splitList = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * The checker's core, loaded on demand (when the checker is seen or used) so that the first paint, the token
 * and the link do not wait for it; see the bundle budget in scripts/check-budget.mjs.
 */
export interface CheckerKit {
  checkToken: typeof import('../lib/jitsi/prosody-checker').checkToken;
  readPastedInput: typeof import('../lib/jitsi/meeting-paste').readPastedInput;
  validateJwtLikeClient: typeof import('../lib/jitsi/client-validate').validateJwtLikeClient;
  clientNotification: typeof import('../lib/jitsi/client-validate').clientNotification;
  parseServerConfig: typeof import('../lib/jitsi/config-parsers').parseServerConfig;
  checkPresetRules: typeof import('../lib/jitsi/presets').checkPresetRules;
  fixForRule: typeof import('../lib/jitsi/token-fixes').fixForRule;
}

async function importCheckerKit(): Promise<CheckerKit> {
  const [checker, paste, client, config, presets, fixes] = await Promise.all([
    import('../lib/jitsi/prosody-checker'),
    import('../lib/jitsi/meeting-paste'),
    import('../lib/jitsi/client-validate'),
    import('../lib/jitsi/config-parsers'),
    import('../lib/jitsi/presets'),
    import('../lib/jitsi/token-fixes'),
  ]);
  return {
    checkToken: checker.checkToken,
    readPastedInput: paste.readPastedInput,
    validateJwtLikeClient: client.validateJwtLikeClient,
    clientNotification: client.clientNotification,
    parseServerConfig: config.parseServerConfig,
    checkPresetRules: presets.checkPresetRules,
    fixForRule: fixes.fixForRule,
  };
}

const NOTHING_READ: PasteReading = Object.freeze({
  token: null,
  link: null,
  form: 'unknown',
  notes: [],
  clientWarnings: [],
  serverMessage: null,
}) as PasteReading;

/** Where the checked token and meeting come from. */
export type CheckSubject = 'pasted' | 'generated' | 'none';

/** The checker: what is checked, against what, and the verdicts. */
export class CheckerState {
  input = $state('');
  server: ServerOptions = $state({ ...DEFAULT_SERVER_OPTIONS });
  configText = $state('');
  /** The public key (SPKI PEM) the key server would serve for the generator's kid. */
  publicKeyPem: string | null = $state(null);
  /** The deployment preset in force, whose own rules are checked as warnings; null for none. */
  presetId: PresetId | null = $state(null);
  now = $state(0);
  result: CheckResult | null = $state.raw(null);
  /** The checker's core once loaded; null until the checker is first seen or used. */
  kit: CheckerKit | null = $state.raw(null);
  #kitLoading: Promise<void> | null = null;
  #sequence = 0;
  readonly #gen: GeneratorState;

  readonly reading: PasteReading = $derived(this.kit ? this.kit.readPastedInput(this.input) : NOTHING_READ);
  readonly config: ParsedServerConfig | null = $derived(
    this.configText.trim() === '' || !this.kit ? null : this.kit.parseServerConfig(this.configText),
  );

  /** A pasted text wins; with nothing pasted, the generator's own token is checked. */
  readonly subject: CheckSubject;
  readonly token: string | null;
  /** The prosody settings the token is checked against. */
  readonly settings: ProsodySettings;
  /** Domain, room and tenant of the meeting: from a pasted link, else from the generator's settings. */
  readonly meeting: { domain: string; room: string; tenant: string | null; source: 'link' | 'settings' };
  /** What the web client's own checks list for this token (shown only after the server refused it). */
  readonly client: ClientValidation | null;

  constructor(gen: GeneratorState, initial: { input?: string; server?: unknown; now: number }) {
    this.#gen = gen;
    this.subject = $derived(this.input.trim() !== '' ? 'pasted' : gen.token ? 'generated' : 'none');

    this.token = $derived(
      this.subject === 'pasted' ? this.reading.token : this.subject === 'generated' ? gen.token : null,
    );

    this.settings = $derived.by(() => {
      const s: ProsodySettings = {
        signature_algorithm: gen.settings.algorithm,
        allow_empty_token: this.server.allow_empty_token,
        enable_domain_verification: this.server.enable_domain_verification,
        asap_require_room_claim: this.server.asap_require_room_claim,
      };
      if (gen.settings.appId !== '') s.app_id = gen.settings.appId;
      if (gen.settings.algorithm.startsWith('HS')) {
        if (gen.secret !== '') s.app_secret = gen.secret;
      } else if (this.server.asap_key_server.trim() !== '') {
        s.asap_key_server = this.server.asap_key_server.trim();
      }
      const issuers = splitList(this.server.asap_accepted_issuers);
      if (issuers.length > 0) s.asap_accepted_issuers = issuers;
      const audiences = splitList(this.server.asap_accepted_audiences);
      if (audiences.length > 0) s.asap_accepted_audiences = audiences;
      return s;
    });

    this.meeting = $derived.by(() => {
      const link = this.subject === 'pasted' ? this.reading.link : null;
      const domain = gen.settings.domain.trim() || link?.domain || '';
      if (link) return { domain, room: link.room ?? '', tenant: link.tenant, source: 'link' };
      const room = gen.link.ok ? gen.link.url.pathRoom : gen.settings.room.trim();
      const tenant = gen.settings.tenant.trim() || null;
      return { domain, room, tenant, source: 'settings' };
    });

    this.client = $derived(
      this.token === null || !this.kit ? null : this.kit.validateJwtLikeClient(this.token, this.now),
    );
    this.input = initial.input ?? '';
    this.server = restoreServerOptions(initial.server);
    this.now = initial.now;
  }

  /** The preset's own rules (e.g. JaaS) for the checked token, as warnings. */
  presetFindings(): Finding[] {
    const decoded = this.result?.decoded;
    if (!this.kit || !this.presetId || !decoded?.header.ok || !decoded.payload.ok) return [];
    return this.kit.checkPresetRules(this.presetId, decoded.header.value, decoded.payload.value, {
      xmppDomain: this.meeting.domain,
      tenant: this.meeting.tenant ?? '',
    });
  }

  /**
   * Moves the checker's clock to `now` when it matters: every 15 seconds, and at once when the checked token's
   * `exp` or `nbf` has just been reached (so "accepted" never outlives the token), but not every second, which
   * would re-render the verdict for nothing.
   */
  advanceClock(now: number): void {
    const payload = this.result?.decoded?.payload;
    const claims = payload?.ok ? payload.value : null;
    const crossed = [claims?.['exp'], claims?.['nbf']].some(
      (t) => typeof t === 'number' && t > this.now && t <= now,
    );
    if (crossed || now - this.now >= 15 || now < this.now) this.now = now;
  }

  /** Loads the checker's core once; later calls wait for the same load. */
  loadKit(): Promise<void> {
    this.#kitLoading ??= importCheckerKit().then((kit) => {
      this.kit = kit;
    });
    return this.#kitLoading;
  }

  /** The notification text the web client shows for these reasons. */
  clientNotificationText(messages: readonly string[]): string {
    return this.kit ? this.kit.clientNotification(messages) : '';
  }

  /** The checker's input for the current token and settings. */
  checkInput(): CheckInput {
    const kid = this.#gen.settings.kid.trim();
    return {
      settings: this.settings,
      domain: this.meeting.domain,
      token: this.token,
      room: this.meeting.room,
      tenant: this.meeting.tenant,
      now: this.now,
      publicKeys: this.publicKeyPem && kid ? { [kid]: this.publicKeyPem } : {},
    };
  }

  /** Runs prosody's checks; a newer run supersedes an older one still in flight. */
  async check(): Promise<void> {
    const sequence = ++this.#sequence;
    const kit = this.kit;
    if (this.subject === 'none' || !kit) {
      this.result = null;
      return;
    }
    const result = await kit.checkToken(this.checkInput());
    if (sequence === this.#sequence) this.result = result;
  }

  /** What the one-click fixes need to know about this meeting and server. */
  fixContext(): FixContext {
    const gen = this.#gen;
    const { domain, room, tenant } = this.meeting;
    const issuers = splitList(this.server.asap_accepted_issuers).filter((i) => i !== '*');
    return {
      expectedSub: tenant
        ? tenant.split('/').map(backendSafeRoomName).join('/')
        : domain.trim().toLowerCase(),
      backendRoom: backendSafeRoomName(room),
      algorithm: this.settings.signature_algorithm ?? 'HS256',
      issuer: issuers[0] ?? gen.settings.appId,
      now: this.now,
      lifetimeSeconds: gen.settings.lifetimeSeconds,
      nbfSkewSeconds: gen.settings.nbfSkewSeconds,
    };
  }

  /** Applies the fix for a finding to the checked token's claims and hands them to the generator to re-sign. */
  applyFix(finding: Finding): void {
    const fix = this.kit?.fixForRule(finding.ruleId);
    const decoded = this.result?.decoded;
    if (!fix || !decoded?.header.ok || !decoded.payload.ok) return;
    const fixed = fix.apply(
      { header: decoded.header.value, payload: decoded.payload.value },
      this.fixContext(),
    );
    this.openInGenerator(fixed.header, fixed.payload);
  }

  /** Moves a token's claims (and a pasted link's meeting) into the generator, which re-signs them. */
  openInGenerator(header?: JsonObject, payload?: JsonObject): void {
    const decoded = this.result?.decoded;
    const h = header ?? (decoded?.header.ok ? decoded.header.value : null);
    const p = payload ?? (decoded?.payload.ok ? decoded.payload.value : null);
    if (!h || !p) return;
    const gen = this.#gen;
    const link = this.subject === 'pasted' ? this.reading.link : null;
    if (link) {
      if (gen.settings.domain.trim() === '') gen.settings.domain = link.domain;
      else if (link.domain !== gen.settings.domain.trim()) gen.settings.linkHost = link.domain;
      gen.settings.tenant = link.tenant ? safeDecode(link.tenant) : '';
      if (link.room) gen.settings.room = safeDecode(link.room);
    }
    gen.loadClaims(h, p);
    // From now on the checker follows the generator's token, which is re-signed from these claims.
    this.input = '';
  }

  /** Takes settings read from a pasted prosody config or .env into the forms (the secret stays in memory). */
  applyConfig(): void {
    const config = this.config;
    if (!config) return;
    const gen = this.#gen;
    const s = config.settings;
    if (config.domain) gen.settings.domain = config.domain;
    const publicHost = config.publicUrl ? hostOfUrl(config.publicUrl) : null;
    if (publicHost && publicHost !== config.domain) gen.settings.linkHost = publicHost;
    if (s.app_id !== undefined) gen.settings.appId = s.app_id;
    if (s.app_secret !== undefined) gen.secret = s.app_secret;
    if (s.signature_algorithm && /^(HS|RS)(256|384|512)$/.test(s.signature_algorithm)) {
      gen.settings.algorithm = s.signature_algorithm as typeof gen.settings.algorithm;
    } else if (s.asap_key_server || s.cache_keys_url) {
      gen.settings.algorithm = 'RS256';
    }
    this.server = {
      allow_empty_token: s.allow_empty_token ?? false,
      enable_domain_verification: s.enable_domain_verification ?? true,
      asap_require_room_claim: s.asap_require_room_claim ?? true,
      asap_accepted_issuers: listText(s.asap_accepted_issuers),
      asap_accepted_audiences: listText(s.asap_accepted_audiences),
      asap_key_server: s.asap_key_server ?? '',
    };
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function listText(value: string[] | string | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join(', ');
}
