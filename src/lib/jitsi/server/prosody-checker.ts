// The prosody checker: runs a token through Jitsi's own verification order (rules §3 auth, §6 room join) and
// reports the verdict Jitsi reaches plus every other problem and risky-but-accepted habit it finds. Pure: no DOM, no
// clock, no network (the caller hands over what the key server would serve). This module orchestrates the stages;
// each stage lives in its own module and the rule texts in prosody-rules.ts.

import { decodeToken } from '../../jwt/token-codec';
import { backendSafePath, backendSafeRoomName, mucSubdomainOf } from '../client/client-room';
import { checkConfig, noteShortSecret, verifyWithLuajwt3 } from './auth-checks';
import { readField, type CheckContext, type TokenVerification } from './check-context';
import type { CheckInput, CheckResult, ExpectedClaims } from './check-types';
import { describeInput } from './check-wording';
import { warnAboutClaims, warnAboutFormat } from './claim-warnings';
import { FindingRecorder } from './finding-recorder';
import { fromLuaString, toLuaString, type LuaValue } from './lua-values';
import { effectiveProsodyConfig, type EffectiveProsodyConfig } from './prosody-settings';
import { checkRoomAddress, checkRoomJoin } from './room-checks';
import { DEFAULT_RELEASE_LINE, RELEASE_LINE_IDS, isReleaseLineId } from './release-line-id';
import { noteReleaseLineHoles, warnAboutReleaseLine } from './release-line-warnings';
import { RELEASE_LINES, tenantRoomNode, type ReleaseLine } from './release-lines';
import { chooseKey, type KeyChoice } from './signature-check';

// The token library each release line runs (release-lines.ts `verifier`); an older line's is loaded when first asked.
const VERIFIERS: Readonly<
  Record<
    ReleaseLine['verifier'],
    (ctx: CheckContext, raw: string, key: KeyChoice) => Promise<TokenVerification>
  >
> = Object.freeze({
  'luajwtjitsi-3': verifyWithLuajwt3,
  'luajwtjitsi-2': async (ctx, raw, key) =>
    (await import('./luajwt2-checks')).verifyWithLuajwt2(ctx, raw, key),
});

/**
 * Checks a token the way prosody would, never throwing: the verdict is the first refusal in Jitsi's real order
 * (rules §3, §6), the findings list every problem and warning.
 * @see jitsi-token-rules.md §3, §6, §8, §13
 */
export async function checkToken(input: CheckInput): Promise<CheckResult> {
  try {
    return await runCheck(input);
  } catch (error) {
    return checkerError(error instanceof Error ? error.message : String(error));
  }
}

// The input cannot be checked (or the checker has a bug): said as a verdict, never as a guess.
function checkerError(detail: string): CheckResult {
  return {
    verdict: { accepted: false, stage: 'auth', error: 'checker-error', reason: null, detail },
    findings: [],
    signature: { state: 'not-checked', message: `The checker failed: ${detail}` },
    decoded: null,
    expected: null,
  };
}

async function runCheck(input: CheckInput): Promise<CheckResult> {
  // os.time() is whole seconds; a clock that is not a number is the caller's mistake, not a server state.
  if (typeof input.now !== 'number' || !Number.isFinite(input.now)) {
    return checkerError(`now must be a finite number of seconds, got ${describeInput(input.now)}`);
  }
  // nameprep lower-cases the XMPP domain; the client makes the tenant backend-safe (jitsi-client-rules.md §6).
  const domain = String(input.domain ?? '').toLowerCase();
  const release: unknown = input.release ?? DEFAULT_RELEASE_LINE;
  if (!isReleaseLineId(release)) {
    return checkerError(
      `release must be one of ${RELEASE_LINE_IDS.join(', ')}, got ${describeInput(release)}`,
    );
  }
  const line = RELEASE_LINES[release];
  const config = effectiveProsodyConfig(input.settings, domain, line);
  const rec = new FindingRecorder(line.verdicts);
  const token = typeof input.token === 'string' ? input.token : null;
  const decoded = token === null ? null : decodeToken(token);
  const tenantText = typeof input.tenant === 'string' && input.tenant !== '' ? input.tenant : null;
  const tenant = tenantText === null ? null : backendSafePath(tenantText);
  const room = backendSafeRoomName(typeof input.room === 'string' ? input.room : String(input.room ?? ''));
  const mucSubdomain = tenant === null ? null : mucSubdomainOf(tenant);
  const ctx: CheckContext = {
    input,
    config,
    line,
    rec,
    now: Math.floor(input.now),
    domain: toLuaString(domain),
    tenant,
    mucSubdomain,
    room,
    // sub names the MUC subdomain, not the raw tenant; a line comparing the whole node wants that node as room.
    expected: expectedClaims(
      config,
      mucSubdomain ?? domain,
      tenantRoomNode(line, config.enableDomainVerification, mucSubdomain, room) ?? room,
    ),
  };

  checkConfig(ctx);
  noteReleaseLineHoles(ctx);
  if (token === null) {
    // No header to take the algorithm from: the setting's (or default) algorithm stands in.
    if (line.algorithmSource === 'header') noteShortSecret(ctx, undefined);
    // U:265-271: no token at all is fine only with allow_empty_token; the join then skips every claim check.
    if (config.allowEmptyToken) {
      checkRoomAddress(ctx);
      if (!rec.verdict) rec.note('anonymous-access');
    } else {
      rec.fail('token-required');
    }
    return rec.result(
      { state: 'not-checked', message: 'There is no token to check.' },
      decoded,
      ctx.expected,
    );
  }

  const raw = toLuaString(token);
  const key = await chooseKey(ctx, raw);
  const { signature, claims, header, parsed } = await VERIFIERS[line.verifier](ctx, raw, key);
  if (line.algorithmSource === 'header')
    noteShortSecret(ctx, header === null ? undefined : readField(header, 'alg'));
  if (claims) {
    // The join-time check is mod_token_verification's, on the MUC component; without it no room is compared.
    if (input.mucTokenVerification === false)
      rec.note('room-not-checked', { domain: fromLuaString(ctx.domain) || '<your domain>' });
    else checkRoomJoin(ctx, claims);
    warnAboutClaims(ctx, claims);
    warnAboutReleaseLine(ctx, claims, header);
  }
  // Format quirks are those parse_token tolerates; a library without parse_token has its own verdicts for them.
  if (parsed) warnAboutFormat(ctx, token, parsed);
  return rec.result(signature, decoded, ctx.expected);
}

function expectedClaims(config: EffectiveProsodyConfig, sub: string, backendRoom: string): ExpectedClaims {
  const issuer = firstConcrete(config.acceptedIssuers);
  const audience = firstConcrete(config.acceptedAudiences);
  return {
    algorithm: config.algorithm,
    issuer: issuer === undefined ? (config.appId ?? '') : fromLuaString(issuer),
    audience: audience === undefined ? 'jitsi' : fromLuaString(audience),
    sub,
    backendRoom,
  };
}

function firstConcrete(list: readonly LuaValue[] | null): string | undefined {
  const first = list?.find((entry) => typeof entry === 'string' && entry !== '*');
  return typeof first === 'string' ? first : undefined;
}
