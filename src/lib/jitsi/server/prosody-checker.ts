// The prosody checker: runs a token through Jitsi's own verification order (rules §3 auth, §6 room join) and
// reports the verdict Jitsi reaches plus every other problem and risky-but-accepted habit it finds. Pure: no DOM, no
// clock, no network (the caller hands over what the key server would serve). Rule texts live in prosody-rules.ts.

import { decodeToken, type DecodedToken } from '../../jwt/token-codec';
import { isJitsiAlgorithm, secretToKey, verifySignature, type JitsiAlgorithm } from '../../jwt/jws';
import { importPublicKeyPem, keyServerFileName, type KeyImportResult } from '../../jwt/keys';
import { backendSafePath, backendSafeRoomName } from '../client/client-room';
import type { Finding, FindingPath, Severity } from '../finding';
import { escapeLuaPattern, luaMatch } from './lua-pattern';
import {
  CJSON_NULL,
  LUA_FUNCTION,
  LuaTable,
  checkAlg,
  checkExpiry,
  checkListedClaim,
  checkNotBefore,
  checkTimeType,
  checkTyp,
  decodeSegment,
  formatLuaFloat,
  fromLuaString,
  isClaimAccepted,
  isLuaTruthy,
  luaIndex,
  luaConcatText,
  luaLower,
  luaType,
  parseLuaToken,
  toLuaString,
  type LuaSlot,
  type LuaValue,
  type ParsedLuaToken,
  type SegmentDecode,
} from './luajwt';
import {
  effectiveProsodyConfig,
  type EffectiveProsodyConfig,
  type ProsodySettings,
} from './prosody-settings';
import { PROSODY_RULES, fillTemplate, type ProsodyRuleId, type Stage } from './prosody-rules';

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
  /** The meeting room as the server compares it (backend-safe). */
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
}

const ACCEPTED: ProsodyVerdict = Object.freeze({ accepted: true, stage: null, error: null, reason: null });
const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({ error: 0, warning: 1, info: 2 });
// RFC 7518 §3.2: an HMAC key should be at least as long as the hash output.
const MIN_SECRET_BYTES: Readonly<Record<string, number>> = Object.freeze({ HS256: 32, HS384: 48, HS512: 64 });
const MILLISECONDS_THRESHOLD = 1e11;
const LONG_LIFETIME_SECONDS = 7 * 86400;
// context.user fields that mod_token_affiliation and JaaS document as booleans.
const BOOLEAN_USER_FIELDS = new Set(['moderator', 'hidden-from-recorder']);

/**
 * Checks a token the way prosody would, never throwing: the verdict is the first refusal in Jitsi's real order
 * (rules §3, §6), the findings list every problem and warning.
 * @see jitsi-token-rules.md §3, §6, §8, §13
 */
export async function checkToken(input: CheckInput): Promise<CheckResult> {
  try {
    return await runCheck(input);
  } catch (error) {
    return checkerError(error instanceof Error ? error.message : String(error));
  }
}

// The input cannot be checked (or the checker has a bug): said as a verdict, never as a guess.
function checkerError(detail: string): CheckResult {
  return {
    verdict: { accepted: false, stage: 'auth', error: 'checker-error', reason: null, detail },
    findings: [],
    signature: { state: 'not-checked', message: `The checker failed: ${detail}` },
    decoded: null,
    expected: null,
  };
}

interface FailOptions {
  path?: FindingPath;
  detail?: string;
}

class Recorder {
  readonly findings: Finding[] = [];
  verdict: ProsodyVerdict | null = null;
  readonly fired = new Set<ProsodyRuleId>();

  // Records a refusal; only the first one becomes the verdict, as prosody stops there (later ones are what-ifs).
  // Stage, error and reason always come from the rule table.
  fail(
    ruleId: ProsodyRuleId,
    params: Readonly<Record<string, string>> = {},
    options: FailOptions = {},
  ): void {
    const rule = PROSODY_RULES[ruleId];
    this.add(ruleId, params, options.path);
    if (this.verdict !== null) return;
    const verdict: ProsodyVerdict = {
      accepted: false,
      stage: rule.stage,
      error: rule.error,
      reason: rule.reason === null ? null : fillTemplate(rule.reason, params),
    };
    if (options.detail !== undefined) verdict.detail = options.detail;
    this.verdict = verdict;
  }

