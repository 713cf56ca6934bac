// luajwtjitsi 2.0 as Jitsi shipped it around 2020 (rules §15): `tokenize` into at most three pieces and lbase64
// decoding, on the Lua values of lua-values.ts. The verify steps and their order live in luajwt2-checks.ts; the
// current library is luajwt.ts.

import { decodeCjson } from './cjson';
import { bytesToLuaString, type LuaValue } from './lua-values';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
// lbase64 skips these anywhere in its input.
const SKIPPED = new Set(['\n', '\r', '\t', ' ', '\f', '\b']);

/**
 * `tokenize(token, '.', 3)`: cut at the first two dots, keeping empty pieces; the third piece is the rest (dots
 * included). Fewer than two dots give fewer than three pieces.
 */
export function tokenizeLegacy(token: string): string[] {
  const first = token.indexOf('.');
  if (first < 0) return [token];
  const second = token.indexOf('.', first + 1);
  if (second < 0) return [token.slice(0, first), token.slice(first + 1)];
  return [token.slice(0, first), token.slice(first + 1, second), token.slice(second + 1)];
}

/**
 * luajwtjitsi 2.0 `b64_decode`: pad to a multiple of four with `=`, turn `-`/`_` into `+`/`/`, then lbase64's
 * decode, which skips white space, stops at the first `=` (or NUL byte) and returns nothing (null here) for any
 * other character outside base64.
 * @see moteus/lbase64 lbase64.c Ldecode
 */
export function decodeLegacyBase64(segment: string): Uint8Array | null {
  const padded = segment + '='.repeat((4 - (segment.length % 4)) % 4);
  const text = padded.replace(/-/g, '+').replace(/_/g, '/');
  const out: number[] = [];
  let group: number[] = [];
  for (const char of text) {
    if (char === '=' || char === '\0') {
      // A partial group at "=" gives the bytes it holds; at a NUL byte (the C string's end) it is dropped.
      if (char === '=' && group.length >= 2) pushGroup(out, group, group.length - 1);
      return Uint8Array.from(out);
    }
    if (SKIPPED.has(char)) continue;
    const value = BASE64.indexOf(char);
    if (value < 0) return null;
    group.push(value);
    if (group.length === 4) {
      pushGroup(out, group, 3);
      group = [];
    }
  }
  return Uint8Array.from(out);
}

function pushGroup(out: number[], group: readonly number[], bytes: number): void {
  const [a = 0, b = 0, c = 0, d = 0] = group;
  const tuple = (((a * 64 + b) * 64 + c) * 64 + d) >>> 0;
  const all = [(tuple >> 16) & 0xff, (tuple >> 8) & 0xff, tuple & 0xff];
  out.push(...all.slice(0, bytes));
}

/** A header or body as `cjson.decode(b64_decode(segment))` reads it inside decode's pcall. */
export type LegacySegment = { ok: true; value: LuaValue } | { ok: false; problem: string };

/** Decodes one JSON segment; any failure is caught by decode's pcall and becomes "Invalid json". */
export function decodeLegacySegment(segment: string): LegacySegment {
  const bytes = decodeLegacyBase64(segment);
  if (bytes === null) return { ok: false, problem: 'it holds a character outside base64url' };
  const json = decodeCjson(bytesToLuaString(bytes));
  return json.ok
    ? { ok: true, value: json.value }
    : { ok: false, problem: `it is not JSON (${json.message})` };
}
