// The compact JWS wire format (RFC 7515 §7.1): splitting, base64url, UTF-8, JSON, and the character spans
// used to colour a token. Knows nothing of signatures (jws.ts) or of Jitsi's own parser quirks (luajwt.ts).

import { isJsonObject, type JsonObject } from './json-types';

/** The three parts of a compact token. */
export type SegmentName = 'header' | 'payload' | 'signature';
const SEGMENT_NAMES = Object.freeze([
  'header',
  'payload',
  'signature',
] as const satisfies readonly SegmentName[]);

/** Stable codes for everything that can be wrong with the wire format. */
export type CodecProblemCode =
  | 'empty-token'
  | 'segment-count'
  | 'segment-empty'
  | 'bad-base64url'
  | 'bad-utf8'
  | 'bad-json'
  | 'not-object';

/** One problem in the wire format, located by segment and character offset in the whole token. */
export interface CodecProblem {
  code: CodecProblemCode;
  segment: SegmentName | null;
  message: string;
  /** Offset in the token string of the offending character, when there is one. */
  offset?: number;
}

/** A decoded JSON segment: the parsed object, or why it could not be parsed. */
export type JsonSegment =
  { ok: true; value: JsonObject; text: string } | { ok: false; problem: CodecProblem; text?: string };

/** Everything that could be read from a token, even a broken one. */
export interface DecodedToken {
  raw: string;
  /** The dot-separated pieces as written (may be fewer or more than three). */
  segments: string[];
  header: JsonSegment;
  payload: JsonSegment;
  signature: { ok: true; bytes: Uint8Array } | { ok: false; problem: CodecProblem };
  /** All problems, in token order. Empty means the wire format is well formed. */
  problems: CodecProblem[];
}

/** A coloured region of the token text. */
export interface TokenSpan {
  part: SegmentName | 'dot' | 'extra';
  start: number;
  end: number;
}

const BASE64URL_CHAR = /^[A-Za-z0-9_-]$/;

/** Result of decoding one base64url string. */
export type Base64urlResult = { ok: true; bytes: Uint8Array } | { ok: false; index: number; reason: string };

/**
 * Decodes unpadded base64url (trailing `=` padding is tolerated). Reports the first bad character's index.
 * @see RFC 7515 §2 (base64url without padding)
 */
export function decodeBase64url(text: string): Base64urlResult {
  let end = text.length;
  while (end > 0 && text[end - 1] === '=') end--;
  for (let i = 0; i < end; i++) {
    const ch = text[i] as string;
    if (!BASE64URL_CHAR.test(ch)) {
      const shown = ch === ' ' ? 'a space' : /\s/.test(ch) ? 'a line break or tab' : `'${ch}'`;
      const hint = ch === '+' || ch === '/' ? ' (that is plain base64; base64url uses - and _)' : '';
      return { ok: false, index: i, reason: `${shown} is not a base64url character${hint}` };
    }
  }
  if (end % 4 === 1)
    return { ok: false, index: end - 1, reason: 'the length is not a valid base64url length' };
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let buffer = 0;
  let bits = 0;
  let out = 0;
  for (let i = 0; i < end; i++) {
    buffer = (buffer << 6) | sextet(text.charCodeAt(i));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[out++] = (buffer >> bits) & 0xff;
    }
  }
  return { ok: true, bytes: bytes.subarray(0, out) };
}

function sextet(code: number): number {
  if (code >= 65 && code <= 90) return code - 65;
  if (code >= 97 && code <= 122) return code - 71;
  if (code >= 48 && code <= 57) return code + 4;
  return code === 45 ? 62 : 63;
}

/** Encodes bytes (or a string, as UTF-8) as unpadded base64url. */
export function encodeBase64url(input: Uint8Array | string): string {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += alphabet[(n >> 18) & 63]! + alphabet[(n >> 12) & 63]!;
    if (i + 1 < bytes.length) out += alphabet[(n >> 6) & 63]!;
    if (i + 2 < bytes.length) out += alphabet[n & 63]!;
  }
  return out;
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += byte.toString(16).padStart(2, '0');
  return out;
}

