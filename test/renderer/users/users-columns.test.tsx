/** Issue 10 on the users grid: yes/no columns say "Yes" only when yes, names whole on hover, the search as a phrase. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { UsersPage } from '../../../renderer/pages/users/users-page.js';
import { installInventory, makeInventory, makeUser } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

/** The grid's search waits for typing to pause, and a loaded machine may take a while to render. */
const SLOW = { timeout: 5000 };

const LONG = 'Maximiliane Theodora von Hohenzollern-Sigmaringen';
const inventory = makeInventory({
  users: [
    makeUser({ id: 'ada', name: 'Ada Lovelace', email: 'ada@example.org', isSiteAdmin: true }),
    makeUser({ id: 'bay1', name: 'Bay 1 operator', email: 'bay1@example.org', isSiteAdmin: false, disabled: true }),
    makeUser({ id: 'bay10', name: 'Bay 10 operator', email: 'bay10@example.org', isSiteAdmin: false }),
    makeUser({ id: 'long', name: LONG, email: 'max@example.org', isSiteAdmin: false }),
  ],
});

const grid = () => screen.getByRole('grid', { name: 'Users' });
const shownIds = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.getAttribute('data-id'))
    .filter((id): id is string => Boolean(id))
    .sort();
const cell = (id: string, field: string) =>
  grid().querySelector(`[role="row"][data-id="${id}"] [data-field="${field}"]`)?.textContent;

async function openUsers() {
  installInventory({ inventory });
  const rendered = renderPage(<UsersPage disableVirtualization />, 'users');
  await screen.findByRole('grid', { name: 'Users' });
  await waitFor(() => expect(shownIds()).toHaveLength(4), SLOW);
  return rendered;
}

describe('users grid', () => {
  it('says "Yes" where a user is disabled or a site admin, and nothing otherwise', async () => {
    await openUsers();
    expect(cell('bay1', 'disabled')).toBe('Yes');
    expect(cell('ada', 'disabled')).toBe('');
    expect(cell('ada', 'isSiteAdmin')).toBe('Yes');
    expect(cell('bay1', 'isSiteAdmin')).toBe('');
  });

  it('shows a long name whole on hover', async () => {
    await openUsers();
    expect(within(grid()).getByRole('button', { name: LONG }).getAttribute('title')).toBe(LONG);
  });

  it('searches a whole phrase: "Bay 1" is not "Bay 10"', async () => {
    const { user } = await openUsers();
    await user.click(within(screen.getByRole('grid', { name: 'Users' }).parentElement!).getByRole('button', { name: /search/i }));
    await user.type(await screen.findByRole('searchbox'), 'Bay 1');
    await waitFor(() => expect(shownIds()).toEqual(['bay1']), SLOW);
  });
});
