import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { SiteNotice } from '../../shared/ipc-contract.js';
import { fail, ok, type ErrorCode } from '../../shared/result.js';
import { SITE_NOTICE_TEXT } from '../../shared/site-notices.js';
import { installFakeKeyAdmin, makeSite } from './fake-key-admin.js';
import { CONFIRMATION_ID, dayFromNow, daysFromNow, installInventoryFake, makeInventory, makeKey } from './keys/support.js';
import { renderApp } from './render-app.js';

const KEY_STRING = 'flywheel.example.org:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-AbCdEfGhIjKlMnOpQrS';

const keyStringField = () => screen.getByLabelText(/^API key string/) as HTMLInputElement;
const connectButton = () => screen.getByRole('button', { name: /^Connect(ing…)?$/ });

describe('Connect page', () => {
  it('opens on the Connect page when no site is connected', async () => {
    installFakeKeyAdmin();
    renderApp();
    expect(await screen.findByRole('heading', { level: 1, name: 'Sites' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Connect a site' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Active site' })).toBeNull();
  });

  it('connects with a key string, passes exactly that input, then shows the site card', async () => {
    const fake = installFakeKeyAdmin();
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());

    await waitFor(() => expect(fake.sites.connect).toHaveBeenCalledTimes(1));
    expect(fake.sites.connect).toHaveBeenCalledWith({ keyString: KEY_STRING });

    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(card.getByRole('heading', { name: 'flywheel.example.org' })).toBeTruthy();
    expect(card.getByText('18.4.2')).toBeTruthy();
    expect(card.getByText('Ada Lovelace', { exact: false })).toBeTruthy();
    expect(card.getByText('(ada@example.org)')).toBeTruthy();
    expect(card.getByText('Site admin')).toBeTruthy();
    expect(card.getByText('Encrypted by the OS keychain')).toBeTruthy();
    expect(card.getByText('Your OS keychain (libsecret) encrypts the key.')).toBeTruthy();
    expect(screen.getByRole('status')).toHaveProperty(
      'textContent',
      expect.stringContaining('Connected to flywheel.example.org'),
    );
  });

  it('clears the key field after a successful connect and hides the key by default', async () => {
    installFakeKeyAdmin();
    const { user } = renderApp();
    const field = (await screen.findByLabelText(/^API key string/)) as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.getAttribute('autocomplete')).toBe('off');
    expect(field.getAttribute('spellcheck')).toBe('false');
    await user.type(field, KEY_STRING);
    await user.click(screen.getByRole('button', { name: 'Show key' }));
    expect(keyStringField().type).toBe('text');
    await user.click(connectButton());
    await screen.findByRole('region', { name: 'Active site' });
    expect(keyStringField().value).toBe('');
  });

  it('disables the button and shows progress while connecting', async () => {
    const fake = installFakeKeyAdmin();
    let answer: (value: Awaited<ReturnType<typeof fake.sites.connect>>) => void = () => undefined;
    fake.sites.connect.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    await waitFor(() => expect(connectButton()).toHaveProperty('disabled', true));
    expect(connectButton().textContent).toContain('Connecting');
    answer(fail('unreachable', 'The site did not answer.'));
    await waitFor(() => expect(connectButton()).toHaveProperty('disabled', false));
    // a failed connect keeps what the admin typed, to correct it
    expect(keyStringField().value).toBe(KEY_STRING);
  });

  const errorCases: [ErrorCode, string][] = [
    ['unreachable', 'Site not reachable'],
    ['tls', 'Secure connection failed'],
    ['unauthorized', 'Key rejected'],
    ['key-expired', 'Key expired'],
    ['user-disabled', 'Account disabled'],
    ['malformed-key', 'Not a key string'],
    ['insecure-http', 'Plain http refused'],
    ['unsupported-site', 'Site too old'],
    ['validation', 'Check what you entered'],
    ['internal', 'Could not connect'],
  ];

  it.each(errorCases)('shows a %s error with its heading and message in an alert', async (code, heading) => {
    const fake = installFakeKeyAdmin();
    const message = `Message from main for ${code}.`;
    fake.sites.connect.mockResolvedValueOnce(fail(code, message));
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(heading);
    expect(alert.textContent).toContain(message);
    expect(screen.queryByRole('region', { name: 'Active site' })).toBeNull();
  });

  it('turns a broken bridge (a thrown call) into an alert, not a crash', async () => {
    const fake = installFakeKeyAdmin();
    fake.sites.connect.mockRejectedValueOnce(new Error('ipc channel closed'));
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not connect');
    expect(alert.textContent).not.toContain('ipc channel closed');
  });

  it('asks for a key before calling main when the field is empty', async () => {
    const fake = installFakeKeyAdmin();
    const { user } = renderApp();
    await user.click(await screen.findByRole('button', { name: 'Connect' }));
    expect(await screen.findByText('Paste your API key.')).toBeTruthy();
    expect(fake.sites.connect).not.toHaveBeenCalled();
  });

  it('connects with a site URL, key and profile name', async () => {
    const fake = installFakeKeyAdmin();
    const { user } = renderApp();
    await user.click(await screen.findByRole('tab', { name: 'Site URL and key' }));
    await user.type(screen.getByLabelText(/^Site URL\W*$/), 'https://flywheel.example.org');
    await user.type(screen.getByLabelText(/^API key\W*$/), 'secret-part');
    await user.type(screen.getByLabelText(/^Profile name/), 'Imaging core');
    await user.click(connectButton());
    await waitFor(() =>
      expect(fake.sites.connect).toHaveBeenCalledWith({
        siteUrl: 'https://flywheel.example.org',
        secret: 'secret-part',
        name: 'Imaging core',
      }),
    );
    await screen.findByRole('region', { name: 'Active site' });
    expect((screen.getByLabelText(/^API key\W*$/) as HTMLInputElement).value).toBe('');
  });

  it('offers weak storage only without an OS keychain', async () => {
    installFakeKeyAdmin({ state: { keychainAvailable: true } });
    renderApp();
    await screen.findByLabelText(/^API key string/);
    expect(screen.queryByRole('checkbox', { name: /weak protection/ })).toBeNull();
  });

  it('passes the weak-storage choice when there is no OS keychain', async () => {
    const fake = installFakeKeyAdmin({
      state: { keychainAvailable: false, keychainBackend: 'basic_text' },
      connectedSite: makeSite({ storage: 'weak-opt-in', storageReason: 'No OS keychain; you chose to store it.' }),
    });
    const { user } = renderApp();
    const checkbox = await screen.findByRole('checkbox', {
      name: 'Store the key with weak protection on this computer',
    });
    expect(screen.getByText(/for this session only/)).toBeTruthy();
    await user.click(checkbox);
    await user.click(screen.getByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    await waitFor(() => expect(fake.sites.connect).toHaveBeenCalledWith({ keyString: KEY_STRING, allowWeakStorage: true }));
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(card.getByText('Stored with weak protection (your choice)')).toBeTruthy();
  });

  it('passes allowWeakStorage false when the admin leaves the box unticked', async () => {
    const fake = installFakeKeyAdmin({ state: { keychainAvailable: false } });
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    await waitFor(() => expect(fake.sites.connect).toHaveBeenCalledWith({ keyString: KEY_STRING, allowWeakStorage: false }));
  });

  it('shows every notice of the active site with its text', async () => {
    const notices: SiteNotice[] = ['legacy-admin-key', 'legacy-rejected-soon', 'release-unknown'];
    const site = makeSite({ notices, keyKind: 'legacy', release: null, storage: 'session', storageReason: 'x' });
    installFakeKeyAdmin({ state: { sites: [site], activeId: site.id } });
    renderApp();
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    const alerts = card.getAllByRole('alert').map((a) => a.textContent);
    for (const notice of notices) expect(alerts).toContain(SITE_NOTICE_TEXT[notice]);
    expect(card.getByText('Not reported')).toBeTruthy();
    expect(card.getAllByText('Legacy key').length).toBeGreaterThan(0);
    expect(card.getByText('This session only')).toBeTruthy();
  });

  it('shows "Not a site admin" and its notice for a connection without admin rights', async () => {
    installFakeKeyAdmin({
      connectedSite: makeSite({ isSiteAdmin: false, notices: ['not-site-admin'] }),
    });
    const { user } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(card.getByText('Not a site admin')).toBeTruthy();
    expect(card.queryByText('Site admin')).toBeNull();
    expect(card.getByRole('alert').textContent).toBe(SITE_NOTICE_TEXT['not-site-admin']);
  });

  it('asks for the key again when the stored key cannot be read, with the form pre-set', async () => {
    const site = makeSite({ needsKey: true, name: 'Imaging core' });
    const fake = installFakeKeyAdmin({ state: { sites: [site], activeId: site.id } });
    const { user } = renderApp();
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(card.getByRole('alert').textContent).toContain(
      'The stored key could not be read (keyring locked or changed): enter the key again',
    );
    expect(screen.getByRole('heading', { name: 'Enter the key for Imaging core again' })).toBeTruthy();
    expect((screen.getByLabelText(/^Site URL\W*$/) as HTMLInputElement).value).toBe('https://flywheel.example.org');
    expect((screen.getByLabelText(/^Profile name/) as HTMLInputElement).value).toBe('Imaging core');
    await user.type(screen.getByLabelText(/^API key\W*$/), 'new-secret');
    await user.click(connectButton());
    await waitFor(() =>
      expect(fake.sites.connect).toHaveBeenCalledWith({
        siteUrl: 'https://flywheel.example.org',
        secret: 'new-secret',
        name: 'Imaging core',
      }),
    );
  });

  it('checks the active site again', async () => {
    const site = makeSite();
    const fake = installFakeKeyAdmin({ state: { sites: [site], activeId: site.id } });
    fake.sites.recheck.mockResolvedValueOnce(ok({ ...site, release: '19.0.0' }));
    const { user } = renderApp();
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(card.getByText('18.4.2')).toBeTruthy();
    await user.click(card.getByRole('button', { name: 'Check again' }));
    expect(fake.sites.recheck).toHaveBeenCalledWith({ id: site.id });
    expect(await card.findByText('19.0.0')).toBeTruthy();
  });

  it('never puts the key into the query cache', async () => {
    installFakeKeyAdmin();
    const { user, queryClient } = renderApp();
    await user.click(await screen.findByLabelText(/^API key string/));
    await user.paste(KEY_STRING);
    await user.click(connectButton());
    await screen.findByRole('region', { name: 'Active site' });
    const cached = JSON.stringify([
      queryClient
        .getQueryCache()
        .getAll()
        .map((q) => q.state),
      queryClient
        .getMutationCache()
        .getAll()
        .map((m) => m.state),
    ]);
    expect(cached).not.toContain('AbCdEfGhIjKlMnOpQrStUvWxYz');
  });
});

