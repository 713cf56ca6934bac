// @vitest-environment node
// Runs every real-world paste (test/fixtures/pastes/*.json plus the files in JITSI_PASTES, `:`-separated, relative
// to the current directory) through the server paste reader; one test per case, titled `<file name>: <case name>`.
// The corpus's own vocabulary is reached only through paste-vocabulary.ts, as the app's codes are its own.

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { pasteAboutOf, pasteNoteOf } from '../src/lib/jitsi/explain/paste-vocabulary';
import { readServerPaste } from '../src/lib/jitsi/explain/server-paste';

interface PasteCase {
  name: string;
  source: string;
  text: string;
  expect: {
    format: string;
    template?: boolean;
    tokenAuth?: boolean | 'unknown';
    settings?: Record<string, unknown>;
    notes?: string[];
    server?: { stage: string; error: string | null; reason: string | null } | null;
    about?: string[];
  };
}

const fixtureDir = fileURLToPath(new URL('./fixtures/pastes/', import.meta.url));
const fixtureFiles = readdirSync(fixtureDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => join(fixtureDir, f));
const extraFiles = (process.env['JITSI_PASTES'] ?? '')
  .split(':')
  .filter((p) => p.trim() !== '')
  .map((p) => resolve(process.cwd(), p));

it('bundles at least one paste file', () => {
  expect(fixtureFiles.length).toBeGreaterThan(0);
});

for (const file of [...fixtureFiles, ...extraFiles]) {
  const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: PasteCase[] };
  for (const c of cases) {
    it(`${basename(file)}: ${c.name}`, () => {
      const report = readServerPaste(c.text);
      const want = c.expect;
      expect(report.format, 'format').toBe(want.format);
      expect(report.isTemplate, 'template').toBe(want.template === true);
      if (want.tokenAuth !== undefined) expect(report.tokenAuth, 'tokenAuth').toBe(want.tokenAuth);
      for (const [key, value] of Object.entries(want.settings ?? {})) {
        expect((report.settings as Record<string, unknown>)[key], `settings.${key}`).toEqual(value);
      }
      const notes = new Set(report.codes.map(pasteNoteOf).filter((n) => n !== null));
      for (const note of want.notes ?? []) expect([...notes], `note ${note}`).toContain(note);
      if (want.server !== undefined) {
        const server = report.server && {
          stage: report.server.stage,
          error: report.server.error,
          reason: report.server.reason,
        };
        expect(server, 'server').toEqual(want.server);
      }
      const about = report.topics.map(pasteAboutOf);
      for (const topic of want.about ?? []) expect(about, `about ${topic}`).toContain(topic);
    });
  }
}
