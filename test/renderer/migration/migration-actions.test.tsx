import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { MigrationPage } from '../../../renderer/pages/migration/migration-page.js';
import { ok } from '../../../shared/result.js';
import { CONFIRMATION_ID, KEY_CANARY, renderPage } from '../keys/support.js';
import { DEVICES, GRACE, daysAgo, installMigrationFake, migrationInventory } from './migration-fixture.js';

const panel = (owner: string) => screen.findByRole('region', { name: `Legacy key of ${owner}` });

/** Closes the secret dialog the way an admin does once the key is stored. */
async function closeSecret(user: ReturnType<typeof renderPage>['user'], title: string) {
  const secret = within(await screen.findByRole('dialog', { name: title }));
  await user.click(secret.getByRole('button', { name: 'Close' }));
  await user.click(secret.getByRole('checkbox', { name: 'I have stored the key' }));
  await user.click(secret.getByRole('button', { name: 'Close and lose the secret' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
}

describe('Legacy migration: what to do per key', () => {
  afterEach(() => vi.restoreAllMocks());

  it("prepares a support request for a Reaper's key, with its ids and no secret, and copies it", async () => {
    installMigrationFake();
    const { user } = renderPage(<MigrationPage initialKeyId="leg-reaper" disableVirtualization />, 'legacy');
    const details = within(await panel('MR Reaper'));
    expect(details.getByRole('heading', { level: 4, name: 'Request to Flywheel support' })).toBeTruthy();
    expect(details.queryByRole('button', { name: 'Create the replacement key' })).toBeNull();
    const request = details.getByRole('textbox', { name: 'Support request' }) as HTMLTextAreaElement;
    const text = request.value;
    for (const fact of [
      'Site: https://flywheel.example.org',
      'Site release: 18.4.2',
      'Device: MR Reaper',
      `Device id: ${DEVICES.reaper.id}`,
      'Device type: reaper',
      'Legacy key id: leg-reaper',
      'Legacy key last used: ',
      'Planned upgrade to Flywheel 19.0: not set yet',
      'Replacement key already made for this device: "Primary" (id reaper-new)',
    ]) {
      expect(text).toContain(fact);
    }
    expect(text).not.toMatch(/secret|KEYCANARY/i);

    await user.click(details.getByRole('button', { name: 'Copy' }));
    expect(await details.findByText('Copied to the clipboard.')).toBeTruthy();
    expect(await navigator.clipboard.readText()).toBe(text);
  });

  it("asks main to copy when the page's clipboard is refused (the desktop window grants it none)", async () => {
    const { fake } = installMigrationFake();
    fake.clipboard.copyText.mockResolvedValue(ok({ copied: true }));
    const { user } = renderPage(<MigrationPage initialKeyId="leg-reaper" disableVirtualization />, 'legacy');
    const details = within(await panel('MR Reaper'));
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Denied', 'NotAllowedError'));
    await user.click(details.getByRole('button', { name: 'Copy' }));
    expect(await details.findByText('Copied to the clipboard.')).toBeTruthy();
    const request = details.getByRole('textbox', { name: 'Support request' }) as HTMLTextAreaElement;
    expect(fake.clipboard.copyText).toHaveBeenCalledWith({ text: request.value });
  });

  it('selects the text for a manual copy when the clipboard refuses', async () => {
    installMigrationFake();
    const { user } = renderPage(<MigrationPage initialKeyId="leg-reaper" disableVirtualization />, 'legacy');
    const details = within(await panel('MR Reaper'));
    vi.spyOn(navigator.clipboard, 'writeText').mockRejectedValue(new DOMException('Denied', 'NotAllowedError'));
    await user.click(details.getByRole('button', { name: 'Copy' }));
    expect(await details.findByText(/could not copy the text here\. It is selected in the box above/)).toBeTruthy();
    const request = details.getByRole('textbox', { name: 'Support request' }) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(request);
    expect(request.selectionStart).toBe(0);
    expect(request.selectionEnd).toBe(request.value.length);
  });

  it('prepares a message to a user about their key, as a mailto: link and as text', async () => {
    installMigrationFake();
    renderPage(<MigrationPage initialKeyId="leg-grace" disableVirtualization />, 'legacy');
    const details = within(await panel('Grace Hopper'));
    expect(details.getByText('Their progress: Safe to delete')).toBeTruthy();
    const link = details.getByRole('link', { name: `Write to ${GRACE.email} in your mail app` });
    const href = link.getAttribute('href') ?? '';
    expect(href.startsWith('mailto:grace.hopper%2Bkeys@example.org?subject=')).toBe(true);
    const url = new URL(href);
    expect(decodeURIComponent(url.pathname)).toBe(GRACE.email);
    expect(url.searchParams.get('subject')).toBe(
      'Please delete your legacy Flywheel API key before the upgrade to Flywheel 19.0',
    );
    expect(href).toContain('subject=Please%20delete%20your%20legacy%20Flywheel%20API%20key');
    expect(href).not.toContain('+');
    const body = url.searchParams.get('body') ?? '';
    expect(body).toContain('Hello Grace Hopper,\r\n');
    expect(body).toContain('Key: "Legacy Key" (id leg-grace)');
    expect(body).toContain('before the site is upgraded to Flywheel 19.0');
    expect(body).toContain('you can delete the legacy key now');
    expect(body).toMatch(/it is shown only once\. \(Done: you made "Analysis laptop" on \d{4}-\d{2}-\d{2}\.\)\r\n3\. /);
    const text = (details.getByRole('textbox', { name: 'Message to Grace Hopper' }) as HTMLTextAreaElement).value;
    expect(text.startsWith(`To: ${GRACE.email}\nSubject: Please delete your legacy Flywheel API key`)).toBe(true);
    expect(
      details.getByText('Ask Grace Hopper to delete the legacy key on their profile: their new key has taken over.'),
    ).toBeTruthy();
    expect(text).toContain('4. Delete the legacy key on your profile.');
    // a user's key is the owner's to delete: no delete here
    expect(details.queryByRole('button', { name: 'Delete the legacy key' })).toBeNull();
  });

  it('guides the swap of a device key: create the replacement, follow the evidence, delete with confirmation', async () => {
    const { fake } = installMigrationFake();
    const { user, container } = renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    let details = within(await panel('Ultrasound importer'));
    expect(details.getByText('No replacement key yet')).toBeTruthy();

    await user.click(details.getByRole('button', { name: 'Create the replacement key' }));
    const form = within(await screen.findByRole('dialog', { name: 'New key for Ultrasound importer' }));
    const label = form.getByRole('textbox', { name: /^Label/ });
    expect(label).toHaveProperty('value', 'Replaces legacy key');
    expect(document.activeElement).toBe(label);
    await user.click(form.getByRole('button', { name: '30 days' }));
    await user.click(form.getByRole('button', { name: 'Create key' }));
    await waitFor(() =>
      expect(fake.keys.create).toHaveBeenCalledWith(
        expect.objectContaining({ owner: { type: 'device', id: DEVICES.importer.id }, label: 'Replaces legacy key' }),
      ),
    );
    await closeSecret(user, 'New key for Ultrasound importer');

    // main's next view has the new key as step 2's evidence, and waits for its first use
    details = within(await panel('Ultrasound importer'));
    const swap = within(await details.findByRole('region', { name: 'Guided swap' }));
    await waitFor(() => expect(swap.getAllByRole('status')[0]?.textContent).toMatch(/^Waiting for the new key's first use/));
    expect(details.getByRole('listitem', { name: 'Step 2: Done' })).toBeTruthy();
    expect(details.getByRole('listitem', { name: 'Step 3: Pending' })).toBeTruthy();
    expect(details.getByRole('button', { name: 'Check again' })).toBeTruthy();
    expect(container.textContent).not.toContain(KEY_CANARY);

    // deleting before the evidence says so is possible, with a plain warning
    expect(details.getByText(/^Not proven safe to delete yet\. The new key has not been used yet/)).toBeTruthy();
    await user.click(details.getByRole('button', { name: 'Delete the legacy key' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Revoke Legacy Key?' }));
    expect(confirm.getByText('Not proven safe yet')).toBeTruthy();
    await user.click(confirm.getByRole('button', { name: 'Delete the legacy key' }));
    await waitFor(() =>
      expect(fake.keys.revoke).toHaveBeenCalledWith({
        owner: { type: 'device', id: DEVICES.importer.id },
        keyId: 'leg-importer',
        confirmationId: CONFIRMATION_ID,
      }),
    );
    expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'revoke-key', targets: ['leg-importer'] });
    expect(await screen.findByText('The legacy key of Ultrasound importer is deleted.')).toBeTruthy();
    // the key is gone from the site: it moves to the deleted keys, step 4 done
    await waitFor(async () =>
      expect(within(await panel('Ultrasound importer')).getByRole('listitem', { name: 'Step 4: Done' })).toBeTruthy(),
    );
    expect(screen.getByRole('button', { name: /^Deleted \(2\)/ })).toBeTruthy();
  });

  it("swaps the admin's own legacy key as owner self, and deletes it once safe", async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage initialKeyId="leg-ada" disableVirtualization />, 'legacy');
    const details = within(await panel('Ada Lovelace'));
    expect(details.getByRole('heading', { level: 4, name: 'Guided swap of your own key' })).toBeTruthy();
    expect(details.getByText('Legacy key quiet for 3 of 14 days')).toBeTruthy();
    expect(details.getByRole('progressbar', { name: 'Quiet days: 3 of 14' })).toBeTruthy();
    expect(details.queryByRole('button', { name: 'Create the replacement key' })).toBeNull();
    await user.click(details.getByRole('button', { name: 'Delete the legacy key' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Revoke Legacy Key?' }));
    expect(confirm.getByText(/quiet for only 3 of 14 days/)).toBeTruthy();
    await user.click(confirm.getByRole('button', { name: 'Delete the legacy key' }));
    await waitFor(() =>
      expect(fake.keys.revoke).toHaveBeenCalledWith({
        owner: { type: 'self' },
        keyId: 'leg-ada',
        confirmationId: CONFIRMATION_ID,
      }),
    );
  });

  it('offers the delete without a warning when the evidence says it is safe', async () => {
    const inventory = migrationInventory();
    // the importer's new key took over 20 days ago: safe to delete
    const legacyKey = inventory.keys.find((key) => key.id === 'leg-importer')!;
    inventory.keys = [
      ...inventory.keys.map((key) => (key === legacyKey ? { ...key, lastUsed: daysAgo(20) } : key)),
      {
        ...legacyKey,
        id: 'importer-new',
        label: 'Primary',
        kind: 'enhanced',
        created: daysAgo(25),
        expiresAt: daysAgo(-60),
        lastUsed: daysAgo(0.05),
      },
    ];
    installMigrationFake({ inventory });
    const { user } = renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    const details = within(await panel('Ultrasound importer'));
    const swap = within(details.getByRole('region', { name: 'Guided swap' }));
    expect(swap.getByRole('status').textContent).toMatch(/^Safe to delete/);
    expect(details.queryByText(/Not proven safe/)).toBeNull();
    await user.click(details.getByRole('button', { name: 'Delete the legacy key' }));
    const confirm = within(await screen.findByRole('dialog', { name: 'Revoke Legacy Key?' }));
    expect(confirm.queryByText('Not proven safe yet')).toBeNull();
    expect(confirm.getByText(/This cannot be undone/)).toBeTruthy();
  });
});
