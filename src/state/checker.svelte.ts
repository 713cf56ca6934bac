// The checker's state: the pasted text, the server's options (typed or read from its config files), and the
// verdicts of prosody and of the web client for the token in question. Wires lib modules; decides nothing.

import type { PasteReading } from '../lib/jitsi/explain/meeting-paste';
import type { CheckInput, CheckResult, ProsodyVerdict } from '../lib/jitsi/server/check-types';
import type { ClientValidation } from '../lib/jitsi/client/client-validate';
import type { ParsedServerConfig } from '../lib/jitsi/config/parsed-config';
import type { JaasVerdict } from '../lib/jitsi/jaas/jaas-verdict';
import type { PresetId } from '../lib/jitsi/config/presets';
import type { ProsodySettings } from '../lib/jitsi/server/prosody-settings';
import type { AssumedSettings } from '../lib/jitsi/server/unknown-settings';
import { RELEASE_LINES, isTenantRoomWholeNode } from '../lib/jitsi/server/release-lines';
import {
  DEFAULT_SERVER_OPTIONS,
  assumptionsOf,
  knownSettingsOf,
  meetingOf,
  restoreServerOptions,
  roomToCheck,
  settingsToCheck,
  tokenPart,
  typedSettings,
  unknownsOf,
  type Meeting,
  type ServerOptions,
} from './check-request';
import type { EditorDiagnostic } from '../lib/editor/finding-diagnostics';
import type { Finding } from '../lib/jitsi/finding';
import type { GeneratorState } from './generator.svelte';
import { afterFirstScreen, noteVerdict } from './startup';

export { DEFAULT_SERVER_OPTIONS, restoreServerOptions, type ServerOptions } from './check-request';

/**
 * The checker's core (./checker-kit.ts), loaded on demand (when the checker is seen or used, or at once when the
 * page opens on a token) so that a first visit without a token does not wait for it; see the bundle budget in
 * scripts/check-budget.mjs.
 */
export type CheckerKit = typeof import('./checker-kit');
/** The server-configuration reader and the presets' rules (./config-kit.ts), loaded after the core. */
export type ConfigKit = typeof import('./config-kit');

const NOTHING_READ: PasteReading = Object.freeze({
  token: null,
  link: null,
  form: 'unknown',
  notes: [],
  clientWarnings: [],
  serverMessage: null,
  truncatedToken: null,
}) as PasteReading;

/** Where the checked token and meeting come from. */
export type CheckSubject = 'pasted' | 'generated' | 'none';

/** Which token the page is looking at: the pasted one (the check view) or the generator's (the generate view). */
export type CheckFocus = 'pasted' | 'generated';

