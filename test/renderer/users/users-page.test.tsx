import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { UsersPage } from '../../../renderer/pages/users/users-page.js';
import type { Confirmation } from '../../../shared/ipc-contract.js';
import type { InventoryView, UserRecord } from '../../../shared/inventory.js';
import { ok } from '../../../shared/result.js';
import { makeSite, makeState } from '../fake-key-admin.js';
import { inDays, installInventory, makeInventory, makeKey, makeUser } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

const ada = makeUser();
const bob = makeUser({ id: 'bob', name: 'Bob Builder', email: 'bob@example.org', isSiteAdmin: false, disabled: true });
const eve = makeUser({ id: 'eve', name: 'Eve Example', email: null, isSiteAdmin: false });

function sampleInventory() {
  return makeInventory({
    users: [ada, bob, eve],
    keys: [
      makeKey({
        id: 'b1',
        label: 'Bob laptop',
        ownerType: 'user',
        ownerId: 'bob',
        ownerLabel: 'Bob Builder',
        ownerDisabled: true,
      }),
      makeKey({
        id: 'b2',
        label: 'Legacy Key',
        kind: 'legacy',
        expiresAt: null,
        ownerType: 'user',
        ownerId: 'bob',
        ownerLabel: 'Bob Builder',
        ownerDisabled: true,
      }),
      makeKey({ id: 'a1', label: 'Ada CLI', ownerType: 'user', ownerId: ada.id, ownerLabel: ada.name, expiresAt: inDays(3) }),
      makeKey({ id: 'd1', label: 'Scanner', ownerType: 'device', ownerId: 'dev-1' }),
    ],
  });
}

const confirmation: Confirmation = {
  id: 'confirm-0123456789abcdef',
  action: 'enable-user',
  targets: ['bob'],
  title: 'Enable Bob Builder?',
  lines: ['Key "Bob laptop" will work again.', 'Key "Legacy Key" will work again.'],
  typeToConfirm: null,
  expiresAt: inDays(1),
};

const disableConfirmation: Confirmation = {
  id: 'confirm-disable-0123456789',
  action: 'disable-user',
  targets: [ada.id],
  title: 'Disable user "Ada Lovelace"?',
  lines: [
    'Their only key is rejected by the site from then on:',
    '"Ada CLI" (enhanced)',
    'Their scripts and tools stop working, and they cannot log in to the web app, until the user is enabled again.',
  ],
  typeToConfirm: null,
  expiresAt: inDays(1),
};

const cellOf = (name: string, field: string) => {
  const row = screen.getByRole('button', { name }).closest('[role="row"]') as HTMLElement;
  return row.querySelector(`[data-field="${field}"]`)?.textContent;
};

async function openUser(name: string) {
  const view = renderPage(<UsersPage disableVirtualization />);
  await view.user.click(await screen.findByRole('button', { name }));
  await screen.findByRole('heading', { level: 2, name });
  return view;
}

