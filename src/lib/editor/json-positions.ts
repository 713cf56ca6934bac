// Character positions inside JSON text: where the value at a JSON path sits, where the first syntax error is,
// and which tokens to colour. Pure string scanning in linear time, no recursion (deep nesting cannot overflow the
// stack); no CodeMirror, no DOM. It builds no values: JSON.parse stays the judge of validity.

/** One step of a JSON path: a property name, or an array index. */
export type JsonPathKey = string | number;

/** What kind of JSON value a location holds (`literal` is true, false, null or a half-typed word). */
export type JsonValueKind = 'object' | 'array' | 'string' | 'number' | 'literal';

/** Where a value sits in the text; `keyFrom`/`keyTo` span its quoted property name when it is an object member. */
export interface JsonLocation {
  from: number;
  to: number;
  kind: JsonValueKind;
  keyFrom?: number;
  keyTo?: number;
}

/** The first JSON syntax error: the offending character (or word) and what was expected there. */
export interface JsonSyntaxError {
  from: number;
  to: number;
  message: string;
}

// The tolerant lexer behind locateJsonPath and jsonTokens: it never fails, so half-typed JSON still has positions.

type TokenType = '{' | '}' | '[' | ']' | ':' | ',' | 'string' | 'bare';

interface Token {
  type: TokenType;
  from: number;
  to: number;
}

const CODE_QUOTE = 34;
const CODE_BACKSLASH = 92;

function isJsonWhitespace(code: number): boolean {
  return code === 32 || code === 10 || code === 13 || code === 9;
}

function isStructural(code: number): boolean {
  // { } [ ] : , and the double quote end a bare word.
  return (
    code === 123 || code === 125 || code === 91 || code === 93 || code === 58 || code === 44 || code === 34
  );
}

function createLexer(text: string): () => Token | null {
  let pos = 0;
  const length = text.length;
  return () => {
    while (pos < length && isJsonWhitespace(text.charCodeAt(pos))) pos++;
    if (pos >= length) return null;
    const from = pos;
    const code = text.charCodeAt(pos);
    if (code === CODE_QUOTE) {
      pos++;
      while (pos < length) {
        const c = text.charCodeAt(pos);
        if (c === CODE_BACKSLASH) pos += 2;
        else if (c === CODE_QUOTE) {
          pos++;
          break;
        } else if (c === 10 || c === 13) {
          // An unterminated string ends at the line break, so the next lines still lex as keys and values.
          break;
        } else pos++;
      }
      pos = Math.min(pos, length);
      return { type: 'string', from, to: pos };
    }
    if (isStructural(code)) {
      pos++;
      return { type: text[from] as TokenType, from, to: pos };
    }
    while (pos < length) {
      const c = text.charCodeAt(pos);
      if (isJsonWhitespace(c) || isStructural(c)) break;
      pos++;
    }
    return { type: 'bare', from, to: pos };
  };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
});

/** Decodes a (possibly unterminated) string token's content, leniently: a bad escape keeps its raw text. */
function decodeStringToken(text: string, token: Token): string {
  const end =
    token.to > token.from + 1 && text.charCodeAt(token.to - 1) === CODE_QUOTE ? token.to - 1 : token.to;
  const raw = text.slice(token.from + 1, end);
  if (!raw.includes('\\')) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = raw[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else {
      out += ch;
    }
  }
  return out;
}

function bareKind(text: string, token: Token): JsonValueKind {
  const first = text.charCodeAt(token.from);
  return first === 45 || (first >= 48 && first <= 57) ? 'number' : 'literal';
}

const CANONICAL_INDEX = /^(0|[1-9][0-9]*)$/;

function matchesIndex(key: JsonPathKey, index: number): boolean {
  return typeof key === 'number' ? key === index : CANONICAL_INDEX.test(key) && Number(key) === index;
}

interface Frame {
  isObject: boolean;
  /** How many path keys lead to this container, or -1 when it is off the path. */
  depth: number;
  /** Array: the index of the current element. */
  index: number;
  /** Object: what the next token means. */
  expect: 'key' | 'colon' | 'value' | 'comma';
  /** Object: the path depth the pending member's value would have (-1: off the path), and its key span. */
  memberDepth: number;
  keyFrom: number;
  keyTo: number;
}

/**
 * Finds the value at a JSON path (property names and array indices) and returns its character range; `null` when
 * the path does not exist. Tolerates half-typed JSON, and like `JSON.parse` the last of duplicate keys wins.
 */
