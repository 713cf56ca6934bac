// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyServerFileName, keyServerUrl } from './key-server';

describe('key server file name and URL', () => {
  const sha = (kid: string): string => `${createHash('sha256').update(kid, 'utf8').digest('hex')}.pem`;

  it.each(['my_app/key1', 'vpaas-magic-cookie-0123/a1b2c3', 'jitsi', 'ключ/1', 'café', '🔑 key', ''])(
    'names the file for kid %j as sha256(kid).pem',
    async (kid) => {
      const name = await keyServerFileName(kid);
      expect(name).toBe(sha(kid));
      expect(name).toMatch(/^[0-9a-f]{64}\.pem$/);
    },
  );

  it('appends "/" and the file name to the server URL', async () => {
    expect(await keyServerUrl('https://keys.example.com/asap', 'my_app/key1')).toEqual({
      ok: true,
      url: `https://keys.example.com/asap/${sha('my_app/key1')}`,
      fileName: sha('my_app/key1'),
    });
  });

  it('keeps the double slash prosody produces from a trailing "/", and warns', async () => {
    const result = await keyServerUrl('https://keys.example.com/asap/', 'k');
    expect(result).toMatchObject({ ok: true, url: `https://keys.example.com/asap//${sha('k')}` });
    expect(result.ok && result.warning).toContain('Remove the trailing "/"');
  });

  it('accepts http:', async () => {
    expect(await keyServerUrl('http://10.0.0.5:8080', 'k')).toMatchObject({
      ok: true,
      url: `http://10.0.0.5:8080/${sha('k')}`,
    });
  });

  it('warns about a query string', async () => {
    const result = await keyServerUrl('https://keys.example.com/get?v=1', 'k');
    expect(result.ok && result.warning).toContain('query');
  });

  it.each([
    ['ftp://keys.example.com', 'bad-scheme'],
    ['file:///etc/keys', 'bad-scheme'],
    ['keys.example.com', 'bad-url'],
    ['', 'bad-url'],
  ])('refuses %j with %s', async (server, code) => {
    expect(await keyServerUrl(server, 'k')).toMatchObject({ ok: false, code });
  });
});
