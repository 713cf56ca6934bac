// The muc-stage checks (rules §6, verify_room U:389-518): the room address the client joins, then the room claim,
// context.room.regex, context.tenant and sub against it, with and without domain verification.

import type { CheckContext, Claims } from './check-context';
import { readField } from './check-context';
import { formatLuaFloat, luaConcatText } from './lua-numbers';
import {
  LuaTable,
  fromLuaString,
  isLuaTruthy,
  luaIndex,
  luaLower,
  luaType,
  toLuaString,
  type LuaValue,
} from './lua-values';
import { describeValue } from './check-wording';
import { escapeLuaPattern, luaMatch } from './lua-pattern';

/** Checks the join of the room in the meeting URL, as verify_room (U:389-518) does. */
export function checkRoomJoin(ctx: CheckContext, claims: Claims): void {
  const { rec, config, line } = ctx;
  const address = checkRoomAddress(ctx);
  if (!address) return;
  const { node, host } = address;
  const authRoom = typeof claims.room === 'string' ? luaLower(claims.room) : claims.room;

  if (!config.enableDomainVerification) {
    // U:418-425: only the room name is compared, and a `[tenant]room` node matches by its `]room` suffix; the 2020
    // line compares `string.lower(auth_room)` with the whole node (rules §15).
    if (!isLuaTruthy(authRoom)) return;
    const isWholeNode = line.roomWithoutDomainCheck === 'whole-node';
    const text = luaConcatText(authRoom);
    if (text === null) {
      const detail = isWholeNode
        ? `bad argument #1 to 'lower' (string expected, got ${luaType(authRoom)})`
        : `attempt to concatenate a ${luaType(authRoom)} value (local 'auth_room')`;
      rec.fail('room-claim-invalid-type', { value: describeValue(claims.room) }, { detail });
      return;
    }
    const isMatch = isWholeNode
      ? node === text || authRoom === '*'
      : (typeof authRoom === 'string' && node === authRoom) || node.endsWith(`]${text}`) || authRoom === '*';
    if (!isMatch) {
      // The whole-node line wants the node itself; the current one is content with the room after `]`.
      const expected = isWholeNode ? fromLuaString(node) : extractSubdomain(node).room;
      rec.fail('room-mismatch-no-domain-check', {
        claim: describeValue(claims.room),
        room: fromLuaString(node),
        expected,
      });
    }
    return;
  }

  // Step 4 (U:427-470): what the join is compared with. A plain room claim is kept as it is: it is only turned into
  // text in step 7, after the tenant and sub checks, so a claim of the wrong type fails there, not here.
  const target = extractSubdomain(node);
  let roomToCheck: LuaValue | null;
  let regexPattern: string | null = null;
  if (authRoom === '*') {
    roomToCheck = target.room;
  } else {
    // context.room.regex exists only on lines that read it.
    const regex = line.claims.roomRegex ? readRegexFlag(ctx, claims) : false;
    if (regex === 'crashed') return;
    if (regex) {
      const pattern =
        typeof authRoom === 'string'
          ? authRoom
          : typeof authRoom === 'number'
            ? formatLuaFloat(authRoom)
            : null;
      if (pattern === null) {
        if (authRoom === undefined && rec.fired.has('room-claim-missing')) return;
        rec.fail(
          'room-claim-invalid-type',
          { value: describeValue(claims.room) },
          { detail: `bad argument #1 to 'match' (string expected, got ${luaType(authRoom)})` },
        );
        return;
      }
      regexPattern = pattern;
      const matched = luaMatch(target.room, pattern);
      if (!matched.ok) {
        rec.fail(
          'room-regex-invalid',
          { pattern: JSON.stringify(fromLuaString(pattern)), problem: matched.error },
          { detail: matched.error },
        );
        return;
      }
      const first = matched.value?.[0];
      // A position capture is a Lua integer, which prints without ".0".
      roomToCheck = first === undefined ? null : typeof first === 'number' ? String(first) : first;
    } else {
      roomToCheck = isLuaTruthy(authRoom) ? authRoom : null;
    }
    if (roomToCheck === null && regexPattern === null && line.missingRoomAtJoin === 'lua-error') {
      // 2020: `string.lower(room_to_check)` on a missing or false room claim raises (rules §15).
      if (!(authRoom === undefined && rec.fired.has('room-claim-missing'))) {
        rec.fail(
          'room-claim-invalid-type',
          { value: describeValue(claims.room) },
          { detail: `bad argument #1 to 'lower' (string expected, got ${luaType(authRoom)})` },
        );
      }
      return;
    }
    if (roomToCheck === null) {
      // U:462-470: nothing to compare; accepted when the room claim is optional, refused otherwise.
      if (!config.requireRoomClaim) return;
      if (regexPattern !== null) {
        rec.fail('room-regex-no-match', {
          pattern: JSON.stringify(fromLuaString(regexPattern)),
          room: target.room,
        });
      } else if (authRoom === false) {
        rec.fail('room-claim-false');
      }
    }
  }

  // Steps 5 and 6: context.tenant, then sub, are lower-cased before the room claim is used. Each can crash the join;
  // the later steps are still checked, so every problem is listed (the first one is the verdict).
  if (line.claims.contextTenant) checkTenantClaim(ctx, claims);
  const sub = checkSubClaim(
    ctx,
    claims,
    target.subdomain ?? stripPrefix(host, config.mucDomainPrefix) ?? ctx.domain,
  );
  // Step 7: the room claim is concatenated into the address to compare.
  const roomText =
    roomToCheck === null ? null : concatRoom(ctx, claims, roomToCheck, target.subdomain !== null);
  if (sub === null || roomText === null) return;

  // U:489-517: the address built from the token must equal the address joined, bare JID against bare JID.
  let isRoomWrong: boolean;
  let isSubWrong: boolean;
  if (target.subdomain !== null) {
    const subdomainToCheck = sub.text === '*' ? target.subdomain : sub.text;
    const expected = `[${subdomainToCheck}]${roomText}@${config.mucDomain}`;
    if (expected === `${node}@${host}`) return;
    isRoomWrong = roomText !== target.room;
    isSubWrong = subdomainToCheck !== target.subdomain || config.mucDomain !== host;
  } else {
    const hostToCheck = sub.text === '*' ? config.mucDomain : `${config.mucDomainPrefix}.${sub.text}`;
    if (`${roomText}@${hostToCheck}` === `${node}@${host}`) return;
    isRoomWrong = roomText !== node;
    isSubWrong = hostToCheck !== host;
  }
  if (isRoomWrong) {
    const claim =
      regexPattern === null
        ? describeValue(claims.room)
        : `${describeValue(claims.room)} (a pattern; it matched "${fromLuaString(roomText)}", not the whole name)`;
    rec.fail('room-mismatch', {
      claim,
      room: fromLuaString(target.room),
      expected: fromLuaString(target.room),
    });
  }
  if (isSubWrong) {
    const where =
      target.subdomain !== null
        ? `on this tenant URL (tenant "${target.subdomain}")`
        : `for https://${ctx.domain}/ROOM`;
    rec.fail('sub-mismatch', {
      value: describeValue(sub.value),
      where,
      expected: fromLuaString(sub.expected),
    });
  }
}

