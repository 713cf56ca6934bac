// Deployment presets (Debian packages, docker-jitsi-meet, 8x8 JaaS): the prosody settings, the generator's claim
// template inputs and the deployment-specific checks, set together. Builds no links (room-url.ts) and signs nothing.

import { isJsonObject, type JsonObject, type JsonValue } from '../../jwt/json-types';
import type { GeneratorSettings } from '../generate/claim-template';
import { JAAS_TENANT_PREFIX } from '../client/client-room';
import {
  CLIENT_REASON_SOURCES,
  JAAS_SUB_PREFIX,
  jaasClaimReasons,
  kidAppId,
  reasonText,
  type JaasReasonKey,
} from '../client/client-validate';
import type { Finding } from '../finding';
import type { ProsodySettings } from '../server/prosody-settings';

/** The deployments a preset exists for. */
export type PresetId = 'debian' | 'docker' | 'jaas';

/** Preset ids in the order they are offered. */
export const PRESET_IDS = Object.freeze(['debian', 'docker', 'jaas'] as const satisfies readonly PresetId[]);

/** One deployment: its prosody settings, its claim template inputs and where its link and XMPP domains differ. */
export interface DeploymentPreset {
  readonly id: PresetId;
  readonly label: string;
  /** One paragraph for the UI: how this deployment checks tokens. */
  readonly explanation: string;
  /** Prosody options as this deployment writes them; placeholders where the value is the deployment's own. */
  readonly settings: Readonly<ProsodySettings>;
  /** The host in the meeting link the tester opens. */
  readonly linkHost: string;
  /** The VirtualHost (XMPP) domain prosody compares `sub` with (rules §6). */
  readonly xmppDomain: string;
  /** The tenant path segment of the link, or '' when the link has none (JaaS: the AppID). */
  readonly tenant: string;
  /** What the link looks like, for the UI (built for real by room-url.ts). */
  readonly linkPattern: string;
  /**
   * The generator inputs this preset sets (`appId` is what the template writes as `iss`; JaaS also sets the token
   * room `*` and the string moderator flag). buildClaimTemplate with these settings passes checkPresetRules.
   */
  readonly generator: Readonly<Partial<GeneratorSettings>>;
  /** Generator fields in `generator` that are only examples: keep the user's value when there is one. */
  readonly placeholderFields: readonly (keyof GeneratorSettings)[];
}

const EXAMPLE_JAAS_APP_ID = `${JAAS_TENANT_PREFIX}0123456789abcdef0123456789abcdef`;
const EXAMPLE_JAAS_KEY_ID = 'a1b2c3';
const DOCKER_XMPP_DOMAIN = 'meet.jitsi';

/**
 * The presets, keyed by id; deep-frozen.
 * @see jitsi-token-rules.md §2 (options), §6 (what sub must equal), §7; jitsi-client-rules.md §7 (JaaS)
 */
