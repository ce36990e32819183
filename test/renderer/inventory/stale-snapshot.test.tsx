import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import { OverviewPage } from '../../../renderer/pages/overview/overview-page.js';
import { ok } from '../../../shared/result.js';
import { installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

describe('opening on the last session snapshot', () => {
  it('shows the snapshot at once, then fetches from the site once for this window', async () => {
    const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
    const fake = installInventory({ inventory: makeInventory({ siteId: 'site-a', fetchedAt: yesterday, keys: [makeKey()] }) });
    fake.inventory.refresh.mockResolvedValue(
      ok({ inventory: makeInventory({ siteId: 'site-a', keys: [makeKey(), makeKey()] }), offline: null }),
    );
    const first = renderPage(<OverviewPage />);
    await waitFor(() => expect(fake.inventory.refresh).toHaveBeenCalledTimes(1));
    expect(await screen.findByRole('group', { name: 'Active: 2 keys' })).toBeTruthy();
    first.unmount();

    // Another page (or the same again) in the same window does not fetch again by itself.
    renderPage(<OverviewPage />);
    await screen.findByRole('heading', { level: 1, name: 'Overview' });
    expect(fake.inventory.refresh).toHaveBeenCalledTimes(1);
  });

  it('does not fetch by itself when the snapshot is from this window', async () => {
    const fake = installInventory({
      inventory: makeInventory({ siteId: 'site-b', fetchedAt: new Date().toISOString(), keys: [makeKey()] }),
    });
    renderPage(<OverviewPage />);
    expect(await screen.findByRole('group', { name: 'Active: 1 key' })).toBeTruthy();
    expect(fake.inventory.refresh).not.toHaveBeenCalled();
  });
});
