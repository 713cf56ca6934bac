// @vitest-environment node
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPastedInput, type PasteReading } from './meeting-paste';

const T = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl';
const MB = 1024 * 1024;

describe('readPastedInput: a bare token', () => {
  it('takes a token as it is', () => {
    expect(readPastedInput(T)).toEqual({
      token: T,
      link: null,
      form: 'token',
      notes: [],
      clientWarnings: [],
      serverMessage: null,
      truncatedToken: null,
    });
  });

  it('trims whitespace around it without comment', () => {
    expect(readPastedInput(`\n  ${T}\t\n`)).toMatchObject({ token: T, form: 'token', notes: [] });
  });

  it('removes line breaks, spaces and tabs inside it, and says so', () => {
    const broken = `${T.slice(0, 20)}\r\n${T.slice(20, 30)}\n${T.slice(30, 40)} ${T.slice(40, 44)}\t${T.slice(44)}`;
    expect(readPastedInput(broken)).toMatchObject({
      token: T,
      form: 'token',
      notes: ['Removed 2 line breaks, 1 space, 1 tab from the token.'],
    });
  });

  it('removes zero-width and text-direction marks, and says so', () => {
    const marked = `\u202e${T.slice(0, 10)}\u200b${T.slice(10, 20)}\u2066\ufeff${T.slice(20)}\u200f`;
    const reading = readPastedInput(marked);
    expect(reading.token).toBe(T);
    expect(reading.notes).toEqual([
      'Removed 2 invisible characters (zero-width or text-direction marks) around the text.',
      'Removed 3 invisible characters (zero-width or text-direction marks) from the token.',
    ]);
  });

  it('removes surrounding quotes and a leading jwt=', () => {
    expect(readPastedInput(`"${T}"`)).toMatchObject({
      token: T,
      form: 'token',
      notes: ['Removed the surrounding quotes.'],
    });
    expect(readPastedInput(`?jwt=${T}`)).toMatchObject({ token: T, notes: ['Removed the leading "?jwt=".'] });
  });

  it('passes on a broken token so the decoder can say what is wrong', () => {
    expect(readPastedInput('not-a-jwt')).toMatchObject({ token: 'not-a-jwt', form: 'token' });
    expect(readPastedInput(`${T}é!`)).toMatchObject({ token: `${T}é!`, form: 'token' });
  });
});

describe('readPastedInput: a meeting link', () => {
  it('reads room, tenant and the token the client takes', () => {
    const reading = readPastedInput(
      `https://meet.example.com/Acme/My Room?jwt=${T}#config.startWithAudioMuted=true`,
    );
    expect(reading).toMatchObject({ token: T, form: 'link', notes: [], clientWarnings: [] });
    expect(reading.link).toEqual({
      address: 'https://meet.example.com/Acme/My%20Room',
      domain: 'meet.example.com',
      tenant: 'Acme',
      room: 'My%20Room',
      backendRoom: 'my%20room',
      backendTenant: 'acme',
      isJaasMeeting: false,
    });
  });

  it('recognises a JaaS link', () => {
    const reading = readPastedInput(`https://8x8.vc/vpaas-magic-cookie-1a2b/Room?jwt=${T}`);
    expect(reading.link).toMatchObject({ tenant: 'vpaas-magic-cookie-1a2b', isJaasMeeting: true });
  });

  it('still decodes a bare #jwt= token, and warns that the client ignores it', () => {
    const reading = readPastedInput(`https://meet.example.com/Room#jwt=${T}`);
    expect(reading).toMatchObject({ token: T, form: 'link' });
    expect(reading.clientWarnings.map((w) => w.code)).toEqual(['fragment-not-json']);
    expect(reading.notes.join(' ')).toContain('The Jitsi client ignores the token after #jwt=');
  });

  it('takes the query token the client uses when the #jwt= one is ignored', () => {
    const reading = readPastedInput(`https://meet.example.com/Room?jwt=${T}#jwt=eyJother.x.y`);
    expect(reading.token).toBe(T);
    expect(reading.clientWarnings[0]?.message).toContain('The client uses the ?jwt= token instead.');
  });

  it('passes on the client warnings for a token in the query', () => {
    const reading = readPastedInput(`https://meet.example.com/Room?jwt=${T}==`);
    expect(reading.token).toBe(T);
    expect(reading.clientWarnings.map((w) => w.code)).toEqual(['query-cut-at-equals']);
  });

  it('decodes a token under the wrong parameter name, and says the client ignores it', () => {
    const reading = readPastedInput(`https://meet.example.com/Room?token=${T}`);
    expect(reading).toMatchObject({ token: T, form: 'link' });
    expect(reading.clientWarnings.map((w) => w.code)).toEqual(['jwt-name-variant']);
  });

  it('says when a link carries no token', () => {
    const reading = readPastedInput('https://meet.example.com/Room');
    expect(reading).toMatchObject({
      token: null,
      form: 'link',
      notes: ['The link carries no token: add ?jwt=TOKEN to it.'],
    });
  });

  it('joins a link wrapped over several lines', () => {
    const reading = readPastedInput(`https://meet.example.com/Room?jwt=${T.slice(0, 25)}\n${T.slice(25)}`);
    expect(reading).toMatchObject({ token: T, form: 'link' });
    expect(reading.notes[0]).toContain("Joined the link's 2 lines");
  });

  it('reads only the first line when the link is followed by text', () => {
    const reading = readPastedInput(`https://meet.example.com/Room?jwt=${T}\nSee you there, Bob`);
    expect(reading).toMatchObject({ token: T, form: 'link' });
  });

  it('adds https:// to a link without a scheme', () => {
    const reading = readPastedInput(`meet.example.com/Room?jwt=${T}`);
    expect(reading).toMatchObject({
      token: T,
      form: 'link',
      notes: ['Read it as a link by adding https:// in front.'],
    });
  });

  it('finds a meeting link inside other text', () => {
    const reading = readPastedInput(`Join here: https://meet.example.com/Room?jwt=${T}. Thanks!`);
    expect(reading).toMatchObject({ token: T, form: 'link' });
    expect(reading.link?.room).toBe('Room');
  });
});