/** Decodes UTF-8 strictly; `null` when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Parses JSON text into an object, explaining a failure in words. */
export function parseJsonObject(
  text: string,
  segment: SegmentName | null,
  offsetBase = 0,
): { ok: true; value: JsonObject } | { ok: false; problem: CodecProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const where = segment ? `The ${segment} is not valid JSON` : 'Not valid JSON';
    return {
      ok: false,
      problem: { code: 'bad-json', segment, message: `${where}: ${detail}`, offset: offsetBase },
    };
  }
  if (!isJsonObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    const where = segment ? `The ${segment}` : 'The JSON';
    return {
      ok: false,
      problem: {
        code: 'not-object',
        segment,
        message: `${where} is ${kind}, not a JSON object.`,
        offset: offsetBase,
      },
    };
  }
  return { ok: true, value };
}

function decodeJsonSegment(text: string | undefined, name: SegmentName, offset: number): JsonSegment {
  if (text === undefined || text === '') {
    return {
      ok: false,
      problem: { code: 'segment-empty', segment: name, message: `The ${name} segment is empty.`, offset },
    };
  }
  const b64 = decodeBase64url(text);
  if (!b64.ok) {
    return {
      ok: false,
      problem: {
        code: 'bad-base64url',
        segment: name,
        message: `The ${name} segment, character ${b64.index + 1}: ${b64.reason}.`,
        offset: offset + b64.index,
      },
    };
  }
  const json = decodeUtf8(b64.bytes);
  if (json === null) {
    return {
      ok: false,
      problem: {
        code: 'bad-utf8',
        segment: name,
        message: `The ${name} segment decodes to bytes that are not UTF-8 text.`,
        offset,
      },
    };
  }
  const parsed = parseJsonObject(json, name, offset);
  return parsed.ok
    ? { ok: true, value: parsed.value, text: json }
    : { ok: false, problem: parsed.problem, text: json };
}

/** Decodes every part of a compact token that can be decoded, and says precisely what cannot. */
export function decodeToken(raw: string): DecodedToken {
  const segments = raw.split('.');
  const starts: number[] = [];
  let pos = 0;
  for (const s of segments) {
    starts.push(pos);
    pos += s.length + 1;
  }
  const problems: CodecProblem[] = [];
  if (raw.length === 0) {
    problems.push({ code: 'empty-token', segment: null, message: 'The token is empty.' });
  } else if (segments.length !== 3) {
    problems.push({
      code: 'segment-count',
      segment: null,
      message: `A JWT has three dot-separated segments (header.payload.signature); this one has ${segments.length}.`,
      offset: segments.length > 3 ? (starts[3] ?? 0) - 1 : raw.length,
    });
  }
  const header = decodeJsonSegment(segments[0], 'header', starts[0] ?? 0);
  const payload = decodeJsonSegment(segments[1], 'payload', starts[1] ?? 0);
  if (!header.ok && raw.length > 0) problems.push(header.problem);
  if (!payload.ok && raw.length > 0 && segments.length > 1) problems.push(payload.problem);
  let signature: DecodedToken['signature'];
  const sigText = segments[2];
  if (sigText === undefined || sigText === '') {
    signature = {
      ok: false,
      problem: {
        code: 'segment-empty',
        segment: 'signature',
        message: 'The signature segment is empty: the token is unsigned.',
        offset: starts[2] ?? raw.length,
      },
    };
  } else {
    const b64 = decodeBase64url(sigText);
    signature = b64.ok
      ? { ok: true, bytes: b64.bytes }
      : {
          ok: false,
          problem: {
            code: 'bad-base64url',
            segment: 'signature',
            message: `The signature segment, character ${b64.index + 1}: ${b64.reason}.`,
            offset: (starts[2] ?? 0) + b64.index,
          },
        };
  }
  if (!signature.ok && segments.length >= 2 && raw.length > 0) problems.push(signature.problem);
  return { raw, segments, header, payload, signature, problems };
}

/** Splits a token's text into coloured spans: header, dot, payload, dot, signature, then any extra. */
export function tokenSpans(raw: string): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let pos = 0;
  raw.split('.').forEach((segment, index) => {
    if (index > 0) {
      spans.push({ part: 'dot', start: pos, end: pos + 1 });
      pos += 1;
    }
    const part = SEGMENT_NAMES[index] ?? 'extra';
    if (segment.length > 0) spans.push({ part, start: pos, end: pos + segment.length });
    pos += segment.length;
  });
  return spans;
}
