// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseServerConfig, detectConfigFormat } from './server-config';
import { DEBIAN_CONFIG } from '../../../../test/fixtures/config/prosody-samples';

describe('detectConfigFormat and parseServerConfig', () => {
  it.each<[string, string, string]>([
    ['a full prosody config', DEBIAN_CONFIG, 'prosody'],
    ['a bare VirtualHost block', 'VirtualHost "x"\n  authentication = "token"', 'prosody'],
    ['prosody options without a host', 'app_id = "a"\napp_secret = "s"', 'prosody'],
    ['a docker .env', 'ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_APP_ID=a', 'env'],
    ['a commented .env', '# comment\n#ENABLE_AUTH=1\nJWT_APP_ID=a', 'env'],
    ['export lines', 'export JWT_APP_ID=a\nexport JWT_APP_SECRET=b', 'env'],
    ['prose', 'hello, this is not a config at all', 'unknown'],
    ['empty', '', 'unknown'],
  ])('%s → %s', (_name, text, format) => {
    expect(detectConfigFormat(text)).toBe(format);
    expect(parseServerConfig(text).format).toBe(format);
  });

  it('honours a forced format', () => {
    expect(parseServerConfig('JWT_APP_ID=a', 'prosody').format).toBe('prosody');
    expect(parseServerConfig('app_id = "a"', 'env').format).toBe('env');
  });

  it('explains what it expected when it cannot tell', () => {
    const result = parseServerConfig('just some words');
    expect(result.problems[0]?.message).toMatch(/Could not tell what this is/);
    expect(parseServerConfig('  ').notes).toEqual(['Nothing was pasted.']);
  });
});

// Large inputs as correctness cases; how fast they are read belongs to `npm run bench`.
describe('1 MB pastes', () => {
  const MB = 1 << 20;
  const repeat = (piece: string): string => piece.repeat(Math.ceil(MB / piece.length)).slice(0, MB);
  const none = { domain: null, hosts: 0 };

  it.each<[string, string, { domain: string | null; hosts: number; components?: number }]>([
    ['a long but ordinary config', repeat(DEBIAN_CONFIG), { domain: 'meet.example.com', hosts: 3 }],
    ['nested braces', repeat('{'), none],
    ['assignment of nested braces', `x = ${repeat('{')}`, none],
    ['unterminated strings on every line', repeat('app_id = "x\n'), none],
    ['quotes only', repeat('"'), none],
    ['backslashes in a string', `x = "${repeat('\\"')}`, none],
    ['block comment openers', repeat('--[['), none],
    ['long bracket openers', repeat('[='), none],
    ['many hosts', repeat('VirtualHost "h"\n'), { domain: 'h', hosts: 1 }],
    [
      'many distinct hosts',
      Array.from({ length: 40000 }, (_, i) => `VirtualHost "h${i}"\n`).join(''),
      { domain: 'h0', hosts: 40000 },
    ],
    [
      'many components',
      Array.from(
        { length: 40000 },
        (_, i) => `Component "c${i}" "muc"\n modules_enabled = { "token_verification" }\n`,
      ).join(''),
      { domain: null, hosts: 0, components: 40000 },
    ],
    ['a huge module list', `modules_enabled = { ${repeat('"m", ')} }`, none],
    ['open parentheses', repeat('os.execute('), none],
    ['function openers', repeat('function f() '), none],
    ['stray bytes', repeat('\u0000\u00ff@'), none],
    ['a .env-shaped paste', repeat('JWT_APP_ID="abc\n'), { domain: 'meet.jitsi', hosts: 1 }],
  ])('%s', (_name, text, expected) => {
    const format = text.startsWith('JWT') ? 'env' : 'prosody';
    const result = parseServerConfig(text, format);
    expect(result.format).toBe(format);
    expect(result.domain).toBe(expected.domain);
    expect(result.hosts).toHaveLength(expected.hosts);
    if (expected.components !== undefined)
      expect(result.modules.components).toHaveLength(expected.components);
    expect(result.ignored.length).toBeLessThanOrEqual(401);
    expect(result.problems.length).toBeLessThanOrEqual(401);
  });

  it('reads the settings of a repeated config once', () => {
    const result = parseServerConfig(repeat(DEBIAN_CONFIG), 'prosody');
    expect(result.settings).toMatchObject({ authentication: 'token', app_id: 'my_app' });
  });

  it.each([
    [
      'low and high quotes',
      'VirtualHost \u201emeet.example.com\u201c\n    authentication = \u201etoken\u201c\n',
    ],
    ['guillemets', 'app_id = \u00abmy_app\u00bb\napp_secret = \u00abs3cret\u00bb\n'],
    ['a single low quote', 'app_id = \u201amy_app\u2019\napp_secret = \u201as3cret\u2019\n'],
  ])('reads a config with %s as prosody', (_name, text) => {
    expect(detectConfigFormat(text)).toBe('prosody');
  });
});