export const PRESETS: Readonly<Record<PresetId, DeploymentPreset>> = deepFreeze({
  debian: {
    id: 'debian',
    label: 'Debian / Ubuntu packages',
    explanation:
      'A Debian or Ubuntu install (jitsi-meet with jitsi-meet-tokens). The package asks for an app ID and a secret and ' +
      'writes them as app_id and app_secret into /etc/prosody/conf.avail/<domain>.cfg.lua. The VirtualHost is your public ' +
      'domain, so the link and sub use the same name: sub is that domain (or *), or the tenant on a tenant link. Tokens ' +
      'are HS256, signed with the secret exactly as typed. iss must equal app_id (asap_accepted_issuers defaults to it); ' +
      'aud may be anything but must be present, and "jitsi" is customary. Domain verification is on (prosody default).',
    settings: {
      app_id: 'example_app_id',
      app_secret: '',
      allow_empty_token: false,
      muc_mapper_domain_base: 'meet.example.com',
      muc_mapper_domain_prefix: 'conference',
    },
    linkHost: 'meet.example.com',
    xmppDomain: 'meet.example.com',
    tenant: '',
    linkPattern: 'https://<your domain>/<room>',
    generator: {
      domain: 'meet.example.com',
      linkHost: '',
      tenant: '',
      appId: 'example_app_id',
      audience: 'jitsi',
      algorithm: 'HS256',
      kid: '',
      tokenRoom: '',
      moderatorValueStyle: 'boolean',
    },
    placeholderFields: ['domain', 'appId'],
  },
  docker: {
    id: 'docker',
    label: 'docker-jitsi-meet',
    explanation:
      'docker-jitsi-meet with ENABLE_AUTH=1 and AUTH_TYPE=jwt. Prosody runs on the internal XMPP domain XMPP_DOMAIN, ' +
      "meet.jitsi by default, which is not the public hostname in PUBLIC_URL: the token's sub must be the XMPP domain " +
      '(meet.jitsi) or *, while the link uses the public hostname. app_id is JWT_APP_ID and app_secret JWT_APP_SECRET; iss ' +
      'must be JWT_APP_ID unless JWT_ACCEPTED_ISSUERS lists others, and aud is free unless JWT_ACCEPTED_AUDIENCES is set. ' +
      'Tokens are HS256. The MUC is muc.meet.jitsi (prefix "muc", not "conference"). Since stable-8252 domain verification ' +
      'is off by default (JWT_ENABLE_DOMAIN_VERIFICATION=false), so a wrong sub only fails once that is switched on.',
    settings: {
      app_id: 'my_jitsi_app_id',
      app_secret: '',
      allow_empty_token: false,
      enable_domain_verification: false,
      muc_mapper_domain_base: DOCKER_XMPP_DOMAIN,
      muc_mapper_domain_prefix: 'muc',
    },
    linkHost: 'meet.example.com',
    xmppDomain: DOCKER_XMPP_DOMAIN,
    tenant: '',
    linkPattern: 'https://<PUBLIC_URL host>/<room>',
    generator: {
      domain: DOCKER_XMPP_DOMAIN,
      linkHost: 'meet.example.com',
      tenant: '',
      appId: 'my_jitsi_app_id',
      audience: 'jitsi',
      algorithm: 'HS256',
      kid: '',
      tokenRoom: '',
      moderatorValueStyle: 'boolean',
    },
    placeholderFields: ['linkHost', 'appId'],
  },
  jaas: {
    id: 'jaas',
    label: '8x8 JaaS (Jitsi as a Service)',
    explanation:
      'Jitsi as a Service by 8x8. Tokens are RS256, signed with the private key of an API key made in the JaaS console; ' +
      'the header kid is "<AppID>/<key id>". iss is "chat", aud "jitsi", sub your AppID (vpaas-magic-cookie-…), room ' +
      'usually "*", and context.features must be present (an empty object is fine). Moderators carry ' +
      'context.user.moderator: "true" as a string, as JaaS documents. The link is https://8x8.vc/<AppID>/<room>. The web ' +
      'client checks kid, sub, aud, iss and features itself and lists what failed after a rejection; RS256 and the ' +
      "signature are checked only by 8x8's servers, whose settings are not public: the settings here are a stand-in " +
      '(the key server URL is not real) that enforces the same rules.',
    settings: {
      app_id: 'jitsi',
      asap_key_server: 'https://jaas-public-keys.invalid',
      signature_algorithm: 'RS256',
      asap_accepted_issuers: ['chat'],
      asap_accepted_audiences: ['jitsi'],
      allow_empty_token: false,
      muc_mapper_domain_base: '8x8.vc',
      muc_mapper_domain_prefix: 'conference',
    },
    linkHost: '8x8.vc',
    xmppDomain: '8x8.vc',
    tenant: EXAMPLE_JAAS_APP_ID,
    linkPattern: 'https://8x8.vc/<AppID>/<room>',
    generator: {
      domain: '8x8.vc',
      linkHost: '8x8.vc',
      tenant: EXAMPLE_JAAS_APP_ID,
      appId: 'chat',
      audience: 'jitsi',
      algorithm: 'RS256',
      kid: `${EXAMPLE_JAAS_APP_ID}/${EXAMPLE_JAAS_KEY_ID}`,
      // Any room of the AppID, and the moderator flag as the string JaaS documents.
      tokenRoom: '*',
      moderatorValueStyle: 'string',
      moderatorClaims: { contextUser: true, affiliation: false, topLevel: false },
      // Present because JaaS requires the object; dial-out is off since it reaches the phone network.
      features: {
        livestreaming: true,
        recording: true,
        transcription: true,
        'outbound-call': false,
        'sip-outbound-call': false,
      },
    },
    placeholderFields: ['tenant', 'kid'],
  },
});

