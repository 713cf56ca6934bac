// Where a token says "moderator" and what each place needs on the server. Explains only: the role itself is decided
// by the server (the client never reads these claims, client rules §5). Writing the flag is moderator-claims.ts.

import { jsonTypeOf, type JsonObject, type JsonTypeName, type JsonValue } from '../../jwt/json-types';
import { userOf, type ModeratorPlaceId } from './moderator-claims';

export type { ModeratorPlaceId } from './moderator-claims';

/** What one place means to Jitsi, for the UI. */
export interface ModeratorPlaceInfo {
  readonly id: ModeratorPlaceId;
  /** JSON path inside the payload. */
  readonly path: readonly string[];
  readonly label: string;
  /** Which server code reads it and which values it accepts. */
  readonly readBy: string;
  /** What the server needs for this place to have any effect. */
  readonly needs: string;
}

const AFFILIATION_NEEDS =
  'mod_token_affiliation enabled on the conference MUC component (docker-jitsi-meet: XMPP_MUC_MODULES=token_affiliation). ' +
  'Nothing else may hand out owner: mod_muc_allowners makes every participant owner (the flag then changes nothing), ' +
  "and jicofo's auto-owner (on by default) can still promote the first participant.";

/**
 * The places and what each needs on the server.
 * @see jitsi-token-rules.md §7 and §10.10; jitsi-meet resources/prosody-plugins/mod_token_affiliation.lua
 */
export const MODERATOR_PLACES: Readonly<Record<ModeratorPlaceId, ModeratorPlaceInfo>> = Object.freeze({
  'top-level-moderator': Object.freeze({
    id: 'top-level-moderator',
    path: Object.freeze(['moderator']),
    label: 'moderator (top level)',
    readBy:
      'Only the community token_moderation plugin (nvonahsen/jitsi-token-moderation-plugin), and only the JSON boolean ' +
      'true. Stock Jitsi and mod_token_affiliation ignore it.',
    needs:
      'The community token_moderation plugin installed and enabled on the MUC component; it also blocks every other ' +
      'way of becoming owner.',
  }),
  'context-user-moderator': Object.freeze({
    id: 'context-user-moderator',
    path: Object.freeze(['context', 'user', 'moderator']),
    label: 'context.user.moderator',
    readBy:
      'mod_token_affiliation: owner when the value is true or "true" (exactly); member otherwise. JaaS documents "true".',
    needs: AFFILIATION_NEEDS,
  }),
  'context-user-affiliation': Object.freeze({
    id: 'context-user-affiliation',
    path: Object.freeze(['context', 'user', 'affiliation']),
    label: 'context.user.affiliation',
    readBy:
      'mod_token_affiliation: owner when the value is "owner", "moderator" or "teacher" (exact, lower-case); member otherwise.',
    needs: AFFILIATION_NEEDS,
  }),
});

/** One place the token actually uses, with its value and what it does. */
export interface ModeratorPlace {
  id: ModeratorPlaceId;
  path: readonly string[];
  value: JsonValue;
  jsonType: JsonTypeName;
  /** Whether the plugin that reads this place would make the user owner from this value. */
  isGranting: boolean;
  /** The value looks meant as "moderator" (1, "True", "Owner", the string "true" at the top level) but is not accepted. */
  isUnrecognised: boolean;
  /** What this value does, in words. */
  effect: string;
  /** What the server needs for this place to matter. */
  needs: string;
}

/** Stable codes for the overall effect of a token's moderator claims. */
export type ModeratorEffectCode =
  | 'no-moderator-claim'
  | 'moderator-with-token-affiliation'
  | 'member-with-token-affiliation'
  | 'unrecognised-value'
  | 'top-level-only';

/** Every moderator place in a token and their combined effect. */
export interface ModeratorReport {
  places: ModeratorPlace[];
  effect: { code: ModeratorEffectCode; message: string };
}

const AFFILIATION_OWNER_VALUES: ReadonlySet<string> = new Set(['owner', 'moderator', 'teacher']);

/**
 * Finds every place `payload` says "moderator" and explains, per place and overall, what the server does with it.
 * @see jitsi-token-rules.md §7
 */