  note(ruleId: ProsodyRuleId, params: Readonly<Record<string, string>> = {}, path?: FindingPath): void {
    this.add(ruleId, params, path);
  }

  private add(
    ruleId: ProsodyRuleId,
    params: Readonly<Record<string, string>>,
    path: FindingPath | undefined,
  ): void {
    const rule = PROSODY_RULES[ruleId];
    this.fired.add(ruleId);
    this.findings.push({
      ruleId,
      severity: rule.severity,
      message: fillTemplate(rule.message, params),
      hint: fillTemplate(rule.hint, params),
      path: path ?? rule.path,
      source: rule.source,
    });
  }

  result(signature: SignatureStatus, decoded: DecodedToken | null, expected: ExpectedClaims): CheckResult {
    const findings = this.findings
      .map((finding, index) => ({ finding, index }))
      .sort(
        (a, b) => SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] || a.index - b.index,
      )
      .map(({ finding }) => finding);
    return { verdict: this.verdict ?? { ...ACCEPTED }, findings, signature, decoded, expected };
  }
}

interface Claims {
  /** The body: a table, or a string (which Lua indexes through the string library). */
  body: LuaTable | string;
  room: LuaSlot;
  context: LuaSlot;
}

type KeyChoice =
  | { kind: 'secret'; secret: string }
  | { kind: 'pem'; pem: string; kid: string }
  | { kind: 'none'; message: string };

interface Context {
  input: CheckInput;
  config: EffectiveProsodyConfig;
  rec: Recorder;
  now: number;
  /** The XMPP domain as a Lua string. */
  domain: string;
  /** The URL tenant, backend-safe; null without one. */
  tenant: string | null;
  /** The URL room, backend-safe. */
  room: string;
  expected: ExpectedClaims;
}

async function runCheck(input: CheckInput): Promise<CheckResult> {
  // os.time() is whole seconds; a clock that is not a number is the caller's mistake, not a server state.
  if (typeof input.now !== 'number' || !Number.isFinite(input.now)) {
    return checkerError(`now must be a finite number of seconds, got ${describeInput(input.now)}`);
  }
  // nameprep lower-cases the XMPP domain; the client makes the tenant backend-safe (jitsi-client-rules.md §6).
  const domain = String(input.domain ?? '').toLowerCase();
  const config = effectiveProsodyConfig(input.settings, domain);
  const rec = new Recorder();
  const token = typeof input.token === 'string' ? input.token : null;
  const decoded = token === null ? null : decodeToken(token);
  const tenantText = typeof input.tenant === 'string' && input.tenant !== '' ? input.tenant : null;
  const tenant = tenantText === null ? null : backendSafePath(tenantText);
  const room = backendSafeRoomName(typeof input.room === 'string' ? input.room : String(input.room ?? ''));
  const ctx: Context = {
    input,
    config,
    rec,
    now: Math.floor(input.now),
    domain: toLuaString(domain),
    tenant,
    room,
    expected: expectedClaims(config, tenant ?? domain, room),
  };

  checkConfig(ctx);
  if (token === null) {
    // U:265-271: no token at all is fine only with allow_empty_token; the join then skips every claim check.
    if (config.allowEmptyToken) {
      checkRoomAddress(ctx);
      if (!rec.verdict) rec.note('anonymous-access');
    } else {
      rec.fail('token-required');
    }
    return rec.result(
      { state: 'not-checked', message: 'There is no token to check.' },
      decoded,
      ctx.expected,
    );
  }

  const raw = toLuaString(token);
  const key = await chooseKey(ctx, raw);
  const parsed = parseLuaToken(raw);
  if (!isJitsiAlgorithm(config.algorithm)) rec.fail('algorithm-not-supported', { alg: config.algorithm });
  checkSegments(ctx, raw, parsed);
  const header = parsed.header?.kind === 'ok' ? parsed.header.value : null;
  const isHeaderPassed = header !== null && checkTokenHeader(ctx, header);
  const signature = await checkSignature(ctx, parsed, header, key, isHeaderPassed);
  const claims = checkBody(ctx, parsed.body);
  if (claims) {
    checkRoomJoin(ctx, claims);
    warnAboutClaims(ctx, claims);
  }
  warnAboutFormat(ctx, token, parsed);
  return rec.result(signature, decoded, ctx.expected);
}

