import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import type { AuditEntry } from '../../shared/ipc-contract.js';
import { AuditPage } from '../../renderer/pages/audit/audit-page.js';
import { installInventoryFake, renderPage } from './keys/support.js';

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
  it('lists the entries with time, actor, action, target, key id, outcome and detail', async () => {
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
    expect(grid.getByText('key-9')).toBeTruthy();
    expect(grid.getByText('failed')).toBeTruthy();
    expect(grid.getByText('The site did not answer.')).toBeTruthy();
    // Newest first.
    const rows = grid.getAllByRole('row').map((row) => row.textContent ?? '');
    expect(rows.findIndex((t) => t.includes('key.revoke'))).toBeLessThan(rows.findIndex((t) => t.includes('key.create')));
  });

  it('narrows the entries with the search box', async () => {
    installInventoryFake({ audit: [entry({}), entry({ action: 'device.remove', keyId: null, detail: '' })] });
    const { user } = renderPage(<AuditPage disableVirtualization />, 'audit');
    const grid = within(await screen.findByRole('grid', { name: 'Audit log' }));
    await grid.findByText('device.remove');
    await user.type(screen.getByRole('searchbox', { name: 'Search the audit log' }), 'remove');
    await waitFor(() => expect(grid.queryByText('key.create')).toBeNull());
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
