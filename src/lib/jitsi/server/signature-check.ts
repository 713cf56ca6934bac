// Keys and signatures: which key the server verifies with (app_secret, or a public key by the header's kid), and
// whether the signature verifies with it. The verdict follows prosody; the signature status is also reported when
// prosody would stop earlier, so the UI can tell a bad signature from a bad header.

import { isJitsiAlgorithm, secretToKey, verifySignature, type JitsiAlgorithm } from '../../jwt/jws';
import { keyServerFileName, keyServerUrl } from '../../jwt/key-server';
import type { ServerVerificationKey } from '../../jwt/server-key';
import type { CheckContext } from './check-context';
import type { SignatureStatus } from './check-types';
import { formatLuaFloat } from './lua-numbers';
import { LuaTable, fromLuaString, luaIndex, luaType, toLuaString, type LuaValue } from './lua-values';
import { decodeSegment, type ParsedLuaToken } from './luajwt';
import { segmentParams, describeValue, describeKind } from './check-wording';

/** The key the server verifies with, or why there is none. */
export type KeyChoice =
  | { kind: 'secret'; secret: string }
  | { kind: 'pem'; pem: string; kid: string }
  | { kind: 'none'; message: string };

/**
 * Picks the server's key for this token, refusing as prosody does when it cannot.
 * U:273-314: the key comes from the key server (by the header's kid, read separately) or from app_secret.
 */
export async function chooseKey(ctx: CheckContext, raw: string): Promise<KeyChoice> {
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
  // U:290-300: the current line refuses any alg but RS* here; the 2020 line goes on and uses the served key for
  // whatever alg the token names, HS* included (the algorithm-confusion hole, rules §15).
  if (ctx.line.keyServerAlgorithms === 'rs-only') {
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
    if (!config.hasKeyServer) {
      // U:285-300: a kid missing from the cache_keys_url set falls back to get_public_key(asap_key_server = nil).
      rec.fail(
        'cache-keys-no-fallback',
        { kid: kidShown },
        { detail: "attempt to concatenate a nil value (local 'a')" },
      );
      return none(`No public key is available for kid "${kidShown}".`);
    }
    rec.fail('public-key-unavailable', { kid: kidShown, ...(await missingKeyWords(ctx, kidShown)) });
    return none(`No public key is available for kid "${kidShown}".`);
  }
  return { kind: 'pem', pem, kid: kidText };
}

// The page cannot see the key server: it says what prosody asks for, and what to try, instead of stating a fact.
async function missingKeyWords(ctx: CheckContext, kid: string): Promise<{ where: string; advice: string }> {
  const restart =
    "Prosody caches each kid's public key once fetched: a .pem replaced under the same kid is used only after prosody restarts.";
  const file = await keyServerFileName(kid);
  const server = ctx.input.settings.asap_key_server;
  const target = typeof server === 'string' ? await keyServerUrl(server, kid) : null;
  const url = target?.ok ? target.url : `<asap_key_server>/${file}`;
  return {
    where:
      `this page has no public key for it, so it assumes prosody's request for ${url} fails ` +
      '(no such file, or the key server does not answer)',
    advice:
      `The file is ${file} (the SHA-256 of the kid, not the kid) in the folder asap_key_server points to. Try it: ` +
      `curl -fsS '${url}'. To check the signature here, paste the public key. ${restart}`,
  };
}

/**
 * Says whether the signature verifies with the server's key, refusing as prosody does when it does not.
 * L:213-216. The signature is also checked when prosody would stop earlier (with the token's own alg), so the UI
 * can say whether it is the signature or the header that is wrong.
 */
export async function checkSignature(
  ctx: CheckContext,
  parsed: ParsedLuaToken,
  header: LuaValue | null,
  key: KeyChoice,
  isHeaderPassed: boolean,
): Promise<SignatureStatus> {
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
  return judgeSignature(ctx, headerAlg, parsed.signingInput, parsed.signature.bytes, key, isRealCheck);
}

/**
 * Verifies a signature with the server's key and records what prosody does with the outcome: `isRealCheck` says
 * prosody itself gets to this check (otherwise the outcome is only reported). Shared by both token libraries.
 */
export async function judgeSignature(
  ctx: CheckContext,
  headerAlg: JitsiAlgorithm,
  signingInput: string,
  signature: Uint8Array,
  key: KeyChoice,
  isRealCheck: boolean,
): Promise<SignatureStatus> {
  const { rec } = ctx;
  const verified = await verifyWithKey(ctx, headerAlg, signingInput, signature, key, isRealCheck);
  if (verified.state === 'key-refused') {
    if (isRealCheck) {
      const options = verified.detail === undefined ? {} : { detail: verified.detail };
      rec.fail(verified.ruleId, verified.params, options);
    }
    if (verified.ruleId === 'public-key-rsa-pss')
      return {
        state: 'invalid',
        message: 'The key is an RSA-PSS key, which never verifies an RS* signature.',
      };
    return { state: 'not-checked', message: `The ${verified.params['keyName'] ?? 'key'} cannot be used.` };
  }
  if (verified.state === 'not-checked') return verified;
  if (verified.state === 'invalid') {
    const kid = key.kind === 'pem' ? fromLuaString(key.kid) : '';
    const keyName = key.kind === 'pem' ? `the public key served for kid "${kid}"` : "the server's app secret";
    const advice =
      key.kind === 'pem'
        ? `That is the private key whose public half is served for kid "${kid}"; or serve the public key of the ` +
          "private key that signs. Prosody caches each kid's public key once fetched: a .pem replaced under the same " +
          'kid is used only after prosody restarts.'
        : 'The app secret is used as written (UTF-8), never base64-decoded.';
    rec.fail('signature-invalid', { key: keyName, advice });
    return {
      state: 'invalid',
      message: `The signature does not verify with ${keyName} (${headerAlg}).`,
    };
  }
  return { state: 'valid' };
}