function expectedClaims(config: EffectiveProsodyConfig, sub: string, backendRoom: string): ExpectedClaims {
  const issuer = firstConcrete(config.acceptedIssuers);
  const audience = firstConcrete(config.acceptedAudiences);
  return {
    algorithm: config.algorithm,
    issuer: issuer === undefined ? (config.appId ?? '') : fromLuaString(issuer),
    audience: audience === undefined ? 'jitsi' : fromLuaString(audience),
    sub,
    backendRoom,
  };
}

// Util.new (U:55-140): the token module is not set up at all without app_id or any key source.
function checkConfig(ctx: Context): void {
  const { config, rec } = ctx;
  if (config.authentication !== undefined && config.authentication !== 'token') {
    rec.fail('auth-not-token', { authentication: config.authentication });
  }
  if (config.appId === undefined) rec.fail('app-id-missing');
  if (config.appSecret === undefined && !config.isPublicKeyMode) rec.fail('key-config-missing');
  const minimum = MIN_SECRET_BYTES[config.algorithm];
  if (minimum !== undefined && config.appSecret !== undefined && !config.isPublicKeyMode) {
    const length = new TextEncoder().encode(config.appSecret).length;
    if (length < minimum) {
      rec.note('secret-short', { length: String(length), alg: config.algorithm, minimum: String(minimum) });
    }
  }
}

// U:273-314: the key comes from the key server (by the header's kid, read separately) or from app_secret.
async function chooseKey(ctx: Context, raw: string): Promise<KeyChoice> {
  const { config, rec } = ctx;
  if (!config.isPublicKeyMode) {
    if (config.appSecret !== undefined) return { kind: 'secret', secret: config.appSecret };
    return { kind: 'none', message: 'The server has no app_secret to check the signature with.' };
  }
  const none = (message: string): KeyChoice => ({ kind: 'none', message });
  const dot = raw.indexOf('.');
  if (dot < 0) {
    rec.fail('invalid-token', { problem: 'it has no "." at all, so the server cannot even find its header' });
    return none('The token has no header to read a kid from.');
  }
  const head = decodeSegment(raw.slice(0, dot));
  if (head.kind === 'lua-error') {
    rec.fail('segment-not-base64url', segmentParams('header', head), {
      path: ['header'],
      detail: head.detail,
    });
    return none('The header cannot be decoded.');
  }
  if (head.kind === 'not-json') {
    rec.fail('bad-token-format', {
      problem: dot === 0 ? 'is empty: the token starts with "."' : `is not JSON (${head.message})`,
    });
    return none('The header cannot be read before the first ".".');
  }
  const kid = luaIndex(head.value, 'kid', "local 'header'");
  if (!kid.ok) {
    rec.fail('header-not-object', { kind: describeKind(head.value) }, { detail: kid.error });
    return none('The header is not an object.');
  }
  if (kid.value === undefined) {
    rec.fail('kid-missing');
    return none('The header has no kid, so the server cannot pick a public key.');
  }
  const alg = luaIndex(head.value, 'alg', "local 'header'");
  if (!alg.ok || alg.value === undefined) {
    rec.fail('alg-missing');
    return none('The header has no alg.');
  }
  if (typeof alg.value !== 'string') {
    // `alg.sub(alg, 1, 2)`: indexing a non-string raises (a table has no `sub` to call).
    const detail =
      alg.value instanceof LuaTable
        ? "attempt to call a nil value (field 'sub')"
        : `attempt to index a ${luaType(alg.value)} value (local 'alg')`;
    rec.fail(
      'kid-alg-not-string',
      { claim: 'alg', kind: describeKind(alg.value) },
      { path: ['header', 'alg'], detail },
    );
    return none("The header's alg is not a string.");
  }
  if (alg.value.slice(0, 2) !== 'RS') {
    rec.fail('kid-needs-rs', { alg: fromLuaString(alg.value) });
    return none(
      `A key server only serves RSA keys, and the token says "alg": "${fromLuaString(alg.value)}".`,
    );
  }
  // Util:get_public_key hashes the kid; a number becomes its Lua text ("5.0"), anything else makes sha256 raise.
  const kidText =
    typeof kid.value === 'string'
      ? kid.value
      : typeof kid.value === 'number'
        ? formatLuaFloat(kid.value)
        : null;
  if (kidText === null) {
    rec.fail(
      'kid-alg-not-string',
      { claim: 'kid', kind: describeKind(kid.value) },
      {
        path: ['header', 'kid'],
        detail: `bad argument #1 to 'sha256' (string expected, got ${luaType(kid.value)})`,
      },
    );
    return none("The header's kid is not a string.");
  }
  const pem = lookupPublicKey(ctx.input.publicKeys, kidText);
  if (pem === undefined) {
    const kidShown = fromLuaString(kidText);
    const file = await keyServerFileName(kidShown);
    const where = config.hasKeyServer
      ? `the key server has no ${file}`
      : 'the cache_keys_url key set has no such kid';
    rec.fail('public-key-unavailable', { kid: kidShown, where });
    return none(`No public key is available for kid "${kidShown}".`);
  }
  return { kind: 'pem', pem, kid: kidText };
}

