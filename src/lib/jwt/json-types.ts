// JSON value types for untrusted token content, and the few type-level helpers every module needs on them:
// the object test, the type name shown to users, and deep equality. Knows nothing of JWTs or Jitsi.

/** Any value JSON.parse can return. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object (what a JWT header or payload must be). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The JSON type of a value, as shown to the user (`"1800"` is a string, `1800` a number). */
export type JsonTypeName = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type name of `value`. */
export function jsonTypeOf(value: JsonValue): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value as 'boolean' | 'number' | 'string' | 'object';
}

/**
 * Deep equality of two JSON values, object key order ignored; `undefined` (an absent member) equals only itself.
 * Iterative, so a hostile token nested thousands of levels deep cannot exhaust the stack.
 */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  const stack: [JsonValue | undefined, JsonValue | undefined][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop() as [JsonValue | undefined, JsonValue | undefined];
    if (x === y) continue;
    if (x === undefined || y === undefined || x === null || y === null) return false;
    if (typeof x !== 'object' || typeof y !== 'object') return false;
    if (Array.isArray(x) || Array.isArray(y)) {
      if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) stack.push([x[i], y[i]]);
      continue;
    }
    const keys = Object.keys(x);
    if (keys.length !== Object.keys(y).length) return false;
    // Object.hasOwn, not `in`: JSON.parse makes "__proto__" an own key, and inherited names are not members.
    for (const key of keys) {
      if (!Object.hasOwn(y, key)) return false;
      stack.push([x[key], y[key]]);
    }
  }
  return true;
}