export function locateJsonPath(text: string, keys: readonly JsonPathKey[]): JsonLocation | null {
  const next = createLexer(text);
  const stack: Frame[] = [];
  // A holder, not two `let`s: they are reassigned inside startValue, which TypeScript's narrowing cannot see.
  const found: { location: JsonLocation | null; openContainer: Frame | null } = {
    location: null,
    openContainer: null,
  };
  let lastEnd = 0;

  /** A value starts at `token`, in a slot reached by `depth` matched keys (-1: off the path). */
  const startValue = (token: Token, depth: number, keyFrom: number, keyTo: number): void => {
    const isTarget = depth === keys.length;
    const key = keyFrom >= 0 ? { keyFrom, keyTo } : {};
    if (token.type === '{' || token.type === '[') {
      const frame: Frame = {
        isObject: token.type === '{',
        depth: isTarget ? -1 : depth,
        index: 0,
        expect: 'key',
        memberDepth: -1,
        keyFrom: -1,
        keyTo: -1,
      };
      stack.push(frame);
      if (isTarget) {
        found.location = {
          from: token.from,
          to: text.length,
          kind: frame.isObject ? 'object' : 'array',
          ...key,
        };
        found.openContainer = frame;
      }
    } else if (isTarget) {
      const kind = token.type === 'string' ? 'string' : bareKind(text, token);
      found.location = { from: token.from, to: token.to, kind, ...key };
    }
  };

  for (let token = next(); token !== null; token = next()) {
    lastEnd = token.to;
    const frame = stack[stack.length - 1];
    const isValueStart =
      token.type === '{' || token.type === '[' || token.type === 'string' || token.type === 'bare';
    if (frame === undefined) {
      // The root slot: one value, then we are done (trailing text cannot be on a path).
      if (!isValueStart) continue;
      startValue(token, 0, -1, -1);
      if (stack.length === 0) break;
      continue;
    }
    if (token.type === '}' || token.type === ']') {
      // Any closer closes the innermost container: the most useful guess for mismatched brackets.
      stack.pop();
      if (frame === found.openContainer && found.location !== null) {
        found.location.to = token.to;
        found.openContainer = null;
      }
      const parent = stack[stack.length - 1];
      if (parent === undefined) break;
      parent.expect = 'comma';
      continue;
    }
    if (!frame.isObject) {
      if (token.type === ',') frame.index++;
      else if (isValueStart) {
        const key = frame.depth >= 0 ? keys[frame.depth] : undefined;
        startValue(token, key !== undefined && matchesIndex(key, frame.index) ? frame.depth + 1 : -1, -1, -1);
      }
      continue;
    }
    if (token.type === ',') {
      frame.expect = 'key';
      frame.keyFrom = -1;
    } else if (token.type === ':') {
      frame.expect = 'value';
    } else if (
      (token.type === 'string' || token.type === 'bare') &&
      (frame.expect === 'key' || frame.expect === 'comma')
    ) {
      // A property name (a missing comma before it is forgiven). Bare words count, so `{a: 1}` still locates `a`.
      const key = frame.depth >= 0 ? keys[frame.depth] : undefined;
      const isMatch =
        key !== undefined &&
        (token.type === 'string' ? decodeStringToken(text, token) : text.slice(token.from, token.to)) ===
          String(key);
      if (isMatch) {
        // The last duplicate wins, as in JSON.parse: whatever an earlier member of this name held is gone.
        found.location = null;
        found.openContainer = null;
      }
      frame.memberDepth = isMatch ? frame.depth + 1 : -1;
      frame.keyFrom = token.from;
      frame.keyTo = token.to;
      frame.expect = 'colon';
    } else if (isValueStart) {
      const { keyFrom, keyTo, memberDepth } = frame;
      // Consumed: a second value without a new key (`{"a": 1 2}`) belongs to no member.
      frame.keyFrom = -1;
      frame.expect = 'comma';
      startValue(token, keyFrom >= 0 ? memberDepth : -1, keyFrom, keyTo);
    }
  }
  if (found.location !== null && found.openContainer !== null) {
    // The target container never closed: it runs to the end of what was typed.
    found.location.to = lastEnd;
  }
  return found.location;
}

/** How a token is coloured: a property name, a string value, a number, true/false/null, or punctuation. */
export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation';

/** One token to colour. */
export interface JsonToken {
  kind: JsonTokenKind;
  from: number;
  to: number;
}

const LITERAL_WORD = /^(true|false|null)$/;

/**
 * Lists the tokens of (possibly half-typed) JSON that start before `until`, for syntax colouring; a string is a
 * key when a colon follows it. Words that are not JSON (`undefined`) are left out, so they stay uncoloured.
 */