export function moderatorPlaces(payload: JsonObject): ModeratorReport {
  const places: ModeratorPlace[] = [];
  const topLevel = payload['moderator'];
  if (topLevel !== undefined) places.push(describePlace('top-level-moderator', topLevel));
  const user = userOf(payload);
  if (user) {
    const flag = user['moderator'];
    if (flag !== undefined) places.push(describePlace('context-user-moderator', flag));
    const affiliation = user['affiliation'];
    if (affiliation !== undefined) places.push(describePlace('context-user-affiliation', affiliation));
  }
  return { places, effect: overallEffect(places) };
}

function describePlace(id: ModeratorPlaceId, value: JsonValue): ModeratorPlace {
  const info = MODERATOR_PLACES[id];
  const base = { id, path: info.path, value, jsonType: jsonTypeOf(value), needs: info.needs };
  const shown = JSON.stringify(value);
  switch (id) {
    case 'top-level-moderator': {
      const isGranting = value === true;
      return {
        ...base,
        isGranting,
        isUnrecognised: !isGranting && isTruthyLooking(value),
        effect: isGranting
          ? 'No effect on stock Jitsi. Moderator only with the community token_moderation plugin.'
          : isTruthyLooking(value)
            ? `No effect on stock Jitsi; even token_moderation ignores ${shown} (it wants the boolean true).`
            : `No effect on stock Jitsi; with token_moderation, ${shown} means not a moderator.`,
      };
    }
    case 'context-user-moderator': {
      const isGranting = value === true || value === 'true';
      const looksMeant = !isGranting && isTruthyLooking(value);
      return {
        ...base,
        isGranting,
        isUnrecognised: looksMeant,
        effect: isGranting
          ? 'Moderator (owner) with mod_token_affiliation; no effect without it.'
          : looksMeant
            ? `Not recognised: mod_token_affiliation accepts only true or "true", so ${shown} makes a member.`
            : 'Member with mod_token_affiliation (unless affiliation says owner); no effect without it.',
      };
    }
    case 'context-user-affiliation': {
      const isGranting = typeof value === 'string' && AFFILIATION_OWNER_VALUES.has(value);
      const looksMeant =
        !isGranting && typeof value === 'string' && AFFILIATION_OWNER_VALUES.has(value.trim().toLowerCase());
      return {
        ...base,
        isGranting,
        isUnrecognised: looksMeant,
        effect: isGranting
          ? 'Moderator (owner) with mod_token_affiliation; no effect without it.'
          : looksMeant
            ? `Not recognised: mod_token_affiliation compares exactly with "owner", "moderator" or "teacher", so ${shown} makes a member.`
            : 'Member with mod_token_affiliation (unless context.user.moderator says true); no effect without it.',
      };
    }
  }
}

function isTruthyLooking(value: JsonValue): boolean {
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return ['true', 'yes', '1', 'on'].includes(value.trim().toLowerCase());
  return false;
}

function overallEffect(places: readonly ModeratorPlace[]): ModeratorReport['effect'] {
  if (places.length === 0) {
    return {
      code: 'no-moderator-claim',
      message:
        'The token says nothing about moderator. The role then comes from the server alone: jicofo (first participant) ' +
        'or mod_muc_allowners; with mod_token_affiliation this user joins as a member.',
    };
  }
  const affiliationPlaces = places.filter((place) => place.id !== 'top-level-moderator');
  const topLevel = places.find((place) => place.id === 'top-level-moderator');
  const topNote = topLevel
    ? ' The top-level "moderator" claim is ignored by stock Jitsi and by mod_token_affiliation.'
    : '';
  if (affiliationPlaces.some((place) => place.isGranting)) {
    return {
      code: 'moderator-with-token-affiliation',
      message:
        'Moderator with mod_token_affiliation on the MUC component, provided nothing makes everyone owner. ' +
        `No effect on stock Jitsi without that module.${topNote}`,
    };
  }
  if (affiliationPlaces.some((place) => place.isUnrecognised)) {
    return {
      code: 'unrecognised-value',
      message:
        'A moderator claim has a value mod_token_affiliation does not recognise, so this user joins as a member. ' +
        `Use context.user.moderator: true (or "true") or affiliation "owner".${topNote}`,
    };
  }
  if (affiliationPlaces.length > 0) {
    return {
      code: 'member-with-token-affiliation',
      message: `Member with mod_token_affiliation; no effect on stock Jitsi without it.${topNote}`,
    };
  }
  return {
    code: 'top-level-only',
    message:
      'No effect on stock Jitsi: only the top-level "moderator" claim is set, which only the community ' +
      'token_moderation plugin reads. Write context.user.moderator for mod_token_affiliation instead.',
  };
}
