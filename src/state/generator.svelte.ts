// The generator's state: settings, the header and payload panes that follow the claim template, live
// signing and the test-room link. Wires lib modules together; computes nothing they already compute.

import {
  buildClaimTemplate,
  restoreSettings,
  settingsRoomLink,
  type GeneratorSettings,
} from '../lib/jitsi/generate/claim-template';
import { backendTenantPath, type RoomUrlResult } from '../lib/jitsi/generate/room-url';
import { jaasKid } from '../lib/jitsi/jaas/jaas-app-id';
import { backendSafeRoomName } from '../lib/jitsi/client/client-room';
import { editedPaths, followTemplate } from '../lib/jitsi/generate/template-sync';
import type { BoxText } from '../lib/jitsi/explain/wrong-box';
import type { PastedLink } from '../lib/jitsi/explain/meeting-paste';
import { isJitsiAlgorithm, isHmacAlgorithm, secretToKey, signToken, type JwsKey } from '../lib/jwt/jws';
import { parseJsonObject, type CodecProblem } from '../lib/jwt/token-codec';
import { isJsonObject, type JsonObject } from '../lib/jwt/json-types';

/** A JSON pane: its text and what parsing it gave. */
export type PaneParse = { ok: true; value: JsonObject } | { ok: false; problem: CodecProblem };

/** Where a signing problem comes from, so the message can sit next to its cause. */
export type SignProblemField = 'header' | 'payload' | 'secret' | 'key' | 'algorithm';

const pretty = (value: JsonObject) => JSON.stringify(value, null, 2);
/** A template older than this is issued again before signing. */
const FRESH_SECONDS = 300;
/** A token with less than this left is issued again. */
const EXPIRY_MARGIN_SECONDS = 60;

/** The generator: settings in, panes, signed token and link out. */
export class GeneratorState {
  settings: GeneratorSettings = $state(restoreSettings(undefined));
  secret = $state('');
  /** Tells a token or meeting link typed into the wrong box; set once the checker's core is loaded. */
  classifyBoxText: ((text: string) => BoxText) | null = $state.raw(null);
  /** The App secret field holds a whole token: it is offered to the checker and never used as the secret. */
  readonly secretIsToken: boolean = $derived(this.classifyBoxText?.(this.secret).kind === 'token');
  /** The payload pane holds a whole token instead of JSON: the token, to offer to the checker. */
  readonly payloadToken: string | null = $derived.by(() => {
    // Valid JSON is a payload, never a token: the paste reader runs only on a pane that does not parse.
    if (this.payload.ok) return null;
    const text = this.classifyBoxText?.(this.payloadText);
    return text?.kind === 'token' ? text.token : null;
  });
  /** Domain holds a meeting link: the link, to offer its domain, tenant and room. */
  readonly domainLink: PastedLink | null = $derived.by(() => {
    const text = this.classifyBoxText?.(this.settings.domain);
    return text?.kind === 'link' ? text.link : null;
  });
  /** The RS private key as the user pasted it; turned into a CryptoKey by the key pane. */
  signingKey: CryptoKey | null = $state.raw(null);
  signingKeyProblem: string | null = $state(null);
  issuedAt = $state(0);
  headerText = $state('');
  payloadText = $state('');
  token: string | null = $state(null);
  /** True when `token` no longer matches the panes (they hold an error). */
  isStale = $state(false);
  signProblem: { field: SignProblemField; message: string } | null = $state(null);

  /** Whether the server compares a tenant meeting's room claim with the whole `[tenant]room` node (the checker says). */
  #isTenantRoomWholeNode: () => boolean = $state.raw(() => false);

  /** The template the panes followed last; the base for telling user edits from template values. */
  #lastTemplate: { header: JsonObject; payload: JsonObject } | null = null;
  #signSequence = 0;

  /** The link without a token, and the room/tenant the client derives from it. */
  readonly link: RoomUrlResult = $derived(settingsRoomLink(this.settings));

  // Without a full link (no domain or room yet: the usual JaaS case with room "*"), the room and tenant still
  // take the client's backend-safe form, and the server's tenant-room rule, so the claims match the later link.
  readonly template = $derived.by(() => {
    if (this.link.ok) {
      return buildClaimTemplate(
        this.settings,
        {
          backendRoom: this.link.url.backendRoom,
          backendTenant: this.link.url.backendTenant,
          isTenantRoomWholeNode: this.#isTenantRoomWholeNode(),
        },
        this.issuedAt,
      );
    }
    const backendRoom = backendSafeRoomName(this.settings.room.trim());
    return buildClaimTemplate(
      this.settings,
      {
        backendRoom,
        backendTenant: backendTenantPath(this.settings.tenant),
        isTenantRoomWholeNode: backendRoom !== '' && this.#isTenantRoomWholeNode(),
      },
      this.issuedAt,
    );
  });