describe("Replace this app's key", () => {
  const own = (overrides: Parameters<typeof makeKey>[0]) =>
    makeKey({ ownerType: 'user', ownerId: 'ada@example.org', ownerLabel: 'Ada Lovelace', ...overrides });
  const appKey = own({ id: 'app-key-old', label: 'Keywarden', isAppKey: true });
  const newKey = own({ id: 'app-key-new', label: 'Keywarden (rotated)', isAppKey: true, expiresAt: daysFromNow(90) });

  async function openReplace() {
    const rendered = renderApp();
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    const button = card.getByRole('button', { name: "Replace this app's key" });
    await waitFor(() => expect(button).toHaveProperty('disabled', false));
    await rendered.user.click(button);
    return { ...rendered, card, dialog: within(await screen.findByRole('dialog', { name: "Replace this app's key" })) };
  }

  it("new key, switch, revoke the old one with main's confirmation, then the evidence: the new id, the old key gone", async () => {
    const { fake, site } = installInventoryFake({
      inventory: makeInventory({ keys: [appKey, own({ id: 'cli', label: 'CLI' })] }),
    });
    fake.sites.replaceKey.mockImplementation(async () =>
      ok({
        site,
        newKey,
        oldKeyId: appKey.id,
        oldKeyLabel: appKey.label,
        oldKeyGone: true,
        checkedAt: new Date().toISOString(),
      }),
    );
    const { user, dialog } = await openReplace();
    expect(dialog.getByText(/checks the new key with the site and switches to it/)).toBeTruthy();
    await user.click(dialog.getByRole('button', { name: '90 days' }));
    await user.click(dialog.getByRole('button', { name: 'Continue' }));

    // Main's confirmation for revoking exactly the app key comes first; nothing is replaced before the admin confirms.
    const confirmation = within(await screen.findByRole('dialog', { name: 'Replace Keywarden now?' }));
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'rotate-compromised', targets: [appKey.id] });
    expect(fake.sites.replaceKey).not.toHaveBeenCalled();
    expect(confirmation.getByText(/switches to the new key before it revokes/)).toBeTruthy();
    await user.click(confirmation.getByRole('button', { name: 'Replace and revoke the old key' }));

    await waitFor(() =>
      expect(fake.sites.replaceKey).toHaveBeenCalledWith({
        id: site.id,
        expiresAt: expect.any(String) as string,
        confirmationId: CONFIRMATION_ID,
      }),
    );
    expect(fake.sites.replaceKey.mock.calls[0]?.[0].expiresAt.slice(0, 10)).toBe(dayFromNow(90));
    expect(fake.keys.rotate).not.toHaveBeenCalled();
    expect(fake.keys.revoke).not.toHaveBeenCalled();

    const evidence = within(await screen.findByRole('dialog', { name: 'Keywarden uses its new key' }));
    expect(evidence.getByRole('status').textContent).toContain('the old key is no longer among your keys');
    expect(evidence.getByText('(id app-key-new)')).toBeTruthy();
    expect(evidence.getByText('(id app-key-old)')).toBeTruthy();
    expect(evidence.getByText(/revoked, gone from the site/)).toBeTruthy();
    expect(evidence.getByText(dayFromNow(90))).toBeTruthy();
    await user.click(evidence.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('when main cannot switch, its message is shown and the dialog stays open', async () => {
    const { fake } = installInventoryFake({ inventory: makeInventory({ keys: [appKey] }) });
    const message = 'Keywarden could not switch to the new key, so the old key was not revoked: Keywarden still works with it.';
    fake.sites.replaceKey.mockResolvedValueOnce(fail('unauthorized', message));
    const { user, dialog } = await openReplace();
    await user.click(dialog.getByRole('button', { name: 'Continue' }));
    const confirmation = within(await screen.findByRole('dialog', { name: 'Replace Keywarden now?' }));
    await user.click(confirmation.getByRole('button', { name: 'Replace and revoke the old key' }));
    expect(await confirmation.findByText(message)).toBeTruthy();
    expect(screen.queryByRole('dialog', { name: 'Keywarden uses its new key' })).toBeNull();
  });

  it('is not offered while Keywarden cannot tell which of the keys it uses', async () => {
    installInventoryFake({ inventory: makeInventory({ keys: [own({ id: 'cli', label: 'CLI' })] }) });
    renderApp();
    const card = within(await screen.findByRole('region', { name: 'Active site' }));
    expect(await card.findByText(/cannot tell yet which of your keys it uses/)).toBeTruthy();
    expect(card.getByRole('button', { name: "Replace this app's key" })).toHaveProperty('disabled', true);
  });
});
