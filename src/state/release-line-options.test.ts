// The release line in the server options: restored only when it names a known line, kept when a config or preset
// replaces the other options, and each line's own enable_domain_verification default applied to a config without it.

import { describe, expect, it } from 'vitest';
import { restoreServerOptions } from './checker.svelte';
import { serverOptionsFrom } from './checker-actions';

describe('release line in the server options', () => {
  it.each<[unknown, string]>([
    [{ release: 'jitsi-2020' }, 'jitsi-2020'],
    [{ release: 'current' }, 'current'],
    [{ release: 'jitsi-2019' }, 'current'],
    [{ release: 2020 }, 'current'],
    [{}, 'current'],
    [null, 'current'],
  ])('restores %j as %s', (saved, release) => {
    expect(restoreServerOptions(saved).release).toBe(release);
  });

  it('keeps the chosen line when a config replaces the options, with that line defaults', () => {
    const settings = { app_id: 'my_app', app_secret: 'x' };
    expect(serverOptionsFrom(settings, 'jitsi-2020')).toMatchObject({
      release: 'jitsi-2020',
      enable_domain_verification: false,
    });
    expect(serverOptionsFrom(settings)).toMatchObject({
      release: 'current',
      enable_domain_verification: true,
    });
    expect(
      serverOptionsFrom({ ...settings, enable_domain_verification: true }, 'jitsi-2020')
        .enable_domain_verification,
    ).toBe(true);
  });
});
