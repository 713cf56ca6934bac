// What a user does on the workbench page, in the page's own words (labels, headings, test ids), shared by the
// browser specs. Reads only what is on screen; knows nothing of the app's internals.
import { expect, type Locator, type Page } from '@playwright/test';

/** The generator fields a new user fills. */
export interface GeneratorInput {
  domain?: string;
  tenant?: string;
  room?: string;
  appId?: string;
  secret?: string;
}

/** Types each given value into its labelled field, in the order a user reads the form. */
export async function fillGenerator(page: Page, input: GeneratorInput): Promise<void> {
  if (input.domain !== undefined) await page.getByLabel('Domain', { exact: true }).fill(input.domain);
  if (input.tenant !== undefined)
    await page.getByLabel('Tenant (optional)', { exact: true }).fill(input.tenant);
  if (input.room !== undefined) await page.getByLabel('Room', { exact: true }).fill(input.room);
  if (input.appId !== undefined) await page.getByLabel('App ID', { exact: true }).fill(input.appId);
  if (input.secret !== undefined) await page.getByLabel('App secret', { exact: true }).fill(input.secret);
}

/** The test-room link on screen, once it carries a token: its href, parsed URL and `jwt`. */
export async function readRoomLink(page: Page): Promise<{ href: string; url: URL; token: string }> {
  const link = page.getByTestId('room-link');
  await expect(link).toHaveAttribute('href', /[?&]jwt=/);
  const href = (await link.getAttribute('href')) ?? '';
  const url = new URL(href);
  return { href, url, token: url.searchParams.get('jwt') ?? '' };
}

/** Waits until the link's token differs from `previous` and returns the new one. */
export async function readNextRoomLink(
  page: Page,
  previous: string,
): Promise<{ href: string; url: URL; token: string }> {
  await expect(page.getByTestId('room-link')).not.toHaveAttribute(
    'href',
    new RegExp(`jwt=${escapeRegExp(previous)}$`),
  );
  return readRoomLink(page);
}

/** The "Token or meeting URL" box; scrolls to "Check a token" first, as the checker loads when it comes into view. */
export async function openChecker(page: Page): Promise<Locator> {
  await page.getByRole('heading', { name: 'Check a token', exact: true }).scrollIntoViewIfNeeded();
  const input = page.getByLabel('Token or meeting URL', { exact: true });
  await expect(input).toBeVisible();
  return input;
}

/** Pastes `text` into `field` through the real clipboard (Ctrl+V), as a user does. */
export async function pasteInto(page: Page, field: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
}

/** The Payload pane once CodeMirror has replaced the plain textarea. */
export async function payloadEditor(page: Page): Promise<Locator> {
  const editor = page.locator('.cm-content[aria-label="Payload"]');
  await expect(editor).toBeVisible();
  return editor;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