  /** Takes the server's rule for tenant room claims from the checker, which owns the server settings. */
  useTenantRoomRule(rule: () => boolean): void {
    this.#isTenantRoomWholeNode = rule;
  }

  readonly header: PaneParse = $derived(parseJsonObject(this.headerText, 'header'));
  readonly payload: PaneParse = $derived(parseJsonObject(this.payloadText, 'payload'));

  /** Claims the user changed in the panes, which no longer follow the settings. */
  readonly editedClaims: string[] = $derived.by(() => [
    ...(this.header.ok ? editedPaths(this.header.value, this.template.header).map((p) => `header.${p}`) : []),
    ...(this.payload.ok ? editedPaths(this.payload.value, this.template.payload) : []),
  ]);

  /** The link carrying the current token, when both exist. */
  readonly tokenLink: string | null = $derived(
    this.token && this.link.ok ? `${this.link.url.baseHref}?jwt=${this.token}` : null,
  );

  constructor(initial: { settings?: unknown; headerText?: string; payloadText?: string; now: number }) {
    this.settings = restoreSettings(initial.settings);
    this.issuedAt = initial.now;
    const template = this.template;
    this.headerText = initial.headerText ?? pretty(template.header);
    this.payloadText = initial.payloadText ?? pretty(template.payload);
    // Restored panes keep their edits: what still equals today's template follows it from here on.
    this.#lastTemplate = template;
  }

  /** Moves the panes to the current template, keeping every claim the user edited (see template-sync.ts). */
  applyTemplate(): void {
    const next = this.template;
    const last = this.#lastTemplate ?? next;
    this.#lastTemplate = next;
    if (this.header.ok) {
      const merged = followTemplate(this.header.value, last.header, next.header);
      const text = pretty(merged);
      if (text !== pretty(this.header.value)) this.headerText = text;
    }
    if (this.payload.ok) {
      const merged = followTemplate(this.payload.value, last.payload, next.payload);
      const text = pretty(merged);
      if (text !== pretty(this.payload.value)) this.payloadText = text;
    }
  }

  /** Throws away pane edits and shows the template again (the visible "reset to template"). */
  resetToTemplate(now: number): void {
    this.issuedAt = now;
    const template = this.template;
    this.#lastTemplate = template;
    this.headerText = pretty(template.header);
    this.payloadText = pretty(template.payload);
  }

  /** Starts the times again from `now` (iat, nbf, exp follow unless edited). */
  renewTimes(now: number): void {
    this.issuedAt = now;
    // At once, not on the next effect run: a signature made right after must already carry the new times.
    this.applyTemplate();
  }

  /**
   * Issues the template anew from `now` when it was issued more than `maxAgeSeconds` ago (edited times stay the
   * user's). Returns whether it did.
   */
  renewIfOlderThan(now: number, maxAgeSeconds: number): boolean {
    if (now - this.issuedAt <= maxAgeSeconds) return false;
    this.renewTimes(now);
    return true;
  }

  /**
   * Signs with times that are still fresh: a template issued more than five minutes ago (a tab left open, a
   * sleeping laptop) is issued again from `now` first, so no one is handed a token that is about to expire.
   */
  signFresh(now: number): Promise<void> {
    this.renewIfOlderThan(
      now,
      Math.min(FRESH_SECONDS, this.settings.lifetimeSeconds - EXPIRY_MARGIN_SECONDS),
    );
    return this.sign();
  }

  /** On the clock: re-issue only when the template's token is about to expire. */
  keepUnexpired(now: number): void {
    this.renewIfOlderThan(now, this.settings.lifetimeSeconds - EXPIRY_MARGIN_SECONDS);
  }

  /** Reflects simple claims edited in the panes back into the settings, so both stay in step. */
  pullSettingsFromPanes(): void {
    if (this.header.ok) {
      const alg = this.header.value['alg'];
      if (isJitsiAlgorithm(alg) && alg !== this.settings.algorithm) this.settings.algorithm = alg;
    }
    if (!this.payload.ok) return;
    const p = this.payload.value;
    if (typeof p['iss'] === 'string' && p['iss'] !== this.settings.appId) this.settings.appId = p['iss'];
    if (typeof p['aud'] === 'string' && p['aud'] !== this.settings.audience)
      this.settings.audience = p['aud'];
    const context = p['context'];
    const user = isJsonObject(context) ? context['user'] : undefined;
    if (isJsonObject(user)) {
      for (const key of ['name', 'email', 'avatar', 'id'] as const) {
        const value = user[key];
        if (typeof value === 'string' && value !== this.settings.user[key]) this.settings.user[key] = value;
      }
    }
  }

