// JSON value types for untrusted token content. Owns no logic.

/** Any value JSON.parse can return. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object (what a JWT header or payload must be). */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
