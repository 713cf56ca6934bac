import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import TokenDiff, { type DiffCheckContext } from './TokenDiff.svelte';
import { checkToken } from '../../lib/jitsi/server/prosody-checker';
import { HEADER, token } from '../../../test/prosody-cases/tokens';

// The real checker, wrapped so one test can delay a run and provoke an out-of-order result.
vi.mock('../../lib/jitsi/server/prosody-checker', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/jitsi/server/prosody-checker')>();
  return { ...actual, checkToken: vi.fn(actual.checkToken) };
});
const realCheckToken = (
  await vi.importActual<typeof import('../../lib/jitsi/server/prosody-checker')>(
    '../../lib/jitsi/server/prosody-checker',
  )
).checkToken;

afterEach(() => {
  cleanup();
  vi.mocked(checkToken).mockReset().mockImplementation(realCheckToken);
});

const SECRET = 'a-test-secret-of-thirty-two-bytes!';
const NOW = 1_800_000_000;
const CONTEXT: DiffCheckContext = {
  settings: { app_id: 'my_app', app_secret: SECRET, signature_algorithm: 'HS256' },
  domain: 'meet.example.com',
  room: 'myroom',
  tenant: null,
  now: NOW,
  publicKeys: {},
};

const sign = (payload: Record<string, unknown>, secret = SECRET): string => token(HEADER, payload, secret);

const CLAIMS = {
  iss: 'my_app',
  aud: 'jitsi',
  sub: 'meet.example.com',
  room: 'myroom',
  exp: NOW + 3600,
  context: { user: { name: 'Ada' } },
};
const WORKING = sign(CLAIMS);
const FAILING = sign({ ...CLAIMS, room: 'otherroom', exp: String(NOW + 3600) });

function paste(label: 'Working token' | 'Failing token', text: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
}

function renderDiff(context: DiffCheckContext = CONTEXT) {
  return render(TokenDiff, { checkContext: () => context });
}

describe('TokenDiff', () => {
  it('sits closed inside "Diff two tokens"', () => {
    renderDiff();
    const details = screen.getByText('Diff two tokens').closest('details');
    expect(details?.open).toBe(false);
  });

  it('shows each side’s verdict and the claims that changed value or type', async () => {
    renderDiff();
    paste('Working token', WORKING);
    // Anything readPastedInput accepts: here a meeting link on the failing side.
    paste('Failing token', `https://meet.example.com/myroom?jwt=${FAILING}`);

    await vi.waitFor(() => {
      expect(screen.getByTestId('verdict-a').textContent).toContain('Accepted: Jitsi lets this user in.');
      expect(screen.getByTestId('verdict-b').textContent).toContain('Refused');
    });
    expect(screen.getByTestId('verdict-a').dataset.state).toBe('ok');
    expect(screen.getByTestId('verdict-b').dataset.state).toBe('refused');
    // The type change is what prosody stops at: luajwt checks exp before the room is ever compared.
    expect(screen.getByTestId('verdict-b').textContent).toContain('Refused at connect (authentication).');
    expect(within(screen.getByTestId('verdict-b')).getByText('exp must be number')).toBeTruthy();

    const rows = screen
      .getAllByRole('row')
      .slice(1)
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim()));
    expect(rows).toEqual([
      ['payload.room', 'changed', '"myroom"', '"otherroom"'],
      ['payload.exp', 'type changed (number → string)', String(NOW + 3600), `"${NOW + 3600}"`],
    ]);
    expect(screen.getByTestId('diff-summary').textContent).toContain('2 claims differ');
  });

  it('says when only the signatures differ, and reports the failing side’s refusal', async () => {
    renderDiff();
    paste('Working token', WORKING);
    paste('Failing token', sign(CLAIMS, 'another-secret-of-thirty-two-bytes'));
    await vi.waitFor(() =>
      expect(screen.getByTestId('verdict-b').textContent).toMatch(
        /Refused at connect[\s\S]*Invalid signature/,
      ),
    );
    expect(screen.getByTestId('diff-summary').textContent).toContain('Identical claims; signatures differ.');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says when the tokens are identical', async () => {
    renderDiff();
    paste('Working token', WORKING);
    paste('Failing token', `Authorization: Bearer ${WORKING}`);
    await vi.waitFor(() =>
      expect(screen.getByTestId('diff-summary').textContent).toContain('Identical tokens.'),
    );
  });

  it('lists a segment it cannot compare with the decode problem', async () => {
    renderDiff();
    paste('Working token', WORKING);
    paste('Failing token', `${WORKING.split('.')[0]}.eyJub3Q.c2ln`);
    const list = await screen.findByTestId('uncompared');
    expect(list.textContent).toMatch(/Failing token payload not compared: .+/);
  });

  it('says when a side holds no token', () => {
    renderDiff();
    paste('Working token', 'hello there');
    expect(screen.getByTestId('verdict-a').textContent).toContain('No token found');
  });

  it('keeps the newest verdict when an older check finishes last', async () => {
    const WRONG = 'wrong-secret-wrong-secret-wrong!!';
    const withSecret = (secret: string) => () => ({
      ...CONTEXT,
      settings: { ...CONTEXT.settings, app_secret: secret },
    });
    // The run with the wrong secret is held back until released, so it resolves after the newer run with the
    // right one. Its result is computed beforehand: once released, only promise callbacks are left to run.
    const stale = await realCheckToken({ ...withSecret(WRONG)(), token: WORKING });
    expect(stale.verdict.accepted).toBe(false);
    let releaseStale = () => {};
    const held = new Promise<void>((resolve) => (releaseStale = resolve));
    vi.mocked(checkToken).mockImplementation(async (input) =>
      input.settings.app_secret === WRONG ? held.then(() => stale) : realCheckToken(input),
    );
    const { rerender } = render(TokenDiff, { checkContext: withSecret(WRONG) });
    paste('Working token', WORKING);
    await rerender({ checkContext: withSecret(SECRET) });
    await vi.waitFor(() => expect(screen.getByTestId('verdict-a').textContent).toContain('Accepted'));
    expect(vi.mocked(checkToken).mock.calls.map(([input]) => input.settings.app_secret)).toEqual([
      WRONG,
      SECRET,
    ]);

    releaseStale();
    // A macrotask runs only after every pending promise callback (and Svelte's microtask flush) has run.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(screen.getByTestId('verdict-a').textContent).toContain('Accepted');
    expect(screen.getByTestId('verdict-a').getAttribute('aria-busy')).toBe('false');
  });
});
