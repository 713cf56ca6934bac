// @vitest-environment node
// Warnings about accepted tokens: each fires and stays quiet, and points at the claim it concerns.

import { describe, expect, it } from 'vitest';
import { checkToken } from './prosody-checker';
import { WARNING_RULE_CASES } from '../../../../test/prosody-cases/warning-rule-cases';
import { hs, input, testRuleCases } from '../../../../test/prosody-cases/tokens';

testRuleCases(WARNING_RULE_CASES);

describe('warning paths', () => {
  it('points findings at JSON paths', async () => {
    const result = await checkToken(
      input({ token: hs({ context: { user: { name: 5 }, features: { recording: 'true' } } }) }),
    );
    expect(result.findings.map((f) => f.path)).toEqual([
      ['payload', 'context', 'user', 'name'],
      ['payload', 'context', 'features', 'recording'],
    ]);
  });
});