describe('Users page', () => {
  it('lists every user with a summary of their keys', async () => {
    installInventory({ inventory: sampleInventory() });
    renderPage(<UsersPage disableVirtualization />);
    expect(await screen.findByRole('grid', { name: 'Users' })).toBeTruthy();
    await screen.findByRole('button', { name: 'Bob Builder' });
    expect(screen.getByRole('button', { name: 'Ada Lovelace' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Eve Example' })).toBeTruthy();
    expect(cellOf('Bob Builder', 'keyCount')).toBe('2');
    expect(cellOf('Bob Builder', 'legacyKeys')).toBe('1');
    expect(cellOf('Ada Lovelace', 'soonestExpiry')).toBe(inDays(3).slice(0, 10));
    expect(cellOf('Eve Example', 'keyCount')).toBe('0');
    expect(screen.getByText('3 users')).toBeTruthy();
  });

  it("says when the soonest end of a user's keys is the 19.0 upgrade: only legacy keys", async () => {
    installInventory({
      inventory: makeInventory({
        users: [ada, eve],
        keys: [
          makeKey({
            label: 'Legacy Key',
            kind: 'legacy',
            expiresAt: null,
            ownerType: 'user',
            ownerId: eve.id,
            ownerLabel: eve.name,
          }),
        ],
      }),
    });
    renderPage(<UsersPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Eve Example' });
    expect(cellOf('Eve Example', 'soonestExpiry')).toBe('Rejected from 19.0');
    expect(cellOf('Ada Lovelace', 'soonestExpiry')).toBe('—');
  });

  it("receives no user and no key for the list, and an opened user's own record and keys only (issue 12)", async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    const received = async () =>
      (await Promise.all(fake.inventory.view.mock.results.map((result) => result.value as Promise<unknown>))) as Array<{
        ok: true;
        value: InventoryView;
      }>;
    const { user } = renderPage(<UsersPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Bob Builder' });
    expect(fake.inventory.userRows).toHaveBeenCalled();
    for (const answer of await received()) expect(answer.value.inventory).toMatchObject({ users: [], keys: [] });

    fake.inventory.view.mockClear();
    await user.click(screen.getByRole('button', { name: 'Bob Builder' }));
    await screen.findByRole('heading', { level: 2, name: 'Bob Builder' });
    const opened = await received();
    expect(opened.length).toBeGreaterThan(0);
    for (const answer of opened) {
      expect(answer.value.inventory?.users.map((record) => record.id)).toEqual(['bob']);
      expect(answer.value.inventory?.keys.map((key) => key.id).sort()).toEqual(['b1', 'b2']);
    }
  });

  it("shows a user's keys with their statuses, and goes back", async () => {
    installInventory({ inventory: sampleInventory() });
    const { user } = await openUser('Bob Builder');
    const table = screen.getByRole('table', { name: 'Keys of Bob Builder' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(table).getAllByText('Rejected: owner disabled')).toHaveLength(2);
    // the legacy key has no expiry, but it is not "never": the 19.0 upgrade rejects it
    const header = within(table)
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent);
    const expiryOf = (label: string) =>
      within(within(table).getByText(label).closest('tr') as HTMLElement).getAllByRole('cell')[header.indexOf('Expires')]
        ?.textContent;
    expect(expiryOf('Legacy Key')).toBe('Rejected from 19.0');
    expect(expiryOf('Bob laptop')).toBe(inDays(60).slice(0, 10));
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('grid', { name: 'Users' })).toBeTruthy();
  });

  it("disables a user only after main's confirmation says what stops, then reloads the inventory", async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.confirmations.request.mockResolvedValue(ok(disableConfirmation));
    fake.users.setDisabled.mockImplementation(async ({ userId, disabled }) => ok({ ...ada, id: userId, disabled }));
    const { user } = await openUser('Ada Lovelace');
    const loads = fake.inventory.load.mock.calls.length;
    await user.click(screen.getByRole('button', { name: 'Disable user' }));
    await waitFor(() => expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'disable-user', targets: [ada.id] }));
    const dialog = await screen.findByRole('dialog', { name: 'Disable user "Ada Lovelace"?' });
    expect(within(dialog).getByText('What stops working:')).toBeTruthy();
    expect(
      within(within(dialog).getByRole('list', { name: 'What disabling does' }))
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(disableConfirmation.lines);
    expect(fake.users.setDisabled).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Disable user' }));
    await waitFor(() =>
      expect(fake.users.setDisabled).toHaveBeenCalledWith({
        userId: ada.id,
        disabled: true,
        confirmationId: disableConfirmation.id,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() => expect(fake.inventory.load.mock.calls.length).toBeGreaterThan(loads));
  });

  it('cancelling the disable dialog changes nothing; a refusal from main is shown in it', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.confirmations.request.mockResolvedValue(ok(disableConfirmation));
    fake.users.setDisabled.mockResolvedValue({
      ok: false,
      error: {
        code: 'confirmation-required',
        message: "You did not confirm this in Keywarden's own dialog. Nothing was changed.",
      },
    });
    const { user } = await openUser('Ada Lovelace');
    await user.click(screen.getByRole('button', { name: 'Disable user' }));
    let dialog = await screen.findByRole('dialog', { name: 'Disable user "Ada Lovelace"?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(fake.users.setDisabled).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Disable user' }));
    dialog = await screen.findByRole('dialog', { name: 'Disable user "Ada Lovelace"?' });
    await user.click(within(dialog).getByRole('button', { name: 'Disable user' }));
    expect((await within(dialog).findByRole('alert')).textContent).toContain('You did not confirm');
    // Main spent that confirmation: a fresh one is asked for, so the admin can try again.
    await waitFor(() => expect(fake.confirmations.request).toHaveBeenCalledTimes(3));
    expect(within(dialog).getByRole('button', { name: 'Disable user' })).toHaveProperty('disabled', false);
  });

  it('asks main for a confirmation before enabling, shows its lines, then enables with it', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    fake.confirmations.request.mockResolvedValue(ok(confirmation));
    fake.users.setDisabled.mockImplementation(async ({ userId, disabled }) => ok({ ...bob, id: userId, disabled } as UserRecord));
    const { user } = await openUser('Bob Builder');
    await user.click(screen.getByRole('button', { name: 'Enable user' }));
    await waitFor(() => expect(fake.confirmations.request).toHaveBeenCalledWith({ action: 'enable-user', targets: ['bob'] }));
    const dialog = await screen.findByRole('dialog', { name: 'Enable Bob Builder?' });
    expect(
      within(dialog)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(confirmation.lines);
    expect(fake.users.setDisabled).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('button', { name: 'Enable user' }));
    await waitFor(() =>
      expect(fake.users.setDisabled).toHaveBeenCalledWith({ userId: 'bob', disabled: false, confirmationId: confirmation.id }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("explains where the site does not show other users' keys", async () => {
    installInventory({
      inventory: makeInventory({
        coverage: { deviceKeys: true, users: true, userKeys: 'self' },
        users: [ada, { ...eve, keysVisible: false }],
        keys: [makeKey({ ownerType: 'user', ownerId: ada.id, ownerLabel: ada.name })],
      }),
    });
    renderPage(<UsersPage disableVirtualization />);
    expect(
      await screen.findByText(
        "This site does not let an admin list other users' keys; key counts are shown for your own account only.",
      ),
    ).toBeTruthy();
    await screen.findByRole('button', { name: 'Eve Example' });
    expect(cellOf('Eve Example', 'keyCount')).toBe('not visible');
    expect(cellOf('Ada Lovelace', 'keyCount')).toBe('1');
  });

  it('is read only while offline', async () => {
    installInventory({ inventory: sampleInventory(), offline: { code: 'unreachable', message: 'The site did not answer.' } });
    await openUser('Ada Lovelace');
    expect(screen.getByRole('button', { name: 'Disable user' })).toHaveProperty('disabled', true);
  });

  describe("another user's keys: the admin asks the owner", () => {
    const grace = makeUser({ id: 'grace', name: 'Grace Hopper', email: 'grace@example.org', isSiteAdmin: false });
    /** The admin is signed in to the site the message names. */
    function install(expiresAt: string) {
      const fake = installInventory({ inventory: withGrace(expiresAt) });
      const site = makeSite();
      fake.sites.state.mockResolvedValue(ok(makeState({ sites: [site], activeId: site.id })));
    }
    function withGrace(expiresAt: string) {
      return makeInventory({
        users: [ada, grace, eve],
        keys: [
          makeKey({ id: 'g1', label: 'Grace CLI', ownerType: 'user', ownerId: 'grace', ownerLabel: 'Grace Hopper', expiresAt }),
          makeKey({
            id: 'e1',
            label: 'Eve CLI',
            ownerType: 'user',
            ownerId: 'eve',
            ownerLabel: 'Eve Example',
            expiresAt: inDays(-2),
          }),
        ],
      });
    }

    it('prepares a message naming the expired key, as a mailto: link and as text to copy', async () => {
      install(inDays(-1));
      await openUser('Grace Hopper');
      await screen.findByText('Grace CLI');
      const section = screen.getByRole('region', { name: 'Ask Grace Hopper to replace keys' });
      const link = within(section).getByRole('link', { name: 'Write to grace@example.org in your mail app' });
      expect(link.getAttribute('href')).toMatch(/^mailto:grace@example\.org\?subject=/);
      const text = within(section).getByRole('textbox', { name: 'Message to Grace Hopper' }) as HTMLTextAreaElement;
      expect(text.value).toContain('"Grace CLI" (id g1): expired on');
      expect(text.value).toContain('To: grace@example.org');
    });

    it('has nothing to ask when every key of the user is active', async () => {
      install(inDays(60));
      await openUser('Grace Hopper');
      await screen.findByText('Grace CLI');
      expect(await screen.findByText(/there is nothing to ask/)).toBeTruthy();
      expect(screen.queryByRole('textbox', { name: 'Message to Grace Hopper' })).toBeNull();
    });

    it('says to copy the message where the site gives no e-mail address', async () => {
      install(inDays(60));
      await openUser('Eve Example');
      await screen.findByText('Eve CLI');
      expect(await screen.findByText(/does not give this user's e-mail address/)).toBeTruthy();
      expect(screen.queryByRole('link', { name: /in your mail app/ })).toBeNull();
      expect((screen.getByRole('textbox', { name: 'Message to Eve Example' }) as HTMLTextAreaElement).value).toContain(
        '"Eve CLI"',
      );
    });

    it('asks no one where the admin cannot: a disabled user, the admin themself, keys the site does not show', async () => {
      const cases = [
        { user: makeUser({ id: 'grace', name: 'Grace Hopper', isSiteAdmin: false, disabled: true }), owner: 'grace' },
        { user: makeUser(), owner: makeUser().id },
        { user: makeUser({ id: 'grace', name: 'Grace Hopper', isSiteAdmin: false, keysVisible: false }), owner: 'grace' },
      ];
      for (const { user, owner } of cases) {
        const expired = makeKey({
          id: 'x1',
          label: 'Old CLI',
          ownerType: 'user',
          ownerId: owner,
          ownerLabel: user.name,
          expiresAt: inDays(-2),
        });
        const fake = installInventory({ inventory: makeInventory({ users: [user], keys: [expired] }) });
        const site = makeSite();
        fake.sites.state.mockResolvedValue(ok(makeState({ sites: [site], activeId: site.id })));
        const view = await openUser(user.name);
        expect(screen.queryByRole('region', { name: `Ask ${user.name} to replace keys` }), JSON.stringify(user)).toBeNull();
        view.unmount();
      }
      // The same key of an enabled user who is not the admin, whose keys the site shows, is asked about.
      install(inDays(-2));
      await openUser('Grace Hopper');
      expect(await screen.findByRole('region', { name: 'Ask Grace Hopper to replace keys' })).toBeTruthy();
    });
  });
});
