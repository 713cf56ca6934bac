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
      input({ token: hs({ context: { user: { name: 5 }, features: { recording: 'TRUE' } } }) }),
    );
    expect(result.findings.map((f) => f.path)).toEqual([
      ['payload', 'context', 'user', 'name'],
      ['payload', 'context', 'features', 'recording'],
    ]);
  });

  it('never contradicts itself about feature strings: "true" is fine, "TRUE" gets "true"', async () => {
    const strings = await checkToken(input({ token: hs({ context: { features: { recording: 'true' } } }) }));
    expect(strings.findings.filter((f) => f.ruleId === 'feature-value-string')).toEqual([]);
    const capitals = await checkToken(input({ token: hs({ context: { features: { recording: 'TRUE' } } }) }));
    const finding = capitals.findings.find((f) => f.ruleId === 'feature-value-string');
    expect(finding?.message).toContain('treat it as off');
    expect(finding?.hint).toContain('"recording": "true"');
    expect(`${finding?.message} ${finding?.hint}`).not.toMatch(/boolean/i);
  });
});

describe('a literal [tenant]room claim (rules §15) is judged part by part', () => {
  const notEncoded = async (room: string, tenant = 'a.b'): Promise<string | undefined> => {
    const result = await checkToken(input({ release: 'jitsi-2020', tenant, token: hs({ room }) }));
    return result.findings.find((f) => f.ruleId === 'room-claim-not-encoded')?.hint;
  };

  it('leaves the node as the server compares it alone', async () => {
    expect(await notEncoded('[a_b]myroom')).toBeUndefined();
  });

  it('asks for the encoded room and the "_" subdomain, never an encoded bracket', async () => {
    const hint = await notEncoded('[A.B]My Room', 'a.b');
    expect(hint).toContain('"[a_b]my%20room"');
    expect(hint).not.toContain('%5b');
  });
});
