// Deployment presets (Debian packages, docker-jitsi-meet, 8x8 JaaS): the prosody settings, the generator's claim
// template inputs and the deployment-specific checks, set together. Builds no links (room-url.ts) and signs nothing.

import type { JsonObject } from '../../jwt/json-types';
import type { GeneratorSettings } from '../generate/claim-template';
import type { Finding } from '../finding';
import type { ProsodySettings } from '../server/prosody-settings';
import { checkJaasToken, type JaasRuleId } from '../jaas/jaas-rules';
import { JAAS_ALGORITHM, JAAS_AUDIENCE, JAAS_HOST, JAAS_ISSUER } from '../jaas/jaas-app-id';
import { appIdProblem } from '../jaas/jaas-names';

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
  /** Prosody options as this deployment writes them; '' where the value is the user's own (never an example). */
  readonly settings: Readonly<ProsodySettings>;
  /** The host in the meeting link the tester opens; '' when it is the user's own. */
  readonly linkHost: string;
  /** The VirtualHost (XMPP) domain prosody compares `sub` with (rules §6); '' when it is the user's own. */
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
  /**
   * Generator fields that are the user's own (set to '' in `generator`, the form shows a placeholder): a value the
   * user typed is kept.
   */
  readonly placeholderFields: readonly (keyof GeneratorSettings)[];
  /**
   * For a placeholder field whose typed value means something only when it fits this preset: the test the value
   * must pass to be kept (JaaS keeps a typed tenant only when it is an AppID).
   */
  readonly keepsOwnValue?: Readonly<Partial<Record<keyof GeneratorSettings, (value: string) => boolean>>>;
}

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
      app_id: '',
      app_secret: '',
      allow_empty_token: false,
      muc_mapper_domain_base: '',
      muc_mapper_domain_prefix: 'conference',
    },
    linkHost: '',
    xmppDomain: '',
    tenant: '',
    linkPattern: 'https://<your domain>/<room>',
    generator: {
      deployment: 'self-hosted',
      domain: '',
      linkHost: '',
      tenant: '',
      appId: '',
      audience: 'jitsi',
      algorithm: 'HS256',
      kid: '',
      tokenRoom: '',
      moderatorValueStyle: 'boolean',
    },
    placeholderFields: ['domain', 'linkHost', 'appId'],
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
      app_id: '',
      app_secret: '',
      allow_empty_token: false,
      enable_domain_verification: false,
      muc_mapper_domain_base: DOCKER_XMPP_DOMAIN,
      muc_mapper_domain_prefix: 'muc',
    },
    linkHost: '',
    xmppDomain: DOCKER_XMPP_DOMAIN,
    tenant: '',
    linkPattern: 'https://<PUBLIC_URL host>/<room>',
    generator: {
      deployment: 'self-hosted',
      domain: DOCKER_XMPP_DOMAIN,
      linkHost: '',
      tenant: '',
      appId: '',
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
      'Jitsi as a Service by 8x8. Your AppID (vpaas-magic-cookie-…, from the JaaS console) is sub, the first part of ' +
      'the kid "<AppID>/<key id>" and the first path segment of https://8x8.vc/<AppID>/<room>. Tokens are RS256, ' +
      'signed with the private key of an API key you generated or uploaded in the console; iss is "chat", aud ' +
      '"jitsi", room usually "*", and context.features must be present. JaaS documents the moderator flag and every ' +
      'feature as the strings "true"/"false". The web client checks kid, sub, aud, iss and features itself; the ' +
      "signature is checked only by 8x8's servers, whose settings are not public: the prosody settings here are a " +
      'stand-in, so the verdict names the JaaS rules a token breaks apart from the stand-in.',
    settings: {
      app_id: JAAS_AUDIENCE,
      // A stand-in: 8x8 does not publish where it keeps the public keys you upload.
      asap_key_server: 'https://jaas-public-keys.invalid',
      signature_algorithm: JAAS_ALGORITHM,
      asap_accepted_issuers: [JAAS_ISSUER],
      asap_accepted_audiences: [JAAS_AUDIENCE],
      allow_empty_token: false,
      muc_mapper_domain_base: JAAS_HOST,
      muc_mapper_domain_prefix: 'conference',
    },
    linkHost: JAAS_HOST,
    xmppDomain: JAAS_HOST,
    tenant: '',
    linkPattern: 'https://8x8.vc/<AppID>/<room>',
    generator: {
      deployment: 'jaas',
      domain: JAAS_HOST,
      linkHost: '',
      // The AppID and key id are the user's: nothing is pre-filled, the fields show placeholders.
      tenant: '',
      jaasKeyId: '',
      algorithm: JAAS_ALGORITHM,
      // Any room of the AppID; the flags as the strings JaaS documents.
      tokenRoom: '*',
      moderatorValueStyle: 'string',
      featureValueStyle: 'string',
      moderatorClaims: { contextUser: true, affiliation: false, topLevel: false },
    },
    placeholderFields: ['tenant', 'jaasKeyId'],
    // The JaaS tenant is the AppID, so a self-hosted tenant typed earlier is not kept as one.
    keepsOwnValue: { tenant: (value) => appIdProblem(value) === null },
  },
});

