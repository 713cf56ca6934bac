// The auth-stage checks of the 2020 release line (rules §15): luajwtjitsi 2.0 `decode(token, key, true)` and the
// 2020 `Util:verify_token` after it, in their order. The key comes from signature-check.ts as for the current line;
// the room join and the warnings are shared with it.

import { isJitsiAlgorithm } from '../../jwt/jws';
import { readField, type CheckContext, type Claims, type TokenVerification } from './check-context';
import type { SignatureStatus } from './check-types';
import { describeKind, describeList, describeValue, formatSeconds } from './check-wording';
import { formatLuaFloat } from './lua-numbers';
import { LuaTable, isLuaTruthy, luaIndex, luaType, type LuaValue } from './lua-values';
import { isClaimAccepted } from './luajwt';
import { decodeLegacyBase64, decodeLegacySegment, tokenizeLegacy } from './luajwt2';
import { judgeSignature, type KeyChoice } from './signature-check';

const notChecked = (message: string): SignatureStatus => ({ state: 'not-checked', message });

/**
 * Checks a token as luajwtjitsi 2.0 `decode` and the 2020 `verify_token` do: three pieces, one pcall around both
 * JSON decodes, typ, alg from the header, exp/nbf types, the signature with the header's alg, exp, nbf, then the
 * claims (payload alg, iss, room, aud). The first refusal is the verdict; the rest are reported as well.
 * @see luajwtjitsi 2.0 decode; jitsi-meet token/util.lib.lua at e103757f Util:verify_token; rules §15
 */
export async function verifyWithLuajwt2(
  ctx: CheckContext,
  raw: string,
  key: KeyChoice,
): Promise<TokenVerification> {
  const { rec } = ctx;
  const pieces = tokenizeLegacy(raw);
  const [headerText, bodyText, signatureText] = pieces;
  if (headerText === undefined || bodyText === undefined || signatureText === undefined) {
    const dots = pieces.length - 1;
    rec.fail('invalid-token', {
      problem: `it has ${dots === 0 ? 'no "."' : 'only one "."'}, and this release needs header.payload.signature`,
    });
    return { signature: notChecked('The token has no signature segment.'), claims: null, header: null };
  }
  const header = decodeLegacySegment(headerText);
  const body = decodeLegacySegment(bodyText);
  if (!header.ok || !body.ok) {
    const [segment, problem] = !header.ok
      ? ['header', header.problem]
      : ['payload', (body as { problem: string }).problem];
    rec.fail('token-not-json', { segment, problem });
    return { signature: notChecked(`The ${segment} cannot be read.`), claims: null, header: null };
  }
  const signatureBytes = decodeLegacyBase64(signatureText);

  // decode: typ, then alg (a string), then the exp and nbf types, then the algorithm, then the signature.
  const typ = luaIndex(header.value, 'typ', "local 'header'");
  if (!typ.ok) {
    rec.fail('header-not-object', { kind: describeKind(header.value) }, { detail: typ.error });
    return { signature: notChecked('The header is not an object.'), claims: null, header: null };
  }
  if (!isLuaTruthy(typ.value) || typ.value !== 'JWT')
    rec.fail('typ-invalid', { value: describeValue(typ.value) });
  const alg = readField(header.value, 'alg');
  if (!isLuaTruthy(alg) || typeof alg !== 'string') rec.fail('alg-not-string', { value: describeValue(alg) });
  const claims = readBody(ctx, body.value);
  if (!claims)
    return { signature: notChecked('The payload is not an object.'), claims: null, header: header.value };
  for (const claim of ['exp', 'nbf'] as const) {
    const value = readField(claims.body, claim);
    if (isLuaTruthy(value) && typeof value !== 'number')
      rec.fail(`${claim}-not-number`, { value: describeValue(value) });
  }
  let signature: SignatureStatus;
  if (typeof alg === 'string' && !isJitsiAlgorithm(alg)) {
    rec.fail('token-alg-not-supported', { value: describeValue(alg) });
    signature = notChecked(`"alg" is ${describeValue(alg)}: no algorithm this release can verify.`);
  } else if (typeof alg !== 'string' || !isJitsiAlgorithm(alg)) {
    signature = notChecked('The header names no algorithm.');
  } else if (signatureBytes === null) {
    // lbase64 returns nothing for the signature; nothing never equals the HMAC.
    rec.fail('signature-invalid', { key: key.kind === 'pem' ? 'public key' : 'app secret' });
    signature = { state: 'invalid', message: 'The signature segment is not base64url.' };
  } else {
    signature = await judgeSignature(ctx, alg, `${headerText}.${bodyText}`, signatureBytes, key, true);
  }
  checkTimes(ctx, claims.body);
  checkClaims(ctx, claims);
  return { signature, claims, header: header.value };
}

