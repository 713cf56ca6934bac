// Writing the "moderator" flag where the server plugins read it (rules §7). The one owner of that; the
// explanations of each place live in moderator.ts, so the generator does not load them.

import { isJsonObject, type JsonObject } from '../../jwt/json-types';

/** The three places a token can say "moderator". */
export type ModeratorPlaceId = 'top-level-moderator' | 'context-user-moderator' | 'context-user-affiliation';

/** How setModerator writes `context.user.moderator`: JSON boolean (default) or the strings JaaS documents. */
export interface SetModeratorOptions {
  valueStyle?: 'boolean' | 'string';
}

/**
 * Returns a copy of `payload` that says `isModerator` in each of `places`, and brings any other place already
 * present into line so the token never contradicts itself. `context.user.moderator` is a JSON boolean by default:
 * mod_token_affiliation accepts true and "true" alike, and a boolean cannot be miscased; pass
 * `{ valueStyle: 'string' }` for JaaS, which documents "true"/"false". The top level is always a boolean (the
 * token_moderation plugin compares with true), and the affiliation is "owner" or "member".
 * @see jitsi-token-rules.md §7
 */
export function setModerator(
  payload: JsonObject,
  isModerator: boolean,
  places: readonly ModeratorPlaceId[] = ['context-user-moderator'],
  options: SetModeratorOptions = {},
): JsonObject {
  const existingUser = userOf(payload);
  // Which places the token already has; read directly, so writing the flag does not pull in the explanations.
  const present = new Set<ModeratorPlaceId>();
  if (payload['moderator'] !== undefined) present.add('top-level-moderator');
  if (existingUser?.['moderator'] !== undefined) present.add('context-user-moderator');
  if (existingUser?.['affiliation'] !== undefined) present.add('context-user-affiliation');
  const targets = new Set<ModeratorPlaceId>([...places, ...present]);
  const result: JsonObject = { ...payload };
  if (targets.has('top-level-moderator')) result['moderator'] = isModerator;
  if (targets.has('context-user-moderator') || targets.has('context-user-affiliation')) {
    const user: JsonObject = { ...(existingUser ?? {}) };
    if (targets.has('context-user-moderator')) {
      const existing = existingUser?.['moderator'];
      const isStringStyle = options.valueStyle
        ? options.valueStyle === 'string'
        : typeof existing === 'string';
      user['moderator'] = isStringStyle ? String(isModerator) : isModerator;
    }
    if (targets.has('context-user-affiliation')) user['affiliation'] = isModerator ? 'owner' : 'member';
    const context = isJsonObject(payload['context']) ? payload['context'] : {};
    result['context'] = { ...context, user };
  }
  return result;
}

/** The `context.user` object of a payload, or null when there is none. */
export function userOf(payload: JsonObject): JsonObject | null {
  const context = payload['context'];
  if (!isJsonObject(context)) return null;
  const user = context['user'];
  return isJsonObject(user) ? user : null;
}
