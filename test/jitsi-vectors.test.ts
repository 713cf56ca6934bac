// @vitest-environment node
// Jitsi's own verdicts (produced by running the upstream prosody code) replayed through the checker: every *.json in
// test/fixtures/prosody/ plus the files named in JITSI_VECTORS (`:`-separated, relative to the working directory).

import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckInput, ProsodyVerdict } from '../src/lib/jitsi/server/check-types';
import { checkToken } from '../src/lib/jitsi/server/prosody-checker';

interface VectorCase {
  name: string;
  description?: string;
  input: CheckInput;
  expect: ProsodyVerdict;
}

interface VectorFile {
  cases: VectorCase[];
}

const FIXTURES = resolve(__dirname, 'fixtures/prosody');

function vectorFiles(): string[] {
  const bundled = readdirSync(FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => join(FIXTURES, name));
  const extra = (process.env['JITSI_VECTORS'] ?? '')
    .split(':')
    .filter((path) => path.trim() !== '')
    .map((path) => resolve(process.cwd(), path));
  return [...bundled, ...extra];
}

const files = vectorFiles();
const cases = files.flatMap((file) => {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as VectorFile;
  const prefix = files.length > 1 ? `${basename(file)}: ` : '';
  return parsed.cases.map((vector) => ({ title: `${prefix}${vector.name}`, vector }));
});

describe('Jitsi prosody verdict vectors', () => {
  it('found vector cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases)('$title', async ({ vector }) => {
    const { verdict } = await checkToken(vector.input);
    expect({
      accepted: verdict.accepted,
      stage: verdict.stage,
      error: verdict.error,
      reason: verdict.reason,
    }).toEqual({
      accepted: vector.expect.accepted,
      stage: vector.expect.stage,
      error: vector.expect.error,
      reason: vector.expect.reason,
    });
    // The Lua error text need not match word for word (vectors README), but the checker must say what it is.
    if (vector.expect.error === 'lua-error') expect(verdict.detail).toMatch(/\S/);
  });
});
