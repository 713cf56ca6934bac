// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDockerEnv } from './docker-env';
import { parseProsodyConfig } from './prosody-config';
import { detectConfigFormat, parseServerConfig } from './server-config';
import type { ProsodySettings } from '../server/prosody-settings';

// The Lua reader, driven through parseProsodyConfig: syntax, hostile input, partial pastes.

describe('parseProsodyConfig: Lua syntax', () => {
  it.each<[string, string, ProsodySettings]>([
    ['double quotes', 'VirtualHost "h"\n app_id = "a"', { app_id: 'a' }],
    ['single quotes', "VirtualHost 'h'\n app_id = 'a'", { app_id: 'a' }],
    ['call syntax for the host', 'VirtualHost("h")\n app_id = "a"', { app_id: 'a' }],
    ['Host alias', 'Host "h"\n app_id = "a"', { app_id: 'a' }],
    [
      'escapes',
      String.raw`VirtualHost "h" app_secret = "q\"b\\s\tt\x41\066\u{48}\'"`,
      { app_secret: 'q"b\\s\ttAB' + "H'" },
    ],
    [
      'UTF-8 bytes from escapes',
      String.raw`VirtualHost "h" app_secret = "caf\xC3\xA9 \195\169"`,
      { app_secret: 'café é' },
    ],
    ['\\z skips white space', 'VirtualHost "h" app_secret = "ab\\z\n     cd"', { app_secret: 'abcd' }],
    ['escaped newline', 'VirtualHost "h" app_secret = "ab\\\ncd"', { app_secret: 'ab\ncd' }],
    ['long string', 'VirtualHost "h" app_secret = [[raw\\n"x"]]', { app_secret: 'raw\\n"x"' }],
    [
      'long string with level and leading newline',
      'VirtualHost "h" app_secret = [==[\nhas ]] inside]==]',
      { app_secret: 'has ]] inside' },
    ],
    [
      'line comments',
      'VirtualHost "h" -- the host\n app_id = "a" -- the id\n -- app_id = "b"',
      { app_id: 'a' },
    ],
    ['block comments', 'VirtualHost "h"\n--[[ app_id = "b"\n]] app_id = "a" --[==[ ]] ]==]', { app_id: 'a' }],
    [
      'semicolons in a table',
      'VirtualHost "h" asap_accepted_issuers = { "a"; "b"; }',
      { asap_accepted_issuers: ['a', 'b'] },
    ],
    [
      'commas and a trailing comma',
      'VirtualHost "h" asap_accepted_issuers = { "a", "b", }',
      { asap_accepted_issuers: ['a', 'b'] },
    ],
    [
      'mixed separators over lines',
      'VirtualHost "h" asap_accepted_audiences = {\n "a",\n "b";\n "c"\n}',
      { asap_accepted_audiences: ['a', 'b', 'c'] },
    ],
    [
      'a plain string list is kept as a string',
      'VirtualHost "h" asap_accepted_issuers = "solo"',
      { asap_accepted_issuers: 'solo' },
    ],
    [
      'booleans',
      'VirtualHost "h" allow_empty_token = true enable_domain_verification = false',
      { allow_empty_token: true, enable_domain_verification: false },
    ],
    [
      'string and number booleans',
      'VirtualHost "h" allow_empty_token = "true"\n asap_require_room_claim = 0',
      { allow_empty_token: true, asap_require_room_claim: false },
    ],
    [
      'several statements on one line',
      'VirtualHost "h" app_id = "a"; app_secret = "s"',
      { app_id: 'a', app_secret: 's' },
    ],
    ['nil means unset', 'app_id = "g"\nVirtualHost "h" app_id = nil', { app_id: 'g' }],
    ['the later value wins', 'VirtualHost "h" app_id = "a"\n app_id = "b"', { app_id: 'b' }],
    [
      'a repeated VirtualHost merges',
      'VirtualHost "h" app_id = "a"\nVirtualHost "x"\nVirtualHost "h" app_secret = "s"',
      { app_id: 'a', app_secret: 's' },
    ],
    [
      'global values apply when the host does not set them',
      'app_id = "g"\napp_secret = "gs"\nVirtualHost "h"\n app_id = "h"',
      { app_id: 'h', app_secret: 'gs' },
    ],
    [
      'options after a Component do not reach the host',
      'VirtualHost "h" app_id = "a"\nComponent "c.h" "muc"\n app_secret = "s"',
      { app_id: 'a' },
    ],
    ['number for a string option', 'VirtualHost "h" app_id = 12345', { app_id: '12345' }],
    [
      'CRLF line ends',
      'VirtualHost "h"\r\n  app_id = "a"\r\n  app_secret = "s"\r\n',
      { app_id: 'a', app_secret: 's' },
    ],
  ])('%s', (_name, text, settings) => {
    const result = parseProsodyConfig(text);
    expect(result.settings).toEqual(settings);
  });

  it('picks the first VirtualHost when none uses token authentication', () => {
    const result = parseProsodyConfig('VirtualHost "a"\n app_id = "1"\nVirtualHost "b"\n app_id = "2"');
    expect(result.domain).toBe('a');
    expect(result.settings.app_id).toBe('1');
    expect(result.notes.join(' ')).toMatch(/No VirtualHost has authentication = "token"/);
  });

  it('takes the token VirtualHost even when it is not the first, with authentication from the global section', () => {
    const result = parseProsodyConfig(
      'authentication = "token"\nVirtualHost "auth.x" authentication = "internal_hashed"\nVirtualHost "x" app_id = "a"',
    );
    expect(result.domain).toBe('x');
    expect(result.settings).toEqual({ authentication: 'token', app_id: 'a' });
    expect(result.understood.find((u) => u.name === 'authentication')?.section).toBe('global');
  });

  it('applies modules_disabled and the global modules_enabled to the host', () => {
    const result = parseProsodyConfig(
      'modules_enabled = { "a", "b", "muc_allowners" }\nVirtualHost "h"\n modules_enabled = { "c" }\n modules_disabled = { "b" }',
    );
    expect(result.modules.host).toEqual(['a', 'muc_allowners', 'c']);
    // A room module on the VirtualHost loads but never acts: it is listed, not counted as on.
    expect(result.modules.watched.muc_allowners.isEnabled).toBe(false);
    expect(result.remarks.map((r) => r.code)).toContain('token-module-on-virtualhost');
  });

  it.each<[string, string, RegExp]>([
    ['a list for a string option', 'VirtualHost "h" app_id = { "a", "b" }', /only the first item/],
    ['a word for a boolean', 'VirtualHost "h" allow_empty_token = "yes"', /expects true or false/],
    [
      'a number inside the issuer list',
      'VirtualHost "h" asap_accepted_issuers = { "a", 7 }',
      /non-string items never match/,
    ],
    ['an invalid escape', 'VirtualHost "h" app_id = "a\\qb"', /Invalid escape \\q/],
    ['two separators in a row', 'VirtualHost "h" asap_accepted_issuers = { "a",, "b" }', /Two separators/],
    ['a missing separator', 'VirtualHost "h" asap_accepted_issuers = { "a" "b" }', /Missing , or ;/],
    [
      'enabled = false on the token host',
      'VirtualHost "h" authentication = "token" enabled = false',
      /enabled = false/,
    ],
  ])('reports %s', (_name, text, message) => {
    const result = parseProsodyConfig(text);
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(message);
  });
});