export function jsonTokens(text: string, until = text.length): JsonToken[] {
  const next = createLexer(text);
  const tokens: JsonToken[] = [];
  /** A string waiting for the next token to tell whether it is a key. */
  let pending: Token | null = null;
  for (let token = next(); token !== null; token = next()) {
    if (pending !== null) {
      tokens.push({ kind: token.type === ':' ? 'key' : 'string', from: pending.from, to: pending.to });
      pending = null;
    }
    if (token.from >= until) break;
    if (token.type === 'string') pending = token;
    else if (token.type !== 'bare') tokens.push({ kind: 'punctuation', from: token.from, to: token.to });
    else if (bareKind(text, token) === 'number')
      tokens.push({ kind: 'number', from: token.from, to: token.to });
    else if (LITERAL_WORD.test(text.slice(token.from, token.to))) {
      tokens.push({ kind: 'literal', from: token.from, to: token.to });
    }
  }
  if (pending !== null) tokens.push({ kind: 'string', from: pending.from, to: pending.to });
  return tokens;
}

// Strict scanner for jsonSyntaxError: RFC 8259 grammar, positions chosen to agree with V8's "at position N".

class SyntaxStop {
  constructor(readonly error: JsonSyntaxError) {}
}

function describeChar(ch: string): string {
  if (ch === "'") return 'single quote';
  if (ch === ' ' || ch === '\u00a0') return 'space';
  if (ch === '\uFEFF') return 'byte-order mark';
  if (/\s/.test(ch)) return 'line break or tab';
  return `'${ch}'`;
}

