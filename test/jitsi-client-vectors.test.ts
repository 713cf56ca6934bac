// @vitest-environment node
// Runs every Jitsi web client vector (test/fixtures/client/*.json plus the files in JITSI_CLIENT_VECTORS,
// `:`-separated, relative to the current directory) through the client modules; one test per case.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backendSafePath, backendSafeRoomName, parseMeetingUrl } from '../src/lib/jitsi/client/client-room';
import { tokenFromUrl } from '../src/lib/jitsi/client/client-token-url';
import { clientNotification, validateJwtLikeClient } from '../src/lib/jitsi/client/client-validate';

interface TokenCheckCase {
  name: string;
  token: string;
  now: number;
  expect: { keys: string[]; messages: string[]; notification: string };
}
interface RoomNameCase {
  input: string;
  expect: { backendSafeRoomName: string; backendSafePath: string };
}
interface MeetingUrlCase {
  input: string;
  expect: {
    room: string | null;
    tenant: string | null;
    backendRoom: string | null;
    backendTenant: string | null;
    isJaasMeeting: boolean;
  };
}
interface TokenFromUrlCase {
  name: string;
  href: string;
  expect: { token: unknown };
}
interface ClientVectorFile {
  tokenChecks?: TokenCheckCase[];
  roomNames?: RoomNameCase[];
  meetingUrls?: MeetingUrlCase[];
  tokenFromUrl?: TokenFromUrlCase[];
}

const fixtureDir = fileURLToPath(new URL('./fixtures/client/', import.meta.url));
const fixtureFiles = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join(fixtureDir, f));
const extraFiles = (process.env['JITSI_CLIENT_VECTORS'] ?? '')
  .split(':')
  .filter((p) => p.trim() !== '')
  .map((p) => resolve(process.cwd(), p));

// Shows invisible differences (NFC vs NFD, zero-width) in a test name.
function label(text: string): string {
  return JSON.stringify(text).replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const GROUPS = ['tokenChecks', 'roomNames', 'meetingUrls', 'tokenFromUrl'] as const;

it('bundles at least one client vector file', () => {
  expect(fixtureFiles.length).toBeGreaterThan(0);
});

for (const file of [...fixtureFiles, ...extraFiles]) {
  describe(basename(file), () => {
    const vectors = JSON.parse(readFileSync(file, 'utf8')) as ClientVectorFile;
    const filled = GROUPS.filter((group) => {
      const cases: unknown = vectors[group];
      return Array.isArray(cases) && cases.length > 0;
    });

    // The bundled recordings cover every group; a file passed in JITSI_CLIENT_VECTORS may hold only some.
    if (fixtureFiles.includes(file)) {
      it('holds every client vector group, none empty', () => {
        expect(filled).toEqual([...GROUPS]);
      });
    } else {
      it('holds at least one client vector group', () => {
        expect(filled.length).toBeGreaterThan(0);
      });
    }

    (vectors.tokenChecks ?? []).forEach((c, i) => {
      it(`tokenChecks[${i}] ${c.name}`, () => {
        const result = validateJwtLikeClient(c.token, c.now);
        expect(result.keys).toEqual(c.expect.keys);
        expect(result.messages).toEqual(c.expect.messages);
        expect(clientNotification(result.messages)).toBe(c.expect.notification);
      });
    });

    (vectors.roomNames ?? []).forEach((c, i) => {
      it(`roomNames[${i}] ${label(c.input)}`, () => {
        expect(backendSafeRoomName(c.input)).toBe(c.expect.backendSafeRoomName);
        expect(backendSafePath(c.input)).toBe(c.expect.backendSafePath);
      });
    });

    (vectors.meetingUrls ?? []).forEach((c, i) => {
      it(`meetingUrls[${i}] ${label(c.input)}`, () => {
        const result = parseMeetingUrl(c.input);
        if (!result.ok) throw new Error(`not read as a meeting URL: ${result.problem.message}`);
        const { room, tenant, backendRoom, backendTenant, isJaasMeeting } = result.url;
        expect({ room, tenant, backendRoom, backendTenant, isJaasMeeting }).toEqual(c.expect);
      });
    });

    (vectors.tokenFromUrl ?? []).forEach((c, i) => {
      it(`tokenFromUrl[${i}] ${c.name}`, () => {
        const result = tokenFromUrl(c.href);
        expect(result.clientValue).toEqual(c.expect.token);
        if (typeof c.expect.token === 'string' && c.expect.token !== '')
          expect(result.token).toBe(c.expect.token);
        if (c.expect.token === null) expect(result.token).toBeNull();
      });
    });
  });
}
