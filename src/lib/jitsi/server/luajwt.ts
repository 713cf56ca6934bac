// luajwtjitsi as prosody runs it (L = luajwtjitsi.lib.lua, rules §3.3 and §13): the split on `.` and `\`, basexx
// base64url decoding, and each verify step, on the Lua values of lua-values.ts. Does no crypto: signatures go
// through jws.ts.

import { decodeCjson } from './cjson';
import { floatDifferenceText, luaSubtract } from './lua-numbers';
import { bytesToLuaString, isLuaTruthy, luaEquals, luaIndex, type LuaValue } from './lua-values';

/** The outcome of one step: passed, refused with prosody's reason text, or a Lua error (no clean refusal). */
export type LuaStep =
  { kind: 'ok' } | { kind: 'refused'; reason: string } | { kind: 'lua-error'; detail: string };

const OK = Object.freeze({ kind: 'ok' } as const);

/**
 * `split_token`: the non-empty pieces between separators, where `\` separates as well as `.` (the Lua pattern
 * `[^\\.]+`), so leading, trailing and doubled dots vanish.
 * @see luajwtjitsi.lib.lua split_token (L:59-66); rules §13
 */
export function splitToken(token: string): string[] {
  return token.split(/[.\\]/).filter((piece) => piece.length > 0);
}

/** The bytes of a basexx base64url decode, or the first character outside the alphabet. */
export type Url64Result = { ok: true; bytes: Uint8Array } | { ok: false; badChar: string; index: number };

const URL64_VALUES: Int8Array = (() => {
  const table = new Int8Array(256).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i < alphabet.length; i++) table[alphabet.charCodeAt(i)] = i;
  return table;
})();

/**
 * `basexx.from_url64`: every `=` is skipped wherever it stands, a character outside the alphabet stops the decode
 * (basexx returns `nil, char`), and leftover bits that do not fill a byte are dropped, so no length is invalid.
 * @see luajwtjitsi.lib.lua parse_token (L:76-89); rules §13 "`=` padding is ignored in every segment"
 */
export function fromUrl64(text: string): Url64Result {
  const bytes = new Uint8Array(Math.floor((text.length * 6) / 8));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x3d) continue;
    const value = code < 256 ? (URL64_VALUES[code] as number) : -1;
    if (value < 0) return { ok: false, badChar: text[i] as string, index: i };
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: bytes.subarray(0, out) };
}

/** One decoded JSON segment (header or body) as `parse_token` sees it. */
export type SegmentDecode =
  | { kind: 'ok'; value: LuaValue }
  | { kind: 'not-json'; message: string }
  | { kind: 'lua-error'; detail: string; badChar: string; index: number };

/** What `parse_token` can read from a token, segment by segment, even past its first failure. */
export interface ParsedLuaToken {
  /** `split_token`'s pieces. */
  segments: string[];
  header: SegmentDecode | null;
  body: SegmentDecode | null;
  signature: Url64Result | null;
  /** `strip_signature`: the first two pieces joined with `.`, the exact bytes that are signed. */
  signingInput: string | null;
}

/**
 * Decodes a token the way `parse_token` does, but reads every segment that exists, so later segments can be
 * reported too (the checker reports them in parse_token's order: count, header, body, signature).
 * @see luajwtjitsi.lib.lua parse_token, strip_signature (L:70-108)
 */
export function parseLuaToken(token: string): ParsedLuaToken {
  const segments = splitToken(token);
  const [header, body, signature] = segments;
  return {
    segments,
    header: header === undefined ? null : decodeSegment(header),
    body: body === undefined ? null : decodeSegment(body),
    signature: signature === undefined ? null : fromUrl64(signature),
    signingInput: header !== undefined && body !== undefined ? `${header}.${body}` : null,
  };
}

/**
 * `cjson_safe.decode(basexx.from_url64(segment))`. A character outside base64url makes from_url64 return two
 * values, and cjson.safe's argument check (outside its pcall) raises: a Lua error, not a clean refusal.
 * @see rules §13 "A header or payload segment holding a character outside base64url"
 */
export function decodeSegment(segment: string): SegmentDecode {
  const decoded = fromUrl64(segment);
  if (!decoded.ok) {
    return {
      kind: 'lua-error',
      detail: "bad argument #1 to 'decode' (expected 1 argument)",
      badChar: decoded.badChar,
      index: decoded.index,
    };
  }
  const json = decodeCjson(bytesToLuaString(decoded.bytes));
  return json.ok ? { kind: 'ok', value: json.value } : { kind: 'not-json', message: json.message };
}