// parse_token (L:59-89): segment count, then header, body and signature encodings, each reported.
function checkSegments(ctx: Context, raw: string, parsed: ParsedLuaToken): void {
  const { rec } = ctx;
  const count = parsed.segments.length;
  // In key-server mode a token without any "." was already refused as such while looking for its kid (chooseKey).
  if (count !== 3 && !rec.fired.has('invalid-token')) {
    const problem =
      count === 0
        ? 'it is empty (or only dots)'
        : `it has ${count} non-empty part${count === 1 ? '' : 's'} between dots, and prosody needs exactly three`;
    rec.fail('invalid-token', { problem });
  }
  // A lone piece is not worth decoding: "Invalid token" already says it all.
  if (count < 2) return;
  // In key-server mode the same header text was already judged before the first "." (chooseKey).
  const isHeaderJudged = ctx.config.isPublicKeyMode && raw.startsWith(`${parsed.segments[0] ?? ''}.`);
  if (!isHeaderJudged) reportSegment(ctx, parsed.header, 'header', 'invalid-header');
  reportSegment(ctx, parsed.body, 'payload', 'invalid-body');
  if (parsed.signature && !parsed.signature.ok) {
    rec.fail('invalid-signature-encoding', { character: describeCharacter(parsed.signature.badChar) });
  }
}

function reportSegment(
  ctx: Context,
  segment: SegmentDecode | null,
  name: 'header' | 'payload',
  ruleId: 'invalid-header' | 'invalid-body',
): void {
  if (segment?.kind === 'lua-error') {
    ctx.rec.fail('segment-not-base64url', segmentParams(name, segment), {
      path: [name],
      detail: segment.detail,
    });
  } else if (segment?.kind === 'not-json') {
    ctx.rec.fail(ruleId, { problem: segment.message });
  }
}

// L:205-211, typ then alg, both reported; returns true when prosody would go on to check the signature.
function checkTokenHeader(ctx: Context, header: LuaValue): boolean {
  const { rec, config } = ctx;
  const typ = checkTyp(header);
  if (typ.kind === 'lua-error') {
    if (!rec.fired.has('header-not-object'))
      rec.fail('header-not-object', { kind: describeKind(header) }, { detail: typ.detail });
    return false;
  }
  // The header is a table or a string, so these reads cannot raise.
  if (typ.kind === 'refused') rec.fail('typ-invalid', { value: describeValue(readField(header, 'typ')) });
  const alg = checkAlg(header, config.algorithm);
  if (alg.kind === 'refused') {
    rec.fail('alg-mismatch', { value: describeValue(readField(header, 'alg')), expected: config.algorithm });
  }
  return typ.kind === 'ok' && alg.kind === 'ok';
}

