// Records what the Jitsi server's OpenSSL makes of many key texts, by running luaossl's pkey.new (the call prosody's
// luajwtjitsi makes) on each: test/fixtures/keys/openssl-key-readings.json. Run by hand on Debian 12 with
// `apt-get install lua5.4 lua-luaossl`; the unit tests replay the file against openssl-pem.ts without Lua.
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const LUA = `
local pkey = require "openssl.pkey"
local f = io.open(arg[1], "rb"); local text = f:read("a"); f:close()
local ok, key = pcall(pkey.new, text)
if not ok then io.write("crash\\n", key) return end
local isPrivate = pcall(function() return key:toPEM("private") end)
io.write(isPrivate and "private\\n" or "public\\n", key:type(), "\\n", key:toPEM("public"))
`;

const pem = (key, type) => key.export({ format: 'pem', type }).toString();
const rsa = () => generateKeyPairSync('rsa', { modulusLength: 1024 });
const a = rsa();
const b = rsa();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pss = generateKeyPairSync('rsa-pss', { modulusLength: 1024 });
const ed = generateKeyPairSync('ed25519');
const spki = pem(a.publicKey, 'spki');
const p8 = pem(a.privateKey, 'pkcs8');
const p1 = pem(a.privateKey, 'pkcs1');
const p1pub = pem(a.publicKey, 'pkcs1');
const bSpki = pem(b.publicKey, 'spki');
const bP8 = pem(b.privateKey, 'pkcs8');
const encrypted8 = a.privateKey
  .export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: 'x' })
  .toString();
const encrypted1 = a.privateKey
  .export({ format: 'pem', type: 'pkcs1', cipher: 'aes-256-cbc', passphrase: 'x' })
  .toString();
const body = (text) => text.trim().split('\n').slice(1, -1).join('');
const wrap = (label, b64, width = 64) =>
  `-----BEGIN ${label}-----\n${b64.match(new RegExp(`.{1,${width}}`, 'g')).join('\n')}\n-----END ${label}-----\n`;
const B = body(spki);
const lines = spki.trim().split('\n');
const join_ = (parts) => `${parts.join('\n')}\n`;
const dir = mkdtempSync(join(tmpdir(), 'key-readings-'));
writeFileSync(join(dir, 'a.pem'), p8);
const certificate = execFileSync('openssl', [
  'req',
  '-x509',
  '-key',
  join(dir, 'a.pem'),
  '-subj',
  '/CN=test',
  '-days',
  '1',
]).toString();

