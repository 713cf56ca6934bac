// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildShareLink, readShareHash, sharedCheckText } from './share-link';
import { readPastedInput } from '../jitsi/explain/meeting-paste';

describe('share links', () => {
  const state = {
    token: 'eyJh.eyJp.sig',
    meetingLink: null,
    settings: {
      domain: 'meet.example.com',
      room: 'Café',
      appId: 'my_app',
      secret: 'NOPE',
      user: { name: 'Ann' },
    },
    server: { allow_empty_token: true, app_secret: 'NOPE2' },
  };

  it('round-trips token, settings and server options through the fragment only', () => {
    const link = buildShareLink('https://tools.example.com/jitsi/?x=1#old', state);
    expect(link.isTokenOmitted).toBe(false);
    const url = new URL(link.href);
    expect(url.search).toBe('');
    expect(url.pathname).toBe('/jitsi/');
    const back = readShareHash(url.hash);
    expect(back?.token).toBe('eyJh.eyJp.sig');
    expect(back?.settings).toEqual({
      domain: 'meet.example.com',
      room: 'Café',
      appId: 'my_app',
      user: { name: 'Ann' },
    });
    expect(back?.server).toEqual({ allow_empty_token: true });
  });

  it('never carries a secret, even when handed one', () => {
    const { href } = buildShareLink('https://x.example/', state);
    expect(href).not.toMatch(/NOPE/);
    const decoded = Buffer.from(new URL(href).hash.slice('#share='.length), 'base64url').toString();
    expect(decoded).not.toMatch(/NOPE|secret/);
  });

  it.each([
    [16_384, false],
    [16_385, true],
  ])('a token of %i characters is left out: %s', (length, isOmitted) => {
    const token = 'a'.repeat(length);
    const link = buildShareLink('https://x.example/', { ...state, token });
    expect(link.isTokenOmitted).toBe(isOmitted);
    const back = readShareHash(new URL(link.href).hash);
    expect(back?.token).toBe(isOmitted ? null : token);
    expect(back?.settings['domain']).toBe('meet.example.com');
  });

  it('shares no token when there is none, without calling it omitted', () => {
    const link = buildShareLink('https://x.example/', { ...state, token: null });
    expect(link.isTokenOmitted).toBe(false);
    expect(readShareHash(new URL(link.href).hash)?.token).toBeNull();
  });

  it.each([
    '',
    '#',
    '#share=',
    '#share=!!!',
    '#share=' + Buffer.from('[1]').toString('base64url'),
    '#jwt=abc',
  ])('ignores %j', (hash) => {
    expect(readShareHash(hash)).toBeNull();
  });

  describe('the meeting a token was pasted with', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJyb29tIjoiKiJ9.c2ln';

    // The sharer's paste, the link it makes, and what the colleague's checker reads from it.
    function reopen(pasted: string, sharedToken: string | null = token) {
      const sharer = readPastedInput(pasted);
      const link = buildShareLink('https://tools.example.com/', {
        ...state,
        token: sharedToken,
        meetingLink: sharer.link?.address ?? null,
      });
      const back = readShareHash(new URL(link.href).hash);
      if (!back) throw new Error('unreadable share link');
      return { sharer, href: link.href, back, colleague: readPastedInput(sharedCheckText(back)) };
    }

    it.each([
      `https://meet.acme.test/Team%20Sync?jwt=${token}`,
      `https://meet.acme.test:8443/acme/standup?jwt=${token}#config.startWithAudioMuted=true`,
      `https://8x8.vc/vpaas-magic-cookie-0a1b2c/Daily?jwt=${token}`,
      `Joining https://meet.acme.test/sales/Q3?jwt=${token} failed`,
    ])('keeps host, tenant and room of %s', (pasted) => {
      const { sharer, colleague } = reopen(pasted);
      expect(sharer.link).not.toBeNull();
      expect(colleague.token).toBe(token);
      expect(colleague.link).toEqual(sharer.link);
      expect(colleague.form).toBe('link');
    });

    it('keeps the meeting when the token was too long to share', () => {
      const long = `${token}${'A'.repeat(16_400)}`;
      const { back, colleague } = reopen(`https://meet.acme.test/acme/standup?jwt=${long}`, long);
      expect(back.token).toBeNull();
      expect(colleague.link?.domain).toBe('meet.acme.test');
      expect(colleague.link?.tenant).toBe('acme');
      expect(colleague.link?.room).toBe('standup');
    });

    it('carries only the address: no query, fragment or user info beside the token', () => {
      const { href } = buildShareLink('https://x.example/', {
        ...state,
        meetingLink: 'https://ann:hunter2@meet.acme.test/room?jwt=eyJold.x.y&secret=NOPE#pw=NOPE',
      });
      const body = Buffer.from(new URL(href).hash.slice('#share='.length), 'base64url').toString();
      expect(body).not.toMatch(/hunter2|NOPE|eyJold|ann:/);
      expect(readShareHash(new URL(href).hash)?.meetingLink).toBe('https://meet.acme.test/room');
    });

    it.each(['javascript:alert(1)', 'data:text/html,hi', 'not a link', 'ftp://meet.acme.test/room'])(
      'drops a meeting link that is not an http(s) address: %s',
      (meetingLink) => {
        const { href } = buildShareLink('https://x.example/', { ...state, meetingLink });
        const back = readShareHash(new URL(href).hash);
        expect(back?.meetingLink).toBeNull();
        expect(sharedCheckText(back!)).toBe(state.token);
      },
    );

    it('a hand-made share link cannot smuggle a script address in', () => {
      const body = { v: 1, token, meetingLink: 'javascript:alert(1)//', settings: {}, server: {} };
      const hash = '#share=' + Buffer.from(JSON.stringify(body)).toString('base64url');
      expect(readShareHash(hash)?.meetingLink).toBeNull();
    });

    it('a share link made before links were kept still opens on its token', () => {
      const body = { v: 1, token, settings: {}, server: {} };
      const back = readShareHash('#share=' + Buffer.from(JSON.stringify(body)).toString('base64url'));
      expect(back?.meetingLink).toBeNull();
      expect(sharedCheckText(back!)).toBe(token);
    });

    it('with no token the check opens on the meeting link alone', () => {
      expect(sharedCheckText({ token: null, meetingLink: 'https://meet.acme.test/room' })).toBe(
        'https://meet.acme.test/room',
      );
      expect(sharedCheckText({ token: null, meetingLink: null })).toBe('');
    });
  });
});
