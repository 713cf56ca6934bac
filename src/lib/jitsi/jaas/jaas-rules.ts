// 8x8 JaaS's own token rules, as 8x8 documents them (jaas-docs.ts) and as the web client enforces part of them:
// the rule table, the check of a decoded token and its meeting link, and the JaaS verdict. Says nothing about
// signatures or times (the prosody checker does) and builds no tokens.

import { isJsonObject, type JsonObject, type JsonValue } from '../../jwt/json-types';
import {
  CLIENT_REASON_SOURCES,
  JAAS_SUB_PREFIX,
  jaasClaimReasons,
  kidAppId,
  reasonText,
  type JaasReasonKey,
} from '../client/client-validate';
import type { Finding, FindingPath, Severity } from '../finding';
import { citeJaasDoc, type JaasDocId } from './jaas-docs';
import { JAAS_ALGORITHM, JAAS_APP_ID_PREFIX, JAAS_AUDIENCE, JAAS_HOST, JAAS_ISSUER } from './jaas-app-id';
import { appIdProblem, isSafeSegment } from './jaas-names';

/** The stable ids of JaaS's rules (named `preset-jaas-*` since they shipped with the JaaS preset). */
export type JaasRuleId =
  | 'preset-jaas-kid-missing'
  | 'preset-jaas-kid-mismatch'
  | 'preset-jaas-kid-key-id'
  | 'preset-jaas-sub-prefix'
  | 'preset-jaas-aud'
  | 'preset-jaas-iss'
  | 'preset-jaas-alg'
  | 'preset-jaas-features-missing'
  | 'preset-jaas-feature-value'
  | 'preset-jaas-feature-unlisted'
  | 'preset-jaas-feature-needs-moderator'
  | 'preset-jaas-moderator-type'
  | 'preset-jaas-moderator-missing'
  | 'preset-jaas-room-missing'
  | 'preset-jaas-room-segment'
  | 'preset-jaas-link-tenant'
  | 'preset-jaas-link-host';

/** Whether 8x8 states a rule (documented) or we derive it from what 8x8 states and how Jitsi works (inferred). */
export type JaasBasis = 'documented' | 'inferred';

/** One JaaS rule: what it demands, how sure we are, and where it is written. */
export interface JaasRule {
  readonly severity: Severity;
  /** The rule in one line, for the verdict and for people reading the table. */
  readonly rule: string;
  readonly basis: JaasBasis;
  readonly docs: readonly JaasDocId[];
  /** The web client's own check of the same rule, when it has one (client rules §2). */
  readonly client?: JaasReasonKey;
}

/**
 * JaaS's token rules; frozen. Errors are what 8x8 documents (or what follows from it, marked `inferred`);
 * warnings and info are advice.
 * @see https://developer.8x8.com/jaas/docs/api-keys-jwt and the other pages in jaas-docs.ts
 */