type KeyVerification =
  | { state: 'valid' }
  | { state: 'invalid' }
  | { state: 'not-checked'; message: string }
  | { state: 'key-refused'; ruleId: KeyRuleId; params: Record<string, string>; detail?: string };

type KeyRuleId = 'public-key-unusable' | 'public-key-wrong-type' | 'public-key-rsa-pss';

async function verifyWithKey(
  ctx: CheckContext,
  alg: JitsiAlgorithm,
  signingInput: string,
  signature: Uint8Array,
  key: KeyChoice,
  isRealCheck: boolean,
): Promise<KeyVerification> {
  if (key.kind === 'none') return { state: 'not-checked', message: key.message };
  if (alg.startsWith('HS')) {
    // A line that takes the alg from the token HMACs with whatever key it has: a served public key's text too.
    if (key.kind !== 'secret' && ctx.line.keyServerAlgorithms !== 'any')
      return {
        state: 'not-checked',
        message: `${alg} needs a shared secret; this server verifies with public keys.`,
      };
    const secret = key.kind === 'secret' ? key.secret : key.pem;
    const isValid = await verifySignature(alg, signingInput, signature, secretToKey(secret));
    return { state: isValid ? 'valid' : 'invalid' };
  }
  if (key.kind === 'secret' && !isRealCheck) {
    return {
      state: 'not-checked',
      message: `${alg} needs a public key; this server verifies with app_secret.`,
    };
  }
  // verifyRS: pkey.new(key) reads the text as OpenSSL does (rules §14), an app_secret used with RS* included.
  const keyName =
    key.kind === 'pem' ? `key served for kid "${fromLuaString(key.kid)}"` : 'app_secret (read as a PEM key)';
  const pem = key.kind === 'pem' ? key.pem : key.secret;
  const serverKey = await importServerKeyCached(pem, alg);
  switch (serverKey.state) {
    case 'unloadable': {
      const { keyTextAdvice } = await import('../../jwt/key-text-advice');
      const advice = keyTextAdvice(serverKey.reading.problem);
      return {
        state: 'key-refused',
        ruleId: 'public-key-unusable',
        params: { keyName, problem: advice.problem, fix: advice.fix },
        detail: 'pkey.new: decoder_lib.c:103:error:1E08010C:DECODER routines::unsupported',
      };
    }
    case 'verify-raises':
      return {
        state: 'key-refused',
        ruleId: 'public-key-wrong-type',
        params: { keyName, kind: KIND_NAMES[serverKey.reading.kind] ?? 'not an RSA key', alg },
        detail: 'pkey:verify: operation not supported for this keytype',
      };
    case 'never-verifies':
      return { state: 'key-refused', ruleId: 'public-key-rsa-pss', params: { keyName, alg } };
    case 'import-failed':
      return {
        state: 'not-checked',
        message: `The ${keyName} could not be imported here: ${serverKey.message}`,
      };
    case 'key': {
      if (serverKey.reading.isPrivate && isRealCheck)
        ctx.rec.note('private-key-served', { keyName, label: serverKey.reading.label });
      const isValid = await verifySignature(alg, signingInput, signature, serverKey.key);
      return { state: isValid ? 'valid' : 'invalid' };
    }
  }
}

const KIND_NAMES: Readonly<Record<string, string>> = Object.freeze({
  ec: 'an elliptic-curve (EC) key',
  Ed25519: 'an Ed25519 key',
  Ed448: 'an Ed448 key',
  X25519: 'an X25519 key',
  unknown: 'a key of a type Jitsi cannot verify with',
});

const keyCache = new Map<string, Promise<ServerVerificationKey>>();
const KEY_CACHE_SIZE = 16;

function importServerKeyCached(pem: string, alg: JitsiAlgorithm): Promise<ServerVerificationKey> {
  const cacheKey = `${alg}\n${pem}`;
  let entry = keyCache.get(cacheKey);
  if (!entry) {
    // The key reader (OpenSSL's PEM rules, DER) is fetched only when a token is checked with a public key.
    entry = import('../../jwt/server-key').then(({ importServerKey }) => importServerKey(pem, alg));
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.delete(keyCache.keys().next().value as string);
    keyCache.set(cacheKey, entry);
  }
  return entry;
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
