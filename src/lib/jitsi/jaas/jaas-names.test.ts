// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { jaasKid, readKidInput } from './jaas-app-id';
import { appIdProblem, isSafeSegment } from './jaas-names';

describe('appIdProblem', () => {
  it.each([
    ['vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe', null],
    ['  vpaas-magic-cookie-abc  ', null],
    ['', 'Enter your AppID'],
    ['my_app', 'starts with "vpaas-magic-cookie-"'],
    ['VPAAS-MAGIC-COOKIE-abc', 'starts with "vpaas-magic-cookie-"'],
    ['vpaas-magic-cookie-', 'needs the part after'],
    ['vpaas-magic-cookie-abc/room', 'one path segment'],
    ['vpaas-magic-cookie-a b', 'one path segment'],
  ])('%j → %j', (appId, problem) => {
    const found = appIdProblem(appId);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });
});

describe('kids', () => {
  it('joins the AppID and key id with "/"', () => {
    expect(jaasKid(' vpaas-magic-cookie-abc ', ' 4f4910 ')).toBe('vpaas-magic-cookie-abc/4f4910');
  });

  it.each([
    ['4f4910', { keyId: '4f4910', appId: null }],
    ['vpaas-magic-cookie-abc/4f4910', { keyId: '4f4910', appId: 'vpaas-magic-cookie-abc' }],
    [' vpaas-magic-cookie-abc/a/b ', { keyId: 'a/b', appId: 'vpaas-magic-cookie-abc' }],
    ['/4f4910', { keyId: '4f4910', appId: '' }],
  ])('reads %j as typed into the key id field', (text, reading) => {
    expect(readKidInput(text)).toEqual(reading);
  });
});

describe('isSafeSegment', () => {
  it.each([
    ['standup', true],
    ['Team-1_a.b~c', true],
    ['caf%C3%A9', true],
    ['a/b', false],
    ['a b', false],
    ['100%', false],
    ['a@b', false],
    ['', false],
  ])('%j → %s', (text, isSafe) => {
    expect(isSafeSegment(text)).toBe(isSafe);
  });
});