/**
 * The generator settings once a preset is chosen: the preset's values over `current`, except that a field that is
 * the user's own (`placeholderFields`) keeps the user's non-empty value when it passes the preset's `keepsOwnValue`
 * check; docker moves a public host from Domain to Link host.
 */
export function presetGeneratorSettings(id: PresetId, current: GeneratorSettings): GeneratorSettings {
  const preset = PRESETS[id];
  const next = structuredClone(current) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(preset.generator)) {
    const field = key as keyof GeneratorSettings;
    const own = next[key];
    const isOwnKept =
      preset.placeholderFields.includes(field) &&
      typeof own === 'string' &&
      own.trim() !== '' &&
      !isWrittenByAPreset(field, own) &&
      (preset.keepsOwnValue?.[field]?.(own) ?? true);
    if (!isOwnKept) next[key] = structuredClone(value);
  }
  // docker's Domain is the XMPP domain; a public host typed there before is where the link goes, so it moves to
  // Link host rather than being lost.
  const ownDomain = current.domain.trim();
  if (
    id === 'docker' &&
    current.linkHost.trim() === '' &&
    ownDomain !== '' &&
    ownDomain !== DOCKER_XMPP_DOMAIN
  )
    next['linkHost'] = ownDomain;
  return next as unknown as GeneratorSettings;
}

/** True when `value` is what some preset itself writes into `field` (docker's meet.jitsi): not the user's own. */
function isWrittenByAPreset(field: keyof GeneratorSettings, value: string): boolean {
  return Object.values(PRESETS).some((preset) => {
    const written: unknown = (preset.generator as Partial<GeneratorSettings>)[field];
    return typeof written === 'string' && written !== '' && written === value.trim();
  });
}

/** The stable rule ids checkPresetRules can report. */
export type PresetRuleId = JaasRuleId | 'preset-docker-sub-not-xmpp-domain';

/** What the tester's link looks like, when known; defaults come from the preset. */
export interface PresetLinkContext {
  linkHost?: string;
  xmppDomain?: string;
  /** The link's tenant segment (JaaS: the AppID), backend-safe. */
  tenant?: string;
  /** The link's room as it appears in the path. */
  room?: string;
}

/**
 * The deployment-specific checks: JaaS's own token rules (errors where 8x8 documents them, see jaas-rules.ts), and
 * docker's XMPP-domain `sub` (a warning). Debian has none beyond the general prosody checks, which are not repeated.
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
      return checkJaasToken(header, payload, {
        ...(link.linkHost !== undefined ? { host: link.linkHost } : {}),
        ...(link.tenant !== undefined ? { tenant: link.tenant } : {}),
        ...(link.room !== undefined ? { room: link.room } : {}),
      });
    case 'docker':
      return checkDocker(payload, link);
    case 'debian':
      return [];
  }
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
  ruleId: 'preset-docker-sub-not-xmpp-domain',
  message: string,
  hint: string,
  path: Finding['path'],
  source: string,
): Finding {
  return { ruleId, severity: 'warning', message, hint, path, source };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
