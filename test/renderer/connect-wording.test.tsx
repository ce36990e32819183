/**
 * Issue 10, "Say the right thing", on the Sites page and the shell: a refused plain-http address and https to a
 * plain-http port are each titled as what they are; two profiles of one address are named by user; the navigation
 * marks the Sites page while it stands in for a page that needs a site; "Connected to" goes with the site it names.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { transportError } from '../../electron/services/site-error.js';
import { keyStringFromUrl } from '../../shared/key-string.js';
import { fail } from '../../shared/result.js';
import { installFakeKeyAdmin, makeSite } from './fake-key-admin.js';
import { renderApp } from './render-app.js';

const SECRET = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrS';
const KEY_STRING = `flywheel.example.org:${SECRET}`;

async function connectWithSiteUrl(user: ReturnType<typeof renderApp>['user'], siteUrl: string) {
  await user.click(await screen.findByRole('tab', { name: 'Site URL and key' }));
  await user.type(screen.getByLabelText(/^Site URL\W*$/), siteUrl);
  await user.type(screen.getByLabelText(/^API key\W*$/), SECRET);
  await user.click(screen.getByRole('button', { name: 'Connect' }));
}

describe('connect errors', () => {
  it('a plain-http address is refused under its own heading, not "Not a key string"', async () => {
    const fake = installFakeKeyAdmin();
    // Main refuses with the shared parser's answer, before anything is sent.
    fake.sites.connect.mockImplementationOnce(async (input) => {
      const parsed = keyStringFromUrl(input.siteUrl ?? '', input.secret ?? '');
      return parsed.ok ? fail('internal', 'expected a refusal') : parsed;
    });
    const { user } = renderApp();
    await connectWithSiteUrl(user, 'http://flywheel.example.org');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Plain http refused');
    expect(alert.textContent).toContain('Plain http is allowed only for a test site on this computer.');
    expect(alert.textContent).not.toContain('Not a key string');
  });

  it('https to a port that answers plain http says so, not that the certificate is untrusted', async () => {
    const fake = installFakeKeyAdmin();
    const error = transportError('plain-http', { status: null, method: 'GET', path: '/version', requestId: null, sent: false });
    fake.sites.connect.mockResolvedValueOnce(fail(error.code, error.message));
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The address answers plain http, not https');
    expect(alert.textContent).not.toContain('certificate');
  });
});

describe('two profiles of one address', () => {
  const ada = makeSite({ id: 'ada-profile' });
  const grace = makeSite({ id: 'grace-profile', userId: 'grace@example.org', userName: 'Grace Hopper' });

  it('are named by their user in the list of connected sites and in the switcher', async () => {
    installFakeKeyAdmin({ state: { sites: [ada, grace], activeId: ada.id } });
    const { user } = renderApp();
    const list = within(await screen.findByRole('list', { name: 'Connected sites' }));
    expect(list.getByText('flywheel.example.org (Ada Lovelace)')).toBeTruthy();
    expect(list.getByText('flywheel.example.org (Grace Hopper)')).toBeTruthy();
    expect(list.getByRole('button', { name: 'Use flywheel.example.org (Grace Hopper)' })).toBeTruthy();

    const switcher = screen.getByRole('button', { name: /^Switch site, active: / });
    expect(switcher.textContent).toContain('flywheel.example.org (Ada Lovelace)');
    await user.click(switcher);
    const items = within(screen.getByRole('menu'))
      .getAllByRole('menuitem')
      .map((item) => item.textContent);
    expect(items).toEqual([
      'flywheel.example.org (Ada Lovelace)https://flywheel.example.org',
      'flywheel.example.org (Grace Hopper)https://flywheel.example.org',
      'Connect another site',
    ]);
  });

  it('a profile with a name of its own keeps it', async () => {
    installFakeKeyAdmin({ state: { sites: [ada, { ...grace, name: 'Flywheel (Grace)' }], activeId: ada.id } });
    renderApp();
    const list = within(await screen.findByRole('list', { name: 'Connected sites' }));
    expect(list.getByText('flywheel.example.org')).toBeTruthy();
    expect(list.getByText('Flywheel (Grace)')).toBeTruthy();
  });
});

describe('the navigation with no site connected', () => {
  it('marks Sites, the page shown, when a page about a site was asked for', async () => {
    installFakeKeyAdmin({ state: { sites: [], activeId: null } });
    renderApp('devices');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy();
    const nav = within(screen.getByRole('navigation', { name: 'Main navigation' }));
    expect(nav.getByRole('button', { name: 'Sites' }).getAttribute('aria-current')).toBe('page');
    expect(nav.getByRole('button', { name: 'Devices' }).getAttribute('aria-current')).toBeNull();
    expect(nav.getByRole('button', { name: 'Sites' }).className).toContain('Mui-selected');
    expect(nav.getByRole('button', { name: 'Devices' }).className).not.toContain('Mui-selected');
  });
});

describe('"Connected to"', () => {
  it('goes once the site it names is no longer the active one', async () => {
    const other = makeSite({ id: 'clinic', name: 'Clinic', origin: 'https://clinic.example.org' });
    const fake = installFakeKeyAdmin({ state: { sites: [other], activeId: other.id } });
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    await waitFor(() => expect(fake.sites.connect).toHaveBeenCalledTimes(1));
    expect((await screen.findByRole('status')).textContent).toContain('Connected to flywheel.example.org');

    await user.click(await screen.findByRole('button', { name: 'Use Clinic' }));
    await screen.findByRole('button', { name: /^Switch site, active: Clinic/ });
    await waitFor(() => expect(screen.queryByText(/Connected to flywheel.example.org/)).toBeNull());
  });
});
