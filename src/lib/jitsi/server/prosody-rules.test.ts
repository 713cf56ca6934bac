// @vitest-environment node
// The rule table: frozen, complete in every field, and every rule has a case where it fires and one where it does
// not, in the rule cases of the module that checks it (test/prosody-cases/).

import { describe, expect, it } from 'vitest';
import { PROSODY_RULES, PROSODY_RULE_IDS } from './prosody-rules';
import { AUTH_RULE_CASES } from '../../../../test/prosody-cases/auth-rule-cases';
import { CHECKER_RULE_CASES } from '../../../../test/prosody-cases/checker-rule-cases';
import { RELEASE_RULE_CASES } from '../../../../test/prosody-cases/release-rule-cases';
import { ROOM_RULE_CASES } from '../../../../test/prosody-cases/room-rule-cases';
import { SIGNATURE_RULE_CASES } from '../../../../test/prosody-cases/signature-rule-cases';
import { WARNING_RULE_CASES } from '../../../../test/prosody-cases/warning-rule-cases';

const CASE_TABLES = [
  AUTH_RULE_CASES,
  CHECKER_RULE_CASES,
  RELEASE_RULE_CASES,
  ROOM_RULE_CASES,
  SIGNATURE_RULE_CASES,
  WARNING_RULE_CASES,
];

describe('rule table coverage', () => {
  it('has a firing and a non-firing case for every rule, each rule in one case table, no unknown rules', () => {
    const ids = CASE_TABLES.flatMap((table) => Object.keys(table));
    expect(ids.sort()).toEqual([...PROSODY_RULE_IDS].sort());
    for (const id of PROSODY_RULE_IDS) {
      const cases = CASE_TABLES.find((table) => Object.hasOwn(table, id))?.[id];
      expect(cases?.fail.length, `${id} needs a failing case`).toBeGreaterThan(0);
      expect(cases?.pass.length, `${id} needs a passing case`).toBeGreaterThan(0);
    }
  });

  it('is frozen, kebab-case, and complete in every field', () => {
    expect(Object.isFrozen(PROSODY_RULES)).toBe(true);
    for (const id of PROSODY_RULE_IDS) {
      const rule = PROSODY_RULES[id];
      expect(Object.isFrozen(rule)).toBe(true);
      expect(rule.id).toBe(id);
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.message.length).toBeGreaterThan(10);
      expect(rule.hint.length).toBeGreaterThan(10);
      expect(rule.source).toMatch(/jitsi|Lua|rules/);
      // An error either refuses (a stage and a condition) or is a hole that lets forged tokens in (neither).
      expect(rule.stage === null).toBe(rule.severity !== 'error' || rule.error === null);
      if (rule.stage === null) expect([rule.error, rule.reason]).toEqual([null, null]);
      if (rule.error === 'lua-error') expect(rule.reason).toBeNull();
    }
  });
});