/** Scans text known to be invalid JSON and reports the first error; null if the grammar finds none. */
function scanSyntax(text: string): JsonSyntaxError | null {
  const length = text.length;
  let pos = 0;

  const fail = (from: number, message: string, to = Math.min(from + 1, length)): never => {
    throw new SyntaxStop({ from, to, message });
  };
  const wordEnd = (from: number): number => {
    let end = from;
    while (end < length && /[A-Za-z0-9_$.+-]/.test(text[end] as string)) end++;
    return Math.max(end, Math.min(from + 1, length));
  };
  const skipWhitespace = (): void => {
    while (pos < length && isJsonWhitespace(text.charCodeAt(pos))) pos++;
  };
  const unexpected = (expected: string): never => {
    if (pos >= length) return fail(length, `Unexpected end of JSON: expected ${expected}.`, length);
    const ch = text[pos] as string;
    if (/[A-Za-z_$]/.test(ch)) {
      const end = wordEnd(pos);
      return fail(pos, `Unexpected '${text.slice(pos, end)}': expected ${expected}.`, end);
    }
    return fail(pos, `Unexpected ${describeChar(ch)}: expected ${expected}.`);
  };

  const scanString = (): void => {
    pos++;
    for (;;) {
      if (pos >= length) fail(length, 'Unterminated string: a closing double quote is missing.', length);
      const code = text.charCodeAt(pos);
      if (code === CODE_QUOTE) {
        pos++;
        return;
      }
      if (code < 0x20) {
        fail(pos, 'A string cannot contain a raw line break or tab: write it as \\n or \\t.');
      }
      if (code !== CODE_BACKSLASH) {
        pos++;
        continue;
      }
      pos++;
      if (pos >= length) fail(length, 'Unterminated string: a closing double quote is missing.', length);
      const escape = text[pos] as string;
      if (escape === 'u') {
        for (let i = 1; i <= 4; i++) {
          if (pos + i >= length) fail(length, 'Incomplete \\u escape: it needs four hex digits.', length);
          if (!/[0-9a-fA-F]/.test(text[pos + i] as string)) {
            fail(pos + i, 'Bad \\u escape: it needs four hex digits.');
          }
        }
        pos += 5;
      } else if (SIMPLE_ESCAPES[escape] !== undefined) {
        pos++;
      } else {
        fail(pos, `Bad escape \\${escape}: JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.`);
      }
    }
  };

  const scanDigits = (message: string): void => {
    const start = pos;
    while (pos < length && text.charCodeAt(pos) >= 48 && text.charCodeAt(pos) <= 57) pos++;
    if (pos === start) fail(pos, message, Math.min(pos + 1, length));
  };

  const scanNumber = (): void => {
    if (text[pos] === '-') pos++;
    if (text[pos] === '0') {
      pos++;
      if (pos < length && /[0-9]/.test(text[pos] as string)) fail(pos, 'Numbers cannot have leading zeros.');
    } else {
      scanDigits('A minus sign must be followed by a digit.');
    }
    if (text[pos] === '.') {
      pos++;
      scanDigits('A decimal point must be followed by a digit.');
    }
    if (text[pos] === 'e' || text[pos] === 'E') {
      pos++;
      if (text[pos] === '+' || text[pos] === '-') pos++;
      scanDigits('An exponent must be followed by a digit.');
    }
  };

  const scanLiteral = (literal: string): void => {
    const start = pos;
    for (let i = 0; i < literal.length; i++, pos++) {
      if (text[pos] !== literal[i]) {
        const end = wordEnd(start);
        const message = `Unexpected '${text.slice(start, end)}': did you mean ${literal}?`;
        // V8 locates "t0" and 'n"' at the number or string that breaks the word; otherwise underline the word.
        if (/["0-9-]/.test(text[pos] ?? '')) fail(pos, message);
        fail(start, message, end);
      }
    }
  };

  const scanScalarOrFail = (afterComma: boolean, closer: string | null): void => {
    const ch = text[pos];
    if (ch === '"') scanString();
    else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) scanNumber();
    else if (ch === 't') scanLiteral('true');
    else if (ch === 'f') scanLiteral('false');
    else if (ch === 'n') scanLiteral('null');
    else if (afterComma && ch === closer)
      fail(pos, `Trailing comma: JSON does not allow ',' before '${closer}'.`);
    else if (ch === "'") fail(pos, 'Strings need double quotes in JSON.');
    else unexpected('a value (string, number, object, array, true, false or null)');
  };

  /** Open containers, innermost last: true for an object. */
  const stack: boolean[] = [];
  try {
    skipWhitespace();
    if (pos >= length) return fail(length, 'Empty: expected a JSON value.', length);
    let state: 'value' | 'key' | 'after' = 'value';
    let afterComma = false;
    for (;;) {
      skipWhitespace();
      if (state === 'key') {
        if (text[pos] === '"') {
          scanString();
          skipWhitespace();
          if (text[pos] !== ':') unexpected("':' after the property name");
          pos++;
          state = 'value';
          afterComma = false;
        } else if (afterComma && text[pos] === '}') {
          fail(pos, "Trailing comma: JSON does not allow ',' before '}'.");
        } else if (pos < length && /[A-Za-z_$']/.test(text[pos] as string)) {
          fail(pos, 'Property names need double quotes in JSON.', text[pos] === "'" ? pos + 1 : wordEnd(pos));
        } else {
          unexpected('a property name in double quotes');
        }
        continue;
      }
      if (state === 'value') {
        const ch = text[pos];
        if (ch === '{' || ch === '[') {
          const isObject = ch === '{';
          pos++;
          skipWhitespace();
          if (text[pos] === (isObject ? '}' : ']')) {
            pos++;
            state = 'after';
          } else {
            stack.push(isObject);
            state = isObject ? 'key' : 'value';
          }
          afterComma = false;
          continue;
        }
        const parent = stack[stack.length - 1];
        scanScalarOrFail(afterComma, parent === false ? ']' : null);
        state = 'after';
        continue;
      }
      const isObject = stack[stack.length - 1];
      if (isObject === undefined) {
        if (pos >= length) return null;
        return fail(pos, 'Unexpected text after the JSON value.', wordEnd(pos));
      }
      if (text[pos] === ',') {
        pos++;
        state = isObject ? 'key' : 'value';
        afterComma = true;
      } else if (text[pos] === (isObject ? '}' : ']')) {
        pos++;
        stack.pop();
      } else {
        unexpected(isObject ? "',' or '}' after the property value" : "',' or ']' after the array element");
      }
    }
  } catch (stop) {
    if (stop instanceof SyntaxStop) return stop.error;
    throw stop;
  }
}

const V8_POSITION = /at position (\d+)/;

/**
 * Returns null for valid JSON, else the first syntax error with its exact character range and a plain message.
 * Validity is JSON.parse's verdict; the position comes from our own scanner, because V8's messages carry a
 * position only for some errors and word them differently across versions.
 * @see RFC 8259 (the JSON grammar)
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | null {
  try {
    JSON.parse(text);
    return null;
  } catch (error) {
    const scanned = scanSyntax(text);
    if (scanned !== null) return scanned;
    // Unreachable if the scanner matches the grammar; kept so a disagreement is still shown, not hidden.
    const message = error instanceof Error ? error.message : String(error);
    const from = Math.min(Number(V8_POSITION.exec(message)?.[1] ?? 0), text.length);
    return { from, to: Math.min(from + 1, text.length), message };
  }
}