/** The stable rule ids checkPresetRules can report. */
export type PresetRuleId =
  | 'preset-jaas-kid-missing'
  | 'preset-jaas-kid-mismatch'
  | 'preset-jaas-sub-prefix'
  | 'preset-jaas-aud'
  | 'preset-jaas-iss'
  | 'preset-jaas-alg'
  | 'preset-jaas-features-missing'
  | 'preset-jaas-moderator-type'
  | 'preset-jaas-moderator-missing'
  | 'preset-jaas-room-missing'
  | 'preset-jaas-link-tenant'
  | 'preset-docker-sub-not-xmpp-domain';

/** What the tester's link looks like, when known; defaults come from the preset. */
export interface PresetLinkContext {
  linkHost?: string;
  xmppDomain?: string;
  /** The link's tenant segment (JaaS: the AppID), backend-safe. */
  tenant?: string;
}

/**
 * The deployment-specific checks, as warnings: JaaS's own token rules, and docker's XMPP-domain `sub`. Debian has
 * none beyond the general prosody checks. The general checks (signature, exp, iss/aud lists) are not repeated here.
 * @see jitsi-client-rules.md §2 checks 3-7 and §7; jitsi-token-rules.md §6, §7
 */
export function checkPresetRules(
  presetId: PresetId,
  header: JsonObject,
  payload: JsonObject,
  link: PresetLinkContext = {},
): Finding[] {
  switch (presetId) {
    case 'jaas':
      return checkJaas(header, payload, link);
    case 'docker':
      return checkDocker(payload, link);
    case 'debian':
      return [];
  }
}

// The client's JaaS checks (client rules §2 checks 3-7), which a JaaS deployment needs whatever `sub` says.
const JAAS_CLIENT_RULE_IDS: Readonly<Record<JaasReasonKey, PresetRuleId>> = Object.freeze({
  kidNotFound: 'preset-jaas-kid-missing',
  kidMismatch: 'preset-jaas-kid-mismatch',
  audInvalid: 'preset-jaas-aud',
  issInvalid: 'preset-jaas-iss',
  featuresNotFound: 'preset-jaas-features-missing',
});

