// The first verdict (drawn before the app) must be the app's own: the same check, from the same saved settings,
// for every way a page can open on a token. Each case sets up storage and the URL fragment, asks firstVerdict, then
// builds the state exactly as App.svelte does and compares the results.
import { afterEach, describe, expect, it } from 'vitest';
import { GeneratorState } from './generator.svelte';
import { CheckerState } from './checker.svelte';
import * as kit from './checker-kit';
import { firstVerdict } from './first-verdict';
import { loadInitialState, loadTabSecret, saveState, saveTabSecret, type SavedState } from './persistence';
import { readAppFragment } from '../lib/share/app-fragment';
import { buildShareLink, readShareHash } from '../lib/share/share-link';
import { HEADER, token } from '../../test/prosody-cases/tokens';

const NOW = 1_800_000_000;
const SECRET = 'first-verdict-secret-0123456789abcdef0123';
const claims = (extra: Record<string, unknown> = {}) => ({
  iss: 'my_app',
  aud: 'jitsi',
  sub: 'meet.example.com',
  room: 'daily',
  exp: NOW + 3600,
  ...extra,
});

/** What App.svelte would check first for `hash`, with the storage as it is. */
async function appFirstResult(hash: string) {
  const opening = readAppFragment(hash);
  const saved = loadInitialState(readShareHash(hash));
  const gen = new GeneratorState({
    settings: saved.settings,
    headerText: saved.headerText,
    payloadText: saved.payloadText,
    now: NOW,
  });
  if (saved.rememberSecret === true) gen.secret = loadTabSecret();
  const checker = new CheckerState(gen, {
    input: opening.kind === 'check-text' ? opening.text : saved.checkInput,
    server: saved.server,
    now: NOW,
    kit,
  });
  await checker.check();
  return { result: checker.result, assumptions: checker.assumptions };
}

function store(saved: SavedState, secret: string | null = null) {
  saveState(saved);
  saveTabSecret(secret);
}

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

const CASES: { name: string; saved?: SavedState; secret?: string; hash: () => string }[] = [
  {
    name: 'a token and nothing known',
    hash: () => `#token=${token(HEADER, claims({ exp: NOW - 60 }), SECRET)}`,
  },
  {
    name: 'a meeting link with a tenant',
    hash: () =>
      `#link=${encodeURIComponent(`https://meet.example.com/acme/daily?jwt=${token(HEADER, claims(), SECRET)}`)}`,
  },
  {
    name: 'saved settings and options, and the secret remembered for the tab',
    saved: {
      settings: { domain: 'meet.example.com', appId: 'my_app', room: 'daily' },
      server: { enable_domain_verification: false, asap_accepted_issuers: 'my_app, other' },
      rememberSecret: true,
    },
    secret: SECRET,
    hash: () => `#token=${token(HEADER, claims({ room: 'other' }), SECRET)}`,
  },
  {
    name: 'a wrong remembered secret',
    saved: { settings: { appId: 'my_app' }, rememberSecret: true },
    secret: 'not-the-secret-0123456789abcdef0123456789',
    hash: () => `#token=${token(HEADER, claims(), SECRET)}`,
  },
  {
    name: 'a token typed into App secret, which is never used as the secret',
    saved: { settings: { appId: 'my_app' }, rememberSecret: true },
    secret: token(HEADER, claims(), SECRET),
    hash: () => `#token=${token(HEADER, claims(), SECRET)}`,
  },
  {
    name: 'a share link with its settings and the 2020 release line',
    hash: () =>
      new URL(
        buildShareLink('https://workbench.test/', {
          token: token(HEADER, claims({ room: 'review' }), SECRET),
          meetingLink: null,
          settings: { domain: 'meet.example.com', room: 'review', appId: 'my_app' },
          server: { release: 'jitsi-2020' },
        }).href,
      ).hash,
  },
  { name: 'a text without a token', hash: () => `#token=${encodeURIComponent('no token here')}` },
];

describe('firstVerdict', () => {
  for (const { name, saved, secret, hash } of CASES) {
    it(`gives the app's own first result: ${name}`, async () => {
      if (saved) store(saved, secret ?? null);
      const fragment = hash();
      const first = await firstVerdict(fragment, NOW);
      const app = await appFirstResult(fragment);
      expect(first).not.toBeNull();
      expect(first?.result).toEqual(app.result);
      expect(first?.assumptions).toEqual(app.assumptions);
    });
  }

  it('does not refuse a token for a room or domain nobody gave: names are not compared, the other join checks run', async () => {
    const first = await firstVerdict(`#token=${token(HEADER, claims(), SECRET)}`, NOW);
    expect(first?.result.verdict.accepted).toBe(true);
    expect(first?.result.findings.map((f) => f.ruleId)).not.toContain('room-address-invalid');
    expect(first?.assumptions).toContain('no room was given, so room names are not compared');
    expect(first?.assumptions).toContain('no domain was given, so sub is not compared with it');
    // The join checks that compare no names still run: a room claim of false is refused, room or not.
    const roomFalse = await firstVerdict(`#token=${token(HEADER, claims({ room: false }), SECRET)}`, NOW);
    expect(roomFalse?.result.verdict).toMatchObject({ accepted: false, stage: 'muc' });
    expect(roomFalse?.result.findings.map((f) => f.ruleId)).toContain('room-claim-false');
    // A link without a room is something the user gave: its refusal stays.
    const roomless = await firstVerdict(
      `#link=${encodeURIComponent(`https://meet.example.com/?jwt=${token(HEADER, claims(), SECRET)}`)}`,
      NOW,
    );
    expect(roomless?.result.verdict).toMatchObject({ accepted: false, error: 'invalid-room-address' });
  });

  it('leaves a JaaS deployment, whose own rules come with the configuration reader, to the app', async () => {
    store({ settings: { deployment: 'jaas', domain: '8x8.vc' } });
    expect(await firstVerdict(`#token=${token(HEADER, claims(), SECRET)}`, NOW)).toBeNull();
  });

  it('has nothing to say when the page opens without anything to check', async () => {
    expect(await firstVerdict('#check', NOW)).toBeNull();
  });
});
