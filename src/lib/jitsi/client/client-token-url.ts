// Which token the Jitsi web client takes from a meeting address (`parseJWTFromURLParams` over `parseURLParams`),
// and plain-words warnings where a token in the address is ignored, cut short or left encoded.
// Does not decode or check the token (client-validate.ts) and does not read room or tenant (client-room.ts).

import type { JsonValue } from '../../jwt/json-types';

/** Where the client found its token. */
export type UrlTokenSource = 'query' | 'fragment';

/** Stable codes for what can go wrong with a token in an address. */
export type UrlTokenWarningCode =
  | 'not-a-url'
  | 'fragment-not-json'
  | 'fragment-cut-at-equals'
  | 'fragment-bad-escape'
  | 'fragment-forbidden-key'
  | 'fragment-hash-router'
  | 'fragment-not-string'
  | 'fragment-only-new-clients'
  | 'query-ignored'
  | 'query-cut-at-equals'
  | 'query-percent-encoded'
  | 'repeated-jwt'
  | 'jwt-name-variant'
  | 'empty-jwt';

/** One thing the tester should know about the token in the address. */
export interface UrlTokenWarning {
  code: UrlTokenWarningCode;
  /** `warning`: the client gets no token or a broken one; `info`: it works, but only here or only by luck. */
  severity: 'warning' | 'info';
  message: string;
}

/** The token the client takes from an address, and what a tester should know about it. */
export interface UrlToken {
  /** The token text the client uses, or null when it uses none (or a value that is not text). */
  token: string | null;
  source: UrlTokenSource | null;
  /** Exactly what `parseJWTFromURLParams` returns (`undefined` as null): a JSON value after `#jwt=`, else text. */
  clientValue: JsonValue | null;
  /** A `#jwt=` value the client drops (e.g. unquoted), percent-decoded, so it can still be inspected. */
  ignoredToken: string | null;
  warnings: UrlTokenWarning[];
}

/** Keys `parseURLParams` never assigns (S7:10). */
export const IGNORED_PARAM_KEYS = Object.freeze(['__proto__', 'constructor', 'prototype'] as const);

// Parameter names (compared lower-cased) testers use for the token, which the client never reads: it reads only
// `jwt`, exactly. `JWT` is a variant; `amp;jwt` comes from an HTML-escaped `&amp;jwt=`.
const JWT_NAME_VARIANTS = Object.freeze(['jwt', 'amp;jwt', 'token', 'access_token', 'id_token'] as const);

/**
 * Reads the token the web client would take from an address: the fragment first (`#jwt="…"`, JSON), then the
 * query verbatim (`?jwt=…`, cut at a second `=`), ignoring `__proto__`-like keys and hash-router fragments.
 * @see jitsi-client-rules.md §1 (S1:26-33, S7:10-74)
 */
export function tokenFromUrl(href: string): UrlToken {
  let url: URL | null = null;
  try {
    url = new URL(href);
  } catch {
    // Reported below, like any address that is not a web page.
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    return {
      token: null,
      source: null,
      clientValue: null,
      ignoredToken: null,
      warnings: [
        {
          code: 'not-a-url',
          severity: 'warning',
          message:
            'This is not a web page address (https://…), so the Jitsi client would never read a token from it.',
        },
      ],
    };
  }
  const warnings: UrlTokenWarning[] = [];
  const fragment = readFragment(url.hash, warnings);
  const query = readQuery(url.search, warnings);

  let clientValue: JsonValue | undefined;
  let source: UrlTokenSource | null;
  if (isTruthy(fragment.value)) {
    clientValue = fragment.value;
    source = 'fragment';
    if (isTruthy(query.value)) {
      warnings.push({
        code: 'query-ignored',
        severity: 'info',
        message:
          'The address has a token after # and another in ?jwt=; the client uses the one after # and ignores ?jwt=.',
      });
    }
    if (typeof clientValue === 'string') {
      warnings.push({
        code: 'fragment-only-new-clients',
        severity: 'info',
        message:
          'The client reads this token from the part after #. Older Jitsi Meet clients read only ?jwt=, so ?jwt=TOKEN is the safer place.',
      });
    } else {
      warnings.push({
        code: 'fragment-not-string',
        severity: 'warning',
        message: `After #jwt= the client reads JSON ${describeJson(clientValue)}, not text, and keeps it as its token; that cannot work. Write the token in quotes (#jwt="…") or use ?jwt=….`,
      });
    }
  } else {
    clientValue = query.value;
    source = isTruthy(query.value) ? 'query' : null;
  }
  if (source === 'query') {
    for (const dropped of fragment.dropped) dropped.message += ' The client uses the ?jwt= token instead.';
  }
  const isEmpty = clientValue === '' || (source === null && (fragment.sawEmpty || query.sawEmpty));
  if (isEmpty && !warnings.some((w) => w.code === 'empty-jwt')) {
    warnings.push({
      code: 'empty-jwt',
      severity: 'warning',
      message: 'jwt= has no value, so the client reads no token.',
    });
  }
  const token = typeof clientValue === 'string' && clientValue !== '' ? clientValue : null;
  return { token, source, clientValue: clientValue ?? null, ignoredToken: fragment.ignoredToken, warnings };
}