  /** Reads domain, tenant and room from the meeting link pasted into Domain. */
  takeDomainLink(): void {
    const link = this.domainLink;
    if (!link) return;
    this.settings.domain = link.domain;
    this.settings.tenant = link.tenant ?? '';
    if (link.room !== null) this.settings.room = link.room;
  }

  /** The key for the current algorithm, or why there is none. */
  #key(): { ok: true; key: JwsKey } | { ok: false; field: SignProblemField; message: string } {
    const alg = this.header.ok ? this.header.value['alg'] : this.settings.algorithm;
    if (typeof alg === 'string' && isHmacAlgorithm(alg)) {
      if (this.secret === '')
        return { ok: false, field: 'secret', message: 'Enter the app secret to sign the token.' };
      if (this.secretIsToken)
        return {
          ok: false,
          field: 'secret',
          message: 'The App secret field holds a token, not a secret: nothing is signed with it.',
        };
      return { ok: true, key: secretToKey(this.secret) };
    }
    if (this.signingKeyProblem) return { ok: false, field: 'key', message: this.signingKeyProblem };
    if (!this.signingKey)
      return { ok: false, field: 'key', message: 'Paste or generate an RSA private key to sign.' };
    return { ok: true, key: this.signingKey };
  }

  /** Signs the panes; a problem keeps the last good token, marked stale. */
  async sign(): Promise<void> {
    const sequence = ++this.#signSequence;
    const fail = (field: SignProblemField, message: string) => {
      if (sequence !== this.#signSequence) return;
      this.signProblem = { field, message };
      this.isStale = this.token !== null;
    };
    if (!this.header.ok) return fail('header', this.header.problem.message);
    if (!this.payload.ok) return fail('payload', this.payload.problem.message);
    const alg = this.header.value['alg'];
    if (!isJitsiAlgorithm(alg)) {
      return fail(
        'algorithm',
        typeof alg === 'string'
          ? `"alg": "${alg}" cannot be used: Jitsi verifies only HS256/384/512 and RS256/384/512.`
          : 'The header needs "alg", e.g. "HS256".',
      );
    }
    const key = this.#key();
    if (!key.ok) return fail(key.field, key.message);
    const result = await signToken(this.header.value, this.payload.value, key.key);
    if (sequence !== this.#signSequence) return;
    if (!result.ok) return fail('key', result.message);
    this.token = result.token;
    this.isStale = false;
    this.signProblem = null;
  }

  /** The kid the template writes: under JaaS "<AppID>/<key id>" (when both are known), else the Key ID field. */
  get headerKid(): string {
    if (this.settings.deployment !== 'jaas') return this.settings.kid.trim();
    const appId = this.settings.tenant.trim();
    const keyId = this.settings.jaasKeyId.trim();
    return appId && keyId ? jaasKid(appId, keyId) : '';
  }

  /**
   * Turns one feature on or off, or removes it (null), in the settings and in the payload pane at once, so the pane
   * and the features checklist agree even when the pane's features were edited by hand.
   */
  setFeature(name: string, isOn: boolean | null): void {
    const next = { ...this.settings.features };
    if (isOn === null) delete next[name];
    else next[name] = isOn;
    this.settings.features = next;
    if (!this.payload.ok) return;
    const payload = structuredClone(this.payload.value);
    const context = isJsonObject(payload['context']) ? payload['context'] : {};
    const features = isJsonObject(context['features']) ? context['features'] : {};
    if (isOn === null) delete features[name];
    else features[name] = this.settings.featureValueStyle === 'string' ? String(isOn) : isOn;
    payload['context'] = { ...context, features };
    this.payloadText = pretty(payload);
  }

  /** Loads a decoded token's header and payload into the panes (used by "open in generator" and fixes). */
  loadClaims(header: JsonObject, payload: JsonObject): void {
    // The loaded claims are the user's: the template moves on from here without overwriting them.
    this.#lastTemplate = this.template;
    this.headerText = pretty(header);
    this.payloadText = pretty(payload);
  }
}