export const JAAS_RULES: Readonly<Record<JaasRuleId, JaasRule>> = deepFreeze({
  'preset-jaas-kid-missing': {
    severity: 'error',
    rule: 'The header carries the kid the JaaS console lists for your API key.',
    basis: 'documented',
    docs: ['jwt', 'console-api-keys'],
    client: 'kidNotFound',
  },
  'preset-jaas-kid-mismatch': {
    severity: 'error',
    rule: 'The kid is "<AppID>/<key id>", and its AppID part equals sub.',
    basis: 'documented',
    docs: ['console-api-keys', 'jwt'],
    client: 'kidMismatch',
  },
  'preset-jaas-kid-key-id': {
    severity: 'error',
    rule: 'The kid has a key id after the "/", which names the uploaded public key.',
    basis: 'inferred',
    docs: ['console-api-keys', 'generate-key'],
  },
  'preset-jaas-sub-prefix': {
    severity: 'error',
    rule: 'sub is your AppID, which starts with "vpaas-magic-cookie-".',
    basis: 'documented',
    docs: ['console-api-keys'],
  },
  'preset-jaas-aud': {
    severity: 'error',
    rule: 'aud is exactly "jitsi".',
    basis: 'documented',
    docs: ['jwt'],
    client: 'audInvalid',
  },
  'preset-jaas-iss': {
    severity: 'error',
    rule: 'iss is exactly "chat".',
    basis: 'documented',
    docs: ['jwt'],
    client: 'issInvalid',
  },
  'preset-jaas-alg': {
    severity: 'error',
    rule: 'The token is signed RS256 with the private half of the RSA key pair whose public key you added.',
    basis: 'documented',
    docs: ['jwt', 'generate-key'],
  },
  'preset-jaas-features-missing': {
    severity: 'error',
    rule: 'context.features is an object (it may be empty).',
    basis: 'documented',
    docs: ['jwt'],
    client: 'featuresNotFound',
  },
  'preset-jaas-feature-value': {
    severity: 'error',
    rule: 'Every context.features value is the string "true" or "false".',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-feature-unlisted': {
    severity: 'warning',
    rule: 'Feature names are among those JaaS lists.',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-feature-needs-moderator': {
    severity: 'warning',
    rule: 'Features are granted only to a moderator ("moderator": "true").',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-moderator-type': {
    severity: 'error',
    rule: 'context.user.moderator is the string "true" or "false".',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-moderator-missing': {
    severity: 'info',
    rule: 'Without context.user.moderator the user joins without moderator rights.',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-room-missing': {
    severity: 'error',
    rule: 'The payload names the meeting room ("*" for any room of the AppID).',
    basis: 'documented',
    docs: ['jwt'],
  },
  'preset-jaas-room-segment': {
    severity: 'error',
    rule: 'The room is a single path segment of safe URL characters (no "/").',
    basis: 'documented',
    docs: ['mobile-sdk'],
  },
  'preset-jaas-link-tenant': {
    severity: 'error',
    rule: 'The meeting is "<AppID>/<room>" with the AppID that is sub.',
    basis: 'documented',
    docs: ['iframe', 'mobile-sdk'],
  },
  'preset-jaas-link-host': {
    severity: 'error',
    rule: 'The meeting link is on https://8x8.vc.',
    basis: 'documented',
    docs: ['iframe', 'mobile-sdk'],
  },
});

/** The feature names JaaS lists as supported (its own list, shorter than the web client's). */
export const JAAS_FEATURES = Object.freeze([
  'livestreaming',
  'recording',
  'transcription',
  'sip-inbound-call',
  'sip-outbound-call',
  'inbound-call',
  'outbound-call',
  'file-upload',
  'list-visitors',
  'send-groupchat',
  'create-polls',
] as const);

/** The meeting as far as it is known: its host, its tenant path (JaaS: the AppID) and its room. */
export interface JaasMeeting {
  host?: string;
  /** The link's tenant path as the client reads it. */
  tenant?: string;
  room?: string;
}

/**
 * Checks a decoded JaaS token (and its meeting, when known) against JaaS's rules. Each finding's `source` cites
 * 8x8's page, and the web client's check where it has one; its message says what the client does about it.
 * @see jitsi-client-rules.md §2 checks 3-7 and §7
 */