interface ParamPart {
  key: string;
  /** `param[1]`: the text between the first and second `=`, or undefined when there is no `=`. */
  value: string | undefined;
  /** What the second `=` cut off, including that `=`; null when nothing was cut. */
  cut: string | null;
}

// `paramStr.substr(1).split('&')` then `part.split('=')`, keeping only `param[0]` and `param[1]` (S7:38-60).
function splitParams(paramStr: string): ParamPart[] {
  return paramStr
    .substring(1)
    .split('&')
    .map((part) => {
      const first = part.indexOf('=');
      if (first === -1) return { key: part, value: undefined, cut: null };
      const second = part.indexOf('=', first + 1);
      return second === -1
        ? { key: part.substring(0, first), value: part.substring(first + 1), cut: null }
        : {
            key: part.substring(0, first),
            value: part.substring(first + 1, second),
            cut: part.substring(second),
          };
    });
}

function isIgnoredKey(key: string): boolean {
  return !key || key.split('.').some((k) => (IGNORED_PARAM_KEYS as readonly string[]).includes(k));
}

interface FragmentRead {
  /** The last value assigned to `jwt`; undefined when none. */
  value: JsonValue | undefined;
  ignoredToken: string | null;
  /** Warnings about `#jwt=` values the client dropped (also in the warning list). */
  dropped: UrlTokenWarning[];
  sawEmpty: boolean;
}

// `parseURLParams(url, false, 'hash')`: each value decodeURIComponent'd, `\&` and curly quotes fixed, JSON-parsed.
function readFragment(hash: string, warnings: UrlTokenWarning[]): FragmentRead {
  const parts = splitParams(hash);
  const result: FragmentRead = { value: undefined, ignoredToken: null, dropped: [], sawEmpty: false };
  const first = parts[0];
  if (parts.length === 1 && first !== undefined && first.key.startsWith('/')) {
    const at = hash.indexOf('jwt=');
    if (at !== -1) {
      result.ignoredToken = safeDecode(hash.substring(at + 4).split('&')[0] ?? '') || null;
      const warning: UrlTokenWarning = {
        code: 'fragment-hash-router',
        severity: 'warning',
        message:
          'The client ignores everything after # here: a # part that starts with / is taken for an in-page route, so the token in it is not read. Use ?jwt=TOKEN.',
      };
      warnings.push(warning);
      result.dropped.push(warning);
    }
    return result;
  }
  warnVariants(parts, '#', warnings);
  const jwtParts = parts.filter((p) => p.key === 'jwt');
  if (jwtParts.length > 1) warnRepeated('after #', warnings);
  for (const part of jwtParts) {
    const parsed = parseFragmentValue(part);
    if (!parsed.ok) {
      warnings.push(parsed.warning);
      result.dropped.push(parsed.warning);
      const candidate = stripQuotes(safeDecode(part.value ?? ''));
      if (candidate) result.ignoredToken = candidate;
      continue;
    }
    result.value = parsed.value;
    if (parsed.value === undefined || parsed.value === '') result.sawEmpty = true;
  }
  return result;
}

type FragmentValue = { ok: true; value: JsonValue | undefined } | { ok: false; warning: UrlTokenWarning };

function parseFragmentValue(part: ParamPart): FragmentValue {
  let decoded: string;
  try {
    decoded = decodeURIComponent(String(part.value));
  } catch {
    return {
      ok: false,
      warning: {
        code: 'fragment-bad-escape',
        severity: 'warning',
        message:
          'The client ignores the token after #jwt=: it contains a % that is not a valid percent-escape. Put the token in the query as ?jwt=TOKEN.',
      },
    };
  }
  if (decoded === '') {
    return {
      ok: false,
      warning: {
        code: 'empty-jwt',
        severity: 'warning',
        message: '#jwt= has no value, so the client skips it.',
      },
    };
  }
  decoded = decoded
    .replace(/\\&/, '&')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D]/g, '"');
  if (decoded === 'undefined') return { ok: true, value: undefined };
  let value: JsonValue;
  try {
    value = JSON.parse(decoded) as JsonValue;
  } catch {
    if (part.cut !== null) {
      return {
        ok: false,
        warning: {
          code: 'fragment-cut-at-equals',
          severity: 'warning',
          message:
            "The client ignores the token after #jwt=: it cuts the value at the second '=' and what is left is not valid JSON. Remove the '=' padding from the token, or use ?jwt=TOKEN.",
        },
      };
    }
    return {
      ok: false,
      warning: {
        code: 'fragment-not-json',
        severity: 'warning',
        message:
          'The client ignores the token after #jwt=: values after # must be JSON, so the token needs quotes (#jwt="TOKEN"). Better, put it in the query: ?jwt=TOKEN.',
      },
    };
  }
  if (hasProtoKey(value)) {
    return {
      ok: false,
      warning: {
        code: 'fragment-forbidden-key',
        severity: 'warning',
        message:
          'The client ignores the #jwt= value: it is JSON with a "__proto__" key, which its safe JSON parser refuses.',
      },
    };
  }
  return { ok: true, value };
}

