import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { MigrationPage } from '../../../renderer/pages/migration/migration-page.js';
import { PHASE_TEXT, RESPONSIBLE_TEXT } from '../../../shared/migration.js';
import { makeDevice, makeInventory, makeKey, renderPage } from '../keys/support.js';
import { DAY_MS } from '../../../shared/time.js';
import { installMigrationFake, migrationInventory, migrationState, NOW } from './migration-fixture.js';

const grid = () => screen.findByRole('grid', { name: 'Legacy keys on the site' });

/** `count` devices ("Scanner 000", ...), each with a legacy key used a minute more ago than the one before. */
function legacyDevicesInUse(count: number) {
  const devices = Array.from({ length: count }, (_, n) =>
    makeDevice({ id: `dev-${n}`, label: `Scanner ${String(n).padStart(3, '0')}`, type: 'reaper' }),
  );
  const keys = devices.map((device, n) =>
    makeKey({
      id: `leg-${n}`,
      kind: 'legacy',
      label: 'Legacy Key',
      expiresAt: null,
      ownerType: 'device',
      ownerId: device.id,
      ownerLabel: device.label,
      created: new Date(NOW - 700 * DAY_MS).toISOString(),
      lastUsed: new Date(NOW - (n + 1) * 60_000).toISOString(),
    }),
  );
  return makeInventory({ devices, users: [], keys });
}
/** The grid row of an owner, by the owner's name (a button in the row). */
const rowOf = async (owner: string) => {
  const button = await within(await grid()).findByRole('button', { name: owner });
  return within(button.closest('[role="row"]') as HTMLElement);
};
const panel = (owner: string) => screen.findByRole('region', { name: `Legacy key of ${owner}` });
const steps = async (owner: string) =>
  within(within(await panel(owner)).getByRole('list', { name: "Steps of Flywheel's guide" }));

