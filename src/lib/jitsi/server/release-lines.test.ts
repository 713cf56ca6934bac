// @vitest-environment node
// The release-line table: one frozen, complete entry per id, wording only for rules that exist, and the current
// line as the rule table itself (no rewording, the defaults of rules §2).

import { describe, expect, it } from 'vitest';
import { PROSODY_RULE_IDS } from './prosody-rules';
import { DEFAULT_RELEASE_LINE, RELEASE_LINE_IDS, isReleaseLineId } from './release-line-id';
import { RELEASE_LINES } from './release-lines';

describe('release-line table', () => {
  it('has one frozen entry per id, named after it', () => {
    expect(Object.keys(RELEASE_LINES).sort()).toEqual([...RELEASE_LINE_IDS].sort());
    expect(Object.isFrozen(RELEASE_LINES)).toBe(true);
    for (const id of RELEASE_LINE_IDS) {
      const line = RELEASE_LINES[id];
      expect(line.id).toBe(id);
      for (const part of [line, line.defaults, line.options, line.claims, line.verdicts]) {
        expect(Object.isFrozen(part)).toBe(true);
      }
      expect(line.label.length).toBeGreaterThan(5);
      expect(line.name.length).toBeGreaterThan(3);
      expect(line.source).toMatch(/jitsi-meet .*luajwtjitsi/);
    }
  });

  it('rewords only rules that exist, and the current line rewords nothing', () => {
    for (const id of RELEASE_LINE_IDS) {
      for (const ruleId of Object.keys(RELEASE_LINES[id].verdicts))
        expect(PROSODY_RULE_IDS).toContain(ruleId);
    }
    expect(RELEASE_LINES[DEFAULT_RELEASE_LINE].verdicts).toEqual({});
    expect(RELEASE_LINES.current.defaults.enableDomainVerification).toBe(true);
    expect(RELEASE_LINES['jitsi-2020'].defaults.enableDomainVerification).toBe(false);
  });

  it.each<[unknown, boolean]>([
    ['current', true],
    ['jitsi-2020', true],
    ['2020', false],
    ['', false],
    [null, false],
    [2020, false],
  ])('knows %j as a release line id: %s', (value, known) => {
    expect(isReleaseLineId(value)).toBe(known);
  });
});
