// The auth-stage checks (rules §3): the VirtualHost set-up, then parse_token's segments, the header and the body
// claims (time, issuer, audience, room claim presence), in prosody's order. Key choice and the signature live in
// signature-check.ts, the room join in room-checks.ts.

import { isJitsiAlgorithm } from '../../jwt/jws';
import type { CheckContext, Claims, TokenVerification } from './check-context';
import { checkSignature, type KeyChoice } from './signature-check';
import { LuaTable, luaType, type LuaSlot, type LuaValue } from './lua-values';
import {
  checkAlg,
  checkExpiry,
  checkListedClaim,
  checkNotBefore,
  checkTimeType,
  checkTyp,
  parseLuaToken,
  type ParsedLuaToken,
  type SegmentDecode,
} from './luajwt';
import {
  segmentParams,
  describeCharacter,
  describeValue,
  describeKind,
  describeList,
  formatSeconds,
} from './check-wording';
import { readField } from './check-context';

// RFC 7518 §3.2: an HMAC key should be at least as long as the hash output.
const MIN_SECRET_BYTES: Readonly<Record<string, number>> = Object.freeze({ HS256: 32, HS384: 48, HS512: 64 });

/**
 * Checks the VirtualHost set-up that decides whether token authentication is on at all.
 * Util.new (U:55-140): the token module is not set up at all without app_id or any key source.
 */
export function checkConfig(ctx: CheckContext): void {
  const { config, rec } = ctx;
  if (config.authentication !== undefined && config.authentication !== 'token') {
    rec.fail('auth-not-token', { authentication: config.authentication });
  }
  if (config.appId === undefined) rec.fail('app-id-missing');
  if (config.appSecret === undefined && !config.isPublicKeyMode) rec.fail('key-config-missing');
  // A line that takes the algorithm from the token judges the secret once the header is read (noteShortSecret).
  if (ctx.line.algorithmSource === 'setting') noteShortSecret(ctx, config.algorithm);
}

/**
 * Notes an app_secret shorter than the HMAC algorithm the server verifies with wants: the setting's algorithm, or on
 * a line that takes it from the token (rules §15) the header's, falling back to the setting without a usable one.
 */
export function noteShortSecret(ctx: CheckContext, alg: LuaSlot): void {
  const { config, rec } = ctx;
  const used = isJitsiAlgorithm(alg) ? alg : config.algorithm;
  const minimum = MIN_SECRET_BYTES[used];
  if (minimum !== undefined && config.appSecret !== undefined && !config.isPublicKeyMode) {
    const length = new TextEncoder().encode(config.appSecret).length;
    if (length < minimum) {
      rec.note('secret-short', { length: String(length), alg: used, minimum: String(minimum) });
    }
  }
}

/** Refuses a `signature_algorithm` that luajwtjitsi cannot verify (rules §5). */
export function checkAlgorithmSetting(ctx: CheckContext): void {
  if (!isJitsiAlgorithm(ctx.config.algorithm))
    ctx.rec.fail('algorithm-not-supported', { alg: ctx.config.algorithm });
}

/** Reports what parse_token (L:59-89) refuses: segment count, then header, body and signature encodings. */
export function checkSegments(ctx: CheckContext, raw: string, parsed: ParsedLuaToken): void {
  const { rec } = ctx;
  const count = parsed.segments.length;
  // In key-server mode a token without any "." was already refused as such while looking for its kid (chooseKey).
  if (count !== 3 && !rec.fired.has('invalid-token')) {
    const problem =
      count === 0
        ? 'it is empty (or only dots)'
        : `it has ${count} non-empty part${count === 1 ? '' : 's'} between dots, and prosody needs exactly three`;
    rec.fail('invalid-token', { problem });
  }
  // A lone piece is not worth decoding: "Invalid token" already says it all.
  if (count < 2) return;
  // In key-server mode the same header text was already judged before the first "." (chooseKey).
  const isHeaderJudged = ctx.config.isPublicKeyMode && raw.startsWith(`${parsed.segments[0] ?? ''}.`);
  if (!isHeaderJudged) reportSegment(ctx, parsed.header, 'header', 'invalid-header');
  reportSegment(ctx, parsed.body, 'payload', 'invalid-body');
  if (parsed.signature && !parsed.signature.ok) {
    rec.fail('invalid-signature-encoding', { character: describeCharacter(parsed.signature.badChar) });
  }
}

function reportSegment(
  ctx: CheckContext,
  segment: SegmentDecode | null,
  name: 'header' | 'payload',
  ruleId: 'invalid-header' | 'invalid-body',
): void {
  if (segment?.kind === 'lua-error') {
    ctx.rec.fail('segment-not-base64url', segmentParams(name, segment), {
      path: [name],
      detail: segment.detail,
    });
  } else if (segment?.kind === 'not-json') {
    ctx.rec.fail(ruleId, { problem: segment.message });
  }
}

/**
 * Checks the header's typ and alg against the server.
 * L:205-211, typ then alg, both reported; returns true when prosody would go on to check the signature.
 */
