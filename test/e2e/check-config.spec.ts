// User story: an admin pastes their server's configuration (a prosody VirtualHost block or a docker-jitsi-meet
// .env) and checks tokens against exactly those settings, used at once.
import { test, expect } from './fixtures';
import { SECRET, signHmacToken, validClaims } from './hmac-token';
import { checkText, useServerConfig } from './workbench-actions';

const PROSODY_CONFIG = `-- /etc/prosody/conf.d/meet.example.com.cfg.lua
VirtualHost "meet.example.com"
    authentication = "token"
    app_id = "example_app"
    app_secret = "${SECRET}"
    asap_accepted_issuers = { "example_app", "partner_portal" }
    allow_empty_token = false
    modules_enabled = { "bosh"; "ping"; }
`;

// Another server (docker-jitsi-meet), with its own secret.
const ENV_SECRET = 'docker-env-secret-3f9b7a21-0c6d-4e58-9a2b-d1e4c7f80b35';
const DOCKER_ENV = `# docker-jitsi-meet .env
PUBLIC_URL=https://meet.example.org
ENABLE_AUTH=1
AUTH_TYPE=jwt
JWT_APP_ID=docker_app
JWT_APP_SECRET=${ENV_SECRET}
JWT_ACCEPTED_ISSUERS=docker_app,booking_site
XMPP_DOMAIN=meet.jitsi
`;

/** A token for `room`, valid now, with the given issuer, sub and secret. */
function tokenFor(room: string, iss: string, sub: string, secret: string): string {
  return signHmacToken(validClaims({ room, iss, sub }), secret);
}

test('a pasted prosody VirtualHost sets the domain, app, secret and accepted issuers', async ({
  page,
  watch,
}) => {
  await page.goto('./');
  await useServerConfig(page, PROSODY_CONFIG);

  const result = page.getByTestId('config-result');
  await expect(result).toContainText('Read as a prosody config, domain meet.example.com.');
  await expect(result).toContainText('app_id = example_app');
  await expect(result).toContainText('asap_accepted_issuers = example_app, partner_portal');
  // The secret is understood but never shown.
  await expect(result).toContainText('app_secret = ••••••');
  await expect(result).not.toContainText(SECRET);
  // Used at once, and said in one line.
  await expect(page.getByTestId('checking-against')).toContainText(
    'Checking against: meet.example.com, authentication token, app_id example_app, its app_secret, asap_accepted_issuers example_app, partner_portal, allow_empty_token false.',
  );

  // An issuer the config lists (not the app_id) is accepted, with the config's secret.
  await checkText(
    page,
    `https://meet.example.com/boardroom?jwt=${tokenFor('boardroom', 'partner_portal', 'meet.example.com', SECRET)}`,
  );
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveText('Accepted: Jitsi lets this user in.');
  await expect(page.getByTestId('signature-status')).toHaveText(/valid for the configured key/);

  // An issuer it does not list is refused, as prosody would.
  await checkText(
    page,
    `https://meet.example.com/boardroom?jwt=${tokenFor('boardroom', 'someone_else', 'meet.example.com', SECRET)}`,
  );
  await expect(verdict).toContainText('Refused at connect (authentication).');
  await expect(page.getByTestId('prosody-reason')).toHaveText("invalid 'iss' claim");
  await expect(page.getByTestId('findings').locator('li[data-rule="iss-invalid"]')).toContainText(
    'partner_portal',
  );

  // A token signed with another secret fails the signature check.
  await checkText(
    page,
    `https://meet.example.com/boardroom?jwt=${tokenFor('boardroom', 'example_app', 'meet.example.com', 'not-the-secret-of-this-server-0123456789')}`,
  );
  await expect(page.getByTestId('prosody-reason')).toHaveText('Invalid signature');
  await expect(page.getByTestId('signature-status')).toHaveAttribute('data-state', 'invalid');
  await watch.expectSecretNotStored(page, SECRET);
});

test('a pasted docker-jitsi-meet .env sets the XMPP domain, public host and issuers', async ({
  page,
  watch,
}) => {
  await page.goto('./');
  await useServerConfig(page, DOCKER_ENV);

  const result = page.getByTestId('config-result');
  await expect(result).toContainText('Read as a .env file, domain meet.jitsi.');
  await expect(result).toContainText('JWT_APP_ID = docker_app');
  await expect(result).toContainText('JWT_APP_SECRET = ••••••');
  await expect(result).not.toContainText(ENV_SECRET);
  await expect(page.getByTestId('checking-against')).toContainText(
    'meet.jitsi, authentication token, app_id docker_app, its app_secret',
  );

  // docker-jitsi-meet: the link uses the public host, sub must be the XMPP domain.
  await checkText(
    page,
    `https://meet.example.org/planning?jwt=${tokenFor('planning', 'booking_site', 'meet.jitsi', ENV_SECRET)}`,
  );
  const verdict = page.getByTestId('verdict');
  await expect(verdict).toHaveText('Accepted: Jitsi lets this user in.');

  await checkText(
    page,
    `https://meet.example.org/planning?jwt=${tokenFor('planning', 'other_site', 'meet.jitsi', ENV_SECRET)}`,
  );
  await expect(verdict).toContainText('Refused at connect (authentication).');
  await expect(page.getByTestId('prosody-reason')).toHaveText("invalid 'iss' claim");

  // Undo stops using the configuration; Redo brings it back.
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  await expect(page.getByTestId('checking-against')).toHaveCount(0);
  await page.getByRole('button', { name: 'Redo', exact: true }).click();
  await expect(page.getByTestId('prosody-reason')).toHaveText("invalid 'iss' claim");
  await watch.expectSecretNotStored(page, ENV_SECRET);
});

test('a pasted template or forum copy gets a banner, and compose variables are read as such', async ({
  page,
}) => {
  await page.goto('./');
  await useServerConfig(
    page,
    'VirtualHost "{{ .Env.XMPP_DOMAIN }}"\n    authentication = "token"\n    app_id = "{{ .Env.JWT_APP_ID }}"\n',
  );
  await expect(page.getByTestId('template-banner')).toContainText(
    'This is a Go template (docker-jitsi-meet), not the file the server runs.',
  );
  await expect(page.getByTestId('token-auth')).toHaveText('Token authentication: not known from this paste.');

  await useServerConfig(page, 'VirtualHost “meet.example.com”\n    authentication = “token”\n');
  await expect(page.getByTestId('load-failure-banner')).toContainText(
    'Prosody cannot load this file. Line 1:',
  );
  await expect(page.getByTestId('template-banner')).toHaveCount(0);

  await useServerConfig(
    page,
    'environment:\n  - ENABLE_AUTH=1\n  - AUTH_TYPE=jwt\n  - JWT_APP_ID=<app_id>\n  - ENABLE_GUESTS=1\n',
  );
  await expect(page.locator('[data-code="anonymous-guest-host"]')).toContainText(
    'People without a token can still join through guest.meet.jitsi',
  );
  const result = page.getByTestId('config-result');
  await result.getByText('Read as a docker-compose environment list, domain meet.jitsi.').click();
  await expect(result.locator('li', { hasText: 'JWT_APP_ID' }).getByText('placeholder')).toBeVisible();
});
