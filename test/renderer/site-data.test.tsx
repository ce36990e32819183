/**
 * A newly connected site fetches its data at once, with progress, on its card on the Sites page; then the card
 * says what was fetched and leads to the overview (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { InventoryView } from '../../shared/inventory.js';
import { ok, type Result } from '../../shared/result.js';
import { installInventoryFake, makeInventory, makeKey } from './keys/support.js';
import { renderApp } from './render-app.js';

describe("the active site's card", () => {
  it('fetches a site with no data at once, shows the progress, then what came and the way to the overview', async () => {
    const { fake } = installInventoryFake({ inventory: null });
    let answer: (value: Result<InventoryView>) => void = () => undefined;
    fake.inventory.refresh.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const { user } = renderApp('connect');

    const card = within(await screen.findByRole('article', { name: 'flywheel.example.org' }));
    expect(await card.findByRole('progressbar', { name: 'Refreshing the inventory' })).toBeTruthy();
    expect(fake.inventory.refresh).toHaveBeenCalledTimes(1);

    const fetched = makeInventory({ keys: [makeKey({ id: 'k1' }), makeKey({ id: 'k2' })] });
    answer(ok({ inventory: fetched, offline: null }));
    expect(await card.findByText('2 keys, 1 device and 0 users from this site.')).toBeTruthy();
    await waitFor(() => expect(card.queryByRole('progressbar')).toBeNull());

    await user.click(card.getByRole('button', { name: 'Open the overview' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Overview' })).toBeTruthy();
  });
});