export function checkJaasToken(
  header: JsonObject,
  payload: JsonObject,
  meeting: JaasMeeting = {},
): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: JaasRuleId, message: string, hint: string, path: FindingPath | null) =>
    findings.push(finding(ruleId, message, hint, path));
  const sub = payload['sub'];
  const kid = header['kid'];

  const clientNote = clientNoteFor(header, payload);
  for (const key of jaasClaimReasons(header, payload)) {
    const [ruleId, message, hint, path] = clientRuleFinding(key, header, payload);
    add(ruleId, `${message}${clientNote(key)}`, hint, path);
  }
  if (typeof kid === 'string' && kid.includes('/') && kid.slice(kid.indexOf('/') + 1).trim() === '') {
    add(
      'preset-jaas-kid-key-id',
      `The kid "${kid}" has nothing after the "/", so it names no API key of your AppID.`,
      'Paste the whole kid the JaaS console shows for your API key, e.g. "<AppID>/4f4910".',
      ['header', 'kid'],
    );
  }
  if (typeof sub !== 'string' || appIdProblem(sub) !== null) {
    const isClientJaas = typeof sub === 'string' && sub.startsWith(JAAS_SUB_PREFIX);
    add(
      'preset-jaas-sub-prefix',
      `sub is ${shown(sub)}, not a JaaS AppID ("${JAAS_APP_ID_PREFIX}…").` +
        (isClientJaas
          ? ` The web client still runs its JaaS checks, which key on "${JAAS_SUB_PREFIX}" alone.`
          : ` The web client runs its JaaS checks only for a sub starting with "${JAAS_SUB_PREFIX}", so it skips them.`),
      'Set sub to your AppID from the JaaS console: the same text as the kid\'s part before the "/".',
      ['payload', 'sub'],
    );
  }
  if (header['alg'] !== JAAS_ALGORITHM) {
    add(
      'preset-jaas-alg',
      `alg is ${shown(header['alg'])}; JaaS keys are RSA key pairs and 8x8 shows "alg": "${JAAS_ALGORITHM}". The web client does not check this, so only 8x8's servers refuse it.`,
      `Sign with ${JAAS_ALGORITHM} and the private key of your JaaS API key.`,
      ['header', 'alg'],
    );
  }
  const context = payload['context'];
  const features = isJsonObject(context) ? context['features'] : undefined;
  const user = isJsonObject(context) ? context['user'] : undefined;
  const moderator = isJsonObject(user) ? user['moderator'] : undefined;
  if (isJsonObject(features)) checkFeatures(features, moderator, add);
  checkModerator(moderator, add);
  checkRoom(payload, meeting, add);
  checkMeeting(sub, meeting, add);
  return findings;
}

type Add = (ruleId: JaasRuleId, message: string, hint: string, path: FindingPath | null) => void;

function checkFeatures(features: JsonObject, moderator: JsonValue | undefined, add: Add): void {
  const turnedOn: string[] = [];
  for (const [name, value] of Object.entries(features)) {
    const path: FindingPath = ['payload', 'context', 'features', name];
    if (value === 'true') turnedOn.push(name);
    if (value !== 'true' && value !== 'false') {
      const isBoolean = typeof value === 'boolean';
      add(
        'preset-jaas-feature-value',
        isBoolean
          ? `context.features.${name} is the boolean ${String(value)}; JaaS documents only the strings "true" and "false". The web client and stock prosody read a boolean as well, but 8x8 does not promise its servers do.`
          : `context.features.${name} is ${shown(value)}; JaaS documents only the strings "true" and "false", and anything else leaves the feature off.`,
        `Write "${name}": "${value === true ? 'true' : value === false ? 'false' : 'true'}" (a string).`,
        path,
      );
      if (value === true) turnedOn.push(name);
    }
    if (!(JAAS_FEATURES as readonly string[]).includes(name)) {
      add(
        'preset-jaas-feature-unlisted',
        `"${name}" is not among the feature names JaaS lists (${JAAS_FEATURES.join(', ')}).`,
        'Remove it unless 8x8 told you it applies; an unlisted name does nothing on JaaS.',
        path,
      );
    }
  }
  if (turnedOn.length > 0 && moderator !== 'true' && moderator !== true) {
    add(
      'preset-jaas-feature-needs-moderator',
      `Features are turned on (${turnedOn.join(', ')}), but the user is not a moderator; JaaS grants feature permissions to moderators only.`,
      'Add "moderator": "true" inside context.user for a user who may use these features.',
      ['payload', 'context', 'user', 'moderator'],
    );
  }
}

