// Finding assembly for one check: turns fired rules into findings (texts from the rule table) and keeps the first
// refusal as the verdict, the way prosody stops at it. Decides nothing about tokens itself.

import type { DecodedToken } from '../../jwt/token-codec';
import type { Finding, FindingPath, Severity } from '../finding';
import type { CheckResult, ExpectedClaims, ProsodyVerdict, SignatureStatus } from './check-types';
import { PROSODY_RULES, fillTemplate, type ProsodyRuleId } from './prosody-rules';
import type { VerdictWording } from './release-lines';

/** The verdict of a token prosody lets in. */
export const ACCEPTED: ProsodyVerdict = Object.freeze({
  accepted: true,
  stage: null,
  error: null,
  reason: null,
});
const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ error: 0, warning: 1, info: 2 });

/** Where a refusal points and the Lua error it raises, when the rule's own path and no detail do not fit. */
export interface FailOptions {
  path?: FindingPath;
  detail?: string;
}

/** Collects the findings of one check and its verdict (the first refusal). */
export class FindingRecorder {
  readonly findings: Finding[] = [];
  verdict: ProsodyVerdict | null = null;
  readonly refusals: { ruleId: string; verdict: ProsodyVerdict }[] = [];
  readonly fired = new Set<ProsodyRuleId>();

  /** `wording`: how the release line words refusals that differ from the rule table. */
  constructor(private readonly wording: Readonly<Partial<Record<ProsodyRuleId, VerdictWording>>> = {}) {}

  // Records a refusal; only the first one becomes the verdict, as prosody stops there (later ones are what-ifs,
  // kept in order in `refusals`).
  // Stage, error and reason always come from the rule table, as the release line words them.
  fail(
    ruleId: ProsodyRuleId,
    params: Readonly<Record<string, string>> = {},
    options: FailOptions = {},
  ): void {
    const rule = PROSODY_RULES[ruleId];
    this.add(ruleId, params, options.path);
    const wording = this.wording[ruleId];
    const reason = wording?.reason !== undefined ? wording.reason : rule.reason;
    const verdict: ProsodyVerdict = {
      accepted: false,
      stage: wording?.stage ?? rule.stage,
      error: wording?.error ?? rule.error,
      reason: reason === null ? null : fillTemplate(reason, params),
    };
    if (options.detail !== undefined) verdict.detail = options.detail;
    this.refusals.push({ ruleId, verdict });
    this.verdict ??= verdict;
  }

  note(ruleId: ProsodyRuleId, params: Readonly<Record<string, string>> = {}, path?: FindingPath): void {
    this.add(ruleId, params, path);
  }

  private add(
    ruleId: ProsodyRuleId,
    params: Readonly<Record<string, string>>,
    path: FindingPath | undefined,
  ): void {
    const rule = PROSODY_RULES[ruleId];
    this.fired.add(ruleId);
    this.findings.push({
      ruleId,
      severity: rule.severity,
      message: fillTemplate(rule.message, params),
      hint: fillTemplate(rule.hint, params),
      path: path ?? rule.path,
      source: rule.source,
    });
  }

  result(signature: SignatureStatus, decoded: DecodedToken | null, expected: ExpectedClaims): CheckResult {
    const findings = this.findings
      .map((finding, index) => ({ finding, index }))
      .sort(
        (a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index,
      )
      .map(({ finding }) => finding);
    return {
      verdict: this.verdict ?? { ...ACCEPTED },
      findings,
      signature,
      decoded,
      expected,
      refusals: this.refusals,
    };
  }
}
