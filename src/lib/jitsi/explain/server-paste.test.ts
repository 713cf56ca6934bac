// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { pasteAboutOf, pasteNoteOf } from './paste-vocabulary';
import { readServerPaste } from './server-paste';

describe('readServerPaste', () => {
  it.each<[string, string, string]>([
    ['a prosody block', 'VirtualHost "x"\n authentication = "token"\n app_id = "a"', 'prosody'],
    ['a .env', 'ENABLE_AUTH=1\nAUTH_TYPE=jwt', 'env'],
    ['a log line', "Error verifying token err:not-allowed, reason:invalid 'iss' claim tenant:nil", 'log'],
    ['a client text', 'Sorry! You are not allowed to be here :(', 'log'],
    ['a log line holding KEY=value text', 'TOKEN=abc Given token does not match calculated token', 'log'],
  ])('reads %s as %s', (_name, text, format) => {
    expect(readServerPaste(text).format).toBe(format);
  });

  it('gives a log its refusal, its topics and its findings', () => {
    const report = readServerPaste(
      'muc.meet.jitsi:token_verification error Token eyJhbGciOiJIU[...]PZBgw not allowed to join: r@muc.meet.jitsi/a',
    );
    expect(report.server).toEqual({ stage: 'muc', error: null, reason: null });
    expect(report.codes).toContain('log-shortened-token');
    expect(report.topics).toEqual(expect.arrayContaining(['room', 'sub']));
  });

  it('flags a jwt= value with no dots as not a token', () => {
    expect(readServerPaste('GET /room?jwt=abcdef HTTP/1.1').codes).toContain('jwt-value-without-dots');
  });
});

describe('paste vocabulary', () => {
  it('maps our codes to the corpus words in one place and leaves unknown codes unmapped', () => {
    expect(pasteNoteOf('anonymous-guest-host')).toBe('guest-host');
    expect(pasteNoteOf('log-shortened-token')).toBe('token-truncated');
    expect(pasteNoteOf('module-load-failed')).toBe('module-load-failure');
    expect(pasteNoteOf('iss-invalid')).toBeNull();
    expect(pasteAboutOf('no-token')).toBe('token-missing');
    expect(pasteAboutOf('iss')).toBe('iss');
  });
});
