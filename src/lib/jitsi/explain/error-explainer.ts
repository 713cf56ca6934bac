// "What did you see?": finds the catalogue's messages in a pasted text (log lines, reason texts, the web client's
// messages) and returns their causes in the order they appear. It never looks at a token; the texts live in
// catalogue/.

import type { CatalogueEntry, ExplainedCause, ExplainStage, ExplainTopic } from './catalogue/catalogue-entry';
import { EXPLAINER_CATALOGUE } from './catalogue/explainer-catalogue';
import { findReleaseWording, type RecognisedReleaseLine } from './release-wording';

/** One recognised message in the pasted text. */
export interface RecognisedMessage {
  id: string;
  /** The text as it was matched. */
  text: string;
  stage: ExplainStage;
  summary: string;
  causes: readonly ExplainedCause[];
  /** Facts read out of the message itself (how long ago a token expired, which feature), when there are any. */
  detail: string | null;
  /** The claims, settings or other things this message points the tester at. */
  topics: readonly ExplainTopic[];
}

/** What the explainer made of a pasted text. */
export interface Explanation {
  recognised: RecognisedMessage[];
  /** True when the text is not empty and nothing in it was recognised. */
  unrecognised: boolean;
  /**
   * The release line the server's own wording identifies: `'jitsi-2020'` when the text uses a message only Jitsi's
   * 2020 token code wrote (`Invalid issuer ('iss' claim)`, a bare `Not acceptable by exp`…; rules §15); null when
   * the wording fits the current release or does not say. A UI may offer to switch the checker to this line.
   */
  releaseLine: RecognisedReleaseLine | null;
  /** The words that identified `releaseLine`, as found in the text; null when it is null. */
  releaseEvidence: string | null;
}

function compile(pattern: string | RegExp): RegExp {
  if (typeof pattern !== 'string')
    return new RegExp(pattern.source, pattern.flags.includes('i') ? pattern.flags : `${pattern.flags}i`);
  const escaped = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(escaped, 'i');
}

// Compiled once; none has the g flag, so they hold no lastIndex state.
const COMPILED: readonly { entry: CatalogueEntry; patterns: readonly RegExp[] }[] = Object.freeze(
  EXPLAINER_CATALOGUE.map((e) =>
    Object.freeze({ entry: e, patterns: Object.freeze(e.patterns.map(compile)) }),
  ),
);

/** Curly quotes and no-break spaces come from copying UI text; the catalogue is written with plain ones. */
function normalise(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u00a0\u202f]/g, ' ');
}

// Lua 5.4 prints 60.0 for an integral float; show plain numbers.
function formatSeconds(text: string): string {
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : text;
}

function expDetail(match: RegExpExecArray): string | null {
  const since = match[1];
  if (since === undefined) return null;
  const parts = [`Expired ${formatSeconds(since)} s before the server checked it.`];
  const sinceNumber = Number(since);
  // now − exp near the current Unix time means exp itself is tiny: a duration, an offset or 0, not a date.
  if (sinceNumber > 1e9)
    parts.push('That is about the whole Unix epoch: exp looks like a duration or 0, not a timestamp.');
  const validFor = match[2];
  if (validFor !== undefined) {
    const validNumber = Number(validFor);
    parts.push(`It was valid for ${formatSeconds(validFor)} s (exp − iat).`);
    if (validNumber <= 0) parts.push('exp is not after iat: the token was born expired.');
  }
  return parts.join(' ');
}

function featureDetail(match: RegExpExecArray): string | null {
  const name = /:\s*(.*)$/.exec(match[0])?.[1]?.trim();
  return name ? `Feature: ${name}` : null;
}

// The HTTP code in "Error on public key request: Code 404, …" says which cause it is.
function keyRequestDetail(match: RegExpExecArray): string | null {
  const code = /Code\s*([^,\s]*)/i.exec(match[0])?.[1] ?? '';
  if (code === '404') {
    return (
      'Code 404: the key server has no file at the URL prosody built from the kid. Name the file ' +
      '<sha256(kid)>.pem (the key tools show the name and the full URL), then try the URL with curl.'
    );
  }
  if (code === '401' || code === '403')
    return `Code ${code}: the key server refuses to serve the file to prosody.`;
  if (/^\d+$/.test(code)) return `Code ${code}: the key server answered with an error.`;
  return code ? `Code ${code}: prosody did not get an HTTP answer from the key server.` : null;
}

const DETAILS: Readonly<Record<string, (match: RegExpExecArray) => string | null>> = Object.freeze({
  'public-key-request-failed': keyRequestDetail,
  'token-expired': expDetail,
  'client-feature-invalid': featureDetail,
  'client-feature-value-invalid': featureDetail,
});

/**
 * Recognises every known message in a pasted text (log lines, reason texts, client notifications) and lists its
 * causes, in the order the messages appear. Generic wrappers are kept only when nothing specific was found.
 */
export function explainError(text: string): Explanation {
  const input = normalise(text);
  if (input.trim() === '')
    return { recognised: [], unrecognised: false, releaseLine: null, releaseEvidence: null };
  const found: { at: number; message: RecognisedMessage; isGeneric: boolean }[] = [];
  for (const { entry: e, patterns } of COMPILED) {
    let best: RegExpExecArray | null = null;
    for (const pattern of patterns) {
      const match = pattern.exec(input);
      if (match && (best === null || match.index < best.index)) best = match;
    }
    if (best === null) continue;
    const detail = DETAILS[e.id]?.(best) ?? null;
    found.push({
      at: best.index,
      isGeneric: e.isGeneric,
      message: {
        id: e.id,
        text: best[0],
        stage: e.stage,
        summary: e.summary,
        causes: e.causes,
        detail,
        topics: e.topics,
      },
    });
  }
  // The client's "Possible reasons" are its own checks, not the server's reason, so the generic explanation of the
  // notification stays unless a server message was recognised too.
  const hasServerMessage = found.some((f) => !f.isGeneric && f.message.stage !== 'client');
  const kept = found.filter((f) => !hasServerMessage || !f.isGeneric).sort((a, b) => a.at - b.at);
  const release = findReleaseWording(input);
  return {
    recognised: kept.map((f) => f.message),
    unrecognised: kept.length === 0,
    releaseLine: release?.releaseLine ?? null,
    releaseEvidence: release?.text ?? null,
  };
}
