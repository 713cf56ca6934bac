// What goes into a prosody check and what comes out of it: the input, the verdict, the signature status and the
// claims the server wants. Types only; the checks live in the stage modules and prosody-checker.ts runs them.

import type { DecodedToken } from '../../jwt/token-codec';
import type { Finding } from '../finding';
import type { ProsodySettings } from './prosody-settings';
import type { Stage } from './prosody-rules';
import type { ReleaseLineId } from './release-line-id';

/** What the checker needs: the server's settings, the meeting URL's parts, the token and the server clock. */
export interface CheckInput {
  settings: ProsodySettings;
  /** The VirtualHost (XMPP) domain. */
  domain: string;
  /** The token from the URL; null when the URL carried no jwt. */
  token: string | null;
  /** The room as typed in the meeting URL path (the client makes it backend-safe before sending it). */
  room: string;
  /** The tenant path of https://DOMAIN/TENANT/ROOM, if any. */
  tenant?: string | null;
  /** The server clock, in seconds (os.time() is whole seconds, so a fraction is dropped). */
  now: number;
  /** kid → PEM public key, as the key server (or cache_keys_url) serves them. */
  publicKeys?: Readonly<Record<string, string>>;
  /** The release line whose token code answers (rules §15); absent means `current`. */
  release?: ReleaseLineId;
  /**
   * False when the room's MUC component is known not to load `token_verification`: prosody then never compares
   * room, sub or tenant with the room joined (rules §1 step 5). Absent means the stock setup, which loads it.
   */
  mucTokenVerification?: boolean;
}

/** What Jitsi does with the token: accepted, or refused at a stage with prosody's own error and reason. */
export interface ProsodyVerdict {
  accepted: boolean;
  stage: Stage | null;
  error: string | null;
  reason: string | null;
  /** For `lua-error`: the Lua error the server raises (for information); for `checker-error`: what went wrong. */
  detail?: string;
}

/** The claim values this server and meeting want, which is what a fix writes. */
export interface ExpectedClaims {
  /** The single algorithm the server accepts (`signature_algorithm` or its default). */
  algorithm: string;
  /** The first accepted issuer that is not `*`, else app_id (`""` when app_id is unset). */
  issuer: string;
  /** The first accepted audience that is not `*`, else `"jitsi"`. */
  audience: string;
  /** The tenant (backend-safe path) on a tenant URL, else the XMPP domain lower-cased (rules §6). */
  sub: string;
  /** The room claim the server compares with this meeting (backend-safe; `[tenant]room` where it wants the node). */
  backendRoom: string;
}

/** Whether the signature verifies with the server's key, shown apart from claim problems. */
export type SignatureStatus =
  { state: 'valid' } | { state: 'invalid'; message: string } | { state: 'not-checked'; message: string };

/**
 * The verdict, every finding (errors, then warnings, then info), the signature status, the decoded token and the
 * claims this server and meeting want. A `checker-error` verdict (bad input or a checker bug) comes with no findings
 * and null `decoded` and `expected`.
 */
export interface CheckResult {
  verdict: ProsodyVerdict;
  findings: Finding[];
  signature: SignatureStatus;
  decoded: DecodedToken | null;
  expected: ExpectedClaims | null;
  /**
   * Every refusal in prosody's order, each as the verdict it would be if it came first (the first one is
   * `verdict`); lets a caller judge without the refusals that depend on settings nobody gave.
   */
  refusals?: readonly { ruleId: string; verdict: ProsodyVerdict }[];
}
