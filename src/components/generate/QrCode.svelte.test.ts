import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import jsQR from 'jsqr';
import QrCode from './QrCode.svelte';

afterEach(cleanup);

const PIXELS_PER_MODULE = 4;
const SVG_NAME = 'QR code of the test-room link';

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

// A token shaped like a real Jitsi one, so the link has a realistic length and character mix.
function jitsiLink(): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      aud: 'jitsi',
      iss: 'my_app_id',
      sub: 'meet.example.com',
      room: 'daily-standup',
      exp: 1_900_000_000,
      nbf: 1_700_000_000,
      context: {
        user: {
          id: 'a1b2c3d4-e5f6-7890-abcd-ef0123456789',
          name: 'Ada Lovelace',
          email: 'ada@example.com',
          avatar: 'https://example.com/avatars/ada.png',
          moderator: true,
        },
        features: { recording: true, livestreaming: false, 'screen-sharing': true },
      },
    }),
  );
  const signature = createHmac('sha256', 'a-test-secret-of-thirty-two-bytes!')
    .update(`${header}.${payload}`)
    .digest('base64url');
  return `https://meet.example.com/daily-standup?jwt=${header}.${payload}.${signature}`;
}

// Reads the drawn SVG back into an RGBA bitmap: white everywhere (background and quiet zone), black where the
// path's `M x y h n v1 h-n z` runs are. This tests what the user sees, not uqr's matrix.
function rasterise(svg: Element): { data: Uint8ClampedArray; width: number } {
  const viewBox = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  const [minX = 0, minY = 0, span = 0] = viewBox;
  const width = span * PIXELS_PER_MODULE;
  const data = new Uint8ClampedArray(width * width * 4).fill(255);
  const d = svg.querySelector('path')?.getAttribute('d') ?? '';
  const runs = [...d.matchAll(/M(-?\d+) (-?\d+)h(\d+)v1h-\3z/g)];
  expect(runs.map((r) => r[0]).join('')).toBe(d);
  for (const [, xText, yText, nText] of runs) {
    const x0 = (Number(xText) - minX) * PIXELS_PER_MODULE;
    const y0 = (Number(yText) - minY) * PIXELS_PER_MODULE;
    const w = Number(nText) * PIXELS_PER_MODULE;
    for (let y = y0; y < y0 + PIXELS_PER_MODULE; y++) {
      for (let x = x0; x < x0 + w; x++) {
        const i = (y * width + x) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
    }
  }
  return { data, width };
}

function showCode(text: string) {
  render(QrCode, { text });
  fireEvent.click(screen.getByRole('button', { name: 'Show QR code' }));
}

describe('QrCode', () => {
  it('is hidden until asked for', () => {
    render(QrCode, { text: 'https://meet.example.com/room' });
    const button = screen.getByRole('button', { name: 'Show QR code' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('img')).toBeNull();
  });

  const link = jitsiLink();
  it.each([
    ['a short link', 'https://meet.example.com/room'],
    [`a ${link.length}-character JWT link`, link],
  ])('draws %s so that a QR decoder reads it back exactly', async (_name, text) => {
    showCode(text);
    const svg = await screen.findByRole('img', { name: SVG_NAME });
    expect(screen.getByRole('button', { name: 'Hide QR code' }).getAttribute('aria-expanded')).toBe('true');
    const viewBox = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
    expect(viewBox.slice(0, 2)).toEqual([-4, -4]);
    expect(svg.querySelector('rect')?.getAttribute('fill')).toBe('#ffffff');
    const { data, width } = rasterise(svg);
    const decoded = jsQR(data, width, width);
    expect(decoded?.data).toBe(text);
  });

  it('uses a version a phone can still read for a realistic JWT link', async () => {
    expect(link.length).toBeGreaterThan(550);
    showCode(link);
    const svg = await screen.findByRole('img', { name: SVG_NAME });
    expect(Number(svg.getAttribute('data-version'))).toBeLessThanOrEqual(20);
  });

  it('says so instead of drawing when the link is too long for any QR code', async () => {
    showCode(`https://meet.example.com/room?jwt=${'x'.repeat(3000)}`);
    expect((await screen.findByRole('status')).textContent).toMatch(/too long for a QR code/);
    expect(screen.queryByRole('img')).toBeNull();
  });

  it('cannot be opened without a link', () => {
    render(QrCode, { text: '' });
    expect((screen.getByRole('button', { name: 'Show QR code' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
