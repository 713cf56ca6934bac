// Signs RS256 tokens with node:crypto, independently of the app's own jose code, so a browser test can paste a
// token made with a key the page has never seen, or with a header the page would never write.
import { generateKeyPairSync, sign } from 'node:crypto';

/** The 8x8 JaaS AppID the JaaS specs sign for, in the form the JaaS console shows. */
export const JAAS_APP_ID = 'vpaas-magic-cookie-1fc542a3e4414a44b2611668195e2bfe';

const encodePart = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs `payload` under `header` (alg RS256 assumed) with a fresh RSA key nobody else holds. */
export function signWithStrangerKey(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingInput = `${encodePart(header)}.${encodePart(payload)}`;
  const signature = sign('sha256', Buffer.from(signingInput), privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}
