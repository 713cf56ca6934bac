// Keeps a user-editable JSON pane in step with a template derived from the settings: a claim follows the
// template until the user edits it, then it is the user's and is never overwritten silently.
// Knows nothing of the editor or of Jitsi's rules.

import { isJsonObject, jsonEqual, type JsonObject } from '../../jwt/json-types';

/**
 * Moves `current` from `oldTemplate` to `newTemplate`: every leaf that still equals the old template takes the
 * new template's value (or disappears when the new template drops it); every leaf the user changed, and every
 * key the user added, is kept. Objects are walked, arrays and scalars are leaves.
 */
export function followTemplate(
  current: JsonObject,
  oldTemplate: JsonObject,
  newTemplate: JsonObject,
): JsonObject {
  const result: JsonObject = {};
  const keys = [...Object.keys(current), ...Object.keys(newTemplate).filter((k) => !(k in current))];
  for (const key of keys) {
    const cur = current[key];
    const before = oldTemplate[key];
    const after = newTemplate[key];
    if (!(key in current)) {
      // A template key the user never had: add it only if it is new in the template, not if the user deleted it.
      if (!(key in oldTemplate) && after !== undefined) result[key] = after;
      continue;
    }
    if (
      cur !== undefined &&
      isJsonObject(cur) &&
      isJsonObject(before ?? null) &&
      isJsonObject(after ?? null)
    ) {
      result[key] = followTemplate(cur, before as JsonObject, after as JsonObject);
      continue;
    }
    if (key in oldTemplate && jsonEqual(cur, before)) {
      if (after !== undefined) result[key] = after;
      continue;
    }
    if (cur !== undefined) result[key] = cur;
  }
  return result;
}

/** The dot-joined paths of leaves where `current` differs from `template` (edited, added or removed). */
export function editedPaths(current: JsonObject, template: JsonObject, prefix = ''): string[] {
  const paths: string[] = [];
  const keys = new Set([...Object.keys(template), ...Object.keys(current)]);
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const cur = current[key];
    const tpl = template[key];
    if (cur !== undefined && tpl !== undefined && isJsonObject(cur) && isJsonObject(tpl)) {
      paths.push(...editedPaths(cur, tpl, path));
    } else if (!jsonEqual(cur, tpl)) {
      paths.push(path);
    }
  }
  return paths;
}