function checkJaas(header: JsonObject, payload: JsonObject, link: PresetLinkContext): Finding[] {
  const sub = payload['sub'];
  const isClientJaas = typeof sub === 'string' && sub.startsWith(JAAS_SUB_PREFIX);
  const reasons = jaasClaimReasons(header, payload);
  const kid = header['kid'];
  // What the client does with each reason (client rules §2): it runs the checks only for a JaaS sub, stops after a
  // missing kid, and throws (listing nothing) on a kid that is not text.
  const clientNote = (key: JaasReasonKey): string => {
    const text = `"${reasonText(key)}"`;
    if (!isClientJaas) return ` The web client lists ${text} only when sub starts with "${JAAS_SUB_PREFIX}".`;
    if (kid && typeof kid !== 'string') {
      return key === 'kidMismatch'
        ? ' The web client cannot read such a kid either: it logs "Unspecified JWT error" and lists no reasons.'
        : ' The web client does not list this: the kid that is not text makes it stop with "Unspecified JWT error".';
    }
    if (key !== 'kidNotFound' && reasons.includes('kidNotFound'))
      return ' The web client does not list this: it stops at the missing kid.';
    return key === 'kidNotFound'
      ? ` The web client lists ${text} and checks nothing else.`
      : ` The web client lists ${text}`;
  };
  const findings = reasons.map((key) => jaasClientFinding(key, header, payload, clientNote(key)));
  if (typeof sub !== 'string' || !sub.startsWith(JAAS_TENANT_PREFIX)) {
    findings.push(
      warn(
        'preset-jaas-sub-prefix',
        (isClientJaas
          ? `sub is ${shown(sub)}, not a JaaS AppID (AppIDs start with "${JAAS_TENANT_PREFIX}", with the dash). The web ` +
            `client still runs its JaaS checks, which key on "${JAAS_SUB_PREFIX}" alone`
          : `sub is ${shown(sub)}, not a JaaS AppID ("${JAAS_TENANT_PREFIX}…"). The web client runs its JaaS checks ` +
            `only for a sub starting with "${JAAS_SUB_PREFIX}", so it skips them`) +
          ', and on the tenant link https://8x8.vc/<AppID>/… prosody requires sub to be the AppID.',
        "Set sub to your AppID from the JaaS console, the same value as the link's first path segment.",
        ['payload', 'sub'],
        'jitsi-meet base/jwt/functions.ts validateJwt (S1:149, JaaS branch keys on sub); token/util.lib.lua verify_room',
      ),
    );
  }
  if (header['alg'] !== 'RS256') {
    findings.push(
      warn(
        'preset-jaas-alg',
        `alg is ${shown(header['alg'])}; JaaS verifies only RS256 with the public key you uploaded. The web client does not check this, so only the server refuses.`,
        'Sign with RS256 and the private key of your JaaS API key.',
        ['header', 'alg'],
        'jitsi-client-rules.md §7 (RS256 is server-only); luajwtjitsi verify (alg must equal signature_algorithm)',
      ),
    );
  }
  const moderatorFinding = checkJaasModerator(payload['context']);
  if (moderatorFinding) findings.push(moderatorFinding);
  const room = payload['room'];
  if (typeof room !== 'string' || room === '') {
    findings.push(
      warn(
        'preset-jaas-room-missing',
        `room is ${shown(room)}; the server needs a room claim (prosody's "'room' claim is missing").`,
        'Set "room": "*" for any room of your AppID, or the room name in lower case.',
        ['payload', 'room'],
        'jitsi-meet token/util.lib.lua process_and_verify_token (asap_require_room_claim)',
      ),
    );
  }
  if (link.tenant !== undefined && typeof sub === 'string' && link.tenant !== sub) {
    findings.push(
      warn(
        'preset-jaas-link-tenant',
        `The link's first path segment ("${link.tenant}") is not the sub ("${sub}"); on a tenant link prosody requires sub to be the tenant.`,
        'Use the link https://8x8.vc/<AppID>/<room> with the same AppID as sub.',
        ['payload', 'sub'],
        'jitsi-meet token/util.lib.lua verify_room (tenant link: sub must be the tenant)',
      ),
    );
  }
  return findings;
}

// What JaaS needs, then what the web client does about it (`clientNote`, with the client's own text).
function jaasClientFinding(
  key: JaasReasonKey,
  header: JsonObject,
  payload: JsonObject,
  clientNote: string,
): Finding {
  const sub = payload['sub'];
  const kid = header['kid'];
  const ruleId = JAAS_CLIENT_RULE_IDS[key];
  const source = CLIENT_REASON_SOURCES[key];
  switch (key) {
    case 'kidNotFound':
      return warn(
        ruleId,
        `The header has no "kid", so JaaS cannot pick your public key.${clientNote}`,
        `Add "kid": "${typeof sub === 'string' && sub !== '' ? sub : '<AppID>'}/<key id>" with the key id from the JaaS console.`,
        ['header', 'kid'],
        source,
      );
    case 'kidMismatch': {
      const hint = 'The kid is "<AppID>/<key id>", and sub is that same AppID (exact, case-sensitive).';
      if (typeof kid !== 'string') {
        return warn(
          ruleId,
          `The kid is ${shown(kid)}, not the text "<AppID>/<key id>", so JaaS cannot pick your public key.${clientNote}`,
          hint,
          ['header', 'kid'],
          source,
        );
      }
      const detail = kid.includes('/')
        ? `The kid's part before the first "/" ("${kidAppId(kid)}") is not the sub (${shown(sub)}).`
        : `The kid "${kid}" has no "/", so the client compares an empty AppID with the sub (${shown(sub)}).`;
      return warn(ruleId, `${detail}${clientNote}`, hint, ['header', 'kid'], source);
    }
    case 'audInvalid':
      return warn(
        ruleId,
        `aud is ${shown(payload['aud'])}; JaaS requires exactly "jitsi" (an array does not count).${clientNote}`,
        'Set "aud": "jitsi".',
        ['payload', 'aud'],
        source,
      );
    case 'issInvalid':
      return warn(
        ruleId,
        `iss is ${shown(payload['iss'])}; JaaS requires exactly "chat".${clientNote}`,
        'Set "iss": "chat".',
        ['payload', 'iss'],
        source,
      );
    case 'featuresNotFound': {
      const context = payload['context'];
      const features = isJsonObject(context) ? context['features'] : undefined;
      return warn(
        ruleId,
        `context.features is ${shown(features)}; JaaS requires the object (an empty one is enough).${clientNote}`,
        'Add "features": {} inside context, with the features you need set to true.',
        ['payload', 'context', 'features'],
        source,
      );
    }
  }
}