// decode reads body.exp after the typ and alg checks: a body that cannot be indexed raises there.
function readBody(ctx: CheckContext, body: LuaValue): Claims | null {
  if (!(body instanceof LuaTable) && typeof body !== 'string') {
    ctx.rec.fail(
      'payload-not-object',
      { kind: describeKind(body) },
      { detail: `attempt to index a ${luaType(body)} value (local 'body')` },
    );
    return null;
  }
  return { body, room: readField(body, 'room'), context: readField(body, 'context') };
}

// decode: `os.time() >= body.exp` and `os.time() < body.nbf`, with no numbers in the messages.
function checkTimes(ctx: CheckContext, body: LuaTable | string): void {
  const { rec, now } = ctx;
  const exp = readField(body, 'exp');
  if (typeof exp === 'number' && now >= exp) {
    const iat = readField(body, 'iat');
    rec.fail('token-expired', {
      now: String(now),
      exp: describeValue(exp),
      elapsed: formatSeconds(now - exp),
      luaElapsed: formatLuaFloat(now - exp),
      validFor: typeof iat === 'number' ? `, valid for:${formatLuaFloat(exp - iat)} sec` : '',
    });
  }
  const nbf = readField(body, 'nbf');
  if (typeof nbf === 'number' && now < nbf) {
    rec.fail('token-not-yet-valid', {
      nbf: describeValue(nbf),
      now: String(now),
      ahead: formatSeconds(nbf - now),
    });
  }
}

// Util:verify_token (2020): the payload's alg, iss, the room claim, aud; then the binding reads context.user.
function checkClaims(ctx: CheckContext, claims: Claims): void {
  const { rec, config, expected } = ctx;
  const field = (name: string) => readField(claims.body, name);
  const bodyAlg = field('alg');
  if (bodyAlg === 'none' || bodyAlg === '') rec.fail('alg-claim-empty', { value: describeValue(bodyAlg) });
  const iss = field('iss');
  const issParams = {
    value: describeValue(iss),
    accepted: describeList(config.acceptedIssuers),
    expected: expected.issuer,
  };
  if (iss === undefined) rec.fail('iss-missing', issParams);
  else if (!isClaimAccepted(iss, config.acceptedIssuers ?? [])) rec.fail('iss-invalid', issParams);
  if (config.requireRoomClaim && claims.room === undefined) rec.fail('room-claim-missing');
  const aud = field('aud');
  const audParams = {
    value: describeValue(aud),
    accepted: describeList(config.acceptedAudiences),
    expected: expected.audience,
  };
  if (aud === undefined) rec.fail('aud-missing', audParams);
  else if (!isClaimAccepted(aud, config.acceptedAudiences)) rec.fail('aud-invalid', audParams);
  const context = claims.context;
  if (context !== undefined && !(context instanceof LuaTable) && typeof context !== 'string') {
    rec.fail(
      'context-not-object',
      { value: describeValue(context) },
      { detail: `attempt to index a ${luaType(context)} value (field '?')` },
    );
  }
}
