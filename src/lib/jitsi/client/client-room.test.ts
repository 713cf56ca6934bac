// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  ROOM_EXCLUDED_CHARACTERS,
  TENANT_PROBLEM_TEXTS,
  backendSafePath,
  backendSafeRoomName,
  cleanPathSegment,
  cleanRoomInput,
  invisibleCharacters,
  isInvisibleCharacter,
  isJaasMeeting,
  parseMeetingUrl,
  tenantProblems,
  type MeetingUrl,
} from './client-room';

function meeting(href: string): MeetingUrl {
  const result = parseMeetingUrl(href);
  if (!result.ok) throw new Error(result.problem.message);
  return result.url;
}

describe('cleanPathSegment', () => {
  it('lists the 21 characters of _ROOM_EXCLUDE_PATTERN in a frozen table', () => {
    expect(ROOM_EXCLUDED_CHARACTERS).toHaveLength(21);
    expect(Object.isFrozen(ROOM_EXCLUDED_CHARACTERS)).toBe(true);
    expect(ROOM_EXCLUDED_CHARACTERS.join('')).toBe(':?#[]@!$&\'()*+,;=></"');
  });

  it.each(ROOM_EXCLUDED_CHARACTERS.map((ch) => [ch]))('removes %j wherever it appears', (ch) => {
    expect(cleanPathSegment(`${ch}a${ch}b${ch}`)).toBe('ab');
    const cleaned = cleanRoomInput(`Room${ch}1`);
    expect(cleaned).toEqual({ cleaned: 'Room1', removed: [ch], changed: true, backendRoom: 'room1' });
  });

  it.each([
    ['Room(1)!;x=y', 'Room1xy'],
    ['a+b', 'ab'],
    ['a%2Bb', 'a%2Bb'],
    ['Caf%C3%A9', 'Caf%C3%A9'],
    ['My Room', 'My Room'],
    ['-._~%', '-._~%'],
    ['', ''],
  ])('%j becomes %j (percent-escapes and other characters stay)', (input, expected) => {
    expect(cleanPathSegment(input)).toBe(expected);
  });
});

describe('backendSafeRoomName', () => {
  it.each([
    ['ﬁle', 'file'],
    ['ＦＵＬＬ', 'full'],
    ['Cafe\u0301', 'caf%c3%a9'],
    ['①②', '12'],
    ['x²', 'x2'],
    ['㎏', 'kg'],
    ['ｶﾞ', '%e3%82%ac'],
    ['Ⅻ', 'xii'],
    ['\u00a0room', '%20room'],
  ])('NFKC: %j → %j', (input, expected) => {
    expect(backendSafeRoomName(input)).toBe(expected);
  });

  it.each([
    ['100%', '100%25'],
    ['%C3%28', '%25c3%2528'],
    ['50%25off', '50%25off'],
    ['Caf%C3%A9', 'caf%c3%a9'],
    ['%F0%9F%98%80', '%f0%9f%98%80'],
  ])('decodes first and keeps the raw text when that fails: %j → %j', (input, expected) => {
    expect(backendSafeRoomName(input)).toBe(expected);
  });

  it('lower-cases without a locale and leaves ß alone', () => {
    expect(backendSafeRoomName('İstanbul')).toBe('i%cc%87stanbul');
    expect(backendSafeRoomName('STRASSE Straße')).toBe('strasse%20stra%c3%9fe');
  });

  it('keeps the characters encodeURIComponent leaves alone', () => {
    expect(backendSafeRoomName("It's (fun)!*~")).toBe("it's%20(fun)!*~");
  });

  it('writes a lone surrogate as U+FFFD instead of throwing', () => {
    expect(backendSafeRoomName('a\ud800b')).toBe('a%ef%bf%bdb');
    expect(backendSafeRoomName('\udc00')).toBe('%ef%bf%bd');
  });

  it('returns an empty name as it is', () => {
    expect(backendSafeRoomName('')).toBe('');
  });
});

