// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { TENANT_PROBLEM_TEXTS } from '../client/client-room';
import { buildRoomUrl, type RoomUrlResult } from './room-url';

function warningsOf(result: RoomUrlResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.warnings;
}

describe('buildRoomUrl: the client\'s "Invalid tenant" texts', () => {
  it.each([
    ['-acme', TENANT_PROBLEM_TEXTS['tenant-hyphen']],
    ['acme-', TENANT_PROBLEM_TEXTS['tenant-hyphen']],
    ['team/acme-', TENANT_PROBLEM_TEXTS['tenant-hyphen']],
    ['a'.repeat(64), TENANT_PROBLEM_TEXTS['tenant-too-long']],
  ])('tenant %j → %j', (tenant, message) => {
    const warnings = warningsOf(buildRoomUrl({ host: 'meet.example.com', tenant, room: 'r' }));
    expect(warnings).toEqual([{ field: 'tenant', message }]);
  });

  it('quotes the client word for word', () => {
    const warnings = warningsOf(buildRoomUrl({ host: 'meet.example.com', tenant: '-x', room: 'r' }));
    expect(warnings[0]?.message).toBe("The tenant you are using is invalid (starts or ends with '-').");
  });

  it('counts the tenant as the link carries it, percent-encoded', () => {
    // 22 Cyrillic letters are 132 characters once encoded.
    const warnings = warningsOf(buildRoomUrl({ host: 'h.example', tenant: 'д'.repeat(22), room: 'r' }));
    expect(warnings).toEqual([{ field: 'tenant', message: TENANT_PROBLEM_TEXTS['tenant-too-long'] }]);
  });

  it.each([
    ['no tenant', ''],
    ['an ordinary tenant', 'acme'],
    ['a hyphen inside', 'my-team'],
    ['63 characters', 'a'.repeat(63)],
  ])('has no warnings for %s', (_name, tenant) => {
    expect(warningsOf(buildRoomUrl({ host: 'meet.example.com', tenant, room: 'r' }))).toEqual([]);
  });
});

describe('buildRoomUrl reports a bad host where it was typed', () => {
  it.each([
    [undefined, 'domain'],
    ['domain', 'domain'],
    ['linkHost', 'linkHost'],
  ] as const)('hostField %s → problem on %s', (hostField, field) => {
    const result = buildRoomUrl({
      host: 'javascript:alert(1)',
      room: 'r',
      ...(hostField ? { hostField } : {}),
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toEqual([field]);
  });
});
