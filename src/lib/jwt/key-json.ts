// Keys pasted as JSON (a JWK, or a member of a JWKS): parsing, the kty check, and the members passed on to WebCrypto.
// prosody's token/jwk.lib.lua reads only n and e of a JWK, so everything else is advisory.

import type { JitsiAlgorithm } from './jws';
import type { JsonObject, JsonValue } from './json-types';
import { ecProblem, errorText, problem, type KeyProblem } from './key-problems';

/** An imported key with the JWK's kid and, when something about the JWK is odd but harmless, a notice. */
export interface KeyWithKid {
  ok: true;
  key: CryptoKey;
  kid?: string;
  notice?: string;
}

/** Parses a paste that looks like JSON, or says why it does not parse. */
export function parseKeyJson(text: string): { ok: true; value: JsonValue } | KeyProblem {
  try {
    return { ok: true, value: JSON.parse(text) as JsonValue };
  } catch (error) {
    return problem('not-a-key', `This looks like JSON but does not parse: ${errorText(error)}`);
  }
}

/** A JWK that is not an RSA key: the problem to report (EC, a shared secret, another type), or null for RSA. */
export function checkJwkType(jwk: JsonObject): KeyProblem | null {
  const kty = jwk['kty'];
  if (kty === 'RSA') return null;
  if (kty === 'EC') return ecProblem();
  if (kty === 'oct') {
    return problem(
      'hmac-algorithm',
      'This JWK is a shared secret ("kty": "oct"); HS* tokens use the app secret field instead.',
    );
  }
  return problem(
    'unsupported-key-type',
    typeof kty === 'string'
      ? `This JWK is a "${kty}" key; Jitsi verifies only RSA keys (RS256/384/512).`
      : 'This JSON has no "kty" member, so it is not a JWK.',
  );
}

/** The named members of a JWK, so WebCrypto never sees `alg`, `use` or `key_ops` that could make it refuse the key. */
export function pickMembers(jwk: JsonObject, names: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const name of names) {
    const value = jwk[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The import result for a JWK: its kid, and a notice when its `alg` differs from the token's (prosody ignores it). */
export function withKidAndNotice(key: CryptoKey, jwk: JsonObject, alg: JitsiAlgorithm): KeyWithKid {
  const result: KeyWithKid = { ok: true, key };
  if (typeof jwk['kid'] === 'string') result.kid = jwk['kid'];
  const jwkAlg = jwk['alg'];
  if (typeof jwkAlg === 'string' && jwkAlg !== alg) {
    result.notice = `The JWK says "alg": "${jwkAlg}" but the token uses ${alg}; prosody ignores the JWK's alg, the token's alg decides.`;
  }
  return result;
}