describe('backendSafePath', () => {
  it.each([
    ['Team/Standup', 'team/standup'],
    ['My Tenant/Café', 'my%20tenant/caf%c3%a9'],
    ['a//B', 'a//b'],
    ['/A/', '/a/'],
    ['Team%2FStandup', 'team%2fstandup'],
    ['', ''],
  ])('%j → %j, segment by segment', (input, expected) => {
    expect(backendSafePath(input)).toBe(expected);
  });
});

describe('parseMeetingUrl', () => {
  it.each([
    ['https://meet.example.com/a/b/Room', 'a/b', 'a/b', 'Room'],
    ['https://meet.example.com/a/b/c/Room', 'a/b/c', 'a/b/c', 'Room'],
    ['https://meet.example.com/My Org/Sub Team/Room', 'My%20Org/Sub%20Team', 'my%20org/sub%20team', 'Room'],
    ['https://meet.example.com/A+B/C(D)/Room', 'AB/CD', 'ab/cd', 'Room'],
    ['https://meet.example.com/acme//Room', 'acme/', 'acme/', 'Room'],
    ['https://meet.example.com/Acme/', 'Acme', 'acme', null],
  ])('%s: tenant %j (backend %j), room %j', (href, tenant, backendTenant, room) => {
    const url = meeting(href);
    expect(url.tenant).toBe(tenant);
    expect(url.backendTenant).toBe(backendTenant);
    expect(url.room).toBe(room);
  });

  it('sets no tenant when the last / is at index 0 or 1', () => {
    expect(meeting('https://meet.example.com/Room')).toMatchObject({ tenant: null, room: 'Room' });
    expect(meeting('https://meet.example.com//Room')).toMatchObject({ tenant: null, room: 'Room' });
    expect(meeting('https://meet.example.com/')).toMatchObject({
      tenant: null,
      room: null,
      backendRoom: null,
    });
  });

  it('stops the path at ? and #, and reads the percent-encoded path the browser produces', () => {
    expect(meeting('https://meet.example.com/what?x=1').room).toBe('what');
    expect(meeting('https://meet.example.com/room#config.x=1').room).toBe('room');
    expect(meeting('https://meet.example.com/a"b<c>').room).toBe('a%22b%3Cc%3E');
    expect(meeting('https://meet.example.com/Café').backendRoom).toBe('caf%c3%a9');
    expect(meeting('  https://meet.example.com/Room\n').room).toBe('Room');
  });

  it('reports the host the browser reports', () => {
    const url = meeting('https://user:pw@Meet.Example.com:8443/Room');
    expect(url).toMatchObject({ host: 'meet.example.com:8443', hostname: 'meet.example.com', room: 'Room' });
    expect(meeting('https://bücher.example/x').hostname).toBe('xn--bcher-kva.example');
    expect(meeting('http://[::1]:8080/x').hostname).toBe('[::1]');
  });

  it('detects JaaS from the first path segment, case-sensitively', () => {
    expect(meeting('https://8x8.vc/vpaas-magic-cookie-abc/Room').isJaasMeeting).toBe(true);
    expect(meeting('https://8x8.vc/vpaas-magic-cookie-abc').isJaasMeeting).toBe(true);
    expect(meeting('https://8x8.vc/Vpaas-magic-cookie-abc/Room').isJaasMeeting).toBe(false);
    expect(meeting('https://8x8.vc/x/vpaas-magic-cookie-abc/Room').isJaasMeeting).toBe(false);
  });

  it.each([
    ['not a url', 'not-a-url'],
    ['', 'not-a-url'],
    ['meet.example.com/Room', 'not-a-url'],
    ['javascript:alert(1)', 'not-http'],
    ['data:text/html,<b>x</b>', 'not-http'],
    ['org.jitsi.meet://meet.example.com/Room', 'not-http'],
  ])('refuses %j as %s', (href, code) => {
    const result = parseMeetingUrl(href);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem.code).toBe(code);
  });
});

