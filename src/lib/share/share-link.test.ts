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
    const url = new URL(link);
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
    const link = buildShareLink('https://x.example/', state);
    expect(link).not.toMatch(/NOPE/);
    const decoded = Buffer.from(new URL(link).hash.slice('#share='.length), 'base64url').toString();
    expect(decoded).not.toMatch(/NOPE|secret/);
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
