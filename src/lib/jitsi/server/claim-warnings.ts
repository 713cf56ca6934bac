// Warnings and notes about tokens prosody accepts but that are risky or surprising (rules §7, §10, §13): claim
// habits, context fields of the wrong type, room claims that are not encoded, token format quirks. Never refuses.

import type { CheckContext, Claims } from './check-context';
import { backendSafePath, backendSafeRoomName, mucSubdomainOf } from '../client/client-room';
import { CJSON_NULL, LuaTable, fromLuaString, luaLower, type LuaSlot } from './lua-values';
import { isClaimAccepted, type ParsedLuaToken } from './luajwt';
import { describeValue, formatSeconds } from './check-wording';

const MILLISECONDS_THRESHOLD = 1e11;
const LONG_LIFETIME_SECONDS = 7 * 86400;
// context.user fields that mod_token_affiliation and JaaS document as booleans.
const BOOLEAN_USER_FIELDS = new Set(['moderator', 'hidden-from-recorder']);

/** Notes accepted-but-risky claim habits (rules §7, §10, §13). */
export function warnAboutClaims(ctx: CheckContext, claims: Claims): void {
  const { rec, now, config } = ctx;
  if (!(claims.body instanceof LuaTable)) return;
  const body = claims.body;
  if (body.get('moderator') !== undefined) rec.note('moderator-top-level');
  const exp = body.get('exp');
  const iat = body.get('iat');
  if (exp === undefined) rec.note('exp-missing');
  for (const claim of ['exp', 'nbf'] as const) {
    if (body.get(claim) === false) rec.note('time-claim-false', { claim }, ['payload', claim]);
  }
  if (typeof exp === 'number' && exp > MILLISECONDS_THRESHOLD) {
    rec.note('exp-milliseconds', { exp: describeValue(exp) });
  } else if (typeof exp === 'number') {
    const start = typeof iat === 'number' ? iat : now;
    if (exp - start > LONG_LIFETIME_SECONDS)
      rec.note('lifetime-long', { days: String(Math.round((exp - start) / 86400)) });
  }
  if (typeof iat === 'number' && iat > now)
    rec.note('iat-future', { iat: describeValue(iat), ahead: formatSeconds(iat - now) });
  const aud = body.get('aud');
  if (aud !== undefined && isClaimAccepted(aud, config.acceptedAudiences)) {
    if (aud === CJSON_NULL) rec.note('aud-null-accepted');
    if (aud instanceof LuaTable) rec.note('aud-array');
  }
  warnAboutContext(ctx, claims.context);
  warnAboutRoomClaim(ctx, claims);
  const sub = body.get('sub');
  if (
    !config.enableDomainVerification &&
    typeof sub === 'string' &&
    sub !== '*' &&
    sub.includes('.') &&
    luaLower(sub) !== ctx.domain
  ) {
    rec.note('sub-hostname', { value: describeValue(sub), domain: fromLuaString(ctx.domain) });
  }
}

function warnAboutContext(ctx: CheckContext, context: LuaSlot): void {
  const { rec } = ctx;
  if (context === undefined) {
    rec.note('context-missing');
    return;
  }
  if (!(context instanceof LuaTable)) return;
  const user = context.get('user');
  if (user instanceof LuaTable) {
    for (const [field, value] of user.fields) {
      if (typeof value !== 'string' && !BOOLEAN_USER_FIELDS.has(field)) {
        const name = fromLuaString(field);
        rec.note('user-field-not-string', { field: name, value: describeValue(value) }, [
          'payload',
          'context',
          'user',
          name,
        ]);
      }
    }
  }
  const features = context.get('features');
  if (features instanceof LuaTable) {
    for (const [feature, value] of features.fields) {
      // "true" and "false" are what every release's is_feature_allowed and the client read; other text is off.
      if (typeof value === 'string' && value !== 'true' && value !== 'false') {
        const name = fromLuaString(feature);
        const lower = value.trim().toLowerCase();
        const suggested = lower === 'true' || lower === 'false' ? `"${lower}"` : '"true" (or "false")';
        rec.note('feature-value-string', { feature: name, value: describeValue(value), suggested }, [
          'payload',
          'context',
          'features',
          name,
        ]);
      }
    }
  }
}

// U:409-416 lower-cases the room claim but never URL-encodes it, while the client sends the encoded room.
function warnAboutRoomClaim(ctx: CheckContext, claims: Claims): void {
  const room = claims.room;
  if (typeof room !== 'string' || room === '*' || room === '') return;
  const contextRoom = claims.context instanceof LuaTable ? claims.context.get('room') : undefined;
  const regex = contextRoom instanceof LuaTable ? contextRoom.get('regex') : undefined;
  if (regex === true || regex === 'true') return;
  const expected = serverFormOfRoomClaim(fromLuaString(room));
  if (expected === room) return;
  const why =
    luaLower(room) === expected
      ? 'it has upper-case letters, which is harmless because the server lower-cases both sides'
      : 'the meeting URL room arrives lower-cased and URL-encoded (a space as %20, é as %c3%a9), while the claim is compared as written';
  ctx.rec.note('room-claim-not-encoded', { claim: describeValue(room), why, expected });
}

// A literal `[tenant]room` claim (rules §15) is compared with the `[subdomain]room` node part by part: the tenant as
// the MUC subdomain (rules §14), the room as the client encodes it; the brackets themselves are never encoded.
function serverFormOfRoomClaim(room: string): string {
  const parts = /^\[([^\]]+)\](.+)$/s.exec(room);
  if (!parts) return backendSafeRoomName(room);
  const [, tenant = '', name = ''] = parts;
  return `[${mucSubdomainOf(backendSafePath(tenant))}]${backendSafeRoomName(name)}`;
}

/** Notes token format quirks prosody tolerates but other tools reject. */
export function warnAboutFormat(ctx: CheckContext, token: string, parsed: ParsedLuaToken): void {
  if (parsed.segments.length !== 3) return;
  const quirks: string[] = [];
  const dotted = token.split('.');
  if (token.includes('\\')) quirks.push('a backslash separates parts');
  if (dotted.some((part) => part === '')) quirks.push('empty parts from extra dots');
  if (token.includes('=')) quirks.push('"=" padding');
  if (quirks.length > 0) ctx.rec.note('token-format-quirk', { quirk: quirks.join(', ') });
}