const cases = {
  spki,
  pkcs8: p8,
  'pkcs1-private': p1,
  'pkcs1-public': p1pub,
  certificate,
  'certificate-then-key': certificate + spki,
  'key-then-certificate': spki + certificate,
  'rsa-pss-spki': pem(pss.publicKey, 'spki'),
  'rsa-pss-pkcs8': pem(pss.privateKey, 'pkcs8'),
  'ec-spki': pem(ec.publicKey, 'spki'),
  'ec-sec1': pem(ec.privateKey, 'sec1'),
  'ec-pkcs8': pem(ec.privateKey, 'pkcs8'),
  'ed25519-spki': pem(ed.publicKey, 'spki'),
  'encrypted-pkcs8': encrypted8,
  'encrypted-pkcs1': encrypted1,
  'one-long-line': wrap('PUBLIC KEY', B, 1000),
  'lines-of-76': wrap('PUBLIC KEY', B, 76),
  'lines-of-4': wrap('PUBLIC KEY', B, 4),
  'pkcs8-one-long-line': wrap('PRIVATE KEY', body(p8), 5000),
  'all-on-begin-line': spki.replace(/\n/g, ''),
  'body-on-begin-line': `${lines[0]}${lines.slice(1).join('\n')}\n`,
  crlf: spki.replace(/\n/g, '\r\n'),
  'cr-only': spki.replace(/\n/g, '\r'),
  'trailing-spaces': join_(lines.map((l) => `${l}   `)),
  bom: `\ufeff${spki}`,
  'indented-all': join_(lines.map((l) => `  ${l}`)),
  'indented-body': join_([lines[0], ...lines.slice(1, -1).map((l) => `  ${l}`), lines.at(-1)]),
  'indented-end': join_([...lines.slice(0, -1), `  ${lines.at(-1)}`]),
  'tab-before-begin': `\t${spki}`,
  'text-before': `junk before\n${spki}`,
  'text-after': `${spki}junk after\n`,
  'text-before-on-begin-line': `junk ${spki}`,
  'bag-attributes': `Bag Attributes\n    localKeyID: 01 02\n${p8}`,
  'blank-line-in-body': join_([...lines.slice(0, 3), '', ...lines.slice(3)]),
  'blank-line-after-begin': join_([lines[0], '', ...lines.slice(1)]),
  'blank-line-before-end': join_([...lines.slice(0, -1), '', lines.at(-1)]),
  'comment-header': join_([lines[0], 'Comment: hello there', '', ...lines.slice(1)]),
  'short-header': join_([lines[0], 'a:b', '', ...lines.slice(1)]),
  'header-without-blank': join_([lines[0], 'Comment: hello there', ...lines.slice(1)]),
  'no-final-newline': spki.trimEnd(),
  'lower-case-label': spki.replace(/PUBLIC KEY/g, 'public key'),
  'end-label-differs': spki.replace('END PUBLIC KEY', 'END RSA PUBLIC KEY'),
  'no-end-line': join_(lines.slice(0, -1)),
  'escaped-line-breaks': spki.replace(/\n/g, '\\n'),
  'space-inside-body': spki.replace(B.slice(0, 8), `${B.slice(0, 4)} ${B.slice(4, 8)}`),
  'star-inside-body': spki.replace(B.slice(0, 8), `${B.slice(0, 4)}*${B.slice(5, 8)}`),
  'accent-inside-body': spki.replace(B.slice(0, 8), `${B.slice(0, 4)}é${B.slice(5, 8)}`),
  'accent-after-lines': join_([lines[0], ...lines.slice(1, -1).map((l) => `${l}é`), lines.at(-1)]),
  'empty-body': '-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n',
  'truncated-der': wrap('PUBLIC KEY', B.slice(0, 100)),
  'bytes-after-der': wrap('PUBLIC KEY', `${B}AAAA`),
  'padding-in-middle': wrap('PUBLIC KEY', `${B.slice(0, 60)}====${B.slice(60)}`),
  'spki-under-rsa-public-label': wrap('RSA PUBLIC KEY', B),
  'pkcs1-public-under-public-label': wrap('PUBLIC KEY', body(p1pub)),
  'pkcs8-under-rsa-private-label': wrap('RSA PRIVATE KEY', body(p8)),
  'pkcs1-private-under-private-label': wrap('PRIVATE KEY', body(p1)),
  'pkcs8-under-public-label': wrap('PUBLIC KEY', body(p8)),
  'spki-under-private-label': wrap('PRIVATE KEY', B),
  'spki-under-certificate-label': wrap('CERTIFICATE', B),
  'spki-under-unknown-label': wrap('FOO', B),
  'public-then-other-private': spki + bP8,
  'other-private-then-public': bP8 + spki,
  'public-then-other-public': spki + bSpki,
  'broken-private-then-public': wrap('PRIVATE KEY', body(p8).slice(0, 100)) + spki,
  'encrypted-then-public': encrypted8 + spki,
  'unknown-block-then-public': `-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n${spki}`,
  'ec-then-rsa': pem(ec.publicKey, 'spki') + spki,
  'openssh-public': 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC user@host\n',
  'not-a-key': 'hello world\n',
  empty: '',
};

writeFileSync(join(dir, 'read.lua'), LUA);
const readings = Object.entries(cases).map(([name, text]) => {
  writeFileSync(join(dir, 'key.pem'), text);
  const out = execFileSync('lua5.4', [join(dir, 'read.lua'), join(dir, 'key.pem')]).toString('latin1');
  const [verdict, type, ...rest] = out.split('\n');
  const expect =
    verdict === 'crash'
      ? { loads: false, error: [type, ...rest].join(' ').trim() }
      : { loads: true, isPrivate: verdict === 'private', type, publicKey: rest.join('\n') };
  return { name, text, expect };
});
const file = {
  about:
    'Key texts and what luaossl pkey.new (Lua 5.4, lua-luaossl 20220711, OpenSSL 3.0, Debian 12) made of each: ' +
    'loads (private or public, its type and its public key as SPKI PEM) or raises. Recorded by scripts/record-key-readings.mjs.',
  cases: readings,
};
writeFileSync('test/fixtures/keys/openssl-key-readings.json', `${JSON.stringify(file, null, 1)}\n`);
console.log(
  readings
    .map(
      (r) =>
        `${r.name}: ${r.expect.loads ? (r.expect.isPrivate ? 'private ' : 'public ') + r.expect.type : 'crash'}`,
    )
    .join('\n'),
);
