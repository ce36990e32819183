/**
 * Enter on a data-grid row opens it (issue 10, "Keyboard and screen reader"): the devices list opens the device,
 * the users list the user, the migration grid the key's details; cells that act themselves keep their own Enter,
 * and Enter with a modifier key is the grid's.
 */
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { GridCellParams } from '@mui/x-data-grid';
import { openRowOnEnter } from '../../../renderer/components/grid-row-keyboard.js';
import { renderApp } from '../render-app.js';
import { installMigrationFake } from '../migration/migration-fixture.js';
import { installNotificationsFake } from '../notifications/support.js';

/** Focuses a cell as the grid does on a press (a press without a click, which would open the row itself). */
async function focusCell(grid: string, rowText: string, field: string): Promise<HTMLElement> {
  const row = within(screen.getByRole('grid', { name: grid }))
    .getAllByRole('row')
    .find((candidate) => candidate.textContent?.includes(rowText));
  const cell = row?.querySelector(`[data-field="${field}"]`) as HTMLElement | null;
  if (!cell) throw new Error(`no ${field} cell in the row of ${rowText}`);
  fireEvent.mouseDown(cell);
  fireEvent.mouseUp(cell);
  await waitFor(() => expect(document.activeElement).toBe(cell));
  return cell;
}

describe('Enter on a grid row', () => {
  it('opens the device from any cell of the devices list, but not with Shift', async () => {
    installNotificationsFake();
    const { user } = renderApp('devices');
    await screen.findByRole('grid', { name: 'Devices' });
    await focusCell('Devices', 'CT importer', 'type');
    await user.keyboard('{Shift>}{Enter}{/Shift}');
    expect(screen.queryByRole('heading', { level: 1, name: 'CT importer' })).toBeNull();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 1, name: 'CT importer' })).toBeTruthy();
  });

  it('opens the user from any cell of the users list', async () => {
    installNotificationsFake();
    const { user } = renderApp('users');
    await screen.findByRole('grid', { name: 'Users' });
    await focusCell('Users', 'Grace Hopper', 'email');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { level: 2, name: 'Grace Hopper' })).toBeTruthy();
  });

  it("opens a legacy key's details from any cell of the migration grid", async () => {
    installMigrationFake();
    const { user } = renderApp('legacy');
    const grid = await screen.findByRole('grid', { name: 'Legacy keys on the site' });
    // The rows come from main after the grid appears.
    await waitFor(() => expect(within(grid).getAllByRole('row').length).toBeGreaterThan(1));
    const owner = within(grid).getAllByRole('row')[1]!.querySelector('[data-field="owner"] button')!.textContent!;
    expect(screen.queryByRole('button', { name: 'Close the details' })).toBeNull();
    await focusCell('Legacy keys on the site', owner, 'responsible');
    await user.keyboard('{Enter}');
    const details = await screen.findByRole('button', { name: 'Close the details' });
    expect(details.closest('section')?.textContent).toContain(owner);
  });
});

describe('openRowOnEnter', () => {
  const cell = (overrides: Partial<GridCellParams> = {}) =>
    ({ id: 'row-1', field: 'label', cellMode: 'view', colDef: { type: 'string' }, row: {}, ...overrides }) as GridCellParams;
  const key = (init: Partial<KeyboardEvent> & { target?: EventTarget | null } = {}) => ({
    key: 'Enter',
    altKey: false,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    target: document.createElement('div'),
    preventDefault: vi.fn(),
    defaultMuiPrevented: false,
    ...init,
  });
  const press = (params: GridCellParams, event: ReturnType<typeof key>) => {
    const open = vi.fn();
    openRowOnEnter(open)(params, event as never, {} as never);
    return { open, event };
  };

  it('opens the row of a plain cell, and keeps the grid from acting on the same Enter', () => {
    const { open, event } = press(cell(), key());
    expect(open).toHaveBeenCalledWith(expect.objectContaining({ id: 'row-1' }));
    expect(event.defaultMuiPrevented).toBe(true);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it.each([
    ['another key', cell(), key({ key: ' ' })],
    ['Ctrl+Enter', cell(), key({ ctrlKey: true })],
    ['Alt+Enter', cell(), key({ altKey: true })],
    ['Meta+Enter', cell(), key({ metaKey: true })],
    ['Shift+Enter', cell(), key({ shiftKey: true })],
    ['the selection checkbox', cell({ field: '__check__' }), key()],
    ["a row's actions", cell({ field: 'actions', colDef: { type: 'actions' } as never }), key()],
    ['a cell being edited', cell({ cellMode: 'edit' }), key()],
    ['a button in the cell', cell(), key({ target: document.createElement('button') })],
    ['a link in the cell', cell(), key({ target: document.createElement('a') })],
  ])('leaves %s alone', (_what, params, event) => {
    const { open } = press(params, event);
    expect(open).not.toHaveBeenCalled();
    expect(event.defaultMuiPrevented).toBe(false);
  });
});
