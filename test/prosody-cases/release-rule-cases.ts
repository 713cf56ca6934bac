// Rule cases for the 2020 release line's own refusals and warnings (luajwt2-checks.ts, release-line-warnings.ts):
// for each rule, inputs where it fires and inputs where it does not.

import type { CheckInput, ProsodyVerdict } from '../../src/lib/jitsi/server/check-types';
import {
  ACCEPTED,
  CLAIMS,
  HEADER,
  PEM,
  SETTINGS,
  b64,
  hs,
  input,
  keyServer,
  sign,
  token,
  type RuleCases,
} from './tokens';

/** An input checked as Jitsi 2020 would check it. */
export const legacy = (changes: Partial<CheckInput> = {}): CheckInput =>
  input({ release: 'jitsi-2020', ...changes });

const signed = sign(HEADER, CLAIMS);
const mismatch: Partial<ProsodyVerdict> = {
  accepted: false,
  stage: 'muc',
  error: 'not-allowed',
  reason: 'Room and token mismatched',
};

/** Firing and non-firing cases of the rules only the 2020 release line uses. */
export const RELEASE_RULE_CASES: RuleCases = {
  'token-not-json': {
    fail: [
      {
        name: 'payload not JSON',
        input: legacy({ token: `${signed.h}.${b64('{')}.${signed.s}` }),
        isFirst: true,
      },
      {
        name: 'a character outside base64 in the header',
        input: legacy({ token: `*${hs()}` }),
        isFirst: true,
      },
    ],
    pass: [
      { name: 'well-formed', input: legacy(), verdict: ACCEPTED },
      {
        // Two spaces keep the padding b64_decode adds (it counts them) long enough for the last bytes.
        name: 'white space inside the signature is skipped',
        input: legacy({ token: `${signed.h}.${signed.p}.${signed.s.slice(0, 4)}  ${signed.s.slice(4)}` }),
        verdict: ACCEPTED,
      },
    ],
  },
  'alg-not-string': {
    fail: [
      { name: 'no alg', input: legacy({ token: token({ typ: 'JWT' }, CLAIMS) }), isFirst: true },
      {
        name: 'alg a number',
        input: legacy({ token: token({ typ: 'JWT', alg: 5 }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [{ name: 'alg HS256', input: legacy(), verdict: ACCEPTED }],
  },
  'token-alg-not-supported': {
    fail: [
      {
        name: 'alg none',
        input: legacy({ token: token({ alg: 'none', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
      {
        name: 'alg ES256',
        input: legacy({ token: token({ alg: 'ES256', typ: 'JWT' }, CLAIMS) }),
        isFirst: true,
      },
    ],
    pass: [
      {
        name: 'HS512 with the default settings',
        input: legacy({ token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'alg-claim-empty': {
    fail: [
      { name: 'payload alg none', input: legacy({ token: hs({ alg: 'none' }) }), isFirst: true },
      { name: 'payload alg ""', input: legacy({ token: hs({ alg: '' }) }), isFirst: true },
    ],
    pass: [
      {
        name: 'the current line ignores a payload alg',
        input: input({ token: hs({ alg: 'none' }) }),
        verdict: ACCEPTED,
      },
      { name: 'payload alg HS256', input: legacy({ token: hs({ alg: 'HS256' }) }), verdict: ACCEPTED },
    ],
  },
  'key-server-alg-confusion': {
    fail: [
      {
        name: 'RS256 token to a 2020 key server',
        input: keyServer({ release: 'jitsi-2020' }),
        verdict: ACCEPTED,
      },
      {
        name: 'HS256 token signed with the public key text',
        input: keyServer({
          release: 'jitsi-2020',
          token: token({ alg: 'HS256', typ: 'JWT', kid: 'my_app/key1' }, CLAIMS, PEM),
        }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      { name: 'a current key server', input: keyServer(), verdict: ACCEPTED },
      { name: 'a 2020 app_secret server', input: legacy(), verdict: ACCEPTED },
    ],
  },
  'sub-not-checked': {
    fail: [
      {
        name: 'sub of another domain',
        input: legacy({ token: hs({ sub: 'other.example.com' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'domain verification set off explicitly',
        input: legacy({ settings: { ...SETTINGS, enable_domain_verification: false } }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      {
        name: 'domain verification turned on',
        input: legacy({ settings: { ...SETTINGS, enable_domain_verification: true } }),
        verdict: ACCEPTED,
      },
      { name: 'the current line', input: input(), verdict: ACCEPTED },
    ],
  },
  'tenant-room-needs-star': {
    fail: [
      {
        name: 'tenant meeting, plain room',
        input: legacy({ tenant: 'acme', token: hs({ sub: 'acme' }) }),
        verdict: mismatch,
      },
      {
        name: 'dotted tenant, node with the raw tenant',
        input: legacy({ tenant: 'a.b', token: hs({ room: '[a.b]myroom' }) }),
        verdict: mismatch,
      },
    ],
    pass: [
      { name: 'room *', input: legacy({ tenant: 'acme', token: hs({ room: '*' }) }), verdict: ACCEPTED },
      {
        name: 'room [acme]myroom',
        input: legacy({ tenant: 'acme', token: hs({ room: '[acme]myroom' }) }),
        verdict: ACCEPTED,
      },
      {
        name: 'domain verification on',
        input: legacy({
          tenant: 'acme',
          token: hs({ sub: 'acme' }),
          settings: { ...SETTINGS, enable_domain_verification: true },
        }),
        verdict: ACCEPTED,
      },
      // The refusal already names the node to write; the note would only repeat it.
      {
        name: 'another room',
        input: legacy({ tenant: 'acme', token: hs({ room: 'other' }) }),
        verdict: mismatch,
      },
      {
        name: 'rooms not checked',
        input: legacy({ tenant: 'acme', mucTokenVerification: false }),
        verdict: ACCEPTED,
      },
      {
        name: 'dotted tenant, node with "_"',
        input: legacy({ tenant: 'a.b', token: hs({ room: '[a_b]myroom' }) }),
        verdict: ACCEPTED,
      },
    ],
  },
  'alg-from-token': {
    fail: [
      {
        name: 'HS512 token',
        input: legacy({ token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS) }),
        verdict: ACCEPTED,
      },
    ],
    pass: [
      { name: 'HS256 token', input: legacy(), verdict: ACCEPTED },
      {
        name: 'the current line with signature_algorithm HS512',
        input: input({
          settings: { ...SETTINGS, signature_algorithm: 'HS512' },
          token: token({ alg: 'HS512', typ: 'JWT' }, CLAIMS),
        }),
        verdict: ACCEPTED,
      },
    ],
  },
};
