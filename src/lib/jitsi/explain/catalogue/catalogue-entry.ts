// The shape of one explainer catalogue entry and the builder that freezes it, plus the Jitsi source files the
// entries cite. Names checker rules by id only (a type import), so no chunk that uses it carries the rule table.

import type { ProsodyRuleId } from '../../server/prosody-rules';

/** When the message appears: server start-up, connect (SASL), room join (MUC), or only in the web client's UI. */
export type ExplainStage = 'config' | 'auth' | 'muc' | 'client';

/**
 * What an explanation points the tester at: a claim, a server setting, a prosody module, the absence of a token,
 * or an XMPP component's secret (which is not a JWT at all).
 */
export type ExplainTopic =
  | 'iss'
  | 'aud'
  | 'sub'
  | 'room'
  | 'exp'
  | 'nbf'
  | 'iat'
  | 'signature'
  | 'kid'
  | 'alg'
  | 'typ'
  | 'context'
  | 'tenant'
  | 'app_id'
  | 'app_secret'
  | 'asap_key_server'
  | 'prosody-module'
  | 'no-token'
  | 'component-secret';

// Topics that can be read straight off a cause's `check` text (`payload.iss`, `header.kid`, `app_secret`).
const CHECK_TOPICS: ReadonlySet<string> = new Set([
  'iss',
  'aud',
  'sub',
  'room',
  'exp',
  'nbf',
  'iat',
  'signature',
  'kid',
  'alg',
  'typ',
  'context',
  'tenant',
  'app_id',
  'app_secret',
  'asap_key_server',
]);

/** The topics named in a cause's `check` text: for `payload.context.tenant` the most specific known part. */
function topicsOfCheck(check: string): ExplainTopic[] {
  const topics: ExplainTopic[] = [];
  for (const piece of check.split(/[,/]/)) {
    const parts = piece
      .trim()
      .replace(/^(?:payload|header)\./, '')
      .split('.');
    const found = [...parts].reverse().find((part) => CHECK_TOPICS.has(part));
    if (found) topics.push(found as ExplainTopic);
  }
  return topics;
}

/** One possible cause of a message, with what to look at and the checker rules that detect it. */
export interface ExplainedCause {
  cause: string;
  check: string;
  /** The rules (prosody-rules.ts) that detect this cause; empty when the checker cannot see it. */
  ruleIds: readonly ProsodyRuleId[];
}

/** One message the explainer knows. */
export interface CatalogueEntry {
  /** Stable kebab-case id of the message: prosody's own err name where it has one, so not always a rule id. */
  id: string;
  stage: ExplainStage;
  /** What the message means, in plain words. */
  summary: string;
  causes: readonly ExplainedCause[];
  /** Phrases (spaces match any white space, case ignored) or patterns that identify the message. */
  patterns: readonly (string | RegExp)[];
  /** Real texts that must be recognised as this entry; the tests iterate them. */
  examples: readonly string[];
  /** Where the text comes from. */
  source: string;
  /** A catch-all shown only when nothing more specific was recognised. */
  isGeneric: boolean;
  /** What the explanation points at: the topics its causes check, plus any the entry names itself. */
  topics: readonly ExplainTopic[];
}

/** One cause written as a row: what causes it, what to look at, the rules that detect it. */
export type CauseRow = readonly [cause: string, check: string, ruleIds: readonly ProsodyRuleId[]];

/** A catalogue entry as written in the message tables. */
export interface EntrySpec {
  id: string;
  stage: ExplainStage;
  summary: string;
  causes: readonly CauseRow[];
  patterns: readonly (string | RegExp)[];
  examples: readonly string[];
  source: string;
  isGeneric?: boolean;
  /** Topics beyond those read from the causes' checks (a missing token, a module, a component secret). */
  topics?: readonly ExplainTopic[];
}

/** Freezes an entry written as a spec into the catalogue shape. */
export function entry(spec: EntrySpec): CatalogueEntry {
  return Object.freeze({
    id: spec.id,
    stage: spec.stage,
    summary: spec.summary,
    causes: Object.freeze(
      spec.causes.map(([cause, check, ruleIds]) =>
        Object.freeze({ cause, check, ruleIds: Object.freeze([...ruleIds]) }),
      ),
    ),
    patterns: Object.freeze([...spec.patterns]),
    examples: Object.freeze([...spec.examples]),
    source: spec.source,
    isGeneric: spec.isGeneric ?? false,
    topics: Object.freeze([
      ...new Set([...(spec.topics ?? []), ...spec.causes.flatMap(([, check]) => topicsOfCheck(check))]),
    ]),
  });
}

/** Jitsi's token utility library. */
export const U = 'jitsi-meet resources/prosody-plugins/token/util.lib.lua';
/** Jitsi's JWT library. */
export const L = 'jitsi-meet resources/prosody-plugins/luajwtjitsi.lib.lua';
/** Jitsi's MUC token module. */
export const V = 'jitsi-meet resources/prosody-plugins/mod_token_verification.lua';
/** The web client's token failure texts. */
export const C =
  'jitsi-meet lang/main.json dialog.tokenAuthFailedReason (shown by base/conference/middleware.any.ts)';

/** Texts that only newer servers send. */
export const NEW_SERVERS = 'newer servers (rules §12)';
