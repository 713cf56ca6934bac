// The words the views use for a prosody verdict and its stage, in one place so the verdict panel, the token
// diff, the error explainer and the rule card never describe the same outcome differently.
import type { ProsodyVerdict, SignatureStatus } from '../../lib/jitsi/server/check-types';
import type { ReleaseLine } from '../../lib/jitsi/server/release-lines';
import type { Stage } from '../../lib/jitsi/server/prosody-rules';

/** Short label and longer explanation of each moment a token can be refused, plus the client's own messages. */
export const STAGE_TEXT: Readonly<
  Record<Stage | 'client', { label: string; headline: string; title: string }>
> = Object.freeze({
  config: {
    label: 'config',
    headline: 'Token authentication is not set up: prosody would not offer it at all',
    title: 'A server configuration problem, logged when prosody loads the module',
  },
  auth: {
    label: 'connect',
    headline: 'Refused at connect (authentication)',
    title: 'Refused at connect time (authentication), before any room is joined',
  },
  muc: {
    label: 'room join',
    headline: 'Refused when joining the room',
    title: 'Refused when joining the room (MUC), after the connection was accepted',
  },
  client: {
    label: 'client',
    headline: 'Shown by the Jitsi web client',
    title: 'Shown by the Jitsi web client itself, from its own checks',
  },
});

/** One sentence for a verdict: accepted, or refused at which moment. */
export function verdictHeadline(verdict: ProsodyVerdict): string {
  if (verdict.accepted) return 'Accepted: Jitsi lets this user in.';
  return `${verdict.stage ? STAGE_TEXT[verdict.stage].headline : 'Refused'}.`;
}

/**
 * What prosody itself sends for a refusal (its reason text, else its error condition), or null when it sends
 * nothing clean: accepted, a crash in the server's Lua code, or a failure of the checker itself.
 */
export function prosodyText(verdict: ProsodyVerdict): string | null {
  if (verdict.accepted || verdict.error === 'lua-error' || verdict.error === 'checker-error') return null;
  return verdict.reason ?? verdict.error;
}

/** prosody's error condition, shown beside its reason text when it says something the reason does not; else null. */
export function conditionText(verdict: ProsodyVerdict): string | null {
  return verdict.error && verdict.reason && verdict.error !== verdict.reason ? verdict.error : null;
}

/** The sentence saying what a verdict assumes where the server's settings are unknown. */
export function assumptionsText(assumptions: readonly string[]): string {
  return `The server's settings are not known, so this is what prosody would say assuming ${assumptions.join('; ')}.`;
}

/** The signature status after "Signature:". */
export function signatureText(signature: SignatureStatus): string {
  return signature.state === 'valid' ? 'valid for the configured key.' : signature.message;
}

/** The badge beside a verdict naming the release line it answers for. */
export function releaseLineText(line: Pick<ReleaseLine, 'name'>): string {
  return `as ${line.name} would answer`;
}
