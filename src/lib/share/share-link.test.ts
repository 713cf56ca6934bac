// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { buildShareLink, readShareHash } from './share-link';

describe('share links', () => {
  const state = {
    token: 'eyJh.eyJp.sig',
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
});
