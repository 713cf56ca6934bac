// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { modeFragment, readAppFragment } from './app-fragment';

const TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJteV9hcHAifQ.c2ln';

describe('readAppFragment', () => {
  it.each([
    ['', { kind: 'none' }],
    ['#', { kind: 'none' }],
    ['#check', { kind: 'mode', mode: 'check' }],
    ['#generate', { kind: 'mode', mode: 'generate' }],
    ['#Generate', { kind: 'none' }],
    ['#share=abc', { kind: 'share' }],
    ['#token=', { kind: 'mode', mode: 'check' }],
    [`#token=${TOKEN}`, { kind: 'check-text', text: TOKEN, from: 'token' }],
    [`#token=${encodeURIComponent(' ' + TOKEN)}`, { kind: 'check-text', text: ` ${TOKEN}`, from: 'token' }],
    ['#token=%E0%A4%A', { kind: 'check-text', text: '%E0%A4%A', from: 'token' }],
  ])('%s', (hash, expected) => {
    expect(readAppFragment(hash)).toEqual(expected);
  });

  it('keeps a raw link as written, escapes and all', () => {
    const link = `https://meet.example.com/My%20Room?jwt=${TOKEN}`;
    expect(readAppFragment(`#link=${link}`)).toEqual({ kind: 'check-text', text: link, from: 'link' });
  });

  it('decodes a link that was encoded as a whole', () => {
    const link = `https://meet.example.com/acme/My%20Room?jwt=${TOKEN}`;
    expect(readAppFragment(`#link=${encodeURIComponent(link)}`)).toEqual({
      kind: 'check-text',
      text: link,
      from: 'link',
    });
  });

  it('builds the fragment of each mode', () => {
    expect(modeFragment('check')).toBe('#check');
    expect(readAppFragment(modeFragment('generate'))).toEqual({ kind: 'mode', mode: 'generate' });
  });
});
