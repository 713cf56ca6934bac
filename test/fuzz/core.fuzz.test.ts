// @vitest-environment node
// Property tests over the token codec, the link builder, the client's room rules, the paste reader and the config
// parsers: no exception on any input, and the invariants that make the app trustworthy. Seeded and repeatable;
// FUZZ_RUNS scales every property (default sizes keep CI fast; `npm run fuzz` runs a million each).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodeToken, encodeBase64url, tokenSpans } from '../../src/lib/jwt/token-codec';
import { buildRoomUrl, isSafeLink } from '../../src/lib/jitsi/generate/room-url';
import { backendSafeRoomName, parseMeetingUrl } from '../../src/lib/jitsi/client/client-room';
import { readPastedInput } from '../../src/lib/jitsi/explain/meeting-paste';
import { parseServerConfig } from '../../src/lib/jitsi/config/server-config';
import { buildClaimTemplate, DEFAULT_GENERATOR_SETTINGS } from '../../src/lib/jitsi/generate/claim-template';
import { secretToKey, signToken } from '../../src/lib/jwt/jws';

const SCALE = Number(process.env['FUZZ_RUNS'] ?? 0);
const runs = (base: number) => (SCALE > 0 ? SCALE : base);
const SEED = 20261128;

describe('token codec', () => {
  it('decodes any string without throwing, with spans that tile the token', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.base64String()), (raw) => {
        const decoded = decodeToken(raw);
        expect(decoded.raw).toBe(raw);
        const spans = tokenSpans(raw);
        const covered = spans.reduce((n, s) => n + (s.end - s.start), 0);
        expect(covered).toBe(raw.length);
        for (const p of decoded.problems) expect(p.message.length).toBeGreaterThan(0);
      }),
      { seed: SEED, numRuns: runs(30_000) },
    );
  });

  it('round-trips base64url for any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = encodeBase64url(bytes);
        expect(text).toBe(Buffer.from(bytes).toString('base64url'));
        const back = decodeBase64url(text);
        expect(back.ok && Buffer.from(back.bytes).equals(Buffer.from(bytes))).toBe(true);
      }),
      { seed: SEED, numRuns: runs(20_000) },
    );
  });

  it('re-decoding a signed token gives back its claims and a signature node:crypto accepts', async () => {
    const claim = fc.dictionary(
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(claim, fc.string({ minLength: 1, maxLength: 40 }), async (payload, secret) => {
        const result = await signToken({ alg: 'HS256', typ: 'JWT' }, payload, secretToKey(secret));
        if (!result.ok) throw new Error(result.message);
        const decoded = decodeToken(result.token);
        expect(decoded.problems).toEqual([]);
        expect(decoded.payload.ok && decoded.payload.value).toEqual(payload);
        const [h, p, s] = result.token.split('.');
        expect(createHmac('sha256', secret).update(`${h}.${p}`).digest('base64url')).toBe(s);
      }),
      { seed: SEED, numRuns: runs(5_000) },
    );
  });
});

describe('link builder and client room rules', () => {
  const host = fc.oneof(
    fc.domain(),
    fc.string(),
    fc.constantFrom(
      'javascript:alert(1)',
      'data:text/html,x',
      '"><script>',
      'meet.example.com:8443',
      '[::1]',
    ),
  );
  const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));

  it('every link it builds is https, on the given host, and its room is what the token claims', () => {
    fc.assert(
      fc.property(host, text, text, (h, tenant, room) => {
        const result = buildRoomUrl({ host: h, tenant, room, token: 'a.b.c' });
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          return;
        }
        const url = new URL(result.url.href);
        expect(url.protocol).toBe('https:');
        expect(isSafeLink(result.url.href)).toBe(true);
        expect(url.searchParams.get('jwt')).toBe('a.b.c');
        expect(url.hash).toBe('');
        const client = parseMeetingUrl(result.url.baseHref);
        expect(client.ok && client.url.backendRoom).toBe(result.url.backendRoom);
        const template = buildClaimTemplate(
          { ...structuredClone(DEFAULT_GENERATOR_SETTINGS), domain: h, room },
          result.url,
          1_800_000_000,
        );
        expect(template.payload['room']).toBe(result.url.backendRoom);
      }),
      { seed: SEED, numRuns: runs(15_000) },
    );
  });

  it('backend-safe room names are stable and lower-case', () => {
    fc.assert(
      fc.property(text, (room) => {
        const safe = backendSafeRoomName(room);
        expect(safe).toBe(safe.toLowerCase());
        if (room) expect(backendSafeRoomName(safe)).toBe(safe);
      }),
      { seed: SEED, numRuns: runs(10_000) },
    );
  });
});

describe('paste reader and config parsers', () => {
  const pasteText = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.tuple(fc.string(), fc.base64String(), fc.string()).map(([a, b, c]) => `${a}eyJ${b}.eyJ${b}.${c}`),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
  );

  it('reads any paste without throwing, and a found token has no whitespace', () => {
    fc.assert(
      fc.property(pasteText, (raw) => {
        const reading = readPastedInput(raw);
        if (reading.token !== null) expect(/\s/.test(reading.token)).toBe(false);
        for (const note of reading.notes) expect(typeof note).toBe('string');
      }),
      { seed: SEED, numRuns: runs(10_000) },
    );
  });

  const luaish = fc
    .array(
      fc.oneof(
        fc.constantFrom(
          'VirtualHost "meet.example.com"\n',
          'authentication = "token"\n',
          "app_id = 'my_app'\n",
          'app_secret = "s3cret"\n',
          'asap_accepted_issuers = { "a", "b"; }\n',
          'allow_empty_token = true\n',
          '-- comment\n',
          '--[[ block ]]\n',
          'os.execute("rm -rf /")\n',
          'Component "conference.meet.example.com" "muc"\n',
          'JWT_APP_ID=my_app\n',
          'export JWT_APP_SECRET="x"\n',
          '{ { {\n',
          '"unterminated\n',
          '[[long\n',
        ),
        fc.string(),
      ),
      { maxLength: 12 },
    )
    .map((parts) => parts.join(''));

  it('parses any config text without throwing or executing anything', () => {
    fc.assert(
      fc.property(luaish, (raw) => {
        const parsed = parseServerConfig(raw);
        expect(['prosody', 'env', 'unknown']).toContain(parsed.format);
        for (const item of parsed.understood) expect(typeof item.value).toBe('string');
      }),
      { seed: SEED, numRuns: runs(10_000) },
    );
  });
});
