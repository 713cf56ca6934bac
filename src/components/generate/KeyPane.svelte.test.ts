import { createHash, generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import KeyPane from './KeyPane.svelte';
import { PKCS1_TO_PKCS8_COMMAND } from '../../lib/jwt/key-problems';

const PRIVATE_LABEL = 'Private key (PEM or JWK)';
const PUBLIC_LABEL = 'Public key (PEM, JWK or JWKS)';
const KID = 'my_app/key1';
const KEY_SERVER = 'https://keys.example.com/asap';
// RSA key generation and import are real WebCrypto work; give them room on a slow CI machine.
const SLOW = { timeout: 15_000 };

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

type Props = { kid?: string; keyServer?: string; alg?: 'RS256' | 'RS384' | 'RS512' };

function renderPane(props: Props = {}) {
  const onSigningKey = vi.fn<(key: CryptoKey | null, problem: string | null) => void>();
  const onPublicKey = vi.fn<(pem: string | null) => void>();
  const onKid = vi.fn<(kid: string) => void>();
  const onKeyServer = vi.fn<(url: string) => void>();
  const result = render(KeyPane, {
    alg: 'RS256',
    kid: KID,
    keyServer: KEY_SERVER,
    onSigningKey,
    onPublicKey,
    onKid,
    onKeyServer,
    ...props,
  });
  return { ...result, onSigningKey, onPublicKey, onKid, onKeyServer };
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function paste(label: string, text: string) {
  fireEvent.input(screen.getByLabelText(label), { target: { value: text } });
}

function nodeRsaPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    pkcs1Pem: privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    spkiPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    publicJwk: publicKey.export({ format: 'jwk' }),
  };
}

const squash = (pem: string) => pem.replace(/\s/g, '');