// L:213-216. The signature is also checked when prosody would stop earlier (with the token's own alg), so the UI
// can say whether it is the signature or the header that is wrong.
async function checkSignature(
  ctx: Context,
  parsed: ParsedLuaToken,
  header: LuaValue | null,
  key: KeyChoice,
  isHeaderPassed: boolean,
): Promise<SignatureStatus> {
  const { rec } = ctx;
  if (parsed.segments.length < 3 || parsed.signingInput === null || parsed.signature === null) {
    return {
      state: 'not-checked',
      message: 'The token has no signature segment (prosody needs header.payload.signature).',
    };
  }
  if (header === null)
    return { state: 'not-checked', message: 'The header cannot be read, so the algorithm is unknown.' };
  if (!parsed.signature.ok) return { state: 'invalid', message: 'The signature segment is not base64url.' };
  const alg = luaIndex(header, 'alg', "local 'header'");
  const headerAlg = alg.ok && typeof alg.value === 'string' ? alg.value : null;
  if (!isJitsiAlgorithm(headerAlg)) {
    return {
      state: 'not-checked',
      message: `"alg" is ${describeValue(alg.ok ? alg.value : undefined)}: no algorithm Jitsi can verify.`,
    };
  }
  // isHeaderPassed means alg equals signature_algorithm: only then does prosody run this check itself.
  const isRealCheck = isHeaderPassed && parsed.segments.length === 3;
  const verified = await verifyWithKey(
    headerAlg,
    parsed.signingInput,
    parsed.signature.bytes,
    key,
    isRealCheck,
  );
  if (verified.state === 'unusable-key') {
    if (isRealCheck)
      rec.fail('public-key-unusable', { problem: verified.problem }, { detail: verified.detail });
    return { state: 'not-checked', message: verified.problem };
  }
  if (verified.state === 'not-checked') return verified;
  if (verified.state === 'invalid') {
    const keyName = key.kind === 'pem' ? `private key (kid "${fromLuaString(key.kid)}")` : 'app secret';
    rec.fail('signature-invalid', { key: keyName });
    return {
      state: 'invalid',
      message: `The signature does not verify with the server's ${keyName} (${headerAlg}).`,
    };
  }
  return { state: 'valid' };
}

type KeyVerification =
  | { state: 'valid' }
  | { state: 'invalid' }
  | { state: 'not-checked'; message: string }
  | { state: 'unusable-key'; problem: string; detail: string };

async function verifyWithKey(
  alg: JitsiAlgorithm,
  signingInput: string,
  signature: Uint8Array,
  key: KeyChoice,
  isRealCheck: boolean,
): Promise<KeyVerification> {
  if (key.kind === 'none') return { state: 'not-checked', message: key.message };
  if (alg.startsWith('HS')) {
    if (key.kind !== 'secret')
      return {
        state: 'not-checked',
        message: `${alg} needs a shared secret; this server verifies with public keys.`,
      };
    const isValid = await verifySignature(alg, signingInput, signature, secretToKey(key.secret));
    return { state: isValid ? 'valid' : 'invalid' };
  }
  if (key.kind === 'secret' && !isRealCheck) {
    return {
      state: 'not-checked',
      message: `${alg} needs a public key; this server verifies with app_secret.`,
    };
  }
  // verifyRS: pkey.new(key) raises on anything that is not a key, including an app_secret used with RS*.
  const pem = key.kind === 'pem' ? key.pem : key.secret;
  const imported = await importPemCached(pem, alg);
  if (!imported.ok) {
    const problem =
      key.kind === 'secret'
        ? `The server is set to ${alg} but only has app_secret, which is not a public key`
        : `The key served for kid "${fromLuaString(key.kid)}" is not a usable public key (${imported.message})`;
    return { state: 'unusable-key', problem, detail: 'pkey.new: unable to load the key' };
  }
  const isValid = await verifySignature(alg, signingInput, signature, imported.key);
  return { state: isValid ? 'valid' : 'invalid' };
}

const pemCache = new Map<string, Promise<KeyImportResult>>();
const PEM_CACHE_SIZE = 16;

function importPemCached(pem: string, alg: JitsiAlgorithm): Promise<KeyImportResult> {
  const cacheKey = `${alg}\n${pem}`;
  let entry = pemCache.get(cacheKey);
  if (!entry) {
    entry = importPublicKeyPem(pem, alg);
    if (pemCache.size >= PEM_CACHE_SIZE) pemCache.delete(pemCache.keys().next().value as string);
    pemCache.set(cacheKey, entry);
  }
  return entry;
}