// U:487: `string.lower(sub)`; a missing sub or one that is not a string (or number) raises. Returns the lower-cased
// sub, or null when the join crashes here.
function checkSubClaim(
  ctx: CheckContext,
  claims: Claims,
  expected: string,
): { value: LuaValue; text: string; expected: string } | null {
  const sub = readField(claims.body, 'sub');
  if (sub === undefined) {
    ctx.rec.fail(
      'sub-missing',
      { expected },
      { detail: "bad argument #1 to 'lower' (string expected, got nil)" },
    );
    return null;
  }
  const text = typeof sub === 'string' ? luaLower(sub) : typeof sub === 'number' ? formatLuaFloat(sub) : null;
  if (text === null) {
    ctx.rec.fail(
      'sub-invalid-type',
      { value: describeValue(sub), expected },
      { detail: `bad argument #1 to 'lower' (string expected, got ${luaType(sub)})` },
    );
    return null;
  }
  return { value: sub, text, expected };
}

// U:489-517: the room claim goes into `"[" .. subdomain_to_check .. "]" .. room_to_check` on a tenant URL and into
// `jid.join(room_to_check, host)` (whose `node .. "@" .. host` names it `node`) otherwise; a value that is not a
// string or number makes that concatenation raise.
function concatRoom(ctx: CheckContext, claims: Claims, room: LuaValue, isTenant: boolean): string | null {
  const text = luaConcatText(room);
  if (text === null) {
    const name = isTenant ? 'room_to_check' : 'node';
    ctx.rec.fail(
      'room-claim-invalid-type',
      { value: describeValue(claims.room) },
      { detail: `attempt to concatenate a ${luaType(room)} value (local '${name}')` },
    );
  }
  return text;
}

