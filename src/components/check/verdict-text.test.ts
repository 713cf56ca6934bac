import { describe, expect, it } from 'vitest';
import { conditionText, prosodyText, verdictHeadline } from './verdict-text';

const refused = (error: string | null, reason: string | null) =>
  ({ accepted: false, stage: 'auth', error, reason }) as const;

describe('verdict words', () => {
  it("names prosody's condition beside a reason that does not say it", () => {
    const verdict = refused('not-allowed', 'Not acceptable by exp');
    expect(prosodyText(verdict)).toBe('Not acceptable by exp');
    expect(conditionText(verdict)).toBe('not-allowed');
    expect(verdictHeadline(verdict)).toBe('Refused at connect (authentication).');
  });

  it('says no condition when prosody sends only the condition, or nothing clean', () => {
    expect(conditionText(refused('not-allowed', null))).toBeNull();
    expect(prosodyText(refused('not-allowed', null))).toBe('not-allowed');
    expect(conditionText(refused('token-auth-not-configured', 'token-auth-not-configured'))).toBeNull();
    expect(conditionText({ accepted: true, stage: null, error: null, reason: null })).toBeNull();
  });
});
