// @vitest-environment node
// What admins really paste: templates, forum copies, compose and Kubernetes env, docker's 2024 booleans, guests,
// modules on the wrong host, placeholders. Each rule with a case that has it and one that does not.
import { describe, expect, it } from 'vitest';
import { isPlaceholderValue } from './placeholder-values';
import { parseServerConfig } from './server-config';

const codes = (text: string): string[] => parseServerConfig(text).remarks.map((r) => r.code);

describe('prosody configs', () => {
  it('reads a docker template as a template: no token auth claimed, the host name kept verbatim', () => {
    const text = [
      'muc_mapper_domain_base = "{{ .Env.XMPP_DOMAIN }}"',
      'VirtualHost "jigasi.meet.jitsi"',
      '    authentication = "token"',
      '    app_id = "jitsi"',
      '    asap_key_server = "https://jaas-public-keys.jitsi.net/jitsi-components/prod-8x8"',
      'VirtualHost "{{ .Env.XMPP_DOMAIN }}"',
      '{{ if $ENABLE_AUTH }}',
      '    authentication = "{{ $JWT_AUTH_TYPE }}"',
      '    app_id = "{{ .Env.JWT_APP_ID }}"',
      '{{ else }}',
      '    authentication = "jitsi-anonymous"',
      '{{ end }}',
    ].join('\n');
    const result = parseServerConfig(text);
    expect(result.format).toBe('prosody');
    expect(result.template).toMatchObject({ syntax: 'go', line: 1 });
    expect(result.tokenAuth).toBe('unknown');
    expect(result.domain).toBe('{{ .Env.XMPP_DOMAIN }}');
    expect(result.settings.app_id).toBe('{{ .Env.JWT_APP_ID }}');
    // Set in two branches: the generated file keeps one, so neither is the server's value.
    expect(result.settings.authentication).toBeUndefined();
    expect(result.remarks.map((r) => r.code)).toContain('template-text');
  });

  it('says prosody cannot load a forum copy with curly quotes, and still reads what it means', () => {
    const text = 'VirtualHost “meet.example.com”\n    authentication = “token”\n    app_id = “app”';
    const result = parseServerConfig(text);
    expect(result.loadFailure).toMatchObject({ line: 1 });
    expect(result.loadFailure?.why).toMatch(/prosody refuses to load the file/);
    expect(result.domain).toBe('meet.example.com');
    expect(result.settings).toMatchObject({ authentication: 'token', app_id: 'app' });
    expect(codes(text)).toContain('typographic-quotes');
    expect(parseServerConfig('VirtualHost "a"\n app_id = "b"').loadFailure).toBeNull();
  });

  it('never takes the JaaS component host for the users’ host', () => {
    const text =
      'muc_mapper_domain_base = "meet.example.com"\nVirtualHost "meet.example.com"\n authentication = "jitsi-anonymous"\n' +
      'VirtualHost "jigasi.meet.jitsi"\n authentication = "token"\n app_id = "jitsi"';
    const result = parseServerConfig(text);
    expect(result.domain).toBe('meet.example.com');
    expect(result.settings.app_id).toBeUndefined();
    expect(result.tokenAuth).toBe(false);
    expect(codes(text)).toEqual(expect.arrayContaining(['only-jaas-token-host', 'token-auth-off']));
  });

  it('notes a guest host only when the users’ host checks tokens', () => {
    const guest = 'VirtualHost "guest.example.com"\n authentication = "anonymous"';
    expect(codes(`VirtualHost "example.com"\n authentication = "token"\n app_id = "a"\n${guest}`)).toContain(
      'anonymous-guest-host',
    );
    expect(codes(`VirtualHost "example.com"\n authentication = "internal_hashed"\n${guest}`)).not.toContain(
      'anonymous-guest-host',
    );
  });

  it('finds the rooms’ MUC by main_muc and says when it lacks token_verification', () => {
    const text =
      'VirtualHost "meet.jitsi"\n authentication = "token"\n app_id = "a"\n main_muc = "muc.meet.jitsi"\n' +
      'Component "muc.meet.jitsi" "muc"\n modules_enabled = { "muc_meeting_id" }';
    const result = parseServerConfig(text);
    expect(result.modules.mainMuc).toBe('muc.meet.jitsi');
    expect(codes(text)).toContain('muc-without-token-verification');
    expect(codes(text.replace('"muc_meeting_id"', '"token_verification"'))).not.toContain(
      'muc-without-token-verification',
    );
  });

  it('does not count token_verification on the VirtualHost as on', () => {
    const text =
      'VirtualHost "x"\n authentication = "token"\n app_id = "a"\n modules_enabled = { "token_verification" }';
    const result = parseServerConfig(text);
    expect(result.modules.watched.token_verification.isEnabled).toBe(false);
    expect(codes(text)).toContain('token-module-on-virtualhost');
  });

  it('notes token settings that are only in comments', () => {
    expect(codes('VirtualHost "x"\n authentication = "token"\n --app_id = "a"')).toContain(
      'token-settings-commented-out',
    );
    expect(codes('VirtualHost "x"\n authentication = "token"\n app_id = "b"\n --app_id = "a"')).not.toContain(
      'token-settings-commented-out',
    );
  });

  it('notes options the 2020 release line lacks', () => {
    const text = 'VirtualHost "x"\n authentication = "token"\n app_id = "a"\n signature_algorithm = "HS512"';
    expect(codes(text)).toContain('option-unknown-to-jitsi-2020');
    expect(codes(`${text}\n enable_domain_verification = true`)).not.toContain(
      'default-differs-in-jitsi-2020',
    );
  });
});