/**
 * Works out the room address the client joins, refusing one the server has no MUC for.
 * U:390-400 and the client side: the node the client joins and the host it lands on after
 * mod_muc_domain_mapper's `[tenant]room@muc_domain` rewrite (M:71, target_subdomain_pattern).
 */
export function checkRoomAddress(ctx: CheckContext): { node: string; host: string } | null {
  const { rec, config, domain, mucSubdomain, room } = ctx;
  if (room === '') {
    // With no domain known the hint names the blank, never "https:///<room>".
    rec.fail('room-address-invalid', { domain: fromLuaString(domain) || '<your domain>' });
    return null;
  }
  let node = toLuaString(room);
  let host = `${config.mucDomainPrefix}.${domain}`;
  if (mucSubdomain !== null) {
    // Stock config.js puts the tenant into the MUC host as its subdomain (dots as "_"), rules §14.
    const tenantHost = `${config.mucDomainPrefix}.${toLuaString(mucSubdomain)}.${domain}`;
    host = tenantHost;
    const malformed = xmppAddressProblem(node, host);
    if (malformed) {
      rec.fail('room-jid-malformed', { jid: fromLuaString(`${node}@${host}`), ...malformed });
      return null;
    }
    const pattern = `^${escapeLuaPattern(config.mucDomainPrefix)}.([^%.]+)%.${escapeLuaPattern(config.mucDomainBase)}`;
    const rewritten = luaMatch(tenantHost, pattern);
    const subdomain = rewritten.ok ? rewritten.value?.[0] : undefined;
    if (typeof subdomain === 'string') {
      node = `[${subdomain}]${node}`;
      host = config.mucDomain;
    }
  } else {
    const malformed = xmppAddressProblem(node, host);
    if (malformed) {
      rec.fail('room-jid-malformed', { jid: fromLuaString(`${node}@${host}`), ...malformed });
      return null;
    }
  }
  if (host !== config.mucDomain) {
    rec.fail('room-does-not-exist', {
      mucDomain: config.mucDomain,
      actualHost: host,
      domain: fromLuaString(domain),
    });
  }
  return { node, host };
}

// M extract_subdomain: `[tenant]room` → tenant and room; otherwise the whole node is the room.
function extractSubdomain(node: string): { subdomain: string | null; room: string } {
  const match = luaMatch(node, '^%[([^%]]+)%](.+)$');
  const [subdomain, room] = match.ok && match.value ? match.value : [];
  return typeof subdomain === 'string' && typeof room === 'string'
    ? { subdomain, room }
    : { subdomain: null, room: node };
}