describe('KeyPane private key', () => {
  it('shows the exact PKCS#1 → PKCS#8 command with a copy button and reports the problem', async () => {
    const { onSigningKey } = renderPane();
    paste(PRIVATE_LABEL, nodeRsaPair().pkcs1Pem);
    const command = await vi.waitFor(() => {
      const element = screen.getByText(PKCS1_TO_PKCS8_COMMAND);
      expect(element.tagName).toBe('CODE');
      return element;
    }, SLOW);
    expect(command.textContent).toBe(PKCS1_TO_PKCS8_COMMAND);
    expect(screen.getByRole('button', { name: 'Copy conversion command' })).toBeTruthy();
    expect(screen.getByText(/This is a PKCS#1 RSA private key/)).toBeTruthy();
    expect(screen.getByLabelText(PRIVATE_LABEL).getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByText(/This is a PKCS#1 RSA private key/)?.textContent).not.toContain('openssl');
    const [key, problem] = onSigningKey.mock.lastCall ?? [];
    expect(key).toBeNull();
    expect(problem).toMatch(/^This is a PKCS#1 RSA private key/);
  });

  it('reports no key and no problem while the field is empty, and never touches storage', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const { onSigningKey } = renderPane();
    expect(onSigningKey).toHaveBeenLastCalledWith(null, null);
    paste(PRIVATE_LABEL, nodeRsaPair().pkcs1Pem);
    await vi.waitFor(() => expect(onSigningKey.mock.lastCall?.[1]).toBeTypeOf('string'), SLOW);
    paste(PRIVATE_LABEL, '');
    await vi.waitFor(() => expect(onSigningKey).toHaveBeenLastCalledWith(null, null));
    expect(setItem).not.toHaveBeenCalled();
  });

  it('has the private key field unspellchecked and without autocomplete', () => {
    renderPane();
    const field = screen.getByLabelText(PRIVATE_LABEL);
    expect(field.tagName).toBe('TEXTAREA');
    expect(field.getAttribute('spellcheck')).toBe('false');
    expect(field.getAttribute('autocomplete')).toBe('off');
  });
});

describe('KeyPane key generation', () => {
  it('fills both fields, reports a CryptoKey and the SPKI PEM, and names the file sha256(kid).pem', async () => {
    const { onSigningKey, onPublicKey } = renderPane();
    await fireEvent.click(screen.getByRole('button', { name: 'Generate key pair' }));

    const key = await vi.waitFor(() => {
      const [latest, problem] = onSigningKey.mock.lastCall ?? [];
      expect(problem).toBeNull();
      expect(latest).not.toBeNull();
      return latest as CryptoKey;
    }, SLOW);
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key.type).toBe('private');
    expect(key.algorithm).toMatchObject({ name: 'RSASSA-PKCS1-v1_5', hash: { name: 'SHA-256' } });

    const pem = await vi.waitFor(() => {
      const latest = onPublicKey.mock.lastCall?.[0];
      expect(latest).toMatch(/^-----BEGIN PUBLIC KEY-----\n[A-Za-z0-9+/=\n]+\n-----END PUBLIC KEY-----\n$/);
      return latest as string;
    }, SLOW);
    expect(squash((screen.getByLabelText(PUBLIC_LABEL) as HTMLTextAreaElement).value)).toBe(squash(pem));
    expect((screen.getByLabelText(PRIVATE_LABEL) as HTMLTextAreaElement).value).toContain(
      '-----BEGIN PRIVATE KEY-----',
    );

    const fileName = `${sha256Hex(KID)}.pem`;
    expect(screen.getByTestId('key-file-name').textContent).toBe(fileName);
    expect(screen.getByTestId('key-url').textContent).toBe(`${KEY_SERVER}/${fileName}`);
    expect(screen.getByText(/✓ RSA public key for RS256/)).toBeTruthy();
  });

  it('imports the key again for a new algorithm, since an RSA CryptoKey is bound to its hash', async () => {
    const { onSigningKey, rerender } = renderPane();
    await fireEvent.click(screen.getByRole('button', { name: 'Generate key pair' }));
    await vi.waitFor(() => expect(onSigningKey.mock.lastCall?.[0]).not.toBeNull(), SLOW);
    await rerender({ alg: 'RS384' });
    await vi.waitFor(
      () => expect(onSigningKey.mock.lastCall?.[0]?.algorithm).toMatchObject({ hash: { name: 'SHA-384' } }),
      SLOW,
    );
  });

  it('downloads private-key.pem and the public key under the name prosody requests, through blob URLs', async () => {
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:test-key');
    const revokeObjectURL = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const downloads: { name: string; href: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ name: this.download, href: this.getAttribute('href') ?? '' });
    });
    renderPane();
    await fireEvent.click(screen.getByRole('button', { name: 'Generate key pair' }));
    const privateButton = await vi.waitFor(
      () => screen.getByRole('button', { name: 'Download private key' }),
      SLOW,
    );
    const publicButton = await vi.waitFor(() => {
      const button = screen.getByRole('button', { name: 'Download public key' }) as HTMLButtonElement;
      expect(button.disabled).toBe(false);
      return button;
    }, SLOW);

    await fireEvent.click(privateButton);
    await fireEvent.click(publicButton);
    expect(downloads).toEqual([
      { name: 'private-key.pem', href: 'blob:test-key' },
      { name: `${sha256Hex(KID)}.pem`, href: 'blob:test-key' },
    ]);
    const blobs = createObjectURL.mock.calls.map(([blob]) => blob as Blob);
    expect(await blobs[0]?.text()).toContain('-----BEGIN PRIVATE KEY-----');
    expect(await blobs[1]?.text()).toContain('-----BEGIN PUBLIC KEY-----');
    await vi.waitFor(() => expect(revokeObjectURL).toHaveBeenCalledTimes(2));
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('asks for a kid when there is none, suggesting my_app/key1', async () => {
    const { onKid } = renderPane({ kid: '' });
    expect(screen.getByText(/No kid yet/)).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Use kid “my_app/key1”' }));
    expect(onKid).toHaveBeenCalledExactlyOnceWith('my_app/key1');
  });
});

describe('KeyPane public key', () => {
  it('accepts a JWKS holding the kid and rejects it when the kid is not in the set', async () => {
    const pair = nodeRsaPair();
    const jwks = JSON.stringify({ keys: [{ ...pair.publicJwk, kid: KID, alg: 'RS256', use: 'sig' }] });
    const { onPublicKey, rerender } = renderPane();
    paste(PUBLIC_LABEL, jwks);
    const pem = await vi.waitFor(() => {
      const latest = onPublicKey.mock.lastCall?.[0];
      expect(latest).toBeTypeOf('string');
      return latest as string;
    }, SLOW);
    expect(squash(pem)).toBe(squash(pair.spkiPem));
    expect(screen.getByText(/✓ RSA public key for RS256/).textContent).toContain(KID);

    await rerender({ kid: 'other/key2' });
    await vi.waitFor(() => {
      expect(screen.getByText(/No key has kid "other\/key2"/)).toBeTruthy();
      expect(onPublicKey).toHaveBeenLastCalledWith(null);
    }, SLOW);
    expect(screen.getByText(/Kids present: "my_app\/key1"/)).toBeTruthy();
  });

  it('accepts an SPKI PEM and explains a private key pasted by mistake', async () => {
    const pair = nodeRsaPair();
    const { onPublicKey } = renderPane();
    paste(PUBLIC_LABEL, pair.spkiPem);
    await vi.waitFor(
      () => expect(squash(onPublicKey.mock.lastCall?.[0] ?? '')).toBe(squash(pair.spkiPem)),
      SLOW,
    );
    paste(PUBLIC_LABEL, pair.pkcs1Pem);
    await vi.waitFor(() => expect(screen.getByText(/verifying needs the public key/)).toBeTruthy(), SLOW);
    expect(screen.getByText('openssl pkey -in key.pem -pubout -out public.pem').tagName).toBe('CODE');
    expect(onPublicKey).toHaveBeenLastCalledWith(null);
  });
});

describe('KeyPane key server', () => {
  it('shows the URL prosody fetches and warns about a trailing slash', async () => {
    renderPane({ keyServer: `${KEY_SERVER}/` });
    const fileName = `${sha256Hex(KID)}.pem`;
    await vi.waitFor(() =>
      expect(screen.getByTestId('key-url').textContent).toBe(`${KEY_SERVER}//${fileName}`),
    );
    expect(screen.getByText(/ends with "\/", and prosody adds another one/)).toBeTruthy();
    expect(screen.getByText(/not the kid itself/)).toBeTruthy();
  });

  it('reports kid and key server edits through the callbacks', async () => {
    const { onKid, onKeyServer } = renderPane();
    await fireEvent.input(screen.getByLabelText('Key ID (kid)'), { target: { value: 'app/k2' } });
    await fireEvent.input(screen.getByLabelText('Key server (asap_key_server)'), {
      target: { value: 'https://k.example/x' },
    });
    expect(onKid).toHaveBeenCalledExactlyOnceWith('app/k2');
    expect(onKeyServer).toHaveBeenCalledExactlyOnceWith('https://k.example/x');
  });

  it('explains a key server that is not a URL', async () => {
    renderPane({ keyServer: 'keys.example.com' });
    await vi.waitFor(() => expect(screen.getByText(/is not an absolute URL/)).toBeTruthy());
    expect(screen.getByTestId('key-file-name').textContent).toBe(`${sha256Hex(KID)}.pem`);
  });
});
