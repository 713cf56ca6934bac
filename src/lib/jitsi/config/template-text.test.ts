// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { findTemplate, maskLuaTemplate, restoreTemplate } from './template-text';
import { straightenTypography } from './typographic-text';

describe('findTemplate', () => {
  it.each<[string, string, string | null, number]>([
    ['a Go action', 'x = 1\nVirtualHost "{{ .Env.XMPP_DOMAIN }}"', 'go', 2],
    ['a Go variable', '{{ $AUTH := .Env.AUTH_TYPE | default "internal" }}', 'go', 1],
    ['a Go function call', 'issuers = { "{{ join "\\",\\"" (splitList "," .Env.X) }}" }', 'go', 1],
    ['a Jinja expression', 'app_id = "{{ jitsi_app_id }}"', 'jinja', 1],
    ['a Jinja filter', 'app_id = "{{ app_id | default(\'x\') }}"', 'jinja', 1],
    ['a Jinja block', '{% if jwt %}', 'jinja', 1],
    ['an EJS tag', 'app_secret = "<%= secret %>"', 'erb', 1],
    ['a shell variable', 'XMPP_DOMAIN=${DOMAIN}', 'shell', 1],
    ['a Nomad variable', 'XMPP_DOMAIN = "${var.domain}"', 'shell', 1],
    ['a Lua table of tables', 'external_services = {{ type = "stun", host = "x" }}', null, 0],
    ['a plain config', 'VirtualHost "meet.example.com"\n authentication = "token"', null, 0],
    ['an unclosed brace run', '{'.repeat(5000), null, 0],
  ])('%s', (_name, text, syntax, line) => {
    const found = findTemplate(text);
    expect(found?.syntax ?? null).toBe(syntax);
    if (found) expect(found.line).toBe(line);
  });
});

describe('maskLuaTemplate', () => {
  it('blanks action-only lines, keeps line numbers, and restores values verbatim', () => {
    const text = [
      '{{ if .Env.ENABLE_AUTH }}',
      'VirtualHost "{{ .Env.XMPP_DOMAIN }}"',
      '    port = {{ .Env.PORT | default "3478" }},',
      '    allow_empty_token = {{ if $E }}true{{ else }}false{{ end }}',
      '{{ end }}',
    ].join('\n');
    const { masked, spans } = maskLuaTemplate(text);
    const lines = masked.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('');
    expect(lines[4]).toBe('');
    expect(restoreTemplate(lines[1] ?? '', spans)).toBe('VirtualHost "{{ .Env.XMPP_DOMAIN }}"');
    expect(lines[2]).toMatch(/^ {4}port = "\uE000\d+\uE001",$/);
    expect(restoreTemplate(lines[3] ?? '', spans)).toBe(
      '    allow_empty_token = "{{ if $E }}true{{ else }}false{{ end }}"',
    );
  });

  it('gives the same expression the same marker', () => {
    const { masked } = maskLuaTemplate('a = "{{ .Env.X }}"\nb = "{{ .Env.X }}"');
    const [a, b] = masked.split('\n').map((l) => l.slice(4));
    expect(a).toBe(b);
  });
});

describe('straightenTypography', () => {
  it('straightens curly quotes and dashes used as Lua syntax, and says where', () => {
    const { text, marks } = straightenTypography(
      'VirtualHost “guest.example.com”\n    authentication = ‘token’ – a forum copy',
    );
    expect(text).toBe('VirtualHost "guest.example.com"\n    authentication = \'token\' -- a forum copy');
    expect(marks).toEqual({ line: 1, character: '“', count: 5 });
  });

  it('leaves curly quotes inside straight strings and comments alone', () => {
    const input = 'app_id = "the “real” one" -- “quoted”';
    expect(straightenTypography(input)).toEqual({ text: input, marks: null });
  });
});
