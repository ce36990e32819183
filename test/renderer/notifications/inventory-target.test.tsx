/** A summary notification opens the inventory filtered to exactly its keys, with a chip that says so and clears. */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { InventoryPage } from '../../../renderer/pages/inventory/inventory-page.js';
import { installFakeEvents } from '../fake-key-admin.js';
import { renderPage } from '../keys/support.js';
import { renderApp } from '../render-app.js';
import { installNotificationsFake, SITE_ID } from './support.js';

const shownLabels = () =>
  within(screen.getByRole('grid', { name: 'Key inventory' }))
    .queryAllByRole('row')
    .map((row) => row.querySelector('[data-field="label"]')?.textContent)
    .filter((text): text is string => Boolean(text) && text !== 'Label');

describe('Inventory opened from a notification', () => {
  it('shows only the keys of the notification until the admin clears the filter', async () => {
    installNotificationsFake();
    const { user } = renderPage(<InventoryPage initialKeyIds={['k-ct', 'k-own']} disableVirtualization />, 'inventory');
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels().sort()).toEqual(['Importer key', 'Laptop CLI']));
    expect(screen.getByText('Showing 2 keys from a notification')).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Show all keys' }));
    await waitFor(() => expect(shownLabels()).toHaveLength(5));
    expect(screen.queryByText(/from a notification/)).toBeNull();
  });

  it("is where a summary notification's target leads", async () => {
    const events = installFakeEvents();
    installNotificationsFake();
    renderApp('overview');
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    events.emit({ type: 'open', siteId: SITE_ID, target: { page: 'inventory', keyIds: ['k-ct', 'k-own', 'k-grace'] } });
    expect(await screen.findByRole('heading', { level: 1, name: 'Key inventory' })).toBeTruthy();
    expect(await screen.findByText('Showing 3 keys from a notification')).toBeTruthy();
  });
});