function checkModerator(flag: JsonValue | undefined, add: Add): void {
  const path: FindingPath = ['payload', 'context', 'user', 'moderator'];
  if (flag === undefined) {
    add(
      'preset-jaas-moderator-missing',
      'context.user.moderator is not set, so this user joins JaaS as a participant, not a moderator.',
      'Add "moderator": "true" inside context.user for a moderator token.',
      path,
    );
  } else if (flag !== 'true' && flag !== 'false') {
    add(
      'preset-jaas-moderator-type',
      typeof flag === 'boolean'
        ? `context.user.moderator is the boolean ${String(flag)}; JaaS documents the string "${String(flag)}". Prosody's mod_token_affiliation reads both, but 8x8 does not promise its servers do.`
        : `context.user.moderator is ${shown(flag)}; JaaS expects the string "true" or "false", and anything else is not a moderator.`,
      `Write "moderator": "${flag === false ? 'false' : 'true'}" (a string).`,
      path,
    );
  }
}

function checkRoom(payload: JsonObject, meeting: JaasMeeting, add: Add): void {
  const room = payload['room'];
  if (typeof room !== 'string' || room === '') {
    add(
      'preset-jaas-room-missing',
      `room is ${shown(room)}; JaaS needs the meeting room in the token (prosody refuses a token without one: "'room' claim is missing").`,
      'Set "room": "*" for any room of your AppID, or the room name.',
      ['payload', 'room'],
    );
    return;
  }
  const context = payload['context'];
  const contextRoom = isJsonObject(context) ? context['room'] : undefined;
  const regex = isJsonObject(contextRoom) ? contextRoom['regex'] : undefined;
  // A regex room is a pattern, not a segment (JaaS documents context.room.regex); "*" is Jitsi's any-room.
  if (room !== '*' && regex !== true && regex !== 'true' && !isSafeSegment(room)) {
    add(
      'preset-jaas-room-segment',
      `The room claim "${room}" is not one path segment of safe URL characters${room.includes('/') ? ' (it has a "/")' : ''}; a JaaS room is a single level inside your AppID.`,
      'Use letters, digits, "-", "_" or "." (percent-encode anything else), or "*" for any room.',
      ['payload', 'room'],
    );
  }
  if (meeting.room !== undefined && meeting.room !== '' && !isSafeSegment(meeting.room)) {
    add(
      'preset-jaas-room-segment',
      `The meeting link's room "${meeting.room}" is not one path segment of safe URL characters.`,
      'Name the room with letters, digits, "-", "_" or ".".',
      ['url'],
    );
  }
}

function checkMeeting(sub: JsonValue | undefined, meeting: JaasMeeting, add: Add): void {
  const host = meeting.host?.trim().toLowerCase();
  if (host && host !== JAAS_HOST) {
    add(
      'preset-jaas-link-host',
      `The meeting is on ${host}; JaaS meetings are on ${JAAS_HOST}.`,
      `Open https://${JAAS_HOST}/<AppID>/<room>.`,
      ['url'],
    );
  }
  if (meeting.tenant === undefined || typeof sub !== 'string') return;
  if (meeting.tenant !== sub) {
    add(
      'preset-jaas-link-tenant',
      meeting.tenant === ''
        ? `The meeting link has no AppID before the room; JaaS rooms are "<AppID>/<room>" and sub is ${shown(sub)}.`
        : `The link's AppID part ("${meeting.tenant}") is not the sub (${shown(sub)}); JaaS rooms live under the AppID that signs for them.`,
      `Open https://${JAAS_HOST}/<AppID>/<room> with the same AppID as sub.`,
      ['payload', 'sub'],
    );
  }
}

