// Rule cases for the checks checkToken makes itself (no token at all):
// for each rule, inputs where it fires and inputs where it does not.

import { ACCEPTED, SETTINGS, input, type RuleCases } from './tokens';

/** Firing and non-firing cases of the rules the checks checkToken makes itself. */
export const CHECKER_RULE_CASES: RuleCases = {
  'token-required': {
    fail: [{ name: 'no jwt', input: input({ token: null }), isFirst: true }],
    pass: [
      {
        name: 'allow_empty_token',
        input: input({ token: null, settings: { ...SETTINGS, allow_empty_token: true } }),
        verdict: ACCEPTED,
      },
    ],
  },
  'anonymous-access': {
    fail: [
      {
        name: 'no token, allowed',
        input: input({ token: null, settings: { ...SETTINGS, allow_empty_token: true } }),
        verdict: ACCEPTED,
      },
    ],
    pass: [{ name: 'token', input: input(), verdict: ACCEPTED }],
  },
};