describe('readPastedInput: headers and logs', () => {
  it('takes the token from an Authorization header', () => {
    expect(readPastedInput(`Authorization: Bearer ${T}`)).toMatchObject({ token: T, form: 'bearer' });
    expect(readPastedInput(`bearer   ${T}`)).toMatchObject({ token: T, form: 'bearer' });
    expect(readPastedInput(`curl -H 'Authorization: Bearer ${T}' https://x.example/api`)).toMatchObject({
      token: T,
      form: 'bearer',
    });
  });

  it('joins a Bearer token wrapped onto the next line but not the next header', () => {
    const wrapped = readPastedInput(
      `Authorization: Bearer ${T.slice(0, 30)}\n  ${T.slice(30)}\nContent-Type: application/json`,
    );
    expect(wrapped).toMatchObject({ token: T, form: 'bearer' });
    expect(wrapped.notes).toContain('Removed 1 line break from the token.');
    const single = readPastedInput(`Authorization: Bearer ${T}\nContent-Type: application/json`);
    expect(single.token).toBe(T);
  });

  it('reads a prosody auth log line and the token in it', () => {
    const line = `2026-01-01 12:00:00 meet.example.com:auth_token warn Error verifying token err:not-allowed, reason:Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec) tenant:nil room:myroom user_agent:Mozilla ${T}`;
    const reading = readPastedInput(line);
    expect(reading).toMatchObject({ token: T, form: 'log' });
    expect(reading.serverMessage).toEqual({
      stage: 'auth',
      error: 'not-allowed',
      reason: 'Not acceptable by exp (60.0 sec since expired, valid for:3600.0 sec)',
    });
  });

  it('reads a prosody join log line, which names the token', () => {
    const line = `conference.meet.example.com:token_verification error Token ${T} not allowed to join: myroom@conference.meet.example.com/abcd err: room-mismatch reason: Room does not match the room from token`;
    const reading = readPastedInput(line);
    expect(reading).toMatchObject({ token: T, form: 'log' });
    expect(reading.serverMessage).toEqual({
      stage: 'muc',
      error: 'room-mismatch',
      reason: 'Room does not match the room from token',
    });
  });

  it('takes token= from a BOSH or WebSocket address', () => {
    expect(
      readPastedInput(`GET wss://meet.example.com/xmpp-websocket?room=myroom&token=${T} HTTP/1.1`),
    ).toMatchObject({
      token: T,
      form: 'log',
    });
    const bosh = readPastedInput(`https://meet.example.com/http-bind?room=myroom&token=${T}`);
    expect(bosh).toMatchObject({ token: T, form: 'log', link: null });
    expect(bosh.notes).toContain('That address asks for room "myroom".');
  });

  it('finds an eyJ… token anywhere, preferring one with three segments', () => {
    expect(readPastedInput(`header eyJhbGciOiJIUzI1NiJ9 then {"jwt": "${T}"}`)).toMatchObject({
      token: T,
      form: 'log',
    });
    expect(readPastedInput(`token was ${T}... and then`)).toMatchObject({ token: T, form: 'log' });
  });
});

