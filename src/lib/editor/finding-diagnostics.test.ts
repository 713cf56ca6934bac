// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Finding, FindingPath } from '../jitsi/finding';
import { findingsToDiagnostics } from './finding-diagnostics';

function finding(path: FindingPath | null, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'test-rule',
    severity: 'error',
    message: 'Something is wrong.',
    hint: 'Fix it.',
    path,
    source: 'test',
    ...overrides,
  };
}

const PAYLOAD = `{
  "aud": "jitsi",
  "context": { "user": { "name": "Ann" }, "group": "a" },
  "rooms": ["x", "y"],
  "nbf": "soon"
}`;

/** The text a diagnostic covers, so the table reads as JSON rather than offsets. */
function covered(text: string, path: FindingPath): string | undefined {
  const [diagnostic] = findingsToDiagnostics(text, [finding(path)], 'payload');
  return diagnostic && text.slice(diagnostic.from, diagnostic.to);
}

describe('findingsToDiagnostics', () => {
  it('maps a finding onto a diagnostic with message, hint, severity and rule id', () => {
    const diagnostics = findingsToDiagnostics(
      PAYLOAD,
      [finding(['payload', 'aud'], { severity: 'warning', ruleId: 'aud-mismatch' })],
      'payload',
    );
    expect(diagnostics).toEqual([
      {
        from: PAYLOAD.indexOf('"jitsi"'),
        to: PAYLOAD.indexOf('"jitsi"') + '"jitsi"'.length,
        severity: 'warning',
        message: 'Something is wrong. Fix it.',
        source: 'aud-mismatch',
      },
    ]);
  });

  it.each<[string, FindingPath, string]>([
    ['a scalar claim: its value', ['payload', 'aud'], '"jitsi"'],
    ['a nested claim', ['payload', 'context', 'user', 'name'], '"Ann"'],
    ['an array element', ['payload', 'rooms', 1], '"y"'],
    ['an object claim: its property name', ['payload', 'context'], '"context"'],
    ['an array claim: its property name', ['payload', 'rooms'], '"rooms"'],
    ['the whole payload: its opening brace', ['payload'], '{'],
    ['an absent claim: the opening brace of its object', ['payload', 'context', 'user', 'email'], '{'],
    [
      'an absent claim under an absent parent: the nearest present object',
      ['payload', 'context', 'room', 'id'],
      '{',
    ],
    ['an absent top-level claim: the payload brace', ['payload', 'exp'], '{'],
    ['a path through a scalar: that scalar', ['payload', 'nbf', 'x'], '"soon"'],
  ])('points at %s', (_, path, text) => {
    expect(covered(PAYLOAD, path)).toBe(text);
  });

  it('points an absent claim at the brace of the right object', () => {
    const [diagnostic] = findingsToDiagnostics(
      PAYLOAD,
      [finding(['payload', 'context', 'user', 'email'])],
      'payload',
    );
    expect(diagnostic?.from).toBe(PAYLOAD.indexOf('{ "name"'));
    const [topLevel] = findingsToDiagnostics(PAYLOAD, [finding(['payload', 'exp'])], 'payload');
    expect(topLevel?.from).toBe(0);
  });

  it('skips findings about other places or about the whole token', () => {
    const findings = [
      finding(['header', 'alg']),
      finding(['signature']),
      finding(['settings', 'appId']),
      finding(null),
      finding(['payload', 'aud'], { ruleId: 'kept' }),
    ];
    expect(findingsToDiagnostics(PAYLOAD, findings, 'payload').map((d) => d.source)).toEqual(['kept']);
    expect(findingsToDiagnostics('{"alg": "none"}', findings, 'header')).toEqual([
      { from: 8, to: 14, severity: 'error', message: 'Something is wrong. Fix it.', source: 'test-rule' },
    ]);
  });

  it('uses the message alone when there is no hint', () => {
    const [diagnostic] = findingsToDiagnostics('{}', [finding(['payload', 'aud'], { hint: '' })], 'payload');
    expect(diagnostic?.message).toBe('Something is wrong.');
  });

  it.each<[string, string, { from: number; to: number }]>([
    ['empty text', '', { from: 0, to: 0 }],
    ['half-typed JSON', '{"aud": ', { from: 0, to: 1 }],
    ['a payload that is an array', '[1]', { from: 0, to: 1 }],
  ])('still gives a usable range for %s', (_, text, range) => {
    expect(findingsToDiagnostics(text, [finding(['payload', 'aud'])], 'payload')[0]).toMatchObject(range);
  });

  it('keeps the last of duplicate claims, as JSON.parse does', () => {
    const text = '{"exp": 1, "exp": 2}';
    expect(findingsToDiagnostics(text, [finding(['payload', 'exp'])], 'payload')[0]).toMatchObject({
      from: 18,
      to: 19,
    });
  });
});
