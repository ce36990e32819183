/**
 * How the inventory grid asks main (issue 12's speed targets): the page for a new status is asked in the admin's
 * event, before the page renders the change; the search asks at each keystroke, without a typing pause, shows
 * only the answer to the latest text, and keeps the rows it shows until that answer comes.
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import { InventoryPage } from '../../../renderer/pages/inventory/inventory-page.js';
import type { InventoryQuery } from '../../../shared/inventory-query.js';
import type { KeyAdminApi } from '../../../shared/ipc-contract.js';
import userEvent from '@testing-library/user-event';
import { inDays, installInventory, makeInventory, makeKey } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

function sampleInventory() {
  return makeInventory({
    keys: [
      makeKey({ id: 'k-active', label: 'Nightly upload', ownerLabel: 'MR Scanner 1' }),
      makeKey({ id: 'k-soon', label: 'Reaper key', ownerLabel: 'CT Reaper', expiresAt: inDays(2) }),
      makeKey({ id: 'k-expired', label: 'Old importer', ownerLabel: 'Importer', expiresAt: inDays(-3) }),
      makeKey({ id: 'k-legacy', label: 'Legacy Key', kind: 'legacy', ownerLabel: 'PET Reaper', expiresAt: null }),
    ],
  });
}

const grid = () => screen.getByRole('grid', { name: 'Key inventory' });
const shownLabels = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.querySelector('[data-field="label"]')?.textContent)
    .filter((text): text is string => Boolean(text) && text !== 'Label')
    .sort();

type Query = KeyAdminApi['inventory']['query'];

/** Wraps main's fake answer to pages: `spy` sees each question as it is asked, before it is answered. */
function spyOnQueries(fake: ReturnType<typeof installInventory>, spy: (input: InventoryQuery) => Promise<void> | void) {
  const answer = fake.inventory.query.getMockImplementation()! as Query;
  fake.inventory.query.mockImplementation((async (input: InventoryQuery) => {
    await spy(input);
    return answer(input);
  }) as Query);
}

describe('the inventory grid asks main', () => {
  it("for the page of a new status in the admin's event, before the page shows the new status", async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    const statusShownWhenAsked: string[] = [];
    spyOnQueries(fake, (input) => {
      if (input.statuses?.[0] === 'legacy') {
        // The open menu hides the rest of the page from assistive technology meanwhile.
        statusShownWhenAsked.push(screen.getByRole('combobox', { name: 'Status', hidden: true }).textContent ?? '');
      }
    });
    const { user } = renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(4));
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Legacy (1)' }));
    await waitFor(() => expect(shownLabels()).toEqual(['Legacy Key']));
    // Asked once, while the control still showed the status before the click.
    expect(statusShownWhenAsked).toEqual(['All (4)']);
  });

  it('at each keystroke, and shows only the answer to the latest text, keeping the rows until it comes', async () => {
    const fake = installInventory({ inventory: sampleInventory() });
    // Main holds every search's answer until the test lets it go.
    const held = new Map<string, () => void>();
    spyOnQueries(fake, (input) => (input.search ? new Promise<void>((resolve) => held.set(input.search!, resolve)) : undefined));
    renderPage(<InventoryPage disableVirtualization />);
    await screen.findByRole('grid', { name: 'Key inventory' });
    await waitFor(() => expect(shownLabels()).toHaveLength(4));
    // A typist's pace: each keystroke a moment after the last.
    await userEvent.setup({ delay: 20 }).type(screen.getByRole('searchbox', { name: 'Search keys' }), 'reaper');
    // Every keystroke asked (no pause for the typing to stop); no answer yet, so the rows shown stay.
    await waitFor(() => expect([...held.keys()]).toEqual(['r', 're', 'rea', 'reap', 'reape', 'reaper']));
    expect(shownLabels()).toHaveLength(4);
    expect(screen.getByText('4 keys')).toBeTruthy();
    // The latest answer first: the grid shows it.
    held.get('reaper')!();
    await waitFor(() => expect(shownLabels()).toEqual(['Legacy Key', 'Reaper key']));
    // Answers to earlier keystrokes come late: the grid keeps the latest ("reap" would show no key).
    for (const text of ['reap', 'rea', 'r', 're', 'reape']) held.get(text)!();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shownLabels()).toEqual(['Legacy Key', 'Reaper key']);
    expect(screen.getByText('2 keys')).toBeTruthy();
  });
});