// L:218-258 then U:325-362: claim types, time, issuer, audience, the room claim and the context binding.
function checkBody(ctx: Context, segment: SegmentDecode | null): Claims | null {
  const { rec, config, now } = ctx;
  if (segment?.kind !== 'ok') return null;
  const body = segment.value;
  if (!(body instanceof LuaTable) && typeof body !== 'string') {
    rec.fail(
      'payload-not-object',
      { kind: describeKind(body) },
      { detail: `attempt to index a ${luaType(body)} value (local 'body')` },
    );
    return null;
  }
  const field = (name: string): LuaSlot => readField(body, name);
  for (const claim of ['exp', 'nbf'] as const) {
    if (checkTimeType(body, claim).kind === 'refused')
      rec.fail(`${claim}-not-number`, { value: describeValue(field(claim)) });
  }
  const expiry = checkExpiry(body, now);
  const exp = field('exp');
  if (expiry.kind === 'refused' && typeof exp === 'number') {
    rec.fail('token-expired', {
      now: String(now),
      exp: describeValue(exp),
      elapsed: formatSeconds(now - exp),
      luaElapsed: expiry.elapsed,
      validFor: expiry.validFor === null ? '' : `, valid for:${expiry.validFor} sec`,
    });
  } else if (expiry.kind === 'lua-error') {
    rec.fail('iat-not-number', { value: describeValue(field('iat')) }, { detail: expiry.detail });
  }
  const nbf = field('nbf');
  if (checkNotBefore(body, now).kind === 'refused' && typeof nbf === 'number') {
    rec.fail('token-not-yet-valid', {
      nbf: describeValue(nbf),
      now: String(now),
      ahead: formatSeconds(nbf - now),
    });
  }
  checkIssuerOrAudience(ctx, body, 'iss', config.acceptedIssuers);
  checkIssuerOrAudience(ctx, body, 'aud', config.acceptedAudiences);
  const room = field('room');
  if (config.requireRoomClaim && room === undefined) rec.fail('room-claim-missing');
  const context = field('context');
  if (context !== undefined && !(context instanceof LuaTable) && typeof context !== 'string') {
    rec.fail(
      'context-not-object',
      { value: describeValue(context) },
      { detail: `attempt to index a ${luaType(context)} value (field 'context')` },
    );
  }
  return { body, room, context };
}

function checkIssuerOrAudience(
  ctx: Context,
  body: LuaTable | string,
  claim: 'iss' | 'aud',
  accepted: readonly LuaValue[] | null,
): void {
  const { rec, expected } = ctx;
  const value = body instanceof LuaTable ? body.get(claim) : undefined;
  const params = {
    value: describeValue(value),
    accepted: describeList(accepted),
    expected: claim === 'iss' ? expected.issuer : expected.audience,
  };
  if (accepted === null) {
    if (value === undefined) rec.fail(`${claim}-missing`, params);
    return;
  }
  const step = checkListedClaim(body, claim, accepted);
  if (step.kind !== 'refused') return;
  rec.fail(value === undefined ? `${claim}-missing` : `${claim}-invalid`, params);
}

