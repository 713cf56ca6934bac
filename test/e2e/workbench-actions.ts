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

/** Opens the generator view ("Generate a link" in the page's mode switch) unless it is open already. */
export async function openGenerator(page: Page): Promise<void> {
  // The settings form, whatever deployment it shows (JaaS asks for an AppID instead of a Domain).
  const form = page.getByRole('form', { name: 'Token settings' });
  if (!(await form.isVisible()))
    await page.getByRole('link', { name: 'Generate a link', exact: true }).click();
  await expect(form).toBeVisible();
}

/** Opens the generator and types each given value into its labelled field, in the order a user reads the form. */
export async function fillGenerator(page: Page, input: GeneratorInput): Promise<void> {
  await openGenerator(page);
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
  await expect(page.getByTestId('room-link'), 'the room link to carry a new token').not.toHaveAttribute(
    'href',
    new RegExp(`jwt=${escapeRegExp(previous)}$`),
  );
  return readRoomLink(page);
}

/** The "Token or meeting URL" box, opening the check view ("Check a token" in the mode switch) if needed. */
export async function openChecker(page: Page): Promise<Locator> {
  const input = page.getByLabel('Token or meeting URL', { exact: true });
  if (!(await input.isVisible()))
    await page.getByRole('link', { name: 'Check a token', exact: true }).click();
  await expect(input).toBeVisible();
  return input;
}

/** Replaces the checker's input with `text`, as a user selecting all and pasting. */
export async function checkText(page: Page, text: string): Promise<void> {
  const input = await openChecker(page);
  await input.fill('');
  await pasteInto(page, input, text);
  await expect(input).toHaveValue(text);
}

/** Pastes `config` into the check view's "Server configuration" box, which uses it at once. */
export async function useServerConfig(page: Page, config: string): Promise<void> {
  await openChecker(page);
  const box = page.getByLabel('Server configuration', { exact: true });
  await box.fill('');
  await pasteInto(page, box, config);
  await expect(box).toHaveValue(config);
}

/** Opens "More tools" (its code loads when asked for) and waits for the diff and the explainer. */
export async function openTools(page: Page): Promise<void> {
  await page.getByRole('heading', { name: 'More tools', exact: true }).scrollIntoViewIfNeeded();
  const ask = page.getByRole('button', { name: 'Diff two tokens, explain an error message', exact: true });
  if (await ask.isVisible()) await ask.click();
  await expect(page.getByText('Diff two tokens', { exact: true })).toBeVisible();
  await expect(page.getByText('Explain an error message', { exact: true })).toBeVisible();
}

/** Pastes `text` into `field` through the real clipboard (Ctrl+V), as a user does. */
export async function pasteInto(page: Page, field: Locator, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await field.focus();
  await page.keyboard.press('ControlOrMeta+V');
}

/** The Payload pane once CodeMirror has replaced the plain textarea. */
export function payloadEditor(page: Page): Promise<Locator> {
  return claimsEditor(page, 'Payload');
}

/** The Header pane once CodeMirror has replaced the plain textarea. */
export function headerEditor(page: Page): Promise<Locator> {
  return claimsEditor(page, 'Header');
}

async function claimsEditor(page: Page, label: 'Header' | 'Payload'): Promise<Locator> {
  // The textarea shown before CodeMirror loads has the same label; only the editor has .cm-content.
  const editor = page.locator(`.cm-content[aria-label="${label}"]`);
  await expect(editor).toBeVisible();
  return editor;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