describe('readPastedInput: a last resort', () => {
  it('joins a dotted run broken by whitespace when nothing else fits', () => {
    const reading = readPastedInput('abc.def\nghi.jkl');
    expect(reading).toMatchObject({ token: 'abc.defghi.jkl', form: 'token' });
    expect(reading.notes).toEqual(['Removed 1 line break from the token.']);
  });
});

describe('readPastedInput: nothing useful', () => {
  it.each(['', '   \n\t ', '\u200b\u200b'])('reads %j as empty', (text) => {
    const reading = readPastedInput(text);
    expect(reading).toMatchObject({ token: null, form: 'unknown', link: null });
    expect(reading.notes.at(-1)).toMatch(/^Nothing to read/);
  });

  it('finds no token in ordinary text', () => {
    expect(readPastedInput('hello world, no token here')).toMatchObject({ token: null, form: 'unknown' });
  });

  it('does not fail on a value that is not text', () => {
    expect(readPastedInput(42 as unknown as string)).toMatchObject({ token: null, form: 'unknown' });
  });
});

describe('readPastedInput: hostile input', () => {
  it.each([
    ['javascript:alert(document.cookie)'],
    ['JaVaScRiPt:alert(1)//https://meet.example.com/room'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
  ])('never reads %j as a link', (text) => {
    const reading = readPastedInput(text);
    expect(reading.link).toBeNull();
    expect(reading.form).not.toBe('link');
  });

  it('takes only the token out of a javascript: URL', () => {
    const reading = readPastedInput(`javascript:alert(1)//?jwt=${T}`);
    expect(reading).toMatchObject({ token: T, form: 'log', link: null });
  });

  it('keeps right-to-left text in a link as the browser would encode it', () => {
    const reading = readPastedInput(`https://meet.example.com/\u202eRoom\u200b?jwt=${T}`);
    expect(reading.link?.room).toBe('%E2%80%AERoom%E2%80%8B');
    expect(reading.token).toBe(T);
  });

  it('survives binary junk, lone surrogates and control characters', () => {
    const junk = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    expect(readPastedInput(junk)).toMatchObject({
      token: null,
      link: null,
      form: 'unknown',
      clientWarnings: [],
      serverMessage: null,
    });
    expect(readPastedInput(`\ud800${T}\udc00\u0000`)).toMatchObject({
      token: T,
      link: null,
      form: 'log',
      notes: ['Took the token (eyJ…) out of the surrounding text.'],
    });
  });

  // Large inputs as correctness cases; how fast they are read belongs to `npm run bench`.
  const WHOLE = 'the whole paste';
  it.each<[string, () => string, Pick<PasteReading, 'form'> & { token: string | null; note?: string }]>([
    ['a 1 MB token', () => 'A'.repeat(MB), { form: 'token', token: WHOLE }],
    ['1 MB of eyJ', () => 'eyJ'.repeat(MB / 3), { form: 'token', token: WHOLE }],
    ['1 MB of dots after eyJ', () => `eyJ${'.'.repeat(MB)}x`, { form: 'token', token: WHOLE }],
    ['1 MB of spaces', () => ' '.repeat(MB), { form: 'unknown', token: null, note: 'Nothing to read' }],
    [
      '1 MB of a token broken by spaces',
      () => `${'eyJab '.repeat(MB / 6)}`,
      // repeat() rounds MB / 6 down; the trailing space is trimmed, not counted.
      { form: 'token', token: 'eyJab'.repeat(MB / 6), note: `Removed ${Math.floor(MB / 6) - 1} spaces` },
    ],
    ['1 MB of https://', () => 'https://'.repeat(MB / 8), { form: 'link', token: null }],
    [
      '1 MB of links with punctuation',
      () => 'https://a.example/x.,;:!?) '.repeat(MB / 27),
      { form: 'link', token: null },
    ],
    [
      '1 MB of token=',
      () => ' token='.repeat(MB / 7),
      { form: 'unknown', token: null, note: 'No token found' },
    ],
    ['1 MB of Bearer', () => 'Bearer '.repeat(MB / 7), { form: 'bearer', token: 'Bearer' }],
    [
      '1 MB of a link query',
      () => `https://meet.example.com/r?${'a=b&'.repeat(MB / 4)}jwt=${T}`,
      { form: 'link', token: T },
    ],
    [
      '1 MB of a link path',
      () => `https://meet.example.com/${'a/'.repeat(MB / 2)}r`,
      { form: 'link', token: null },
    ],
    [
      '1 MB of line breaks in a token',
      () => `eyJ${'a\n'.repeat(MB / 2)}`,
      { form: 'token', token: `eyJ${'a'.repeat(MB / 2)}`, note: `Removed ${MB / 2 - 1} line breaks` },
    ],
    [
      '1 MB of log lines',
      () => `Error verifying token err:x, reason:${'y'.repeat(MB)}`,
      { form: 'unknown', token: null, note: 'No token found' },
    ],
    [
      '1 MB of zero-width spaces',
      () => `${T}${'\u200b'.repeat(MB)}`,
      { form: 'token', token: T, note: `Removed ${MB} invisible characters` },
    ],
    [
      '1 MB of binary',
      () => Array.from({ length: MB }, (_, i) => String.fromCharCode((i * 40503) % 65536)).join(''),
      { form: 'unknown', token: null, note: 'No token found' },
    ],
  ])('reads %s', (_label, make, expected) => {
    const text = make();
    const reading = readPastedInput(text);
    expect(reading.form).toBe(expected.form);
    expect(reading.token).toBe(expected.token === WHOLE ? text : expected.token);
    if (expected.note) expect(reading.notes.join(' ')).toContain(expected.note);
  });

  it('reads the room and the server verdict out of 1 MB pastes', () => {
    const path = readPastedInput(`https://meet.example.com/${'a/'.repeat(MB / 2)}r`);
    expect(path.link).toMatchObject({ domain: 'meet.example.com', room: 'r', isJaasMeeting: false });
    expect(path.link?.tenant).toHaveLength(MB - 1);
    const log = readPastedInput(`Error verifying token err:x, reason:${'y'.repeat(MB)}`);
    expect(log.serverMessage).toEqual({ stage: 'auth', error: 'x', reason: 'y'.repeat(MB) });
  });

  it('never throws and never returns a token with whitespace in it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const reading = readPastedInput(text);
        if (reading.token !== null && reading.form !== 'link') expect(reading.token).not.toMatch(/\s/);
        expect(['token', 'link', 'bearer', 'log', 'unknown']).toContain(reading.form);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            T,
            ' ',
            '\n',
            'https://',
            'meet.example.com/',
            '?jwt=',
            '#jwt=',
            '&',
            '=',
            '%',
            'Bearer ',
            'token=',
            '"',
            '\u200b',
            '\u202e',
          ),
          {
            maxLength: 20,
          },
        ),
        (parts) => {
          expect(() => readPastedInput(parts.join(''))).not.toThrow();
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('readPastedInput: tokens a log shortened', () => {
  it.each([
    ['a bracketed ellipsis', 'Token eyJhbGciOiJIU[...]PZBgw not allowed to join: room@muc.meet.jitsi/abc'],
    [
      'an ellipsis with the end kept',
      'GET /http-bind?room=r&token=eyJhbGciOiJIUzI1NiJ9.eyJpc3Mi...Xk2c HTTP/1.1',
    ],
    ['a unicode ellipsis', 'token eyJhbGciOiJIUzI1NiJ9.eyJ…'],
    ['a truncated marker', 'got eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJ4In0(truncated)'],
  ])('%s is never handed on as the token', (_name, text) => {
    const reading = readPastedInput(text);
    expect(reading.token).toBeNull();
    expect(reading.truncatedToken).not.toBeNull();
    expect(reading.notes.join(' ')).toMatch(/The log shortened the token/);
  });

  it('keeps a whole token followed by a sentence’s ellipsis', () => {
    expect(readPastedInput(`it was ${T}... and then`)).toMatchObject({ token: T, truncatedToken: null });
  });

  it.each(['GET /http-bind?token=', 'saw '])('names the same kept piece after "%s"', (before) => {
    const piece = 'eyJhbGciOiJIUzI1NiJ9...eyJzdWIi';
    expect(readPastedInput(`${before}${piece}. Then it failed.`).truncatedToken).toBe(piece);
  });

  it('prefers a whole token elsewhere in the log over a shortened one', () => {
    const reading = readPastedInput(`first eyJhbGciOiJIU[...]PZBgw\nthen ${T}`);
    expect(reading.token).toBe(T);
  });
});

describe('readPastedInput: room refusals of older releases', () => {
  it('reads "Token … not allowed to join: room" without err or reason as a room refusal', () => {
    const reading = readPastedInput(
      'muc.meet.jitsi:token_verification error Token **REDACTED** not allowed to join: [acme]room@muc.meet.jitsi/ab',
    );
    expect(reading.serverMessage).toEqual({ stage: 'muc', error: null, reason: null });
    expect(reading.notes[0]).toMatch(/when joining the room: the line does not say why/);
  });
});
