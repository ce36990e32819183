import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { fail } from '../../shared/result.js';
import { installFakeKeyAdmin, makeSite } from './fake-key-admin.js';
import { renderApp } from './render-app.js';

const core = makeSite({ id: 'imaging-core', name: 'Imaging core', origin: 'https://core.example.org' });
const clinic = makeSite({
  id: 'clinic',
  name: 'Clinic',
  origin: 'https://clinic.example.org',
  userName: 'Grace Hopper',
  release: '17.4.1',
});

describe('App shell', () => {
  it('shows the product name and the navigation, every area available', async () => {
    installFakeKeyAdmin({ state: { sites: [core], activeId: core.id } });
    renderApp();
    expect(screen.getByText('Keywarden')).toBeTruthy();
    const nav = within(screen.getByRole('navigation', { name: 'Main navigation' }));
    expect(nav.queryByText(/coming/)).toBeNull();
    const labels = ['Overview', 'Key inventory', 'Devices', 'Users', 'My keys', 'Legacy migration', 'Notifications', 'Audit log'];
    for (const label of labels) {
      const item = nav.getByRole('button', { name: new RegExp(`^${label}`) });
      expect(item.getAttribute('aria-disabled')).toBeNull();
    }
    const connect = nav.getByRole('button', { name: 'Sites' });
    expect(connect.getAttribute('aria-current')).toBe('page');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy();
  });

  it('opens pages about a site on the Sites page while no site is connected', async () => {
    installFakeKeyAdmin({ state: { sites: [], activeId: null } });
    renderApp('overview');
    expect(await screen.findByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy();
  });

  it('shows local-state warnings at the top of the app', async () => {
    installFakeKeyAdmin({ state: { warnings: ['The settings file was damaged and has been kept aside.'] } });
    renderApp();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The settings file was damaged and has been kept aside.');
  });

  it('shows an error when the sites cannot be loaded, and tries again', async () => {
    const fake = installFakeKeyAdmin();
    fake.sites.state.mockResolvedValueOnce(fail('internal', 'Keywarden could not read its settings.'));
    const { user } = renderApp();
    expect((await screen.findByRole('alert')).textContent).toContain('Keywarden could not read its settings.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy();
  });

  it('lists the connected sites in the switcher and activates the chosen one', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core, clinic], activeId: core.id } });
    const { user } = renderApp();
    const switcher = await screen.findByRole('button', { name: /^Switch site, active: Imaging core/ });
    expect(switcher.textContent).toContain('https://core.example.org');
    await user.click(switcher);
    const menu = within(screen.getByRole('menu'));
    const items = menu.getAllByRole('menuitem').map((i) => i.textContent);
    expect(items).toEqual(['Imaging corehttps://core.example.org', 'Clinichttps://clinic.example.org', 'Connect another site']);
    await user.click(menu.getByRole('menuitem', { name: /Clinic/ }));
    expect(fake.sites.activate).toHaveBeenCalledWith({ id: 'clinic' });
    expect(await screen.findByRole('button', { name: /^Switch site, active: Clinic/ })).toBeTruthy();
    const card = within(screen.getByRole('region', { name: 'Active site' }));
    expect(card.getByText('Grace Hopper', { exact: false })).toBeTruthy();
    expect(card.getByText('17.4.1')).toBeTruthy();
  });

  it('does not call activate when the active site is chosen again', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core, clinic], activeId: core.id } });
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: /^Switch site/ }));
    await user.click(screen.getByRole('menuitem', { name: /Imaging core/ }));
    expect(fake.sites.activate).not.toHaveBeenCalled();
  });

  it('leads from "Connect another site" to the connect form', async () => {
    installFakeKeyAdmin({ state: { sites: [core], activeId: core.id } });
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: /^Switch site/ }));
    await user.click(screen.getByRole('menuitem', { name: 'Connect another site' }));
    expect(screen.getByRole('heading', { name: 'Connect another site' })).toBeTruthy();
  });

  it('shows an activation error from main', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core, clinic], activeId: core.id } });
    fake.sites.activate.mockResolvedValueOnce(fail('keyring-locked', 'Unlock your keyring to use this site.'));
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: /^Switch site/ }));
    await user.click(screen.getByRole('menuitem', { name: /Clinic/ }));
    expect((await screen.findByRole('alert')).textContent).toContain('Unlock your keyring to use this site.');
  });

  it('asks for confirmation, mentioning the stored key, before forgetting a site', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core, clinic], activeId: core.id } });
    const { user } = renderApp();
    const list = within(await screen.findByRole('list', { name: 'Connected sites' }));
    await user.click(list.getByRole('button', { name: 'Forget Clinic' }));

    const dialog = within(screen.getByRole('dialog', { name: 'Forget Clinic?' }));
    expect(dialog.getByText(/with its stored key, its saved inventory and its migration progress/)).toBeTruthy();
    expect(fake.sites.forget).not.toHaveBeenCalled();

    await user.click(dialog.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.sites.forget).not.toHaveBeenCalled();

    await user.click(list.getByRole('button', { name: 'Forget Clinic' }));
    await user.click(
      within(screen.getByRole('dialog', { name: 'Forget Clinic?' })).getByRole('button', { name: 'Forget site and key' }),
    );
    expect(fake.sites.forget).toHaveBeenCalledWith({ id: 'clinic' });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(list.queryByText('Clinic')).toBeNull());
  });

  it('keeps the dialog open with the error when forgetting fails', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core], activeId: core.id } });
    fake.sites.forget.mockResolvedValueOnce(fail('keyring-locked', 'Unlock your keyring to remove the key.'));
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Forget Imaging core' }));
    await user.click(screen.getByRole('button', { name: 'Forget site and key' }));
    const dialog = within(screen.getByRole('dialog'));
    expect((await dialog.findByRole('alert')).textContent).toContain('Unlock your keyring to remove the key.');
  });

  it('switches sites from the list of connected sites', async () => {
    const fake = installFakeKeyAdmin({ state: { sites: [core, clinic], activeId: core.id } });
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Use Clinic' }));
    expect(fake.sites.activate).toHaveBeenCalledWith({ id: 'clinic' });
    expect(await screen.findByRole('button', { name: /^Switch site, active: Clinic/ })).toBeTruthy();
  });
});