/** The checker: what is checked, against what, and the verdicts. */
export class CheckerState {
  input = $state('');
  /** Set by the page: the check view checks only what was pasted, the generate view only its own token. */
  focus: CheckFocus = $state('pasted');
  server: ServerOptions = $state({ ...DEFAULT_SERVER_OPTIONS });
  #configText = $state('');
  /** The pasted server configuration; setting one loads the configuration reader if it is not loaded yet. */
  get configText(): string {
    return this.#configText;
  }
  set configText(text: string) {
    this.#configText = text;
    if (text.trim() !== '') void this.loadConfigKit();
  }
  /** The configuration text the user took back with Undo, to put back with Redo. */
  undoneConfigText = $state('');
  /** The public key (SPKI PEM) the key server would serve for the checked token's kid. */
  publicKeyPem: string | null = $state(null);
  /** The public key as typed beside a pasted RS* token (PEM or JWK); turned into `publicKeyPem` by its view. */
  publicKeyText = $state('');
  /** A self-hosted preset in force; JaaS is not kept here but in the saved `deployment` setting (one truth). */
  #selfHostedPresetId: Exclude<PresetId, 'jaas'> | null = $state(null);
  /**
   * The deployment preset in force, whose own rules are checked as warnings; null for none. JaaS follows the
   * generator's saved `deployment`, so the JaaS fields, the JaaS rules and the app_id the check uses agree, also
   * after a reload.
   */
  get presetId(): PresetId | null {
    return this.#gen.settings.deployment === 'jaas' ? 'jaas' : this.#selfHostedPresetId;
  }
  set presetId(id: PresetId | null) {
    if (id === 'jaas') {
      this.#gen.settings.deployment = 'jaas';
      this.#selfHostedPresetId = null;
    } else {
      // Leaving JaaS (another preset or "Custom / not known") goes back to a self-hosted server.
      if (this.#gen.settings.deployment === 'jaas') this.#gen.settings.deployment = 'self-hosted';
      this.#selfHostedPresetId = id;
    }
    if (id !== null) void this.loadConfigKit();
  }
  /** What the preset in force means for tokens, in plain words. */
  presetExplanation = $state('');
  now = $state(0);
  result: CheckResult | null = $state.raw(null);
  /** The checker's core once loaded; null until the checker is first seen or used. */
  kit: CheckerKit | null = $state.raw(null);
  /** The configuration reader once loaded; null until the first verdict is on screen or a configuration is used. */
  configKit: ConfigKit | null = $state.raw(null);
  #kitLoading: Promise<void> | null = null;
  #configKitLoading: Promise<void> | null = null;
  #sequence = 0;
  readonly #gen: GeneratorState;

  readonly reading: PasteReading = $derived(this.kit ? this.kit.readPastedInput(this.input) : NOTHING_READ);
  readonly config: ParsedServerConfig | null = $derived(
    this.configText.trim() === '' || !this.configKit
      ? null
      : this.configKit.parseServerConfig(this.configText),
  );

  /** The pasted text in the check view (none while nothing is pasted), the generator's token in the generate view. */
  readonly subject: CheckSubject;
  readonly token: string | null;
  /** The pasted server configuration when it was understood; its settings are used at once. */
  readonly activeConfig: ParsedServerConfig | null;
  /** What the pasted configuration is taken to say, in short: `meet.acme.test`, `app_id acme_app`, …. */
  readonly configSummary: string[];
  /** The prosody settings the token is checked against. */
  readonly settings: ProsodySettings;
  /**
   * Domain, room and tenant of the meeting: from a pasted link, else from the generator's settings; `linkHost` is
   * the host in the link the tester opens.
   */
  readonly meeting: Meeting;
  /** What the web client's own checks list for this token (shown only after the server refused it). */
  readonly client: ClientValidation | null;
  /** Everything a check needs except the token: the diff tool checks two tokens of its own against it. */
  readonly context: Omit<CheckInput, 'token'>;
  /** What the user gave of the server's settings (typed, a pasted configuration, a preset, a share link). */
  readonly knownSettings: ProsodySettings;
  /** The settings assumed from the pasted token where nothing is known, and what stays unknown. */
  readonly assumed: AssumedSettings | null;
  /** The assumptions behind the verdict, in words; empty when the settings are known. */
  readonly assumptions: string[];
  /** The checked token's header `alg` and `kid` when they are strings (null otherwise). */
  readonly tokenAlg: string | null;
  readonly tokenKid: string | null;
  /** Where prosody refuses the checked token (at connect unless it says otherwise); null when it accepts it. */
  readonly refusedAt: 'config' | 'auth' | 'muc' | null;
  /** The notification the web client shows for its own reasons, once the server refused the token. */
  readonly clientNotification: string;
  /** Every finding for the checked token: prosody's, then the deployment preset's own rules. */
  readonly findings: readonly Finding[];
  /** Under the JaaS preset, 8x8's own verdict, which decides (prosody's becomes a stand-in); null otherwise. */
  readonly jaas: JaasVerdict | null;
  /** The checked token's decoded header and payload as shown in the read-only panes ('' when undecodable). */
  readonly decodedText: { header: string; payload: string };
  /**
   * The findings as underlines for the panes that show the checked token: the generator's panes for its own
   * token, the read-only panes for a pasted one.
   */
  readonly diagnostics: { header: EditorDiagnostic[]; payload: EditorDiagnostic[] };

  constructor(
    gen: GeneratorState,
    initial: {
      input?: string;
      server?: unknown;
      now: number;
      kit?: CheckerKit | null;
      /** A result already computed for `input` with the same settings (the first verdict, state/first-verdict.ts). */
      result?: CheckResult | null;
    },
  ) {
    this.#gen = gen;
    this.subject = $derived(
      this.focus === 'generated'
        ? gen.token
          ? 'generated'
          : 'none'
        : this.input.trim() !== ''
          ? 'pasted'
          : 'none',
    );

    this.token = $derived(
      this.subject === 'pasted' ? this.reading.token : this.subject === 'generated' ? gen.token : null,
    );

    // A template's values are filled in at server start, so they are not the server's settings.
    this.activeConfig = $derived(
      this.config && this.config.format !== 'unknown' && this.config.template === null ? this.config : null,
    );

    this.configSummary = $derived.by(() => {
      const config = this.activeConfig;
      if (!config) return [];
      const s = config.settings;
      const parts: string[] = [];
      if (config.domain) parts.push(config.domain);
      if (s.authentication !== undefined) parts.push(`authentication ${s.authentication}`);
      parts.push(s.app_id === undefined ? 'no app_id' : `app_id ${s.app_id}`);
      if (s.app_secret !== undefined) parts.push('its app_secret');
      if (s.asap_key_server !== undefined) parts.push(`key server ${s.asap_key_server}`);
      if (s.cache_keys_url !== undefined) parts.push(`cache_keys_url ${s.cache_keys_url}`);
      if (s.signature_algorithm !== undefined) parts.push(s.signature_algorithm);
      for (const name of ['asap_accepted_issuers', 'asap_accepted_audiences'] as const) {
        const value = s[name];
        if (value !== undefined)
          parts.push(`${name} ${typeof value === 'string' ? value : value.join(', ')}`);
      }
      for (const name of [
        'allow_empty_token',
        'enable_domain_verification',
        'asap_require_room_claim',
      ] as const) {
        const value = s[name];
        if (value !== undefined) parts.push(`${name} ${String(value)}`);
      }
      return parts;
    });

    this.settings = $derived.by(() => {
      const typed = typedSettings(gen, this.server);
      const config = this.activeConfig;
      if (!config) return typed;
      // A pasted configuration is the server's own file: it wins. Only a secret it leaves out (people redact
      // them before pasting) is taken from the App secret field.
      const fromConfig: ProsodySettings = { ...config.settings };
      const hasKeySource =
        fromConfig.app_secret !== undefined ||
        fromConfig.asap_key_server !== undefined ||
        fromConfig.cache_keys_url !== undefined;
      if (!hasKeySource && typed.app_secret !== undefined) fromConfig.app_secret = typed.app_secret;
      return fromConfig;
    });

    this.meeting = $derived(
      meetingOf(
        this.subject === 'pasted' ? this.reading.link : null,
        this.activeConfig?.domain || '',
        gen.settings,
        gen.link,
      ),
    );

    // The header and payload as objects, read here for the key field (its alg) and for what is assumed from the
    // token while settings are unknown; the checker decodes the token itself.
    const header = $derived(tokenPart(this.token, 0));
    const payload = $derived(this.subject === 'pasted' ? tokenPart(this.token, 1) : null);

    this.knownSettings = $derived(
      this.activeConfig
        ? this.settings
        : knownSettingsOf(this.settings, gen.settings, this.server, this.presetId !== null),
    );

    this.assumed = $derived(
      this.subject === 'pasted' && this.kit
        ? this.kit.assumeUnknownSettings(this.knownSettings, header, payload)
        : null,
    );
    this.assumptions = $derived(
      assumptionsOf(this.assumed, this.meeting, this.activeConfig !== null, gen.settings),
    );
    this.tokenAlg = $derived(typeof header?.['alg'] === 'string' ? header['alg'] : null);
    this.tokenKid = $derived(typeof header?.['kid'] === 'string' ? header['kid'] : null);

    // The server's rule for a tenant meeting's room claim, which the generator follows (rules §15).
    gen.useTenantRoomRule(() => {
      return isTenantRoomWholeNode(
        RELEASE_LINES[this.server.release],
        this.server.enable_domain_verification,
      );
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
      // The checked token's own kid, as the key server is asked for it: a kid edited in the header pane finds its key.
      const kid = this.tokenKid ?? '';
      const assumed = this.assumed;
      return {
        settings: settingsToCheck(this.settings, assumed),
        domain: this.meeting.domain,
        room: roomToCheck(this.meeting),
        tenant: this.meeting.tenant,
        now: this.now,
        release: this.server.release,
        publicKeys: this.publicKeyPem && kid ? { [kid]: this.publicKeyPem } : {},
        // Only a pasted configuration can tell that the MUC lacks token_verification; otherwise the stock setup.
        mucTokenVerification:
          this.activeConfig && this.configKit
            ? this.configKit.mucChecksRooms(this.activeConfig.modules)
            : undefined,
      };
    });

    this.findings = $derived.by(() => {
      const result = this.result;
      if (!result) return [];
      const decoded = result.decoded;
      if (!this.configKit || !this.presetId || !decoded?.header.ok || !decoded.payload.ok)
        return result.findings;
      const preset = this.configKit.checkPresetRules(
        this.presetId,
        decoded.header.value,
        decoded.payload.value,
        {
          xmppDomain: this.meeting.domain,
          tenant: this.meeting.tenant ?? '',
          ...(this.meeting.linkHost ? { linkHost: this.meeting.linkHost } : {}),
          ...(this.meeting.room ? { room: this.meeting.room } : {}),
        },
      );
      return [...preset, ...result.findings];
    });

    // The preset (and so the configuration reader, which holds JaaS's rules) is loaded before a result is set.
    this.jaas = $derived(
      this.presetId === 'jaas' && this.result && this.configKit
        ? this.configKit.jaasVerdict(this.findings)
        : null,
    );

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
    if (initial.kit) this.#kitLoading = this.#useKit(initial.kit);
    if (this.kit && initial.result) this.result = initial.result;
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

  /**
   * Loads the checker's core once; later calls wait for the same load. The configuration reader comes with it
   * when a configuration or preset is already in use (so the first verdict follows it), else once the first
   * screen is done, so a token opened from the URL gets its verdict without waiting for it.
   */
  loadKit(): Promise<void> {
    this.#kitLoading ??= import('./checker-kit').then((kit) => this.#useKit(kit));
    return this.#kitLoading;
  }

  /**
   * Takes the loaded core into use: at once when no configuration or preset is in use (a kit handed to the
   * constructor then gives the first render its verdict), else once the configuration reader is there too.
   */
  #useKit(kit: CheckerKit): Promise<void> {
    const use = () => {
      this.kit = kit;
      this.#gen.classifyBoxText = kit.classifyBoxText;
    };
    if (this.configText.trim() !== '' || this.presetId !== null) return this.loadConfigKit().then(use);
    use();
    void afterFirstScreen().then(() => this.loadConfigKit());
    return Promise.resolve();
  }

  /** Loads the configuration reader once (also called when a configuration is pasted or a preset chosen). */
  loadConfigKit(): Promise<void> {
    this.#configKitLoading ??= import('./config-kit').then((configKit) => {
      this.configKit = configKit;
    });
    return this.#configKitLoading;
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
    const unknown = unknownsOf(this.assumed, this.meeting);
    const result = kit.withoutUnknownSettings(await kit.checkToken(this.checkInput()), unknown);
    if (sequence !== this.#sequence) return;
    this.result = keepUnchangedParts(this.result, result);
    noteVerdict();
  }

  /** Stops using the pasted configuration; `redoConfig` puts it back. */
  undoConfig(): void {
    if (this.configText.trim() === '') return;
    this.undoneConfigText = this.configText;
    this.configText = '';
  }

  /** Puts back the configuration taken away by `undoConfig`. */
  redoConfig(): void {
    if (this.undoneConfigText === '') return;
    this.configText = this.undoneConfigText;
    this.undoneConfigText = '';
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
