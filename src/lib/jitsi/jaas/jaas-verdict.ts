// JaaS's own verdict on a checked token: which of 8x8's rules it breaks, documented or inferred, said apart from
// prosody's verdict (8x8's servers are not public). Decides from findings only; the rules are in jaas-rules.ts.

import type { Finding } from '../finding';
import { JAAS_RULES, type JaasBasis, type JaasRuleId } from './jaas-rules';

/** JaaS's own verdict on a token: whether it follows 8x8's rules, and which it breaks, documented or inferred. */
export interface JaasVerdict {
  follows: boolean;
  headline: string;
  /** The broken rules (errors only), each once, in finding order. */
  broken: { ruleId: JaasRuleId; rule: string; basis: JaasBasis }[];
  /** What this verdict rests on: documented rules, inferred ones, and prosody's part. */
  basisNote: string;
}

/** True for the ids in JAAS_RULES. */
export function isJaasRuleId(ruleId: string): ruleId is JaasRuleId {
  return Object.hasOwn(JAAS_RULES, ruleId);
}

/**
 * JaaS's verdict from a token's findings: the JaaS rules it breaks decide it, not prosody's verdict, since 8x8's
 * servers are not public and the prosody settings are only a stand-in for them.
 */
export function jaasVerdict(findings: readonly Finding[]): JaasVerdict {
  const broken: JaasVerdict['broken'] = [];
  for (const f of findings) {
    if (f.severity !== 'error' || !isJaasRuleId(f.ruleId) || broken.some((b) => b.ruleId === f.ruleId))
      continue;
    const rule = JAAS_RULES[f.ruleId];
    broken.push({ ruleId: f.ruleId, rule: rule.rule, basis: rule.basis });
  }
  const inferred = broken.filter((b) => b.basis === 'inferred').length;
  const documented = broken.length - inferred;
  const headline =
    broken.length === 0
      ? "JaaS (8x8): follows 8x8's documented token rules."
      : `JaaS (8x8): breaks ${broken.length} of 8x8's token rules, so 8x8 refuses it.`;
  const parts = [
    documented > 0 ? `${documented} ${documented === 1 ? 'rule is' : 'rules are'} documented by 8x8` : '',
    inferred > 0
      ? `${inferred} ${inferred === 1 ? 'is' : 'are'} inferred from 8x8's documentation and Jitsi's code`
      : '',
  ].filter((p) => p !== '');
  const basisNote =
    (parts.length > 0 ? `${parts.join('; ')}. ` : '') +
    "This is JaaS's verdict, not prosody's: 8x8's servers are not public, so the prosody verdict below checks the signature and times with stand-in settings.";
  return { follows: broken.length === 0, headline, broken, basisNote };
}