export function checkTokenHeader(ctx: CheckContext, header: LuaValue): boolean {
  const { rec, config } = ctx;
  const typ = checkTyp(header);
  if (typ.kind === 'lua-error') {
    if (!rec.fired.has('header-not-object'))
      rec.fail('header-not-object', { kind: describeKind(header) }, { detail: typ.detail });
    return false;
  }
  // The header is a table or a string, so these reads cannot raise.
  if (typ.kind === 'refused') rec.fail('typ-invalid', { value: describeValue(readField(header, 'typ')) });
  const alg = checkAlg(header, config.algorithm);
  if (alg.kind === 'refused') {
    rec.fail('alg-mismatch', { value: describeValue(readField(header, 'alg')), expected: config.algorithm });
  }
  return typ.kind === 'ok' && alg.kind === 'ok';
}

/**
 * Checks the body claims prosody verifies before the room join and returns what the join needs.
 * L:218-258 then U:325-362: claim types, time, issuer, audience, the room claim and the context binding.
 */
export function checkBody(ctx: CheckContext, segment: SegmentDecode | null): Claims | null {
  const { rec, config, now } = ctx;
  if (segment?.kind !== 'ok') return null;
  const body = segment.value;
  if (!(body instanceof LuaTable) && typeof body !== 'string') {
    rec.fail(
      'payload-not-object',
      { kind: describeKind(body) },
      { detail: `attempt to index a ${luaType(body)} value (local 'body')` },
    );
    return null;
  }
  const field = (name: string): LuaSlot => readField(body, name);
  for (const claim of ['exp', 'nbf'] as const) {
    if (checkTimeType(body, claim).kind === 'refused')
      rec.fail(`${claim}-not-number`, { value: describeValue(field(claim)) });
  }
  const expiry = checkExpiry(body, now);
  const exp = field('exp');
  if (expiry.kind === 'refused' && typeof exp === 'number') {
    rec.fail('token-expired', {
      now: String(now),
      exp: describeValue(exp),
      elapsed: formatSeconds(now - exp),
      luaElapsed: expiry.elapsed,
      validFor: expiry.validFor === null ? '' : `, valid for:${expiry.validFor} sec`,
    });
  } else if (expiry.kind === 'lua-error') {
    rec.fail('iat-not-number', { value: describeValue(field('iat')) }, { detail: expiry.detail });
  }
  const nbf = field('nbf');
  if (checkNotBefore(body, now).kind === 'refused' && typeof nbf === 'number') {
    rec.fail('token-not-yet-valid', {
      nbf: describeValue(nbf),
      now: String(now),
      ahead: formatSeconds(nbf - now),
    });
  }
  checkIssuerOrAudience(ctx, body, 'iss', config.acceptedIssuers);
  checkIssuerOrAudience(ctx, body, 'aud', config.acceptedAudiences);
  const room = field('room');
  if (config.requireRoomClaim && room === undefined) rec.fail('room-claim-missing');
  const context = field('context');
  if (context !== undefined && !(context instanceof LuaTable) && typeof context !== 'string') {
    rec.fail(
      'context-not-object',
      { value: describeValue(context) },
      { detail: `attempt to index a ${luaType(context)} value (field 'context')` },
    );
  }
  return { body, room, context };
}

function checkIssuerOrAudience(
  ctx: CheckContext,
  body: LuaTable | string,
  claim: 'iss' | 'aud',
  accepted: readonly LuaValue[] | null,
): void {
  const { rec, expected } = ctx;
  const value = body instanceof LuaTable ? body.get(claim) : undefined;
  const params = {
    value: describeValue(value),
    accepted: describeList(accepted),
    expected: claim === 'iss' ? expected.issuer : expected.audience,
  };
  if (accepted === null) {
    if (value === undefined) rec.fail(`${claim}-missing`, params);
    return;
  }
  const step = checkListedClaim(body, claim, accepted);
  if (step.kind !== 'refused') return;
  rec.fail(value === undefined ? `${claim}-missing` : `${claim}-invalid`, params);
}

/**
 * Checks a token as luajwtjitsi 3 `verify` does (rules §3.3): the configured algorithm, parse_token's pieces, the
 * header, the signature, then the body claims.
 * @see luajwtjitsi.lib.lua verify (L:184-261)
 */
export async function verifyWithLuajwt3(
  ctx: CheckContext,
  raw: string,
  key: KeyChoice,
): Promise<TokenVerification> {
  const parsed = parseLuaToken(raw);
  checkAlgorithmSetting(ctx);
  checkSegments(ctx, raw, parsed);
  const header = parsed.header?.kind === 'ok' ? parsed.header.value : null;
  const isHeaderPassed = header !== null && checkTokenHeader(ctx, header);
  const signature = await checkSignature(ctx, parsed, header, key, isHeaderPassed);
  const claims = checkBody(ctx, parsed.body);
  return { signature, claims, header, parsed };
}