// @hapi/bourne (safeJsonParse) throws when any object in the value has an own `__proto__` key.
function hasProtoKey(value: JsonValue): boolean {
  const pending: JsonValue[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (node === null || typeof node !== 'object') continue;
    if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, '__proto__')) return true;
    pending.push(...Object.values(node));
  }
  return false;
}

interface QueryRead {
  value: string | undefined;
  sawEmpty: boolean;
}

// `parseURLParams(url, true, 'search')`: values verbatim, no decoding (S7:49-60).
function readQuery(search: string, warnings: UrlTokenWarning[]): QueryRead {
  const parts = splitParams(search);
  warnVariants(parts, '?', warnings);
  const jwtParts = parts.filter((p) => p.key === 'jwt');
  if (jwtParts.length > 1) warnRepeated('in the query', warnings);
  const last = jwtParts[jwtParts.length - 1];
  if (last === undefined) return { value: undefined, sawEmpty: false };
  if (last.cut !== null) {
    const cutLength = last.cut.length;
    const shown = cutLength > 12 ? `${last.cut.substring(0, 12)}…` : last.cut;
    warnings.push({
      code: 'query-cut-at-equals',
      severity: 'warning',
      message: `The client keeps only the text before the second '=' of ?jwt=…, so it drops "${shown}" (${cutLength} character${cutLength === 1 ? '' : 's'}). A JWT needs no '=' padding: remove it.`,
    });
  }
  if (last.value !== undefined && last.value.includes('%')) {
    // jwt-decode reads the first two dot-separated parts; an escape there (or an escaped dot) makes it throw.
    const parts = last.value.split('.');
    const isClaimsEncoded = parts.length < 2 || parts.slice(0, 2).some((part) => part.includes('%'));
    warnings.push(
      isClaimsEncoded
        ? {
            code: 'query-percent-encoded',
            severity: 'warning',
            message:
              'The ?jwt= value contains %-escapes. The client does not decode the query, so its token keeps them and it cannot decode the token: it takes no name, email or features from it, and if the server refuses the token, the notification lists no reasons. Put the token in unencoded: base64url needs no encoding.',
          }
        : {
            code: 'query-percent-encoded',
            severity: 'info',
            message:
              'The ?jwt= value has %-escapes in its signature. The client does not decode the query: it reads the claims, but passes the signature on with the escapes as they are. Put the token in unencoded: base64url needs no encoding.',
          },
    );
  }
  return { value: last.value, sawEmpty: !last.value };
}

function warnRepeated(where: string, warnings: UrlTokenWarning[]): void {
  warnings.push({
    code: 'repeated-jwt',
    severity: 'warning',
    message: `The address has jwt= more than once ${where}; the client uses the last one that it can read.`,
  });
}

function warnVariants(parts: ParamPart[], mark: '?' | '#', warnings: UrlTokenWarning[]): void {
  for (const part of parts) {
    if (part.key === 'jwt' || isIgnoredKey(part.key)) continue;
    const lower = part.key.toLowerCase();
    if (!isJwtNameVariant(lower)) continue;
    const escaped =
      lower === 'amp;jwt' ? ' ("&amp;" means the link was HTML-escaped: write a plain "&".)' : '';
    warnings.push({
      code: 'jwt-name-variant',
      severity: 'warning',
      message: `The address has "${part.key}=" after ${mark}, but the client only reads a parameter named exactly "jwt".${escaped}`,
    });
  }
}

/** True when `name` is a parameter name testers use for the token (`JWT`, `token`, `access_token`…, or `jwt`). */
export function isJwtNameVariant(name: string): boolean {
  return (JWT_NAME_VARIANTS as readonly string[]).includes(name.toLowerCase());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// A dropped `#jwt="…` value keeps its opening quote when a second `=` cut the closing one off.
function stripQuotes(text: string): string {
  const quotes = '"\u201C\u201D';
  const start = quotes.includes(text[0] ?? 'x') ? 1 : 0;
  const end =
    text.length > start && quotes.includes(text[text.length - 1] ?? 'x') ? text.length - 1 : text.length;
  return text.substring(start, end);
}

function isTruthy(value: JsonValue | undefined): boolean {
  return Boolean(value);
}

function describeJson(value: JsonValue | undefined): string {
  if (Array.isArray(value)) return '(an array)';
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? '(an object)' : `${typeof value} ${JSON.stringify(value)}`;
}
