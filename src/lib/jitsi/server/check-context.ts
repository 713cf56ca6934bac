// The state one check carries through its stages (auth, room join, warnings): the input as prosody reads it, the
// recorder and what the server wants. Shared by the stage modules; holds no checks of its own.

import type { CheckInput, ExpectedClaims, SignatureStatus } from './check-types';
import type { FindingRecorder } from './finding-recorder';
import { luaIndex, type LuaSlot, type LuaTable, type LuaValue } from './lua-values';
import type { ParsedLuaToken } from './luajwt';
import type { EffectiveProsodyConfig } from './prosody-settings';
import type { ReleaseLine } from './release-lines';

/** The token body as the room checks read it. */
export interface Claims {
  /** The body: a table, or a string (which Lua indexes through the string library). */
  body: LuaTable | string;
  room: LuaSlot;
  context: LuaSlot;
}

/** One check in progress: its input, the server's effective settings, the recorder and what the server wants. */
export interface CheckContext {
  input: CheckInput;
  config: EffectiveProsodyConfig;
  /** The release line whose behaviour the check follows. */
  line: ReleaseLine;
  rec: FindingRecorder;
  now: number;
  /** The XMPP domain as a Lua string. */
  domain: string;
  /** The URL tenant, backend-safe; null without one. */
  tenant: string | null;
  /** The tenant as the MUC subdomain the client joins (rules §14); null without a tenant. */
  mucSubdomain: string | null;
  /** The URL room, backend-safe. */
  room: string;
  expected: ExpectedClaims;
}

/** Reads `value[name]` on a value known to be indexable (a table or a string). */
export function readField(value: LuaValue, name: string): LuaSlot {
  const field = luaIndex(value, name, 'value');
  return field.ok ? field.value : undefined;
}

/**
 * What a token library's checks hand on to the room join and the warnings: the signature status, the claims (null
 * when the payload cannot be read), the header as read, and parse_token's pieces when the current library read them.
 */
export interface TokenVerification {
  signature: SignatureStatus;
  claims: Claims | null;
  header: LuaValue | null;
  parsed?: ParsedLuaToken;
}
