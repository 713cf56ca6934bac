// The one place where our own stable codes (config remarks, explainer message ids, paste-reader findings, topics)
// are translated to the vocabulary of the shared real-world paste corpus (`pastes.json`). Our codes never change
// to fit it; only this table does.

import type { ExplainTopic } from './catalogue/catalogue-entry';
import type { ConfigRemarkCode } from '../config/config-remarks';
import type { PasteFindingCode } from './server-paste';

/** A corpus note code, from pastes.json's `about`. */
export type PasteNoteCode =
  | 'template'
  | 'placeholder'
  | 'typographic-quotes'
  | 'no-virtualhost'
  | 'token-auth-off'
  | 'commented-out'
  | 'guest-host'
  | 'empty-token-allowed'
  | 'module-on-wrong-host'
  | 'no-token-verification'
  | 'several-token-hosts'
  | 'jaas-host-only'
  | 'missing-app-id'
  | 'empty-secret'
  | 'module-load-failure'
  | 'sasl-no-mechanism'
  | 'empty-tokens-allowed'
  | 'component-secret-mismatch'
  | 'token-truncated'
  | 'not-a-token'
  | 'prosody-tokenauth';

// Our codes with no corpus counterpart (the 2020 release notes) map to null.
const REMARK_NOTES: Readonly<Record<ConfigRemarkCode, PasteNoteCode | null>> = Object.freeze({
  'template-text': 'template',
  'placeholder-value': 'placeholder',
  'typographic-quotes': 'typographic-quotes',
  'no-virtualhost': 'no-virtualhost',
  'token-auth-off': 'token-auth-off',
  'token-settings-commented-out': 'commented-out',
  'anonymous-guest-host': 'guest-host',
  'empty-token-allowed': 'empty-token-allowed',
  'token-module-on-virtualhost': 'module-on-wrong-host',
  'muc-without-token-verification': 'no-token-verification',
  'several-token-hosts': 'several-token-hosts',
  'only-jaas-token-host': 'jaas-host-only',
  'app-id-missing': 'missing-app-id',
  'app-secret-empty': 'empty-secret',
  'option-unknown-to-jitsi-2020': null,
  'default-differs-in-jitsi-2020': null,
});

// Explainer message ids (catalogue entries) that carry a corpus note; every other id maps to none.
const MESSAGE_NOTES: Readonly<Record<string, PasteNoteCode>> = Object.freeze({
  'module-load-failed': 'module-load-failure',
  'sasl-no-mechanism': 'sasl-no-mechanism',
  'empty-tokens-warning': 'empty-tokens-allowed',
  'component-secret-mismatch': 'component-secret-mismatch',
  'prosody-tokenauth': 'prosody-tokenauth',
  'invalid-tag-name-nil': 'not-a-token',
});

const FINDING_NOTES: Readonly<Record<PasteFindingCode, PasteNoteCode>> = Object.freeze({
  'log-shortened-token': 'token-truncated',
  'jwt-value-without-dots': 'not-a-token',
});

// Topics are claim and option names already; these three are named differently in the corpus.
const TOPIC_ABOUT: Readonly<Partial<Record<ExplainTopic, string>>> = Object.freeze({
  'prosody-module': 'module',
  'no-token': 'token-missing',
  'component-secret': 'secret-component',
});

/** The corpus note for one of our codes (a config remark, a message id or a paste finding), or null. */
export function pasteNoteOf(code: string): PasteNoteCode | null {
  if (Object.hasOwn(REMARK_NOTES, code)) return REMARK_NOTES[code as ConfigRemarkCode];
  if (Object.hasOwn(FINDING_NOTES, code)) return FINDING_NOTES[code as PasteFindingCode];
  return MESSAGE_NOTES[code] ?? null;
}

/** The corpus `about` word for one of our topics. */
export function pasteAboutOf(topic: ExplainTopic): string {
  return TOPIC_ABOUT[topic] ?? topic;
}
