// @vitest-environment node
// The generator writes tokens the chosen release line accepts: every room and tenant form, on the current line and
// on Jitsi 2020 with and without domain verification, signed and then checked by the checker for that line.

import { describe, expect, it } from 'vitest';
import { buildClaimTemplate, DEFAULT_GENERATOR_SETTINGS } from '../src/lib/jitsi/generate/claim-template';
import { buildRoomUrl } from '../src/lib/jitsi/generate/room-url';
import { checkToken } from '../src/lib/jitsi/server/prosody-checker';
import { RELEASE_LINE_IDS } from '../src/lib/jitsi/server/release-line-id';
import { RELEASE_LINES, isTenantRoomWholeNode } from '../src/lib/jitsi/server/release-lines';
import { secretToKey, signToken } from '../src/lib/jwt/jws';

const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const NOW = 1_800_000_000;
const DOMAIN = 'meet.example.com';

// Each tenant and room as typed, with the room claim the generator must write: the plain claim where the server
// compares the room name (or its `]`-suffix), and the whole node `[tenant]room` where it compares that (rules §15).
const ROOMS = [
  { tenant: '', room: 'myroom', plain: 'myroom', wholeNode: 'myroom' },
  { tenant: '', room: 'My Room', plain: 'my%20room', wholeNode: 'my%20room' },
  { tenant: '', room: 'Café', plain: 'caf%c3%a9', wholeNode: 'caf%c3%a9' },
  { tenant: 'Acme', room: 'myroom', plain: 'myroom', wholeNode: '[acme]myroom' },
  { tenant: 'Acme', room: 'My Room', plain: 'my%20room', wholeNode: '[acme]my%20room' },
  { tenant: 'Acme', room: 'Café', plain: 'caf%c3%a9', wholeNode: '[acme]caf%c3%a9' },
  { tenant: 'Big Co/Team', room: 'myroom', plain: 'myroom', wholeNode: '[big%20co/team]myroom' },
  { tenant: 'Big Co/Team', room: 'My Room', plain: 'my%20room', wholeNode: '[big%20co/team]my%20room' },
  { tenant: 'Big Co/Team', room: 'Café', plain: 'caf%c3%a9', wholeNode: '[big%20co/team]caf%c3%a9' },
];

// Only Jitsi 2020 without domain verification compares the whole node (rules §15).
const cases = RELEASE_LINE_IDS.flatMap((release) =>
  [true, false].flatMap((isDomainChecked) =>
    ROOMS.map(({ tenant, room, plain, wholeNode }) => ({
      release,
      isDomainChecked,
      tenant,
      room,
      isWholeNode: release === 'jitsi-2020' && !isDomainChecked,
      roomClaim: release === 'jitsi-2020' && !isDomainChecked ? wholeNode : plain,
    })),
  ),
);

describe('generated tokens on each release line', () => {
  it.each(cases)(
    '$release, domain verification $isDomainChecked, tenant "$tenant", room "$room" → $roomClaim',
    async ({ release, isDomainChecked, tenant, room, isWholeNode, roomClaim }) => {
      // The rule the checker state hands the generator, for this server.
      const rule = isTenantRoomWholeNode(RELEASE_LINES[release], isDomainChecked);
      expect(rule).toBe(isWholeNode);
      const settings = {
        ...structuredClone(DEFAULT_GENERATOR_SETTINGS),
        domain: DOMAIN,
        appId: 'my_app',
        tenant,
        room,
      };
      const link = buildRoomUrl({ host: DOMAIN, tenant, room });
      if (!link.ok) throw new Error(JSON.stringify(link.problems));
      const { header, payload } = buildClaimTemplate(
        settings,
        { ...link.url, isTenantRoomWholeNode: rule },
        NOW,
      );
      const signed = await signToken(header, payload, secretToKey(SECRET));
      if (!signed.ok) throw new Error(signed.message);
      const result = await checkToken({
        settings: { app_id: 'my_app', app_secret: SECRET, enable_domain_verification: isDomainChecked },
        domain: DOMAIN,
        token: signed.token,
        room: link.url.pathRoom,
        tenant: tenant === '' ? null : tenant,
        now: NOW,
        release,
      });
      expect(result.verdict).toMatchObject({ accepted: true });
      expect(result.findings.map((f) => f.ruleId)).not.toContain('tenant-room-needs-star');
      expect(payload['room']).toBe(roomClaim);
    },
  );
});
