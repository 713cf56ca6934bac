// The checker's state: the pasted text, the server's options (typed or read from its config files), and the
// verdicts of prosody and of the web client for the token in question. Wires lib modules; decides nothing.

import type { PasteReading } from '../lib/jitsi/explain/meeting-paste';
import type { CheckInput, CheckResult, ProsodyVerdict } from '../lib/jitsi/server/check-types';
import type { ClientValidation } from '../lib/jitsi/client/client-validate';
import type { ParsedServerConfig } from '../lib/jitsi/config/parsed-config';
import type { PresetId } from '../lib/jitsi/config/presets';
import type { ProsodySettings } from '../lib/jitsi/server/prosody-settings';
import { isJsonObject } from '../lib/jwt/json-types';
import type { EditorDiagnostic } from '../lib/editor/finding-diagnostics';
import type { Finding } from '../lib/jitsi/finding';
import { JAAS_AUDIENCE } from '../lib/jitsi/jaas/jaas-app-id';
import type { GeneratorState } from './generator.svelte';
import { noteVerdict } from './startup';

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
 * The checker's core (./checker-kit.ts), loaded on demand (when the checker is seen or used, or at once when the
 * page opens on a token) so that a first visit without a token does not wait for it; see the bundle budget in
 * scripts/check-budget.mjs.
 */
export type CheckerKit = typeof import('./checker-kit');

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
  /** What the preset in force means for tokens, in plain words. */
  presetExplanation = $state('');
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
  /**
   * Domain, room and tenant of the meeting: from a pasted link, else from the generator's settings; `linkHost` is
   * the host in the link the tester opens.
   */
  readonly meeting: {
    domain: string;
    linkHost: string;
    room: string;
    tenant: string | null;
    source: 'link' | 'settings';
  };
  /** What the web client's own checks list for this token (shown only after the server refused it). */
  readonly client: ClientValidation | null;
  /** Everything a check needs except the token: the diff tool checks two tokens of its own against it. */
  readonly context: Omit<CheckInput, 'token'>;
  /** Where prosody refuses the checked token (at connect unless it says otherwise); null when it accepts it. */
  readonly refusedAt: 'config' | 'auth' | 'muc' | null;
  /** The notification the web client shows for its own reasons, once the server refused the token. */
  readonly clientNotification: string;
  /** Every finding for the checked token: prosody's, then the deployment preset's own rules. */
  readonly findings: readonly Finding[];
  /** The checked token's decoded header and payload as shown in the read-only panes ('' when undecodable). */
  readonly decodedText: { header: string; payload: string };
  /**
   * The findings as underlines for the panes that show the checked token: the generator's panes for its own
   * token, the read-only panes for a pasted one.
   */
  readonly diagnostics: { header: EditorDiagnostic[]; payload: EditorDiagnostic[] };

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
      // Under JaaS prosody's app_id is not the user's: the stand-in accepts iss "chat" through its issuer list.
      if (gen.settings.deployment === 'jaas') s.app_id = JAAS_AUDIENCE;
      else if (gen.settings.appId !== '') s.app_id = gen.settings.appId;
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
      if (link) {
        return { domain, linkHost: link.domain, room: link.room ?? '', tenant: link.tenant, source: 'link' };
      }
      const room = gen.link.ok ? gen.link.url.pathRoom : gen.settings.room.trim();
      const tenant = gen.settings.tenant.trim() || null;
      const linkHost = gen.settings.linkHost.trim() || gen.settings.domain.trim();
      return { domain, linkHost, room, tenant, source: 'settings' };
    });

    this.client = $derived(
      this.token === null || !this.kit ? null : this.kit.validateJwtLikeClient(this.token, this.now),
    );

    this.refusedAt = $derived(
      this.result && !this.result.verdict.accepted ? (this.result.verdict.stage ?? 'auth') : null,
    );
    this.clientNotification = $derived(
      this.client && this.kit ? this.kit.clientNotification(this.client.messages) : '',
    );

    this.context = $derived.by(() => {
      const kid = gen.headerKid;
      return {
        settings: this.settings,
        domain: this.meeting.domain,
        room: this.meeting.room,
        tenant: this.meeting.tenant,
        now: this.now,
        publicKeys: this.publicKeyPem && kid ? { [kid]: this.publicKeyPem } : {},
      };
    });

    this.findings = $derived.by(() => {
      const result = this.result;
      if (!result) return [];
      const decoded = result.decoded;
      if (!this.kit || !this.presetId || !decoded?.header.ok || !decoded.payload.ok) return result.findings;
      const preset = this.kit.checkPresetRules(this.presetId, decoded.header.value, decoded.payload.value, {
        xmppDomain: this.meeting.domain,
        tenant: this.meeting.tenant ?? '',
        ...(this.meeting.linkHost ? { linkHost: this.meeting.linkHost } : {}),
        ...(this.meeting.room ? { room: this.meeting.room } : {}),
      });
      return [...preset, ...result.findings];
    });

    this.diagnostics = $derived.by(() => {
      const kit = this.kit;
      if (!kit || this.findings.length === 0) return { header: [], payload: [] };
      const texts =
        this.subject === 'generated'
          ? { header: gen.headerText, payload: gen.payloadText }
          : this.decodedText;
      return {
        header: kit.findingsToDiagnostics(texts.header, this.findings, 'header'),
        payload: kit.findingsToDiagnostics(texts.payload, this.findings, 'payload'),
      };
    });

    this.decodedText = $derived.by(() => {
      const decoded = this.result?.decoded;
      return {
        header: decoded?.header.ok ? JSON.stringify(decoded.header.value, null, 2) : '',
        payload: decoded?.payload.ok ? JSON.stringify(decoded.payload.value, null, 2) : '',
      };
    });
    this.input = initial.input ?? '';
    this.server = restoreServerOptions(initial.server);
    this.now = initial.now;
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
    this.#kitLoading ??= import('./checker-kit').then((kit) => {
      this.kit = kit;
    });
    return this.#kitLoading;
  }

  /** The checker's input for the current token and settings. */
  checkInput(): CheckInput {
    return { ...this.context, token: this.token };
  }

  /** The label of the one-click fix for a rule, or null when there is none (or the checker is not loaded). */
  fixLabel(ruleId: string): string | null {
    return this.kit?.fixForRule(ruleId)?.label ?? null;
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
    if (sequence !== this.#sequence) return;
    this.result = keepUnchangedParts(this.result, result);
    noteVerdict();
  }

  /** The generator this checker reads its settings and token from (for the actions in checker-actions.ts). */
  get generator(): GeneratorState {
    return this.#gen;
  }
}

/**
 * A re-check of the same token as the clock moves gives a new result; keep the previous decoded token and
 * verdict objects when they say the same, so what is derived from them (pretty panes, underlines, the announced
 * verdict) is not redone, and the status region is not announced again because a seconds count moved.
 */
function keepUnchangedParts(previous: CheckResult | null, next: CheckResult): CheckResult {
  if (!previous || previous.decoded?.raw !== next.decoded?.raw) return next;
  const sameVerdict = (v: ProsodyVerdict) =>
    [v.accepted, v.stage, v.error, (v.reason ?? '').replace(/[\d.e+-]+/g, '#')].join('|');
  return {
    ...next,
    decoded: previous.decoded,
    verdict: sameVerdict(previous.verdict) === sameVerdict(next.verdict) ? previous.verdict : next.verdict,
  };
}
