// What a release line's own behaviour means for the tester (rules §15): the algorithm-confusion hole with a key
// server, sub left unchecked by the line's default, tenant meetings that need room "*", and algorithms taken from
// the token. Reads the release-line table; never refuses (the verdict comes from the stage checks).

import { isJitsiAlgorithm } from '../../jwt/jws';
import type { CheckContext, Claims } from './check-context';
import { describeValue } from './check-wording';
import { luaLower, toLuaString, type LuaValue } from './lua-values';
import { tenantRoomNode } from './release-lines';
import { readField } from './check-context';

/** Notes the holes of the server set-up itself on this release line, token or not. */
export function noteReleaseLineHoles(ctx: CheckContext): void {
  const { config, line, rec } = ctx;
  if (line.keyServerAlgorithms === 'any' && config.hasKeyServer) {
    rec.note('key-server-alg-confusion', { line: line.name });
  }
}

/** Warns about what this release line does with an accepted-looking token that a current server would not. */
export function warnAboutReleaseLine(ctx: CheckContext, claims: Claims, header: LuaValue | null): void {
  const { config, line, rec } = ctx;
  // Only where unchecked sub is the line's default: the surprise is the release's, not the admin's choice.
  if (!config.enableDomainVerification && !line.defaults.enableDomainVerification) {
    rec.note('sub-not-checked', { line: line.name, value: describeValue(readField(claims.body, 'sub')) });
  }
  noteTenantRoomNeedsNode(ctx, claims);
  const alg = header === null ? undefined : readField(header, 'alg');
  if (line.algorithmSource === 'header' && isJitsiAlgorithm(alg) && alg !== config.algorithm) {
    rec.note('alg-from-token', { line: line.name, alg, expected: config.algorithm });
  }
}

// The 2020 refusal of a tenant meeting's room claim reads like any mismatch; when the claim names this very room
// (as a current server would accept it) the note says why it does not match here. Rooms must be compared at all.
function noteTenantRoomNeedsNode(ctx: CheckContext, claims: Claims): void {
  const { config, line, rec } = ctx;
  const node = tenantRoomNode(line, config.enableDomainVerification, ctx.mucSubdomain, ctx.room);
  const room = claims.room;
  if (node === null || typeof room !== 'string' || !rec.fired.has('room-mismatch-no-domain-check')) return;
  const claim = luaLower(room);
  const bareRoom = toLuaString(ctx.room);
  if (claim === bareRoom || claim.endsWith(`]${bareRoom}`)) {
    rec.note('tenant-room-needs-star', { line: line.name, node, claim: describeValue(room) });
  }
}
