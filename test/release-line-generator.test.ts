// @vitest-environment node
// The generator writes tokens the chosen release line accepts: every room and tenant form, on the current line and
// on Jitsi 2020 with and without domain verification, signed and then checked by the checker for that line.

import { describe, expect, it } from 'vitest';
import { buildClaimTemplate, DEFAULT_GENERATOR_SETTINGS } from '../src/lib/jitsi/generate/claim-template';
import { buildRoomUrl } from '../src/lib/jitsi/generate/room-url';
import { checkToken } from '../src/lib/jitsi/server/prosody-checker';
import { RELEASE_LINE_IDS, type ReleaseLineId } from '../src/lib/jitsi/server/release-line-id';
import { RELEASE_LINES } from '../src/lib/jitsi/server/release-lines';
import { secretToKey, signToken } from '../src/lib/jwt/jws';

const SECRET = 'my-app-secret-0123456789abcdef0123456789';
const NOW = 1_800_000_000;
const DOMAIN = 'meet.example.com';

const cases = RELEASE_LINE_IDS.flatMap((release) =>
  [true, false].flatMap((isDomainChecked) =>
    ['', 'Acme', 'Big Co/Team'].flatMap((tenant) =>
      ['myroom', 'My Room', 'Café'].map((room) => ({ release, isDomainChecked, tenant, room })),
    ),
  ),
);

// The same rule the checker state hands the generator (state/checker.svelte.ts).
const isWholeNode = (release: ReleaseLineId, isDomainChecked: boolean) =>
  !isDomainChecked && RELEASE_LINES[release].roomWithoutDomainCheck === 'whole-node';

describe('generated tokens on each release line', () => {
  it.each(cases)(
    '$release, domain verification $isDomainChecked, tenant "$tenant", room "$room"',
    async ({ release, isDomainChecked, tenant, room }) => {
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
        { ...link.url, isTenantRoomWholeNode: isWholeNode(release, isDomainChecked) },
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
      if (tenant !== '' && isWholeNode(release, isDomainChecked)) {
        expect(payload['room']).toBe(`[${link.url.backendTenant}]${link.url.backendRoom}`);
      }
    },
  );
});