describe('isJaasMeeting', () => {
  it.each([
    ['/vpaas-magic-cookie-1a2b/Room', true],
    ['/vpaas-magic-cookie-/Room', true],
    ['/vpaas-magic-cookie/Room', false],
    ['/VPAAS-MAGIC-COOKIE-1a2b/Room', false],
    ['/', false],
    ['', false],
  ])('%j → %s', (pathname, expected) => {
    expect(isJaasMeeting(pathname)).toBe(expected);
  });
});

describe('cleanRoomInput', () => {
  it('leaves an acceptable name alone and gives its backend form', () => {
    expect(cleanRoomInput('My Room')).toEqual({
      cleaned: 'My Room',
      removed: [],
      changed: false,
      backendRoom: 'my%20room',
    });
  });

  it('lists each removed character once, in order of appearance', () => {
    expect(cleanRoomInput('Team (standup)! #1 (b)')).toEqual({
      cleaned: 'Team standup 1 b',
      removed: ['(', ')', '!', '#'],
      changed: true,
      backendRoom: 'team%20standup%201%20b',
    });
  });

  it('keeps non-ASCII text and emoji whole', () => {
    expect(cleanRoomInput('Встреча😀!')).toEqual({
      cleaned: 'Встреча😀',
      removed: ['!'],
      changed: true,
      backendRoom: '%d0%b2%d1%81%d1%82%d1%80%d0%b5%d1%87%d0%b0%f0%9f%98%80',
    });
  });

  it('can leave nothing', () => {
    expect(cleanRoomInput('?!')).toEqual({
      cleaned: '',
      removed: ['?', '!'],
      changed: true,
      backendRoom: '',
    });
  });
});

describe('invisibleCharacters', () => {
  it.each([
    ['myroom', []],
    ['my\u200Broom', ['U+200B']],
    ['\u202Eroom\uFEFF\u202E', ['U+202E', 'U+FEFF']],
    ['soft\u00ADhyphen and \u2066isolate\u2069', ['U+00AD', 'U+2066', 'U+2069']],
    ['Café Встреча', []],
  ])('%j → %j', (text, expected) => {
    expect(invisibleCharacters(text)).toEqual(expected);
  });

  it.each([
    ['\u200B', true],
    ['\u200F', true],
    ['\u2064', true],
    ['\u2065', false],
    ['\uFEFF', true],
    [' ', false],
    ['a', false],
    ['\u200Bx', false],
  ])('isInvisibleCharacter(%j) is %s', (ch, expected) => {
    expect(isInvisibleCharacter(ch)).toBe(expected);
  });
});

describe('tenantProblems', () => {
  const hyphen = {
    code: 'tenant-hyphen',
    title: 'Invalid tenant',
    message: "The tenant you are using is invalid (starts or ends with '-').",
  };
  const tooLong = {
    code: 'tenant-too-long',
    title: 'Invalid tenant',
    message: 'The tenant you are using is too long.',
  };

  it.each([
    ['-acme', [hyphen]],
    ['acme-', [hyphen]],
    ['a/b-', [hyphen]],
    [`-${'a'.repeat(70)}`, [hyphen]],
    ['a'.repeat(64), [tooLong]],
    ['a'.repeat(63), []],
    ['ac-me', []],
    ['', []],
    [null, []],
  ])('%j → %j', (tenant, expected) => {
    expect(tenantProblems(tenant)).toEqual(expected);
  });

  it('counts the percent-encoded tenant the client reads', () => {
    const tenant = meeting(`https://meet.example.com/${'é'.repeat(11)}/Room`).tenant;
    expect(tenant).toHaveLength(66);
    expect(tenantProblems(tenant).map((p) => p.code)).toEqual(['tenant-too-long']);
  });

  it('keeps its texts in a frozen table', () => {
    expect(Object.isFrozen(TENANT_PROBLEM_TEXTS)).toBe(true);
  });
});