/**
 * The first header check: `typ` must be the string "JWT" (L:205-207). A header that is not a table or string raises
 * when indexed.
 */
export function checkTyp(header: LuaValue): LuaStep {
  const typ = luaIndex(header, 'typ', "local 'header'");
  if (!typ.ok) return { kind: 'lua-error', detail: typ.error };
  return typ.value === 'JWT' ? OK : { kind: 'refused', reason: 'Invalid typ' };
}

/** The second header check, after {@link checkTyp}: `alg` must equal the configured algorithm (L:209-211). */
export function checkAlg(header: LuaValue, expectedAlg: string): LuaStep {
  const alg = luaIndex(header, 'alg', "local 'header'");
  if (!alg.ok) return { kind: 'lua-error', detail: alg.error };
  return alg.value === expectedAlg ? OK : { kind: 'refused', reason: 'Invalid or incorrect alg' };
}

/** `exp` / `nbf` present (truthy) but not a number: "exp must be number" (L:218-225); `false` counts as absent. */
export function checkTimeType(body: LuaValue, claim: 'exp' | 'nbf'): LuaStep {
  const value = luaIndex(body, claim, "local 'body'");
  if (!value.ok) return { kind: 'lua-error', detail: value.error };
  if (isLuaTruthy(value.value) && typeof value.value !== 'number')
    return { kind: 'refused', reason: `${claim} must be number` };
  return OK;
}

/** {@link checkExpiry}'s outcome: a refusal also carries the numbers of its message, as Lua prints them. */
export type ExpiryStep =
  | { kind: 'ok' }
  | { kind: 'refused'; reason: string; elapsed: string; validFor: string | null }
  | { kind: 'lua-error'; detail: string };

/**
 * `now >= exp` refuses with "Not acceptable by exp (N sec since expired[, valid for:M sec])", N = now - exp and
 * M = exp - iat printed as Lua 5.4 floats; a non-numeric `iat` raises while the message is built. No leeway.
 * @see luajwtjitsi.lib.lua verify (L:228-234); rules §4
 */
export function checkExpiry(body: LuaValue, now: number): ExpiryStep {
  const exp = luaIndex(body, 'exp', "local 'body'");
  if (!exp.ok) return { kind: 'lua-error', detail: exp.error };
  if (typeof exp.value !== 'number' || !(now >= exp.value)) return OK;
  let validFor: string | null = null;
  const iat = luaIndex(body, 'iat', "local 'body'");
  if (!iat.ok) return { kind: 'lua-error', detail: iat.error };
  if (isLuaTruthy(iat.value)) {
    const difference = luaSubtract(exp.value, iat.value, "field 'iat'");
    if (!difference.ok) return { kind: 'lua-error', detail: difference.error };
    validFor = difference.text;
  }
  const elapsed = floatDifferenceText(now, exp.value);
  const extra = validFor === null ? '' : `, valid for:${validFor} sec`;
  return {
    kind: 'refused',
    reason: `Not acceptable by exp (${elapsed} sec since expired${extra})`,
    elapsed,
    validFor,
  };
}

/** `now < nbf` refuses with "Not acceptable by nbf" (L:236-238); `nbf == now` passes. */
export function checkNotBefore(body: LuaValue, now: number): LuaStep {
  const nbf = luaIndex(body, 'nbf', "local 'body'");
  if (!nbf.ok) return { kind: 'lua-error', detail: nbf.error };
  if (typeof nbf.value === 'number' && now < nbf.value)
    return { kind: 'refused', reason: 'Not acceptable by nbf' };
  return OK;
}

/**
 * `iss` / `aud` against the accepted list: absent (nil) → "'iss' claim is missing"; otherwise it must equal one
 * entry as a whole value, or the list holds `*` (L:240-258, verify_claim L:112-124).
 */
export function checkListedClaim(
  body: LuaValue,
  claim: 'iss' | 'aud',
  accepted: readonly LuaValue[],
): LuaStep {
  const value = luaIndex(body, claim, "local 'body'");
  if (!value.ok) return { kind: 'lua-error', detail: value.error };
  if (value.value === undefined) return { kind: 'refused', reason: `'${claim}' claim is missing` };
  if (!isClaimAccepted(value.value, accepted)) return { kind: 'refused', reason: `invalid '${claim}' claim` };
  return OK;
}

/** `verify_claim`: true when the list holds `*` or an entry equal to the claim (L:112-124). */
export function isClaimAccepted(claim: LuaValue, accepted: readonly LuaValue[]): boolean {
  return accepted.some((entry) => entry === '*' || luaEquals(claim, entry));
}