describe('Legacy migration page', () => {
  beforeEach(() => {
    // jsdom has no object URLs and no downloads.
    URL.createObjectURL = vi.fn(() => 'blob:keywarden/report');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => vi.restoreAllMocks());

  it('lists every legacy key with who replaces it and where it stands', async () => {
    const { fake } = installMigrationFake();
    renderPage(<MigrationPage disableVirtualization />, 'legacy');
    expect(await screen.findByRole('heading', { level: 1, name: 'Legacy migration' })).toBeTruthy();
    const expected = [
      ['Ultrasound importer', RESPONSIBLE_TEXT.admin, PHASE_TEXT.replace, 'Device (importer)'],
      ['MR Reaper', RESPONSIBLE_TEXT['flywheel-support'], PHASE_TEXT['waiting-first-use'], 'Device (reaper)'],
      ['Ada Lovelace', RESPONSIBLE_TEXT.owner, PHASE_TEXT.quiet, 'User'],
      ['Grace Hopper', RESPONSIBLE_TEXT.owner, PHASE_TEXT['safe-to-delete'], 'User'],
      ['Edsger Dijkstra', RESPONSIBLE_TEXT.owner, PHASE_TEXT['owner-disabled'], 'User'],
    ] as const;
    for (const [owner, responsible, phase, kind] of expected) {
      const row = await rowOf(owner);
      expect(row.getByText(responsible)).toBeTruthy();
      expect(row.getByText(phase)).toBeTruthy();
      expect(row.getByText(new RegExp(`^${kind.replace(/[()]/g, '\\$&')} · key`))).toBeTruthy();
    }
    // main's order: the blockers used most recently first, the disabled owner's key last
    const owners = within(await grid())
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('button')?.textContent);
    expect(owners).toEqual(['Ultrasound importer', 'MR Reaper', 'Ada Lovelace', 'Grace Hopper', 'Edsger Dijkstra']);
    expect((await rowOf('Edsger Dijkstra')).getByText('Not a blocker: owner disabled')).toBeTruthy();
    // Only a user deletes their own keys: for another user's key the admin is told to ask, never to delete.
    expect((await rowOf('Edsger Dijkstra')).getByText(/only the owner can delete a user key/)).toBeTruthy();
    expect((await rowOf('Ada Lovelace')).getByText('Your key')).toBeTruthy();
    expect((await rowOf('Ultrasound importer')).getByText('used today')).toBeTruthy();
    expect((await rowOf('Grace Hopper')).getByText('quiet for 40 days')).toBeTruthy();
    expect(fake.migration.view).toHaveBeenCalled();
  });

  it('asks main for a page of keys at a time, and shows the first blockers main sends of many', async () => {
    // 130 devices, each with a legacy key in use: 130 blockers, more than the summary carries.
    const { fake } = installMigrationFake({ inventory: legacyDevicesInUse(130), state: migrationState() });
    // Rows virtualized, as in the app: the grid's footer tells which of main's rows it holds.
    const { user } = renderPage(<MigrationPage />, 'legacy');
    expect(await screen.findByText('130 blockers, the recently used first:')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Show the first 100 blockers' }));
    expect(within(screen.getByRole('list', { name: 'Blockers' })).getAllByRole('listitem')).toHaveLength(100);
    expect(screen.getByText('30 more blockers: the legacy keys in the list below, blockers first.')).toBeTruthy();

    // The grid holds main's first page, not every key; the next page is main's next page.
    expect(await screen.findByText('1–100 of 130')).toBeTruthy();
    expect(fake.migration.keys).toHaveBeenLastCalledWith({ list: 'present', page: 0, pageSize: 100 });
    const answer = await fake.migration.keys.mock.results.at(-1)!.value;
    expect(answer.value.rows.map((row: { owner: { name: string } }) => row.owner.name).slice(0, 2)).toEqual([
      'Scanner 000',
      'Scanner 001',
    ]);
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    expect(await screen.findByText('101–130 of 130')).toBeTruthy();
    expect(fake.migration.keys).toHaveBeenLastCalledWith({ list: 'present', page: 1, pageSize: 100 });

    // The search is main's too, from the first page.
    await user.click(screen.getByRole('searchbox', { name: 'Search legacy keys' }));
    await user.paste('Scanner 042');
    expect(await screen.findByText('1–1 of 1')).toBeTruthy();
    expect(fake.migration.keys).toHaveBeenLastCalledWith({ list: 'present', page: 0, pageSize: 100, search: 'Scanner 042' });
    for (const [query] of fake.migration.keys.mock.calls) expect(query.pageSize).toBeLessThanOrEqual(100);
  });

  it('groups the thousands of its counts at a large site: the blockers, the keys and each phase', async () => {
    installMigrationFake({ inventory: legacyDevicesInUse(1_200), state: migrationState() });
    renderPage(<MigrationPage />, 'legacy');
    expect(await screen.findByText('1,200 blockers, the recently used first:')).toBeTruthy();
    expect(screen.getByText('Legacy keys on the site (1,200)')).toBeTruthy();
    expect(screen.getByText(new RegExp(`^${PHASE_TEXT.replace}: 1,200\\.`))).toBeTruthy();
  });

  it('says the site is not ready, with the blockers in main order and the release', async () => {
    installMigrationFake();
    const { user } = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const verdict = within(await screen.findByRole('region', { name: 'Verdict' }));
    expect(verdict.getByText('Not ready for 19.0')).toBeTruthy();
    expect(verdict.getByText(/runs Flywheel 18\.4\.2; Flywheel 19\.0\.0 will reject every legacy key/)).toBeTruthy();
    const blockers = within(verdict.getByRole('list', { name: 'Blockers' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent);
    expect(blockers).toHaveLength(4);
    expect(blockers[0]).toMatch(/^Legacy key leg-importer of importer Ultrasound importer is still on the site .*in use/);
    expect(blockers[1]).toMatch(/^Legacy key leg-reaper of reaper MR Reaper/);
    expect(blockers[2]).toMatch(/^Legacy key leg-ada of user Ada Lovelace/);
    expect(blockers[3]).toMatch(/^Legacy key leg-grace of user Grace Hopper/);
    expect(blockers.join(' ')).not.toContain('leg-edsger');
    // a blocker opens its key
    await user.click(verdict.getByRole('button', { name: /^Legacy key leg-reaper/ }));
    expect(await panel('MR Reaper')).toBeTruthy();
  });

  it('says ready when only a disabled owner\'s key is left, and "rejected now" on a site at 19.0', async () => {
    const inventory = migrationInventory();
    installMigrationFake({ inventory: { ...inventory, keys: inventory.keys.filter((k) => k.id === 'leg-edsger') } });
    const first = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const verdict = within(await screen.findByRole('region', { name: 'Verdict' }));
    expect(verdict.getByText('Ready for 19.0')).toBeTruthy();
    expect(verdict.getByText(/1 legacy key belongs to disabled owners/)).toBeTruthy();
    first.unmount();

    installMigrationFake({ release: '19.0.1' });
    renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const upgraded = within(await screen.findByRole('region', { name: 'Verdict' }));
    expect(upgraded.getByText('Not ready for 19.0')).toBeTruthy();
    expect(upgraded.getByText(/rejects the 5 legacy keys below now/)).toBeTruthy();
    expect((await rowOf('Ultrasound importer')).getByText(PHASE_TEXT.rejected)).toBeTruthy();
  });

  it('records, with a note, that every user replaced their keys on a site that hides them, and takes it back', async () => {
    const inventory = migrationInventory();
    const hidden = {
      ...inventory,
      coverage: { ...inventory.coverage, userKeys: 'self' as const },
      keys: inventory.keys.filter((k) => k.ownerType === 'device' || k.ownerId === 'ada@example.org'),
    };
    const { fake } = installMigrationFake({ inventory: hidden });
    const { user } = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const verdict = within(await screen.findByRole('region', { name: 'Verdict' }));
    const blockers = () =>
      within(verdict.getByRole('list', { name: 'Blockers' }))
        .getAllByRole('listitem')
        .map((item) => item.textContent);
    expect(blockers()[0]).toMatch(/^This site does not show other users' keys to the app/);
    await user.click(verdict.getByRole('button', { name: 'Record it' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Record that every user replaced their legacy keys' }));
    expect(document.activeElement).toBe(dialog.getByRole('textbox', { name: /^Note/ }));
    await user.type(dialog.getByRole('textbox', { name: /^Note/ }), 'All 12 users confirmed by e-mail');
    await user.click(dialog.getByRole('button', { name: 'Record' }));
    await waitFor(() => expect(fake.migration.attestUserKeys).toHaveBeenCalledWith({ note: 'All 12 users confirmed by e-mail' }));
    expect(
      await verdict.findByText(/recorded on .* that every user replaced theirs: “All 12 users confirmed by e-mail”/),
    ).toBeTruthy();
    expect(blockers().join(' ')).not.toContain("other users' keys");
    await user.click(verdict.getByRole('button', { name: 'Take back' }));
    await waitFor(() => expect(fake.migration.attestUserKeys).toHaveBeenLastCalledWith({ note: null }));
    expect(await verdict.findByRole('button', { name: 'Record it' })).toBeTruthy();
  });

  it("opens on one key's entry when given its id", async () => {
    installMigrationFake();
    renderPage(<MigrationPage initialKeyId="leg-grace" disableVirtualization />, 'legacy');
    const details = within(await panel('Grace Hopper'));
    expect(details.getByText('Analysis laptop (id grace-new), created', { exact: false })).toBeTruthy();
    expect(details.getByText(/Ask Grace Hopper to delete the legacy key on their profile/)).toBeTruthy();
    const list = await steps('Grace Hopper');
    expect(list.getAllByRole('listitem').map((item) => item.getAttribute('aria-label'))).toEqual([
      'Step 1: Done',
      'Step 2: Done',
      'Step 3: Done',
      'Step 4: Pending',
    ]);
    // the heading takes the focus, so the keyboard lands in the details
    expect(document.activeElement?.textContent).toBe('Legacy key of Grace Hopper');
  });

  it('opens the deleted section on a deleted key, and says when an id is not a known legacy key', async () => {
    installMigrationFake();
    const first = renderPage(<MigrationPage initialKeyId="leg-gone" disableVirtualization />, 'legacy');
    const deleted = await screen.findByRole('grid', { name: 'Deleted legacy keys' });
    expect(await within(deleted).findByRole('button', { name: 'Old CT importer' })).toBeTruthy();
    const list = await steps('Old CT importer');
    expect(list.getByRole('listitem', { name: 'Step 4: Done' })).toBeTruthy();
    first.unmount();

    installMigrationFake();
    renderPage(<MigrationPage initialKeyId="not-a-key" disableVirtualization />, 'legacy');
    expect(await screen.findByText('Key not-a-key is not a legacy key Keywarden knows on this site.')).toBeTruthy();
  });

  it("ticks a step by hand with a note, and shows main's answer", async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    const list = await steps('Ultrasound importer');
    const step2 = within(list.getByRole('listitem', { name: 'Step 2: Pending' }));
    await user.click(step2.getByRole('button', { name: 'Tick by hand' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Tick step 2 by hand' }));
    const note = dialog.getByRole('textbox', { name: /^Note/ });
    expect(document.activeElement).toBe(note);
    // too short: refused before main is asked
    await user.type(note, 'ok');
    await user.click(dialog.getByRole('button', { name: 'Tick step' }));
    expect(dialog.getByText(/Write at least 3 characters/)).toBeTruthy();
    expect(fake.migration.tick).not.toHaveBeenCalled();

    await user.clear(note);
    await user.type(note, 'New key set up by the vendor on site');
    await user.click(dialog.getByRole('button', { name: 'Tick step' }));
    await waitFor(() =>
      expect(fake.migration.tick).toHaveBeenCalledWith({
        keyId: 'leg-importer',
        step: 2,
        note: 'New key set up by the vendor on site',
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const ticked = within((await steps('Ultrasound importer')).getByRole('listitem', { name: 'Step 2: Done (ticked by hand)' }));
    expect(ticked.getByText(/^Ticked by hand: New key set up by the vendor on site/)).toBeTruthy();
    expect(ticked.getByText(/^Ticked by ada@example\.org on /)).toBeTruthy();
    expect(ticked.getByRole('button', { name: 'Remove tick' })).toBeTruthy();
  });

  it('removes a hand tick', async () => {
    const tick = { note: 'Checked with the lab', time: new Date(NOW).toISOString(), actor: 'ada@example.org' };
    const { fake } = installMigrationFake({ state: migrationState({ ticks: { 'leg-importer': { '3': tick } } }) });
    const { user } = renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    const step3 = within((await steps('Ultrasound importer')).getByRole('listitem', { name: 'Step 3: Done (ticked by hand)' }));
    await user.click(step3.getByRole('button', { name: 'Remove tick' }));
    await waitFor(() => expect(fake.migration.untick).toHaveBeenCalledWith({ keyId: 'leg-importer', step: 3 }));
    const pending = within((await steps('Ultrasound importer')).getByRole('listitem', { name: 'Step 3: Pending' }));
    expect(pending.getByRole('button', { name: 'Tick by hand' })).toBeTruthy();
  });

  it('never shows a pending or not applicable step as done, even with a hand tick on record', async () => {
    const tick = { note: 'Old tick', time: new Date(NOW).toISOString(), actor: 'ada@example.org' };
    // Edsger is disabled: his steps 2 and 3 do not apply, and a tick kept from before does not make them done.
    installMigrationFake({ state: migrationState({ ticks: { 'leg-edsger': { '2': tick } } }) });
    const first = renderPage(<MigrationPage initialKeyId="leg-edsger" disableVirtualization />, 'legacy');
    const disabled = await steps('Edsger Dijkstra');
    const items = disabled.getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('aria-label'))).toEqual([
      'Step 1: Done',
      'Step 2: Not applicable',
      'Step 3: Not applicable',
      'Step 4: Pending',
    ]);
    for (const item of items.slice(1)) expect(within(item).queryByText(/^Done/)).toBeNull();
    first.unmount();

    const { view } = installMigrationFake();
    renderPage(<MigrationPage initialKeyId="leg-reaper" disableVirtualization />, 'legacy');
    const list = await steps('MR Reaper');
    const entry = view()!.keys.find((e) => e.keyId === 'leg-reaper')!;
    for (const step of entry.steps) {
      const item = list.getAllByRole('listitem')[step.step - 1]!;
      const doneShown = within(item).queryByText(/^Done/) !== null;
      expect(doneShown).toBe(step.state === 'done');
    }
    expect(within(list.getAllByRole('listitem')[2]!).getByText('Pending')).toBeTruthy();
  });

  it('saves the planned upgrade day and the quiet days, and shows the countdown', async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    const plan = within(await screen.findByRole('region', { name: 'Upgrade plan' }));
    expect(plan.getByText(/Set the planned upgrade date/)).toBeTruthy();
    const day = new Date(NOW + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const save = plan.getByRole('button', { name: 'Save plan' });
    expect(save).toHaveProperty('disabled', true);
    await user.type(plan.getByLabelText('Planned upgrade to 19.0'), day);
    const quiet = plan.getByRole('spinbutton', { name: 'Quiet days' });
    await user.clear(quiet);
    await user.type(quiet, '0');
    expect(plan.getByText('Enter a whole number of days from 1 to 365.')).toBeTruthy();
    expect(save).toHaveProperty('disabled', true);
    await user.clear(quiet);
    await user.type(quiet, '21');
    await user.click(plan.getByRole('button', { name: 'Save plan' }));
    await waitFor(() => expect(fake.migration.updateSettings).toHaveBeenCalledWith({ upgradeDate: day, quietDays: 21 }));
    expect(await plan.findByText('Saved.')).toBeTruthy();
    expect(plan.getByText('30 days left')).toBeTruthy();
    expect(plan.getByText(/^30 days to the upgrade on/)).toBeTruthy();
    // one key retired in 20 days is far too slow for five in 30
    expect(plan.getByText('Forecast: too late')).toBeTruthy();
    expect(plan.getByText(/: too late\.$/)).toBeTruthy();
    // the new quiet days reach the steps: Ada's key is now quiet for 3 of 21 days
    await user.click((await rowOf('Ada Lovelace')).getByRole('button', { name: 'Ada Lovelace' }));
    expect(within(await panel('Ada Lovelace')).getByText('Legacy key quiet for 3 of 21 days')).toBeTruthy();
  });

  it('exports the readiness report as HTML, JSON and CSV', async () => {
    const { fake } = installMigrationFake();
    const { user } = renderPage(<MigrationPage disableVirtualization />, 'legacy');
    await grid();
    const group = within(screen.getByRole('group', { name: 'Export the readiness report' }));
    for (const [label, format] of [
      ['Report HTML', 'html'],
      ['Report JSON', 'json'],
      ['Report CSV', 'csv'],
    ] as const) {
      await user.click(group.getByRole('button', { name: label }));
      await waitFor(() => expect(fake.migration.report).toHaveBeenLastCalledWith({ format }));
    }
    await waitFor(() => expect(HTMLAnchorElement.prototype.click).toHaveBeenCalledTimes(3));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(3);
  });

  it('is read only offline: no ticks, no plan changes, no key actions', async () => {
    installMigrationFake({ offline: { code: 'unreachable', message: 'The site did not answer.' } });
    renderPage(<MigrationPage initialKeyId="leg-importer" disableVirtualization />, 'legacy');
    const details = within(await panel('Ultrasound importer'));
    expect(details.getByText('Offline: actions are available again after a successful refresh.')).toBeTruthy();
    expect(details.getByRole('button', { name: 'Create the replacement key' })).toHaveProperty('disabled', true);
    expect(details.getByRole('button', { name: 'Delete the legacy key' })).toHaveProperty('disabled', true);
    for (const button of details.getAllByRole('button', { name: 'Tick by hand' }))
      expect(button).toHaveProperty('disabled', true);
    const plan = within(screen.getByRole('region', { name: 'Upgrade plan' }));
    expect(plan.getByLabelText('Planned upgrade to 19.0')).toHaveProperty('disabled', true);
  });
});