// verify_room (U:389-518), as the join of the room in the meeting URL.
function checkRoomJoin(ctx: Context, claims: Claims): void {
  const { rec, config } = ctx;
  const address = checkRoomAddress(ctx);
  if (!address) return;
  const { node, host } = address;
  const authRoom = typeof claims.room === 'string' ? luaLower(claims.room) : claims.room;

  if (!config.enableDomainVerification) {
    // U:418-425: only the room name is compared, and a `[tenant]room` node matches by its `]room` suffix.
    if (!isLuaTruthy(authRoom)) return;
    const text = luaConcatText(authRoom);
    if (text === null) {
      rec.fail(
        'room-claim-invalid-type',
        { value: describeValue(claims.room) },
        { detail: `attempt to concatenate a ${luaType(authRoom)} value (local 'auth_room')` },
      );
      return;
    }
    const isMatch =
      (typeof authRoom === 'string' && node === authRoom) || node.endsWith(`]${text}`) || authRoom === '*';
    if (!isMatch) {
      const expected = extractSubdomain(node).room;
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
    const regex = readRegexFlag(ctx, claims);
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
  checkTenantClaim(ctx, claims);
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
  ctx: Context,
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
function concatRoom(ctx: Context, claims: Claims, room: LuaValue, isTenant: boolean): string | null {
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

// U:390-400 and the client side: the node the client joins and the host it lands on after
// mod_muc_domain_mapper's `[tenant]room@muc_domain` rewrite (M:71, target_subdomain_pattern).
function checkRoomAddress(ctx: Context): { node: string; host: string } | null {
  const { rec, config, domain, tenant, room } = ctx;
  if (room === '') {
    rec.fail('room-address-invalid', { domain: fromLuaString(domain) });
    return null;
  }
  let node = toLuaString(room);
  let host = `${config.mucDomainPrefix}.${domain}`;
  if (tenant !== null) {
    const tenantHost = `${config.mucDomainPrefix}.${toLuaString(tenant)}.${domain}`;
    const pattern = `^${escapeLuaPattern(config.mucDomainPrefix)}.([^%.]+)%.${escapeLuaPattern(config.mucDomainBase)}`;
    const rewritten = luaMatch(tenantHost, pattern);
    const subdomain = rewritten.ok ? rewritten.value?.[0] : undefined;
    if (typeof subdomain === 'string') {
      node = `[${subdomain}]${node}`;
      host = config.mucDomain;
    } else {
      host = tenantHost;
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
function readRegexFlag(ctx: Context, claims: Claims): boolean | 'crashed' {
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
function checkTenantClaim(ctx: Context, claims: Claims): void {
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

// Accepted-but-risky habits (rules §7, §10, §13).
function warnAboutClaims(ctx: Context, claims: Claims): void {
  const { rec, now, config } = ctx;
  if (!(claims.body instanceof LuaTable)) return;
  const body = claims.body;
  if (body.get('moderator') !== undefined) rec.note('moderator-top-level');
  const exp = body.get('exp');
  const iat = body.get('iat');
  if (exp === undefined) rec.note('exp-missing');
  for (const claim of ['exp', 'nbf'] as const) {
    if (body.get(claim) === false) rec.note('time-claim-false', { claim }, ['payload', claim]);
  }
  if (typeof exp === 'number' && exp > MILLISECONDS_THRESHOLD) {
    rec.note('exp-milliseconds', { exp: describeValue(exp) });
  } else if (typeof exp === 'number') {
    const start = typeof iat === 'number' ? iat : now;
    if (exp - start > LONG_LIFETIME_SECONDS)
      rec.note('lifetime-long', { days: String(Math.round((exp - start) / 86400)) });
  }
  if (typeof iat === 'number' && iat > now)
    rec.note('iat-future', { iat: describeValue(iat), ahead: formatSeconds(iat - now) });
  const aud = body.get('aud');
  if (aud !== undefined && isClaimAccepted(aud, config.acceptedAudiences)) {
    if (aud === CJSON_NULL) rec.note('aud-null-accepted');
    if (aud instanceof LuaTable) rec.note('aud-array');
  }
  warnAboutContext(ctx, claims.context);
  warnAboutRoomClaim(ctx, claims);
  const sub = body.get('sub');
  if (
    !config.enableDomainVerification &&
    typeof sub === 'string' &&
    sub !== '*' &&
    sub.includes('.') &&
    luaLower(sub) !== ctx.domain
  ) {
    rec.note('sub-hostname', { value: describeValue(sub), domain: fromLuaString(ctx.domain) });
  }
}

function warnAboutContext(ctx: Context, context: LuaSlot): void {
  const { rec } = ctx;
  if (context === undefined) {
    rec.note('context-missing');
    return;
  }
  if (!(context instanceof LuaTable)) return;
  const user = context.get('user');
  if (user instanceof LuaTable) {
    for (const [field, value] of user.fields) {
      if (typeof value !== 'string' && !BOOLEAN_USER_FIELDS.has(field)) {
        const name = fromLuaString(field);
        rec.note('user-field-not-string', { field: name, value: describeValue(value) }, [
          'payload',
          'context',
          'user',
          name,
        ]);
      }
    }
  }
  const features = context.get('features');
  if (features instanceof LuaTable) {
    for (const [feature, value] of features.fields) {
      if (typeof value === 'string') {
        const name = fromLuaString(feature);
        const suggested = value === 'true' ? 'true' : value === 'false' ? 'false' : 'true (or false)';
        rec.note('feature-value-string', { feature: name, value: describeValue(value), suggested }, [
          'payload',
          'context',
          'features',
          name,
        ]);
      }
    }
  }
}

// U:409-416 lower-cases the room claim but never URL-encodes it, while the client sends the encoded room.
function warnAboutRoomClaim(ctx: Context, claims: Claims): void {
  const room = claims.room;
  if (typeof room !== 'string' || room === '*' || room === '') return;
  const contextRoom = claims.context instanceof LuaTable ? claims.context.get('room') : undefined;
  const regex = contextRoom instanceof LuaTable ? contextRoom.get('regex') : undefined;
  if (regex === true || regex === 'true') return;
  const expected = backendSafeRoomName(fromLuaString(room));
  if (expected === room) return;
  const why =
    luaLower(room) === expected
      ? 'it has upper-case letters, which is harmless because the server lower-cases both sides'
      : 'the meeting URL room arrives lower-cased and URL-encoded (a space as %20, é as %c3%a9), while the claim is compared as written';
  ctx.rec.note('room-claim-not-encoded', { claim: describeValue(room), why, expected });
}

function warnAboutFormat(ctx: Context, token: string, parsed: ParsedLuaToken): void {
  if (parsed.segments.length !== 3) return;
  const quirks: string[] = [];
  const dotted = token.split('.');
  if (token.includes('\\')) quirks.push('a backslash separates parts');
  if (dotted.some((part) => part === '')) quirks.push('empty parts from extra dots');
  if (token.includes('=')) quirks.push('"=" padding');
  if (quirks.length > 0) ctx.rec.note('token-format-quirk', { quirk: quirks.join(', ') });
}

// `value[name]` on a value known to be indexable (a table or a string).
function readField(value: LuaValue, name: string): LuaSlot {
  const field = luaIndex(value, name, 'value');
  return field.ok ? field.value : undefined;
}

function stripPrefix(host: string, prefix: string): string | null {
  return host.startsWith(`${prefix}.`) ? host.slice(prefix.length + 1) : null;
}

function lookupPublicKey(
  keys: Readonly<Record<string, string>> | undefined,
  kid: string,
): string | undefined {
  if (typeof keys !== 'object' || keys === null) return undefined;
  for (const [name, pem] of Object.entries(keys)) {
    if (toLuaString(name) === kid && typeof pem === 'string') return pem;
  }
  return undefined;
}

function segmentParams(
  segment: 'header' | 'payload',
  decoded: { badChar: string; index: number },
): Record<string, string> {
  return { segment, character: describeCharacter(decoded.badChar), position: String(decoded.index + 1) };
}

function describeCharacter(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\n' || char === '\r' || char === '\t') return 'a line break or tab';
  if (char === '+' || char === '/') return `"${char}" (plain base64; base64url uses - and _)`;
  const code = char.charCodeAt(0);
  if (code < 0x20 || code >= 0x7f) return `the byte 0x${code.toString(16).padStart(2, '0')}`;
  return `"${char}"`;
}

// A claim value for messages: JSON-like, strings quoted, containers named.
function describeValue(value: LuaSlot): string {
  if (value === undefined) return 'missing';
  if (value === CJSON_NULL) return 'null';
  if (value === LUA_FUNCTION) return 'a function';
  if (value instanceof LuaTable) return value.isArray ? 'an array' : 'an object';
  if (typeof value === 'string') return JSON.stringify(fromLuaString(value));
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : formatLuaFloat(value);
  return String(value);
}

function describeKind(value: LuaSlot): string {
  if (typeof value === 'number') return `a number (${describeValue(value)})`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (value === CJSON_NULL) return 'null';
  return describeValue(value);
}

function describeList(list: readonly LuaValue[] | null): string {
  if (list === null || list.length === 0) return 'nothing';
  return list.map(describeValue).join(', ');
}

function firstConcrete(list: readonly LuaValue[] | null): string | undefined {
  const first = list?.find((entry) => typeof entry === 'string' && entry !== '*');
  return typeof first === 'string' ? first : undefined;
}

function formatSeconds(seconds: number): string {
  return Number.isFinite(seconds) ? String(Math.round(seconds * 1000) / 1000) : String(seconds);
}

// A caller's value for a checker-error message.
function describeInput(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}
