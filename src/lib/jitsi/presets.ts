// Deployment presets (Debian packages, docker-jitsi-meet, 8x8 JaaS): the prosody settings, the generator's claim
// template inputs and the deployment-specific checks, set together. Builds no links (room-url.ts) and signs nothing.

import type { JsonObject, JsonValue } from '../jwt/json-types';
import { isJsonObject } from '../jwt/json-types';
import { buildClaimTemplate, DEFAULT_GENERATOR_SETTINGS, type GeneratorSettings } from './claim-template';
import type { Finding } from './finding';
import { setModerator } from './moderator';
import type { ProsodySettings } from './prosody-settings';

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
  /** The generator inputs this preset sets (`appId` is what the template writes as `iss`). */
  readonly generator: Readonly<Partial<GeneratorSettings>>;
  /** Generator fields in `generator` that are only examples: keep the user's value when there is one. */
  readonly placeholderFields: readonly (keyof GeneratorSettings)[];
  /** The token's `room` when it differs from the link's room (JaaS: `*`); null = the link's room. */
  readonly tokenRoom: string | null;
  /** How `context.user.moderator` is written: JSON boolean, or the strings JaaS documents. */
  readonly moderatorValueStyle: 'boolean' | 'string';
}

/** The JaaS AppID prefix; the client's JaaS checks key on `sub` starting with it (client rules §2 check 3). */
export const JAAS_APP_ID_PREFIX = 'vpaas-magic-cookie-';

const EXAMPLE_JAAS_APP_ID = `${JAAS_APP_ID_PREFIX}0123456789abcdef0123456789abcdef`;
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
    },
    placeholderFields: ['domain', 'appId'],
    tokenRoom: null,
    moderatorValueStyle: 'boolean',
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
    },
    placeholderFields: ['linkHost', 'appId'],
    tokenRoom: null,
    moderatorValueStyle: 'boolean',
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
    tokenRoom: '*',
    moderatorValueStyle: 'string',
  },
});

/**
 * The preset's prosody settings as a fresh object, keeping what is the user's own: for the secret-based presets the
 * current `app_id` and `app_secret`, and for Debian the current `muc_mapper_domain_base`, when they are set.
 */
export function presetSettings(presetId: PresetId, current: ProsodySettings = {}): ProsodySettings {
  const settings: ProsodySettings = structuredClone({ ...PRESETS[presetId].settings });
  if (presetId === 'jaas') return settings;
  if (current.app_id) settings.app_id = current.app_id;
  if (current.app_secret !== undefined) settings.app_secret = current.app_secret;
  if (presetId === 'debian' && current.muc_mapper_domain_base)
    settings.muc_mapper_domain_base = current.muc_mapper_domain_base;
  return settings;
}

/**
 * The header and payload this deployment expects, from the preset's example inputs, issued at `issuedAt` (seconds).
 * Uses the generator's own template, then applies what the generator cannot express (JaaS: room `*`, string flag).
 */
export function presetTemplate(
  presetId: PresetId,
  issuedAt: number,
): { header: JsonObject; payload: JsonObject } {
  const preset = PRESETS[presetId];
  const settings: GeneratorSettings = structuredClone({ ...DEFAULT_GENERATOR_SETTINGS, ...preset.generator });
  const template = buildClaimTemplate(
    settings,
    {
      backendRoom: preset.tokenRoom ?? 'testroom',
      backendTenant: preset.tenant === '' ? null : preset.tenant,
    },
    issuedAt,
  );
  const payload = setModerator(template.payload, settings.isModerator, ['context-user-moderator'], {
    valueStyle: preset.moderatorValueStyle,
  });
  return { header: template.header, payload };
}

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

const CLIENT_JWT_SOURCE = 'jitsi-meet react/features/base/jwt/functions.ts validateJwt';

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

function checkJaas(header: JsonObject, payload: JsonObject, link: PresetLinkContext): Finding[] {
  const findings: Finding[] = [];
  const sub = payload['sub'];
  const kid = header['kid'];
  if (typeof kid !== 'string' || kid === '') {
    findings.push(
      warn(
        'preset-jaas-kid-missing',
        'The header has no "kid". JaaS picks your public key by kid, and the web client stops checking at "Missing Key ID (kid)."',
        `Add "kid": "${typeof sub === 'string' && sub !== '' ? sub : '<AppID>'}/<key id>" with the key id from the JaaS console.`,
        ['header', 'kid'],
        `${CLIENT_JWT_SOURCE} (kidNotFound)`,
      ),
    );
  } else if (typeof sub === 'string' && kidPrefix(kid) !== sub) {
    findings.push(
      warn(
        'preset-jaas-kid-mismatch',
        (kid.includes('/')
          ? `The kid's part before the first "/" ("${kidPrefix(kid)}") is not the sub ("${sub}").`
          : `The kid "${kid}" has no "/", so the client compares an empty AppID with the sub ("${sub}").`) +
          ' The client lists "Key ID (kid) does not match sub."',
        'The kid is "<AppID>/<key id>", and sub is that same AppID (exact, case-sensitive).',
        ['header', 'kid'],
        `${CLIENT_JWT_SOURCE} (kidMismatch)`,
      ),
    );
  }
  if (typeof sub !== 'string' || !sub.startsWith(JAAS_APP_ID_PREFIX)) {
    findings.push(
      warn(
        'preset-jaas-sub-prefix',
        `sub is ${shown(sub)}, not a JaaS AppID ("${JAAS_APP_ID_PREFIX}…"). The web client then skips its JaaS checks, and on the tenant link https://8x8.vc/<AppID>/… prosody requires sub to be the AppID.`,
        "Set sub to your AppID from the JaaS console, the same value as the link's first path segment.",
        ['payload', 'sub'],
        `${CLIENT_JWT_SOURCE} (JaaS branch keys on sub)`,
      ),
    );
  }
  if (payload['aud'] !== 'jitsi') {
    findings.push(
      warn(
        'preset-jaas-aud',
        `aud is ${shown(payload['aud'])}; JaaS requires exactly "jitsi" (an array does not count). The client lists "Invalid \`aud\` value. It should be \`jitsi\`."`,
        'Set "aud": "jitsi".',
        ['payload', 'aud'],
        `${CLIENT_JWT_SOURCE} (audInvalid)`,
      ),
    );
  }
  if (payload['iss'] !== 'chat') {
    findings.push(
      warn(
        'preset-jaas-iss',
        `iss is ${shown(payload['iss'])}; JaaS requires exactly "chat". The client lists "Invalid \`iss\` value. It should be \`chat\`."`,
        'Set "iss": "chat".',
        ['payload', 'iss'],
        `${CLIENT_JWT_SOURCE} (issInvalid)`,
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
  const context = payload['context'];
  const features = isJsonObject(context) ? context['features'] : undefined;
  // The client tests truthiness: a missing or null features fails, an empty object passes (client rules §2 check 7).
  if (!features) {
    findings.push(
      warn(
        'preset-jaas-features-missing',
        'context.features is missing; JaaS requires it and the client lists "The `features` object is missing from the payload."',
        'Add "features": {} inside context (an empty object is enough), with the features you need set to true.',
        ['payload', 'context', 'features'],
        `${CLIENT_JWT_SOURCE} (featuresNotFound)`,
      ),
    );
  }
  const moderatorFinding = checkJaasModerator(context);
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

// The client takes the text before the first "/", and a kid without "/" yields "" (client rules §2 check 4).
function kidPrefix(kid: string): string {
  const slash = kid.indexOf('/');
  return slash < 0 ? '' : kid.slice(0, slash);
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