describe('parseProsodyConfig: hostile input is reported, never run', () => {
  it.each<[string, string, RegExp]>([
    ['os.execute', 'os.execute("rm -rf /")', /runs a program/],
    ['io.popen', 'local f = io.popen("id")', /Lua code/],
    ['dofile', 'dofile("/etc/passwd")', /runs a program/],
    ['require', 'require "socket"', /runs a program/],
    ['Include', 'Include "conf.d/*.cfg.lua"', /Include loads another file/],
    ['a function definition', 'function evil()\n  os.execute("x")\n  app_id = "stolen"\nend', /Lua code/],
    ['a computed value', 'app_secret = os.getenv("SECRET")', /runs a program/],
    ['a concatenation', 'app_id = "a" .. "b"', /computed value/],
    ['a variable reference', 'app_id = some_variable', /computed value \(uses some_variable\)/],
    ['a field assignment', 'config.app_id = "x"', /function call or Lua expression/],
    ['loadstring in a table', 'asap_accepted_issuers = { "ok", loadstring("x")() }', /runs a program/],
    ['stray characters', '@@@ $$$ !!!', /not Lua text/],
  ])('%s', (_name, line, why) => {
    const text = `VirtualHost "h"\n  app_id = "a"\n${line}\n  app_secret = "s"\n`;
    const result = parseProsodyConfig(text);
    expect(result.settings.app_id).toBe('a');
    expect(result.settings.app_secret).toBe('s');
    const entry = result.ignored.find((i) => why.test(i.why));
    expect(entry, JSON.stringify(result.ignored)).toBeDefined();
    expect(entry?.line).toBeGreaterThanOrEqual(3);
  });

  it('keeps the plain items of a list that also holds a call', () => {
    const result = parseProsodyConfig(
      'VirtualHost "h" asap_accepted_issuers = { "ok", loadstring("x")(), "fine" }',
    );
    expect(result.settings.asap_accepted_issuers).toEqual(['ok', 'fine']);
  });

  it('does not take settings from inside a function body', () => {
    const result = parseProsodyConfig('VirtualHost "h"\nfunction f()\n  app_id = "inner"\nend\n');
    expect(result.settings.app_id).toBeUndefined();
  });

  it('handles binary data without throwing', () => {
    const bytes = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    expect(detectConfigFormat(bytes)).toBe('unknown');
    const detected = parseServerConfig(bytes);
    expect(detected.format).toBe('unknown');
    expect(detected.problems[0]?.message).toMatch(/binary/);
    expect(parseProsodyConfig(bytes)).toMatchObject({
      format: 'prosody',
      domain: null,
      settings: {},
      hosts: [],
    });
    expect(parseProsodyConfig(bytes).problems.length).toBeGreaterThan(0);
    // Nothing in it is a variable, so the .env reader falls back to docker's defaults: no token authentication.
    const env = parseDockerEnv(bytes);
    expect(env).toMatchObject({ format: 'env', domain: 'meet.jitsi' });
    expect(env.settings.authentication).toBe('jitsi-anonymous');
    expect(env.settings.app_id).toBeUndefined();
  });

  it('never throws on random Lua-like text', () => {
    const alphabet = fc.constantFrom(
      ...'VirtualHost Component app_id = "\'{}[]();,.-\\\n\r\t [[ ]] --[[ x 1 0x 1e5 \\x \\u{ \\z os.execute true nil'.split(
        ' ',
      ),
      '"',
      "'",
      '{',
      '}',
      '\n',
      '--',
      '[=[',
      ']=]',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 80 }), (pieces) => {
        const result = parseProsodyConfig(pieces.join(' '));
        expect(result.format).toBe('prosody');
        expect(result.problems.every((p) => !p.message.startsWith('Internal error'))).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

describe('parseProsodyConfig: partial input', () => {
  it.each<[string, string, RegExp, ProsodySettings]>([
    [
      'an unterminated string',
      'VirtualHost "h"\n app_id = "a\n app_secret = "s"',
      /line 2 is not closed/,
      { app_secret: 's' },
    ],
    ['a string open at the end', 'VirtualHost "h"\n app_id = "a', /never closed/, {}],
    [
      'an unterminated table',
      'VirtualHost "h"\n app_id = "a"\n asap_accepted_issuers = { "x", "y"',
      /opened on line 3 is never closed/,
      { app_id: 'a', asap_accepted_issuers: ['x', 'y'] },
    ],
    [
      'a table cut off by the next host',
      'VirtualHost "h"\n asap_accepted_issuers = { "x",\nVirtualHost "k"\n app_id = "k"',
      /not closed before VirtualHost on line 3/,
      { asap_accepted_issuers: ['x'] },
    ],
    [
      'an unterminated block comment',
      'VirtualHost "h"\n app_id = "a"\n--[[ app_secret = "s"',
      /block comment opened on line 3/,
      { app_id: 'a' },
    ],
    ['an unterminated long string', 'VirtualHost "h"\n app_id = [[abc', /long string opened on line 2/, {}],
    [
      'a VirtualHost without a name',
      'VirtualHost\n app_id = "a"',
      /must be followed by a quoted name/,
      { app_id: 'a' },
    ],
    [
      'a half-written assignment',
      'VirtualHost "h"\n app_id = "a"\n app_secret =',
      /not a plain value/,
      { app_id: 'a' },
    ],
  ])('%s', (_name, text, message, settings) => {
    const result = parseProsodyConfig(text);
    expect(result.settings).toEqual(settings);
    const reported = [...result.problems.map((p) => p.message), ...result.ignored.map((i) => i.why)].join(
      '\n',
    );
    expect(reported).toMatch(message);
  });
});