describe('docker variables in their other shapes', () => {
  it.each<[string, string, string]>([
    ['a compose list', 'environment:\n  - ENABLE_AUTH=1\n  - AUTH_TYPE=jwt\n  - JWT_APP_ID=myapp', 'compose'],
    [
      'a quoted compose list',
      '      - "ENABLE_AUTH=1"\n      - "AUTH_TYPE=jwt"\n      - "JWT_APP_ID=myapp"',
      'compose',
    ],
    ['a compose map', 'environment:\n  ENABLE_AUTH: "1"\n  AUTH_TYPE: jwt\n  JWT_APP_ID: myapp', 'compose'],
    [
      'Kubernetes pairs',
      'env:\n- name: ENABLE_AUTH\n  value: "1"\n- name: AUTH_TYPE\n  value: jwt\n- name: JWT_APP_ID\n  value: \'myapp\'',
      'kubernetes',
    ],
    ['a Nomad env block', 'env {\n  ENABLE_AUTH = "1"\n  AUTH_TYPE="jwt"\n  JWT_APP_ID = "myapp"\n}', 'env'],
  ])('%s', (_name, text, format) => {
    const result = parseServerConfig(text);
    expect(result.format).toBe(format);
    expect(result.tokenAuth).toBe(true);
    expect(result.settings).toMatchObject({ authentication: 'token', app_id: 'myapp' });
  });

  it('reports a Kubernetes value taken from a Secret instead of inventing one', () => {
    const result = parseServerConfig(
      '- name: ENABLE_AUTH\n  value: "1"\n- name: JWT_APP_SECRET\n  valueFrom:\n    secretKeyRef:\n      name: s',
    );
    expect(result.settings.app_secret).toBeUndefined();
    expect(result.ignored.map((i) => i.why)).toContain(
      'takes its value from a Secret or ConfigMap (valueFrom); not in the paste',
    );
  });

  it.each<[string, boolean]>([
    ['1', true],
    ['yes', true],
    ['"true"', true],
    ["'0'", false],
    ['false', false],
    ['', false],
  ])('reads ENABLE_AUTH=%s the way docker-jitsi-meet 2024 images do', (value, isOn) => {
    const result = parseServerConfig(`ENABLE_AUTH=${value}\nAUTH_TYPE=jwt\nJWT_APP_ID=a`, 'env');
    expect(result.tokenAuth).toBe(isOn);
  });

  it('treats a missing ENABLE_AUTH as off in a whole .env and as unknown in a snippet', () => {
    expect(parseServerConfig('AUTH_TYPE=jwt\nJWT_APP_ID=a', 'env').tokenAuth).toBe('unknown');
    const whole = 'CONFIG=~/.jitsi-meet-cfg\nHTTP_PORT=80\nTZ=UTC\nPUBLIC_URL=https://x\nAUTH_TYPE=jwt';
    expect(parseServerConfig(whole, 'env').tokenAuth).toBe(false);
  });

  it('drops empty list items, as the 2024 template does', () => {
    expect(parseServerConfig('JWT_ACCEPTED_ISSUERS=a,,b,', 'env').settings.asap_accepted_issuers).toEqual([
      'a',
      'b',
    ]);
  });

  it('notes the guest host ENABLE_GUESTS adds, by name', () => {
    const result = parseServerConfig(
      'ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_APP_ID=a\nENABLE_GUESTS=1\nXMPP_GUEST_DOMAIN=guest.example.com',
      'env',
    );
    const guest = result.remarks.find((r) => r.code === 'anonymous-guest-host');
    expect(guest?.meaning).toMatch(/without a token can still join through guest\.example\.com/);
    expect(codes('ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_APP_ID=a\nENABLE_GUESTS=0')).not.toContain(
      'anonymous-guest-host',
    );
  });

  it('marks a template value and does not guess its boolean', () => {
    const result = parseServerConfig('ENABLE_AUTH=1\nAUTH_TYPE=jwt\nJWT_ALLOW_EMPTY=${ALLOW}', 'env');
    expect(result.template).toMatchObject({ syntax: 'shell', line: 3 });
    expect(result.settings.allow_empty_token).toBeUndefined();
  });
});

describe('isPlaceholderValue', () => {
  it.each([
    '<app_id>',
    '<no value>',
    '<removed>',
    '<your-secret-here>',
    'xxxxx',
    'xxx.xxxx.xxxx',
    'your-secret-here',
    'changeme',
    'YOUR_APP_ID',
  ])('%s is a placeholder', (value) => expect(isPlaceholderValue(value)).toBe(true));
  it.each([
    'my_jitsi_app_id',
    'jitsi',
    '39RQlnugivCvauYQ9WXgJTwZ',
    'meet.example.com',
    'x',
    '',
    'a<b>',
    '<%= @secret %>',
  ])('%s is a real value', (value) => expect(isPlaceholderValue(value)).toBe(false));
});
