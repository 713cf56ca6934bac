// Where prosody fetches a kid's public key from asap_key_server: the file name (SHA-256 of the kid) and the URL,
// joined exactly as prosody joins it, oddities included and explained. Does not fetch anything.

import { toHex } from './token-codec';
import { bytesOf } from './jws';

/**
 * The file name prosody requests from asap_key_server for `kid`: lower-case hex SHA-256 of the kid's UTF-8 bytes,
 * plus `.pem`. The kid itself never appears in the URL.
 * @see jitsi-meet resources/prosody-plugins/token/util.lib.lua Util:get_public_key (`hex.to(sha256(keyId))..'.pem'`)
 */
export async function keyServerFileName(kid: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytesOf(new TextEncoder().encode(kid)));
  return `${toHex(new Uint8Array(digest))}.pem`;
}

/** The URL prosody fetches a kid's public key from, or why the key server setting cannot produce one. */
export type KeyServerUrlResult =
  | { ok: true; url: string; fileName: string; warning?: string }
  | { ok: false; code: 'bad-url' | 'bad-scheme'; message: string };

/**
 * Builds the URL prosody fetches for `kid`: `asap_key_server .. "/" .. fileName`, joined exactly as prosody does.
 * Prosody's util.paths.join only concatenates with `/`, so a trailing `/` on the setting yields `//` in the URL;
 * that is reproduced here and explained in `warning`, not silently fixed.
 * @see jitsi-meet token/util.lib.lua Util:get_public_key (`path.join(self.asapKeyServer, …)`); prosody util/paths.lua join
 */
export async function keyServerUrl(asapKeyServer: string, kid: string): Promise<KeyServerUrlResult> {
  let parsed: URL;
  try {
    parsed = new URL(asapKeyServer);
  } catch {
    return {
      ok: false,
      code: 'bad-url',
      message: `asap_key_server "${asapKeyServer}" is not an absolute URL; it should look like https://keys.example.com/asap.`,
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return {
      ok: false,
      code: 'bad-scheme',
      message: `asap_key_server must be an https: (or http:) URL; prosody's HTTP client cannot fetch "${parsed.protocol}" URLs.`,
    };
  }
  const fileName = await keyServerFileName(kid);
  const url = `${asapKeyServer}/${fileName}`;
  const warnings: string[] = [];
  if (asapKeyServer.endsWith('/')) {
    warnings.push(
      'asap_key_server ends with "/", and prosody adds another one, so it requests a path with "//". Servers that merge ' +
        'slashes (nginx by default) still find the file; object stores and CDNs usually do not. Remove the trailing "/".',
    );
  }
  if (parsed.search !== '' || parsed.hash !== '') {
    warnings.push(
      'asap_key_server has a "?" query or "#" fragment; prosody appends the file name after it, which breaks the path.',
    );
  }
  if (asapKeyServer !== asapKeyServer.trim()) {
    warnings.push(
      'asap_key_server has spaces around it; prosody uses the value as written, spaces included.',
    );
  }
  return warnings.length > 0
    ? { ok: true, url, fileName, warning: warnings.join(' ') }
    : { ok: true, url, fileName };
}
