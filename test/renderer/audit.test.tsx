import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { AuditEntry } from '../../shared/ipc-contract.js';
import { ok } from '../../shared/result.js';
import { AuditPage } from '../../renderer/pages/audit/audit-page.js';
import { installInventoryFake, renderPage } from './keys/support.js';

/** The grid's search waits for typing to pause, and a loaded machine may take a while to render. */
const SLOW = { timeout: 5000 };

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  time: '2026-11-26T10:15:00.000Z',
  site: 'flywheel-example-org',
  actor: 'ada@example.org',
  action: 'key.create',
  targetType: 'device',
  targetId: 'dev-1',
  targetLabel: 'MR scanner 3 Reaper',
  keyId: 'key-9',
  outcome: 'ok',
  detail: 'Expires 2026-12-26',
  ...overrides,
});

describe('Audit log page', () => {
  beforeEach(() => {
    // jsdom has no object URLs and no downloads.
    URL.createObjectURL = vi.fn(() => 'blob:keywarden/audit');
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lists the entries with time, site, actor, action, owner, target, outcome and detail; the key id on demand', async () => {
    installInventoryFake({
      audit: [
        entry({}),
        entry({
          time: '2026-11-26T11:00:00.000Z',
          action: 'key.revoke',
          keyId: 'key-3',
          outcome: 'failed',
          detail: 'The site did not answer.',
        }),
      ],
    });
    renderPage(<AuditPage disableVirtualization />, 'audit');
    const grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    expect(await grid.findByText('key.create')).toBeTruthy();
    expect(grid.getByText('2026-11-26 10:15 UTC')).toBeTruthy();
    expect(grid.getAllByText('ada@example.org')).toHaveLength(2);
    expect(grid.getAllByText('device MR scanner 3 Reaper (dev-1)')).toHaveLength(2);
    expect(grid.getByText('failed')).toBeTruthy();
    expect(grid.getByText('The site did not answer.')).toBeTruthy();
    // Newest first.
    const rows = grid.getAllByRole('row').map((row) => row.textContent ?? '');
    expect(rows.findIndex((t) => t.includes('key.revoke'))).toBeLessThan(rows.findIndex((t) => t.includes('key.create')));
    // The key id is a column the admin shows when needed.
    expect(grid.queryByText('key-9')).toBeNull();
  });

  it("shows the site by the name the admin gave it and the owner's name, the full text on hover", async () => {
    installInventoryFake({
      audit: [
        entry({ siteName: 'Research site', ownerName: 'MR scanner 3 Reaper' }),
        entry({ action: 'connect-site', targetType: 'site', siteName: 'Research site', ownerName: null, keyId: null }),
        // An entry written before the log kept names: its address, and no owner.
        entry({ action: 'key.revoke', site: 'https://old.example.org' }),
        // A key's entry: the owner in its column, the key in the target.
        entry({ action: 'key.rotate', targetLabel: 'MR scanner 3 Reaper / Primary', ownerName: 'MR scanner 3 Reaper' }),
      ],
    });
    renderPage(<AuditPage disableVirtualization />, 'audit');
    const grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    await grid.findByText('connect-site');
    expect(grid.getByRole('columnheader', { name: 'Site' })).toBeTruthy();
    expect(grid.getByRole('columnheader', { name: 'Owner' })).toBeTruthy();
    const cellOf = (action: string, field: string) =>
      grid.getByText(action).closest('[role="row"]')!.querySelector(`[data-field="${field}"]`)!;
    expect(cellOf('key.create', 'siteShown').textContent).toBe('Research site');
    expect(cellOf('key.create', 'siteShown').querySelector('[title]')?.getAttribute('title')).toBe(
      'Research site (flywheel-example-org)',
    );
    expect(cellOf('key.create', 'owner').textContent).toBe('MR scanner 3 Reaper');
    expect(cellOf('key.create', 'owner').querySelector('[title]')?.getAttribute('title')).toBe('MR scanner 3 Reaper');
    expect(cellOf('connect-site', 'owner').textContent).toBe('');
    expect(cellOf('key.revoke', 'siteShown').textContent).toBe('https://old.example.org');
    expect(cellOf('key.revoke', 'target').textContent).toBe('device MR scanner 3 Reaper (dev-1)');
    expect(cellOf('key.rotate', 'target').textContent).toBe('key Primary (key-9)');
    expect(cellOf('key.rotate', 'owner').textContent).toBe('MR scanner 3 Reaper');
  });

  it('shows the key id once the admin picks the column, and keeps the choice for the next visit', async () => {
    installInventoryFake({ audit: [entry({})] });
    const first = renderPage(<AuditPage disableVirtualization />, 'audit');
    let grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    await grid.findByText('key.create');
    await first.user.click(screen.getByRole('button', { name: 'Columns' }));
    await first.user.click(await screen.findByRole('checkbox', { name: 'Key id' }));
    await first.user.keyboard('{Escape}');
    expect(await grid.findByText('key-9')).toBeTruthy();
    first.unmount();

    renderPage(<AuditPage disableVirtualization />, 'audit');
    grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    expect(await grid.findByText('key-9')).toBeTruthy();
  });

  it('exports the log as CSV and as JSON, built by main', async () => {
    const { fake } = installInventoryFake({ audit: [entry({})] });
    fake.audit.export.mockResolvedValue(
      ok({ fileName: 'keywarden-audit-log_2026-11-26T1015Z.csv', mimeType: 'text/csv', content: 'time,site\r\n', rows: 1 }),
    );
    const { user } = renderPage(<AuditPage disableVirtualization />, 'audit');
    await screen.findByRole('grid', { name: 'Audit log' });
    await user.click(screen.getByRole('button', { name: 'Export CSV of the audit log' }));
    await waitFor(() => expect(fake.audit.export).toHaveBeenCalledWith({ format: 'csv' }), SLOW);
    await waitFor(() => expect(HTMLAnchorElement.prototype.click).toHaveBeenCalledTimes(1), SLOW);
    await user.click(screen.getByRole('button', { name: 'Export JSON of the audit log' }));
    await waitFor(() => expect(fake.audit.export).toHaveBeenCalledWith({ format: 'json' }), SLOW);
  });

  it('searches whole phrases: "Bay 1" finds neither Bay 2 nor Bay 10', async () => {
    installInventoryFake({
      audit: [
        entry({ targetLabel: 'MRI Reaper (Bay 1)', action: 'one' }),
        entry({ targetLabel: 'CT Reaper (Bay 2)', action: 'two', detail: 'Room 1' }),
        entry({ targetLabel: 'PET Reaper (Bay 10)', action: 'ten' }),
      ],
    });
    const { user } = renderPage(<AuditPage disableVirtualization />, 'audit');
    const grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    await grid.findByText('ten');
    await user.type(screen.getByRole('searchbox', { name: 'Search the audit log' }), 'Bay 1');
    await waitFor(() => expect(grid.queryByText('ten')).toBeNull(), SLOW);
    expect(grid.queryByText('two')).toBeNull();
    expect(grid.getByText('one')).toBeTruthy();
  });

  it('narrows the entries with the search box', async () => {
    installInventoryFake({ audit: [entry({}), entry({ action: 'device.remove', keyId: null, detail: '' })] });
    const { user } = renderPage(<AuditPage disableVirtualization />, 'audit');
    const grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    await grid.findByText('device.remove');
    await user.type(screen.getByRole('searchbox', { name: 'Search the audit log' }), 'remove');
    await waitFor(() => expect(grid.queryByText('key.create')).toBeNull(), SLOW);
    expect(grid.getByText('device.remove')).toBeTruthy();
  });

  it('shows an error from main', async () => {
    const { fake } = installInventoryFake();
    fake.audit.list.mockResolvedValueOnce({
      ok: false,
      error: { code: 'internal', message: 'The audit log could not be read.' },
    });
    renderPage(<AuditPage disableVirtualization />, 'audit');
    expect((await screen.findByRole('alert')).textContent).toContain('The audit log could not be read.');
  });
});
