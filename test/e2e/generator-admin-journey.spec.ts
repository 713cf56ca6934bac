// Two people from a fresh browser, on a desktop and a phone: someone making a link (domain, a room with a space,
// app ID, secret, a moderator's name → the copied link's room and token), and an admin pasting a Debian-style
// prosody config with several VirtualHost and Component blocks (the verdict follows it at once). axe stays at zero.
import { VIEWPORTS, test, expect } from './fixtures';
import { expectNoAxeViolations } from './axe';
import { SECRET, decodeJwt, signHmacToken, validClaims, verifyHmacToken } from './hmac-token';
import { checkText, fillGenerator, useServerConfig } from './workbench-actions';

test.use({ bypassCSP: true });

const DEBIAN_CONFIG = `plugin_paths = { "/usr/share/jitsi-meet/prosody-plugins/" }
muc_mapper_domain_base = "meet.acme.test";
-- domain mapper options, must at least have domain base set to use the mapper

VirtualHost "meet.acme.test"
    authentication = "token"
    app_id = "acme_app"
    app_secret = "${SECRET}"
    allow_empty_token = false
    modules_enabled = { "bosh"; "pubsub"; "ping"; "speakerstats"; "conference_duration" }
    c2s_require_encryption = false

VirtualHost "guest.meet.acme.test"
    authentication = "anonymous"
    c2s_require_encryption = false

Component "conference.meet.acme.test" "muc"
    restrict_room_creation = true
    storage = "memory"
    modules_enabled = { "muc_meeting_id"; "muc_domain_mapper"; "token_verification" }

Component "internal.auth.meet.acme.test" "muc"
    storage = "memory"
    modules_enabled = { "ping" }

VirtualHost "auth.meet.acme.test"
    authentication = "internal_hashed"

Component "focus.meet.acme.test" "client_proxy"
    target_address = "focus@auth.meet.acme.test"
`;

for (const [size, viewport] of VIEWPORTS) {
  test.describe(`on a ${size}`, () => {
    test.use({ viewport });

    test('making a link: room with a space, moderator name, copied link checked', async ({ page, watch }) => {
      await page.goto('./');
      await fillGenerator(page, {
        domain: 'meet.acme.test',
        room: 'Daily standup',
        appId: 'acme_app',
        secret: SECRET,
      });
      await page.getByLabel('Name', { exact: true }).fill('Ada Moderator');
      const moderator = page.getByLabel('Moderator', { exact: true });
      if (!(await moderator.isChecked())) await moderator.check();
      await expect(page.getByTestId('room-link')).toHaveAttribute('href', /[?&]jwt=/);
      await expectNoAxeViolations(page, `${size}: generator filled`);

      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      const copy = page.getByRole('button', { name: 'Copy link', exact: true });
      await copy.scrollIntoViewIfNeeded();
      await copy.click();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      const url = new URL(copied);
      expect(url.origin).toBe('https://meet.acme.test');
      // The browser encodes the space in the path; prosody sees the room lower-cased and still encoded.
      expect(url.pathname).toBe('/Daily%20standup');
      const token = url.searchParams.get('jwt') ?? '';
      expect(verifyHmacToken(token, SECRET, 'HS256')).toBe(true);
      const { payload } = decodeJwt(token);
      expect(payload['iss']).toBe('acme_app');
      expect(payload['sub']).toBe('meet.acme.test');
      expect(payload['room']).toBe('daily%20standup');
      const context = payload['context'] as { user?: { name?: string; moderator?: unknown } } | undefined;
      expect(context?.user?.name).toBe('Ada Moderator');
      expect(context?.user?.moderator).toBe(true);

      // The copied link, checked: the same room, accepted with the secret typed once.
      await checkText(page, copied);
      await expect(page.getByTestId('verdict')).toHaveText('Accepted: Jitsi lets this user in.');
      await expectNoAxeViolations(page, `${size}: copied link checked`);
      await watch.expectSecretNotStored(page, SECRET);
    });

    test('an admin pastes a Debian config: the verdict follows it at once', async ({ page, watch }) => {
      await page.goto('./');
      const wrongIss = signHmacToken(
        validClaims({ iss: 'other_app', sub: 'meet.acme.test', room: 'standup' }),
        SECRET,
      );
      await checkText(page, `https://meet.acme.test/standup?jwt=${wrongIss}`);
      const verdict = page.getByTestId('verdict');
      await expect(verdict).toBeVisible();
      await expect(verdict).not.toContainText('Refused');

      await useServerConfig(page, DEBIAN_CONFIG);
      await expect(page.getByTestId('checking-against')).toContainText('meet.acme.test');
      await expect(page.getByTestId('checking-against')).toContainText('app_id acme_app');
      await expect(verdict).toContainText('Refused at connect (authentication).');
      await expect(page.getByTestId('prosody-reason')).toHaveText("invalid 'iss' claim");
      await expect(page.getByTestId('findings').locator('li[data-rule="iss-invalid"]')).toContainText(
        'acme_app',
      );
      await expect(page.getByTestId('client-notification')).toBeVisible();
      await expect(page.getByTestId('client-notice-condition')).toHaveCount(0);
      await expectNoAxeViolations(page, `${size}: config pasted, token refused`);

      const good = signHmacToken(
        validClaims({ iss: 'acme_app', sub: 'meet.acme.test', room: 'standup' }),
        SECRET,
      );
      await checkText(page, `https://meet.acme.test/standup?jwt=${good}`);
      await expect(verdict).toHaveText('Accepted: Jitsi lets this user in.');
      // The client's connect-time notice beside an accepted verdict says when it would appear at all.
      await expect(page.getByTestId('client-notice-condition')).toContainText(
        'applies only if the server refuses it',
      );
      await watch.expectSecretNotStored(page, SECRET);
    });
  });
}
