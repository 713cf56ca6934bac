// How the checker's messages show Lua values, characters and durations to a person. Wording only: no checks and
// no rule texts (those are in prosody-rules.ts).

import { formatLuaFloat } from './lua-numbers';
import { CJSON_NULL, LUA_FUNCTION, LuaTable, fromLuaString, type LuaSlot, type LuaValue } from './lua-values';

/** The template parameters for a segment that is not base64url: which segment, which character, where. */
export function segmentParams(
  segment: 'header' | 'payload',
  decoded: { badChar: string; index: number },
): Record<string, string> {
  return { segment, character: describeCharacter(decoded.badChar), position: String(decoded.index + 1) };
}

/** Names a character that base64url does not allow, in words a person can find in the token. */
export function describeCharacter(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\n' || char === '\r' || char === '\t') return 'a line break or tab';
  if (char === '+' || char === '/') return `"${char}" (plain base64; base64url uses - and _)`;
  const code = char.charCodeAt(0);
  if (code < 0x20 || code >= 0x7f) return `the byte 0x${code.toString(16).padStart(2, '0')}`;
  return `"${char}"`;
}

/** Shows a claim value for messages: JSON-like, strings quoted, containers named. */
export function describeValue(value: LuaSlot): string {
  if (value === undefined) return 'missing';
  if (value === CJSON_NULL) return 'null';
  if (value === LUA_FUNCTION) return 'a function';
  if (value instanceof LuaTable) return value.isArray ? 'an array' : 'an object';
  if (typeof value === 'string') return JSON.stringify(fromLuaString(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : formatLuaFloat(value);
  return String(value);
}

/** Shows what kind of value a header or payload is, naming the value for numbers and booleans. */
export function describeKind(value: LuaSlot): string {
  if (typeof value === 'number') return `a number (${describeValue(value)})`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (value === CJSON_NULL) return 'null';
  return describeValue(value);
}

/** Shows an accepted-values list (asap_accepted_issuers, audiences) for messages. */
export function describeList(list: readonly LuaValue[] | null): string {
  if (list === null || list.length === 0) return 'nothing';
  return list.map(describeValue).join(', ');
}

/** Shows a number of seconds rounded to milliseconds. */
export function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? String(Math.round(seconds * 1000) / 1000) : String(seconds);
}

/** Shows a caller's value for a checker-error message. */
export function describeInput(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