function checkJaasModerator(context: JsonValue | undefined): Finding | null {
  const user = isJsonObject(context) ? context['user'] : undefined;
  const flag = isJsonObject(user) ? user['moderator'] : undefined;
  const path = ['payload', 'context', 'user', 'moderator'] as const;
  if (flag === undefined) {
    return {
      ruleId: 'preset-jaas-moderator-missing',
      severity: 'info',
      message:
        'context.user.moderator is not set, so this user joins JaaS as a participant, not a moderator.',
      hint: 'Add "moderator": "true" inside context.user for a moderator token.',
      path,
      source: 'jitsi-token-rules.md §7 (JaaS documents context.user.moderator "true")',
    };
  }
  if (flag === 'true' || flag === 'false') return null;
  const isBoolean = typeof flag === 'boolean';
  return warn(
    'preset-jaas-moderator-type',
    isBoolean
      ? `context.user.moderator is the boolean ${String(flag)}. Prosody's mod_token_affiliation accepts it, but JaaS documents the string "${String(flag)}".`
      : `context.user.moderator is ${shown(flag)}; JaaS expects the string "true" or "false", and anything else is not a moderator.`,
    isBoolean ? `Write "moderator": "${String(flag)}" (a string).` : 'Write "moderator": "true" or "false".',
    path,
    'jitsi-token-rules.md §7 (JaaS: string "true"); mod_token_affiliation (true or "true")',
  );
}

function checkDocker(payload: JsonObject, link: PresetLinkContext): Finding[] {
  const sub = payload['sub'];
  if (typeof sub !== 'string' || sub === '*') return [];
  const xmppDomain = (link.xmppDomain ?? PRESETS.docker.xmppDomain).toLowerCase();
  const lowerSub = sub.toLowerCase();
  if (lowerSub === xmppDomain || (link.tenant !== undefined && lowerSub === link.tenant.toLowerCase()))
    return [];
  const linkHost = (link.linkHost ?? '').toLowerCase().replace(/:\d+$/, '');
  const isPublicHost = linkHost !== '' && lowerSub === linkHost;
  return [
    warn(
      'preset-docker-sub-not-xmpp-domain',
      (isPublicHost
        ? `sub is the public hostname "${sub}", but docker-jitsi-meet's prosody knows only its XMPP domain "${xmppDomain}".`
        : `sub "${sub}" is not the XMPP domain "${xmppDomain}" (nor the link's tenant).`) +
        ' With JWT_ENABLE_DOMAIN_VERIFICATION=true the join fails ("Room and token mismatched"); it is off by default, so the token works until someone switches it on.',
      `Set "sub": "${xmppDomain}" (the XMPP_DOMAIN), or "*"; keep the public hostname in the link only.`,
      ['payload', 'sub'],
      'jitsi-meet token/util.lib.lua verify_room; docker-jitsi-meet prosody conf.d/jitsi-meet.cfg.lua (XMPP_DOMAIN)',
    ),
  ];
}

function warn(
  ruleId: PresetRuleId,
  message: string,
  hint: string,
  path: Finding['path'],
  source: string,
): Finding {
  return { ruleId, severity: 'warning', message, hint, path, source };
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
