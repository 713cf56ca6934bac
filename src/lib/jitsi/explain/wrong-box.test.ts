// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { HEADER, token } from '../../../../test/prosody-cases/tokens';
import { classifyBoxText } from './wrong-box';

const TOKEN = token(HEADER, { iss: 'my_app', room: '*' });

describe('classifyBoxText', () => {
  it('recognises a whole token, also quoted, wrapped or after Bearer', () => {
    expect(classifyBoxText(TOKEN)).toEqual({ kind: 'token', token: TOKEN });
    expect(classifyBoxText(`  "${TOKEN}"\n`)).toEqual({ kind: 'token', token: TOKEN });
    const wrapped = `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}`;
    expect(classifyBoxText(wrapped)).toEqual({ kind: 'token', token: TOKEN });
    expect(classifyBoxText(`Authorization: Bearer ${TOKEN}`)).toEqual({ kind: 'token', token: TOKEN });
  });

  it('reads a meeting link with its domain, tenant and room, with or without a token', () => {
    const plain = classifyBoxText('https://meet.acme.test/acme/Daily%20Standup');
    expect(plain.kind).toBe('link');
    if (plain.kind !== 'link') return;
    expect(plain.link.domain).toBe('meet.acme.test');
    expect(plain.link.tenant).toBe('acme');
    expect(plain.link.room).toBe('Daily%20Standup');
    expect(plain.token).toBeNull();
    const signed = classifyBoxText(`meet.acme.test/standup?jwt=${TOKEN}`);
    expect(signed.kind).toBe('link');
    if (signed.kind === 'link') {
      expect(signed.link.domain).toBe('meet.acme.test');
      expect(signed.link.tenant).toBeNull();
      expect(signed.token).toBe(TOKEN);
    }
  });

  it('leaves what belongs in the box alone: JSON, a secret, a domain, empty text', () => {
    expect(classifyBoxText(JSON.stringify({ iss: 'my_app', note: TOKEN }))).toEqual({ kind: 'other' });
    expect(classifyBoxText('{"room": "*"}')).toEqual({ kind: 'other' });
    expect(classifyBoxText('my-long-app-secret.with.dots')).toEqual({ kind: 'other' });
    expect(classifyBoxText('eyJhbGciOiJIUzI1NiJ9')).toEqual({ kind: 'other' });
    expect(classifyBoxText('eyJhbGciOiJIUzI1NiJ9..c2ln')).toEqual({ kind: 'other' });
    expect(classifyBoxText('meet.acme.test')).toEqual({ kind: 'other' });
    expect(classifyBoxText('')).toEqual({ kind: 'other' });
    expect(classifyBoxText('   ')).toEqual({ kind: 'other' });
    expect(classifyBoxText(`the token was ${TOKEN} yesterday`)).toEqual({ kind: 'other' });
  });

  it('leaves long text without a token or a path alone, and still reads a link typed without https://', () => {
    const long = 'secret.part.'.repeat(5000);
    expect(classifyBoxText(long)).toEqual({ kind: 'other' });
    expect(classifyBoxText('{"room": "my room", "sub": "meet.acme.test"}')).toEqual({ kind: 'other' });
    const schemeless = classifyBoxText('meet.acme.test/acme/standup');
    expect(schemeless.kind).toBe('link');
    if (schemeless.kind === 'link') expect(schemeless.link.tenant).toBe('acme');
  });

  it('does not take a non-web link for a meeting', () => {
    expect(classifyBoxText('ftp://meet.acme.test/room')).toEqual({ kind: 'other' });
  });
});
