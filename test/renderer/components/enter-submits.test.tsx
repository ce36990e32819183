/**
 * Enter submits every form (issue 10, "Keyboard and screen reader"): in each dialog and inline form with a primary
 * action, Enter in a text field does what the primary button does, and does nothing while that button is disabled.
 */
import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { MigrationPage } from '../../../renderer/pages/migration/migration-page.js';
import { NotificationsPage } from '../../../renderer/pages/notifications/notifications-page.js';
import { OverviewPage } from '../../../renderer/pages/overview/overview-page.js';
import { ok } from '../../../shared/result.js';
import { CONFIRMATION_ID, installInventoryFake, renderPage } from '../keys/support.js';
import { installMigrationFake, NOW } from '../migration/migration-fixture.js';
import { installNotificationsFake } from '../notifications/support.js';
import { installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';

/** The devices page on the device of the default inventory (MR scanner 3 Reaper). */
async function openDevice() {
  const setup = installInventoryFake();
  const page = renderPage(<DevicesPage disableVirtualization />);
  await page.user.click(await screen.findByRole('button', { name: 'MR scanner 3 Reaper' }));
  await screen.findByRole('heading', { level: 1, name: 'MR scanner 3 Reaper' });
  return { ...setup, ...page };
}

describe('Enter in a dialog', () => {
  it('creates the new key from the label field', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'New key' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'New key for MR scanner 3 Reaper' }));
    await user.type(dialog.getByLabelText(/^Label/), 'Scanner key 2{Enter}');
    await waitFor(() => expect(fake.keys.create).toHaveBeenCalledTimes(1));
    expect(fake.keys.create.mock.calls[0]![0].label).toBe('Scanner key 2');
    expect(await screen.findByText(/This is the only time the secret is shown/)).toBeTruthy();
  });

  it('rotates from the expiry field', async () => {
    const { fake, user } = await openDevice();
    const table = within(screen.getByRole('table', { name: 'Keys of MR scanner 3 Reaper' }));
    await user.click(table.getAllByRole('button', { name: 'Rotate' })[0]!);
    const dialog = within(await screen.findByRole('dialog', { name: /^Rotate / }));
    await user.type(dialog.getByLabelText(/^Expires on/), '{Enter}');
    await waitFor(() => expect(fake.keys.rotate).toHaveBeenCalledTimes(1));
  });

  it('deletes a device from the typed label only once it matches (the button is disabled until then)', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Delete device' }));
    const dialog = within(await screen.findByRole('dialog', { name: /^Delete/ }));
    const typed = await dialog.findByLabelText('Type "MR scanner 3 Reaper" to confirm');
    await user.type(typed, 'MR scanner{Enter}');
    expect(dialog.getByRole('button', { name: 'Delete device' })).toHaveProperty('disabled', true);
    // Nor a submit from elsewhere (an engine that submits past a disabled button): the dialog checks for itself.
    fireEvent.submit(typed.closest('form')!);
    expect(fake.devices.remove).not.toHaveBeenCalled();
    await user.type(typed, ' 3 Reaper{Enter}');
    await waitFor(() =>
      expect(fake.devices.remove).toHaveBeenCalledWith(
        expect.objectContaining({ deviceId: 'dev-1', confirmationId: CONFIRMATION_ID }),
      ),
    );
  });

  it('registers a device from any of its fields', async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Back' }));
    await user.click(await screen.findByRole('button', { name: 'Register device' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Register a device' }));
    await user.type(dialog.getByLabelText(/^Label/), 'Bay 4 Reaper');
    await user.type(dialog.getByLabelText(/^Type/), 'reaper');
    await user.type(dialog.getByLabelText(/^Location/), 'Room 4{Enter}');
    await waitFor(() => expect(fake.devices.register).toHaveBeenCalledTimes(1));
    expect(fake.devices.register.mock.calls[0]![0]).toMatchObject({ label: 'Bay 4 Reaper', type: 'reaper' });
  });

  it("saves a device's notes", async () => {
    const { fake, user } = await openDevice();
    await user.click(screen.getByRole('button', { name: 'Edit notes' }));
    const dialog = within(await screen.findByRole('dialog', { name: /^Notes for/ }));
    const contact = dialog.getByLabelText(/^Contact/);
    await user.clear(contact);
    await user.type(contact, 'Dr Who{Enter}');
    await waitFor(() => expect(fake.devices.updateNotes).toHaveBeenCalledTimes(1));
    expect(fake.devices.updateNotes.mock.calls[0]![0].notes.contact).toBe('Dr Who');
  });

  it('saves the status thresholds, and not while a value is invalid', async () => {
    const fake = installInventory({ inventory: makeInventory({ keys: [makeKey()] }) });
    fake.preferences.update.mockImplementation(async (next) => ok(next));
    const { user } = renderPage(<OverviewPage />, 'overview');
    await user.click(await screen.findByRole('button', { name: 'Thresholds' }));
    const field = screen.getByLabelText('Expiring soon within (days)');
    await user.clear(field);
    await user.type(field, '{Enter}');
    expect(fake.preferences.update).not.toHaveBeenCalled();
    await user.type(field, '30{Enter}');
    await waitFor(() => expect(fake.preferences.update).toHaveBeenCalledWith({ expiringWithinDays: 30, idleAfterDays: 90 }));
  });

  it('ticks a step with its note; Shift+Enter starts a new line instead', async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    const details = within(await screen.findByRole('region', { name: 'Legacy key of Ultrasound importer' }));
    const step2 = within(details.getByRole('listitem', { name: 'Step 2: Pending' }));
    await user.click(step2.getByRole('button', { name: 'Tick by hand' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Tick step 2 by hand' }));
    const note = dialog.getByRole('textbox', { name: /^Note/ }) as HTMLTextAreaElement;
    await user.type(note, 'Set up by the vendor{Shift>}{Enter}{/Shift}on site');
    expect(note.value).toBe('Set up by the vendor\non site');
    expect(fake.migration.tick).not.toHaveBeenCalled();
    await user.type(note, '{Enter}');
    await waitFor(() =>
      expect(fake.migration.tick).toHaveBeenCalledWith({ keyId: 'leg-importer', step: 2, note: 'Set up by the vendor\non site' }),
    );
  });
});

describe('Enter in an inline form', () => {
  it('saves the upgrade plan from the quiet days, and not while nothing changed', async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const plan = within(await screen.findByRole('region', { name: 'Upgrade plan' }));
    const quiet = plan.getByRole('spinbutton', { name: 'Quiet days' });
    await user.type(quiet, '{Enter}');
    expect(fake.migration.updateSettings).not.toHaveBeenCalled();
    const day = new Date(NOW + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    await user.type(plan.getByLabelText('Planned upgrade to 19.0'), day);
    await user.clear(quiet);
    await user.type(quiet, '21{Enter}');
    await waitFor(() => expect(fake.migration.updateSettings).toHaveBeenCalledWith({ upgradeDate: day, quietDays: 21 }));
  });

  it('adds a notification threshold from its field without saving, and saves the settings from the hours field', async () => {
    const { fake } = installNotificationsFake();
    const { user } = renderPage(<NotificationsPage />, 'notifications');
    const settings = within(await screen.findByRole('region', { name: 'Settings' }));
    const hours = settings.getByRole('spinbutton', { name: 'Check every (hours)' });
    // Nothing changed yet: Save settings is disabled, and so is Enter.
    await user.type(hours, '{Enter}');
    fireEvent.submit(hours.closest('form')!);
    expect(fake.notifications.updateSettings).not.toHaveBeenCalled();

    await user.type(settings.getByRole('spinbutton', { name: 'Days before expiry' }), '60{Enter}');
    expect(settings.getAllByRole('listitem').map((item) => item.textContent)).toContain('60 days before');
    expect(fake.notifications.updateSettings).not.toHaveBeenCalled();

    await user.clear(hours);
    await user.type(hours, '12{Enter}');
    await waitFor(() => expect(fake.notifications.updateSettings).toHaveBeenCalledTimes(1));
    expect(fake.notifications.updateSettings.mock.calls[0]![0]).toMatchObject({
      site: { thresholds: expect.arrayContaining([60]) },
      global: { checkEveryHours: 12 },
    });
  });
});
