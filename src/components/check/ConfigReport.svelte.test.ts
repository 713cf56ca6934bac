import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/svelte';
import ConfigReport from './ConfigReport.svelte';
import { parseServerConfig } from '../../lib/jitsi/config/server-config';

afterEach(cleanup);

describe('ConfigReport', () => {
  it('names the format and says whether tokens are checked', () => {
    render(ConfigReport, {
      config: parseServerConfig('      - ENABLE_AUTH=1\n      - AUTH_TYPE=jwt\n      - JWT_APP_ID=myapp'),
    });
    expect(screen.getByText(/Read as a docker-compose environment list, domain meet\.jitsi\./)).toBeTruthy();
    expect(screen.getByTestId('token-auth').textContent).toBe('Token authentication: on.');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows a banner for a template, naming its line and expression', () => {
    render(ConfigReport, {
      config: parseServerConfig('VirtualHost "{{ .Env.XMPP_DOMAIN }}"\n    authentication = "token"'),
    });
    const banner = screen.getByTestId('template-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(banner.textContent).toMatch(/This is a Go template .*Line 1: \{\{ \.Env\.XMPP_DOMAIN \}\}/s);
    expect(screen.getByTestId('token-auth').textContent).toBe(
      'Token authentication: not known from this paste.',
    );
  });

  it('shows a banner for a file prosody cannot load, with the line and why', () => {
    render(ConfigReport, {
      config: parseServerConfig('VirtualHost "meet.example.com"\n    authentication = “token”'),
    });
    expect(screen.getByTestId('load-failure-banner').textContent).toMatch(
      /Prosody cannot load this file\. Line 2: “ is a typographic character/,
    );
  });

  it('marks placeholders where they are and says what each remark means for the token', () => {
    render(ConfigReport, {
      config: parseServerConfig(
        'VirtualHost "meet.jitsi"\n authentication = "token"\n app_id = "<app_id>"\n' +
          'VirtualHost "guest.meet.jitsi"\n authentication = "jitsi-anonymous"',
      ),
    });
    const appId = screen.getByText('app_id', { selector: 'code' }).closest('li') as HTMLElement;
    expect(within(appId).getByText('placeholder')).toBeTruthy();
    const secretless = screen.getByText('authentication', { selector: 'code' }).closest('li') as HTMLElement;
    expect(within(secretless).queryByText('placeholder')).toBeNull();
    const guest = screen.getByTestId('config-remarks').querySelector('[data-code="anonymous-guest-host"]');
    expect(guest?.textContent).toMatch(/people without a token can still join through guest\.meet\.jitsi/i);
  });
});
