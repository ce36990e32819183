/**
 * Issue 10, "Say the right thing", on the Users page: enabling a user lists only the keys that will work again
 * (main's own text), and a soonest expiry already past says "Expired".
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { confirmationText } from '../../../electron/services/confirmation-text.js';
import { UsersPage } from '../../../renderer/pages/users/users-page.js';
import { ok } from '../../../shared/result.js';
import { inDays, installInventory, makeInventory, makeKey, makeUser } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

const bob = makeUser({ id: 'bob', name: 'Bob Builder', email: 'bob@example.org', isSiteAdmin: false, disabled: true });
const own = (overrides: Parameters<typeof makeKey>[0]) =>
  makeKey({ ownerType: 'user', ownerId: bob.id, ownerLabel: bob.name, ownerDisabled: true, ...overrides });
const inventory = makeInventory({
  users: [makeUser(), bob],
  keys: [
    own({ id: 'b1', label: 'Bob laptop', expiresAt: inDays(60) }),
    own({ id: 'b2', label: 'Bob old script', expiresAt: inDays(-5) }),
  ],
});

const cellOf = (name: string, field: string) => {
  const row = screen.getByRole('button', { name }).closest('[role="row"]') as HTMLElement;
  return row.querySelector(`[data-field="${field}"]`)?.textContent;
};

describe('Users page wording', () => {
  it('enabling a user lists only the keys that will work again, and names the expired one apart', async () => {
    const fake = installInventory({ inventory });
    fake.confirmations.request.mockImplementation(async ({ action, targets }) =>
      ok({
        id: 'confirm-0123456789abcdef',
        action,
        targets,
        ...confirmationText(action, targets, inventory, new Date()),
        expiresAt: inDays(1),
      }),
    );
    const { user } = renderPage(<UsersPage disableVirtualization />);
    await user.click(await screen.findByRole('button', { name: 'Bob Builder' }));
    await user.click(await screen.findByRole('button', { name: 'Enable user' }));
    const dialog = await screen.findByRole('dialog', { name: 'Enable user "Bob Builder"?' });
    const lines = within(within(dialog).getByRole('list', { name: 'What enabling does' }))
      .getAllByRole('listitem')
      .map((item) => item.textContent ?? '');
    expect(lines[0]).toBe('This key will work again:');
    expect(lines[1]).toMatch(/^"Bob laptop" /);
    expect(lines).toContain(`Already expired, so still rejected: "Bob old script", expired ${inDays(-5).slice(0, 10)}.`);
    expect(lines.filter((line) => line.includes('Bob old script'))).toHaveLength(1);
    expect(dialog.textContent).not.toContain('(s)');
    expect(dialog.textContent?.match(/will work again/g)).toHaveLength(1);
  });

  it('a soonest expiry already past says "Expired"', async () => {
    installInventory({ inventory });
    renderPage(<UsersPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Bob Builder' });
    await waitFor(() => expect(cellOf('Bob Builder', 'soonestExpiry')).toBe(`Expired ${inDays(-5).slice(0, 10)}`));
  });
});