// The web client's JaaS checks (client rules §2 checks 3-7): the finding for each reason it gives.
function clientRuleFinding(
  key: JaasReasonKey,
  header: JsonObject,
  payload: JsonObject,
): [JaasRuleId, string, string, FindingPath] {
  const sub = payload['sub'];
  const kid = header['kid'];
  const appIdShown = typeof sub === 'string' && sub !== '' ? sub : '<AppID>';
  switch (key) {
    case 'kidNotFound':
      return [
        'preset-jaas-kid-missing',
        'The header has no "kid", so JaaS cannot pick your public key.',
        `Add "kid": "${appIdShown}/<key id>", the kid the JaaS console lists for your API key.`,
        ['header', 'kid'],
      ];
    case 'kidMismatch': {
      const hint = `The kid is "<AppID>/<key id>" as the JaaS console lists it, and sub is that same AppID (exact, case-sensitive).`;
      if (typeof kid !== 'string') {
        return [
          'preset-jaas-kid-mismatch',
          `The kid is ${shown(kid)}, not the text "<AppID>/<key id>", so JaaS cannot pick your public key.`,
          hint,
          ['header', 'kid'],
        ];
      }
      const detail = kid.includes('/')
        ? `The kid's AppID part ("${kidAppId(kid)}") is not the sub (${shown(sub)}).`
        : `The kid "${kid}" is a bare key id: JaaS kids are "<AppID>/<key id>", and the client compares an empty AppID with the sub (${shown(sub)}).`;
      return ['preset-jaas-kid-mismatch', detail, hint, ['header', 'kid']];
    }
    case 'audInvalid':
      return [
        'preset-jaas-aud',
        `aud is ${shown(payload['aud'])}; JaaS requires exactly "${JAAS_AUDIENCE}" (an array does not count).`,
        `Set "aud": "${JAAS_AUDIENCE}".`,
        ['payload', 'aud'],
      ];
    case 'issInvalid':
      return [
        'preset-jaas-iss',
        `iss is ${shown(payload['iss'])}; JaaS requires exactly "${JAAS_ISSUER}" (not your AppID).`,
        `Set "iss": "${JAAS_ISSUER}".`,
        ['payload', 'iss'],
      ];
    case 'featuresNotFound': {
      const context = payload['context'];
      const features = isJsonObject(context) ? context['features'] : undefined;
      return [
        'preset-jaas-features-missing',
        `context.features is ${shown(features)}; JaaS requires the object (an empty one is enough).`,
        'Add "features": {} inside context, with the features you need set to "true".',
        ['payload', 'context', 'features'],
      ];
    }
  }
}

// What the web client does with each reason: it runs the checks only for a JaaS sub, stops after a missing kid,
// and throws (listing nothing) on a kid that is not text.
function clientNoteFor(header: JsonObject, payload: JsonObject): (key: JaasReasonKey) => string {
  const sub = payload['sub'];
  const kid = header['kid'];
  const isClientJaas = typeof sub === 'string' && sub.startsWith(JAAS_SUB_PREFIX);
  const isKidMissing = !kid;
  return (key) => {
    const text = `"${reasonText(key)}"`;
    if (!isClientJaas) return ` The web client lists ${text} only when sub starts with "${JAAS_SUB_PREFIX}".`;
    if (kid && typeof kid !== 'string') {
      return key === 'kidMismatch'
        ? ' The web client cannot read such a kid either: it logs "Unspecified JWT error" and lists no reasons.'
        : ' The web client does not list this: the kid that is not text makes it stop with "Unspecified JWT error".';
    }
    if (key !== 'kidNotFound' && isKidMissing)
      return ' The web client does not list this: it stops at the missing kid.';
    return key === 'kidNotFound'
      ? ` The web client refuses it too, lists ${text} and checks nothing else.`
      : ` The web client refuses it too and lists ${text}.`;
  };
}

function finding(ruleId: JaasRuleId, message: string, hint: string, path: FindingPath | null): Finding {
  const rule = JAAS_RULES[ruleId];
  const docs = rule.docs.map(citeJaasDoc).join('; ');
  const client = rule.client ? `; web client: ${CLIENT_REASON_SOURCES[rule.client]}` : '';
  return {
    ruleId,
    severity: rule.severity,
    message,
    hint,
    path,
    source: `JaaS rule (${rule.basis}): ${rule.rule} ${docs}${client}`,
  };
}

function shown(value: JsonValue | undefined): string {
  return value === undefined ? 'missing' : JSON.stringify(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