// U:440-446: `context.room.regex == true or == "true"`; a context.room that cannot be indexed raises.
function readRegexFlag(ctx: CheckContext, claims: Claims): boolean | 'crashed' {
  const contextRoom = claims.context instanceof LuaTable ? claims.context.get('room') : undefined;
  if (!isLuaTruthy(contextRoom)) return false;
  const regex = luaIndex(contextRoom, 'regex', "field 'jitsi_meet_context_room'");
  if (!regex.ok) {
    ctx.rec.fail('context-room-not-object', { value: describeValue(contextRoom) }, { detail: regex.error });
    return 'crashed';
  }
  return regex.value === true || regex.value === 'true';
}

// U:473-485: a differing tenant only logs; a tenant that cannot be lower-cased raises.
function checkTenantClaim(ctx: CheckContext, claims: Claims): void {
  const tenant = claims.context instanceof LuaTable ? claims.context.get('tenant') : undefined;
  if (!isLuaTruthy(tenant)) return;
  const text =
    typeof tenant === 'string'
      ? luaLower(tenant)
      : typeof tenant === 'number'
        ? formatLuaFloat(tenant)
        : null;
  if (text === null) {
    ctx.rec.fail(
      'tenant-claim-invalid-type',
      { value: describeValue(tenant) },
      { detail: `bad argument #1 to 'lower' (string expected, got ${luaType(tenant)})` },
    );
    return;
  }
  const urlTenant = ctx.tenant === null ? '' : toLuaString(ctx.tenant);
  if (text !== urlTenant) {
    const where =
      urlTenant === '' ? 'the meeting URL has no tenant' : `the URL tenant is "${fromLuaString(urlTenant)}"`;
    ctx.rec.note('tenant-mismatch', { value: describeValue(tenant), tenant: where });
  }
}

function stripPrefix(host: string, prefix: string): string | null {
  return host.startsWith(`${prefix}.`) ? host.slice(prefix.length + 1) : null;
}

// RFC 3920 Appendix A.5 (nodeprep): characters a node may not hold, besides space and control characters.
const NODE_PROHIBITED = '"&\'/:<>@';

function prohibitedNodeCharacter(node: string): string | null {
  for (const ch of node) {
    const code = ch.charCodeAt(0);
    if (code <= 0x20 || code === 0x7f || NODE_PROHIBITED.includes(ch)) return ch;
  }
  return null;
}

// prosody util/encodings.c stringprep_prep: a node or host of 1024 bytes or more does not prep.
const MAX_JID_PART_BYTES = 1023;

/**
 * Why the address the client joins (`node@host`, both Lua byte strings) is not a valid XMPP address, or null when
 * it is one: prosody's stanza router bounces such a join with jid-malformed before any token rule runs.
 * @see rules §14 "The room address must be a valid XMPP address"; prosody util/jid.lua prepped_split
 */
function xmppAddressProblem(node: string, host: string): { problem: string; fix: string } | null {
  if (node === '') {
    return { problem: 'the room name is empty', fix: 'Put the room name in the URL path.' };
  }
  const bad = prohibitedNodeCharacter(node);
  if (bad !== null) {
    const shown = bad === "'" ? '"\'" (an apostrophe, %27 in the link)' : JSON.stringify(bad);
    return {
      problem: `the room name holds ${shown}, which an XMPP address may not contain; the web client decodes it from the link and does not encode it again`,
      fix: 'Leave the character out of the room name (or replace it, for example with "-").',
    };
  }
  if (node.length > MAX_JID_PART_BYTES) {
    return {
      problem: `the room name is ${node.length} bytes once encoded, and an XMPP node may have at most ${MAX_JID_PART_BYTES}`,
      fix: 'Use a shorter room name (non-ASCII characters count three times: the client percent-encodes them).',
    };
  }
  if (host.length > MAX_JID_PART_BYTES) {
    return {
      problem: `the MUC host, with the tenant in it, is ${host.length} bytes, and an XMPP host may have at most ${MAX_JID_PART_BYTES}`,
      fix: 'Use a shorter tenant name in the meeting URL.',
    };
  }
  return null;
}
