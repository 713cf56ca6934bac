// The release-line table: one frozen entry per Jitsi release line, saying how its token code behaves where lines
// differ (option defaults, the options it reads, where the algorithm comes from, how it verifies, which context
// claims exist, how it compares rooms, the wording of its refusals). The checker asks this table, never a line's id.

import type { ProsodyRuleId, Stage } from './prosody-rules';
import type { ReleaseLineId } from './release-line-id';

/** How one release line words a refusal where it differs from the rule table (the current line). */
export interface VerdictWording {
  readonly stage?: Stage;
  readonly error?: string;
  readonly reason?: string | null;
}

/** One release line of Jitsi's token code. */
export interface ReleaseLine {
  readonly id: ReleaseLineId;
  /** The choice in the server settings. */
  readonly label: string;
  /** The line's name in running text: "as {name} would answer". */
  readonly name: string;
  /** The upstream code this line follows. */
  readonly source: string;
  /** Option defaults that differ between lines. */
  readonly defaults: { readonly enableDomainVerification: boolean };
  /** Options this line reads at all; one it does not read is ignored as if absent. */
  readonly options: { readonly signatureAlgorithm: boolean; readonly cacheKeysUrl: boolean };
  /** `setting`: only `signature_algorithm` (or its default) passes; `header`: whatever the token's header says. */
  readonly algorithmSource: 'setting' | 'header';
  /**
   * With a key server: `rs-only` refuses a token whose alg is not RS* before any key is used; `any` verifies an HS*
   * token with the served public key text as the HMAC secret (the algorithm-confusion hole).
   */
  readonly keyServerAlgorithms: 'rs-only' | 'any';
  /** The token library: luajwtjitsi 3 (`verify`, parse_token) or 2.0 (`decode(token, key, true)`, tokenize). */
  readonly verifier: 'luajwtjitsi-3' | 'luajwtjitsi-2';
  /** Context claims the room join reads. */
  readonly claims: { readonly roomRegex: boolean; readonly contextTenant: boolean };
  /**
   * Without domain verification, how the room claim is compared with the joined node: by name or `]name` suffix
   * (so `[tenant]room` matches `room`), or with the whole node only.
   */
  readonly roomWithoutDomainCheck: 'name-or-tenant-suffix' | 'whole-node';
  /** With domain verification and no room claim to compare (allowed by asap_require_room_claim = false). */
  readonly missingRoomAtJoin: 'accepted' | 'lua-error';
  /** Refusals this line words differently from the rule table. */
  readonly verdicts: Readonly<Partial<Record<ProsodyRuleId, VerdictWording>>>;
}

const CURRENT: ReleaseLine = {
  id: 'current',
  label: 'Current (Jitsi since mid-2021)',
  name: 'current Jitsi',
  source: 'jitsi-meet token/util.lib.lua 1c8216eb with luajwtjitsi 3.0 (rules §0)',
  defaults: { enableDomainVerification: true },
  options: { signatureAlgorithm: true, cacheKeysUrl: true },
  algorithmSource: 'setting',
  keyServerAlgorithms: 'rs-only',
  verifier: 'luajwtjitsi-3',
  claims: { roomRegex: true, contextTenant: true },
  roomWithoutDomainCheck: 'name-or-tenant-suffix',
  missingRoomAtJoin: 'accepted',
  verdicts: {},
};

const JITSI_2020: ReleaseLine = {
  id: 'jitsi-2020',
  label: 'Jitsi 2020 (before the June 2021 algorithm fix)',
  name: 'Jitsi 2020',
  source: 'jitsi-meet token/util.lib.lua e103757f with luajwtjitsi 2.0 (rules §15)',
  defaults: { enableDomainVerification: false },
  options: { signatureAlgorithm: false, cacheKeysUrl: false },
  algorithmSource: 'header',
  keyServerAlgorithms: 'any',
  verifier: 'luajwtjitsi-2',
  claims: { roomRegex: false, contextTenant: false },
  roomWithoutDomainCheck: 'whole-node',
  missingRoomAtJoin: 'lua-error',
  verdicts: {
    'key-config-missing': { reason: "'app_secret' or 'asap_key_server' must be specified" },
    'token-expired': { reason: 'Not acceptable by exp' },
    'iss-invalid': { reason: "Invalid issuer ('iss' claim)" },
    'aud-invalid': { reason: "Invalid audience ('aud' claim)" },
    'room-claim-missing': { error: 'not-allowed', reason: "'room' claim is missing" },
    'room-mismatch-no-domain-check': { error: 'not-allowed', reason: 'Room and token mismatched' },
  },
};

function freezeLine(line: ReleaseLine): ReleaseLine {
  const verdicts = Object.fromEntries(
    Object.entries(line.verdicts).map(([id, wording]) => [id, Object.freeze({ ...wording })]),
  );
  return Object.freeze({
    ...line,
    defaults: Object.freeze({ ...line.defaults }),
    options: Object.freeze({ ...line.options }),
    claims: Object.freeze({ ...line.claims }),
    verdicts: Object.freeze(verdicts),
  });
}

/**
 * The frozen release-line table, keyed by id.
 * @see jitsi-token-rules.md §15
 */
export const RELEASE_LINES: Readonly<Record<ReleaseLineId, ReleaseLine>> = Object.freeze({
  current: freezeLine(CURRENT),
  'jitsi-2020': freezeLine(JITSI_2020),
});

/**
 * Whether this line, with these settings, compares a tenant meeting's room claim with the whole `[tenant]room` node
 * (rules §15): so only "*" or that node matches.
 */
export function isTenantRoomWholeNode(line: ReleaseLine, enableDomainVerification: boolean): boolean {
  return !enableDomainVerification && line.roomWithoutDomainCheck === 'whole-node';
}

/**
 * The room claim a tenant meeting needs when the line compares the whole node: `[mucSubdomain]room`; null when the
 * meeting has no tenant or the line compares by room name.
 * @see jitsi-token-rules.md §14, §15
 */
export function tenantRoomNode(
  line: ReleaseLine,
  enableDomainVerification: boolean,
  mucSubdomain: string | null,
  room: string,
): string | null {
  return mucSubdomain !== null && isTenantRoomWholeNode(line, enableDomainVerification)
    ? `[${mucSubdomain}]${room}`
    : null;
}
