// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPLAINER_CATALOGUE } from './explainer-catalogue';
import { explainError } from '../error-explainer';
import { PROSODY_RULES, PROSODY_RULE_IDS, type ProsodyRuleId } from '../../server/prosody-rules';

describe('EXPLAINER_CATALOGUE', () => {
  it.each(EXPLAINER_CATALOGUE.map((e) => [e.id, e] as const))(
    '%s: its examples are recognised as it',
    (_id, entry) => {
      expect(entry.examples.length).toBeGreaterThan(0);
      for (const example of entry.examples) {
        const ids = explainError(example).recognised.map((r) => r.id);
        expect(ids, example).toContain(entry.id);
      }
    },
  );

  it('has unique ids and at least one cause per entry', () => {
    const ids = EXPLAINER_CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of EXPLAINER_CATALOGUE) {
      expect(e.causes.length, e.id).toBeGreaterThan(0);
      for (const cause of e.causes) {
        expect(cause.cause.length).toBeGreaterThan(0);
        expect(cause.check.length).toBeGreaterThan(0);
      }
    }
  });

  it('names only rule ids that exist in PROSODY_RULE_IDS', () => {
    // The type already says so; this catches a cast or a rule removed from the table.
    const named = EXPLAINER_CATALOGUE.flatMap((e) =>
      e.causes.flatMap((c) => c.ruleIds.map((ruleId) => ({ entry: e.id, ruleId }))),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ ruleId }) => !PROSODY_RULE_IDS.includes(ruleId))).toEqual([]);
  });

  it('points every server message at some checker rule, except those the checker cannot see', () => {
    const withoutRules = EXPLAINER_CATALOGUE.filter(
      (e) => e.stage !== 'client' && e.causes.every((c) => c.ruleIds.length === 0),
    ).map((e) => e.id);
    // No key reaching the check, bans (server state), guest room changes, module loading, XMPP component secrets
    // and Prosody's own tokenauth are outside what the checker models.
    expect(withoutRules).toEqual([
      'key-missing',
      'user-banned',
      'room-modification-disabled',
      'module-load-failed',
      'component-secret-mismatch',
      'prosody-tokenauth',
    ]);
  });

  // Refusals that never reach the client as a message: prosody raises a Lua error (a traceback in its log that no
  // catalogue entry lists), so there is no reason text to paste. Everything else that refuses must be explained.
  const UNSENDABLE_REFUSALS: Readonly<Partial<Record<ProsodyRuleId, string>>> = {
    'kid-alg-not-string': "get_public_key raises on a non-string kid/alg (attempt to call 'sub' / sha256)",
    'segment-not-base64url': 'the base64url decoder raises on the bad character',
    'public-key-unusable': 'pkey.new raises on a key text OpenSSL cannot load',
    'public-key-wrong-type': 'pkey:verify raises on a key that is not RSA',
    'cache-keys-no-fallback': 'get_public_key raises joining a nil asap_key_server into the key URL',
    'iat-not-number': 'the "expired" message raises while concatenating a non-number iat',
    'context-not-object': 'indexing context.user raises on a non-object context',
    'room-claim-invalid-type': 'verify_room raises where it uses a room claim that is not text as text',
    'context-room-not-object': 'indexing context.room.regex raises on a non-object context.room',
  };

  it('explains every refusal rule prosody can send a message for', () => {
    const used = new Set(EXPLAINER_CATALOGUE.flatMap((e) => e.causes.flatMap((c) => [...c.ruleIds])));
    // A refusal has a stage; an error without one is a hole that lets tokens in (nothing to paste).
    const refusals = PROSODY_RULE_IDS.filter(
      (id) => PROSODY_RULES[id].severity === 'error' && PROSODY_RULES[id].stage !== null,
    );
    const unexplained = refusals.filter((id) => !used.has(id));
    // Exactly the listed exceptions: a rule that gains a catalogue cause must leave the list.
    expect(unexplained).toEqual(Object.keys(UNSENDABLE_REFUSALS));
    for (const id of unexplained) expect(PROSODY_RULES[id].error, id).toBe('lua-error');
  });

  it("names its own rule when an entry id is also a rule id, except prosody's err room-mismatch", () => {
    // The entry `room-mismatch` is prosody's err element of that name, sent for room-mismatch-no-domain-check.
    const clashes = EXPLAINER_CATALOGUE.filter(
      (e) =>
        PROSODY_RULE_IDS.includes(e.id as ProsodyRuleId) &&
        !e.causes.some((c) => c.ruleIds.includes(e.id as ProsodyRuleId)),
    ).map((e) => e.id);
    expect(clashes).toEqual(['room-mismatch']);
    expect(PROSODY_RULES['room-mismatch-no-domain-check'].error).toBe('room-mismatch');
  });

  it('imports the rule table as a type only, in one place', () => {
    const folder = 'src/lib/jitsi/explain/catalogue';
    const imports = readdirSync(folder)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      .flatMap((file) => readFileSync(`${folder}/${file}`, 'utf8').split('\n'))
      .filter((line) => /server\/prosody-rules'/.test(line));
    expect(imports).toEqual(["import type { ProsodyRuleId } from '../../server/prosody-rules';"]);
    const engine = readFileSync('src/lib/jitsi/explain/error-explainer.ts', 'utf8');
    expect(engine).not.toMatch(/server\/prosody-rules'/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(EXPLAINER_CATALOGUE)).toBe(true);
    expect(Object.isFrozen(EXPLAINER_CATALOGUE[0])).toBe(true);
    expect(Object.isFrozen(EXPLAINER_CATALOGUE[0]?.causes[0]?.ruleIds)).toBe(true);
  });
});
