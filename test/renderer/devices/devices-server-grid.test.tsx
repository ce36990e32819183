/**
 * The Devices grid in server mode (issue 12): it holds one page, asks main for each page, sort, filter and search,
 * and main's rules are the grid's own (compared here with the data grid's operators and comparators).
 */
import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import {
  getGridBooleanOperators,
  getGridDateOperators,
  getGridNumericOperators,
  getGridSingleSelectOperators,
  getGridStringOperators,
  gridDateComparator,
  gridNumberComparator,
  gridStringOrNumberComparator,
  type GridColDef,
  type GridFilterOperator,
} from '@mui/x-data-grid';
import { GridCount } from '../../../renderer/components/grid-count.js';
import { DevicesPage } from '../../../renderer/pages/devices/devices-page.js';
import { deviceFilterOf, deviceRowsQueryOf } from '../../../renderer/pages/devices/devices-table.js';
import {
  deviceRowsQuery,
  queryDeviceRows,
  type DeviceColumnFilter,
  type DeviceRowsQuery,
  type DeviceSortField,
} from '../../../shared/device-rows-query.js';
import { DATE_OPERATORS, NUMBER_OPERATORS, TEXT_OPERATORS } from '../../../shared/grid-rows-query.js';
import type { DeviceRowWire } from '../../../shared/inventory-query.js';
import type { DeviceHealth } from '../../../shared/inventory.js';
import { installInventoryFake, makeDevice, makeInventory, makeKey, renderPage } from '../keys/support.js';

const SLOW = { timeout: 5000 };

const devices = Array.from({ length: 130 }, (_, n) =>
  makeDevice({ id: `d${String(n).padStart(3, '0')}`, label: `Scanner ${String(n).padStart(3, '0')}` }),
);
const keys = [
  makeKey({ id: 'k1', ownerId: 'd007', ownerLabel: 'Scanner 007' }),
  makeKey({ id: 'k2', ownerId: 'd007', ownerLabel: 'Scanner 007' }),
  makeKey({ id: 'k3', ownerId: 'd120', ownerLabel: 'Scanner 120' }),
];

const grid = () => screen.getByRole('grid', { name: 'Devices' });
const shownLabels = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.querySelector('[data-field="label"]')?.textContent)
    .filter((label): label is string => Boolean(label) && label !== 'Label');

describe('the Devices grid asks main for one page at a time', () => {
  it('holds one page of the devices, sorted by label, and says how many there are', async () => {
    const { fake } = installInventoryFake({ inventory: makeInventory({ devices, keys }) });
    renderPage(<DevicesPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Scanner 000' }, SLOW);
    expect(shownLabels()).toHaveLength(100);
    expect(screen.getByText('130 devices')).toBeTruthy();
    expect(fake.inventory.deviceRows.mock.calls[0]![0]).toEqual({
      page: 0,
      pageSize: 100,
      sort: { field: 'label', direction: 'asc' },
    });
    // The search box says what it looks into: each shown text, the dates too (device-rows-query.ts).
    expect(screen.getByText('Label, type, health, location, modality or a date the grid shows')).toBeTruthy();
  });

  it("asks for the next page, the admin's sort, and the page's search from its first page", async () => {
    const { fake } = installInventoryFake({ inventory: makeInventory({ devices, keys }) });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Scanner 000' }, SLOW);
    const lastQuery = () => fake.inventory.deviceRows.mock.calls.at(-1)![0] as DeviceRowsQuery;

    await user.click(screen.getByRole('button', { name: /next page/i }));
    await screen.findByRole('button', { name: 'Scanner 129' }, SLOW);
    expect(shownLabels()).toHaveLength(30);
    expect(lastQuery()).toMatchObject({ page: 1, pageSize: 100 });

    await user.click(within(grid()).getByText('Keys'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ page: 0, sort: { field: 'keyCount', direction: 'asc' } }), SLOW);
    await user.click(within(grid()).getByText('Keys'));
    await waitFor(() => expect(shownLabels().slice(0, 2)).toEqual(['Scanner 007', 'Scanner 120']), SLOW);

    // From the second page, a search starts again on the first.
    await user.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() => expect(lastQuery()).toMatchObject({ page: 1 }), SLOW);
    // A search every device matches, pasted at once: its second page would hold rows too.
    await user.click(screen.getByRole('searchbox', { name: 'Search devices' }));
    await user.paste('Scanner');
    await waitFor(() => expect(lastQuery()).toMatchObject({ search: 'Scanner' }), SLOW);
    expect(lastQuery().page).toBe(0);
    await user.type(screen.getByRole('searchbox', { name: 'Search devices' }), ' 120');
    await waitFor(() => expect(shownLabels()).toEqual(['Scanner 120']), SLOW);
    expect(lastQuery()).toMatchObject({ page: 0, search: 'Scanner 120' });
    expect(screen.getByText('130 devices · 1 matches the search')).toBeTruthy();
  });

  it("shows main's refusal with a way to ask again, instead of an empty grid", async () => {
    const { fake } = installInventoryFake({ inventory: makeInventory({ devices, keys }) });
    fake.inventory.deviceRows.mockResolvedValueOnce({
      ok: false,
      error: { code: 'internal', message: 'Main could not answer.' },
    });
    const { user } = renderPage(<DevicesPage disableVirtualization />);
    expect(await screen.findByText('Main could not answer.', {}, SLOW)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /try again/i }));
    await screen.findByRole('button', { name: 'Scanner 000' }, SLOW);
  });
});

describe('the count above the grid', () => {
  it('says what narrowed the rows: the search, the filter, or both', () => {
    const { rerender } = render(<GridCount noun="device" all={130} total={7} query={{ search: 'Bay' }} />);
    expect(screen.getByText('130 devices · 7 match the search')).toBeTruthy();
    rerender(<GridCount noun="device" all={130} total={1} query={{ filter: { kind: 'number' } }} />);
    expect(screen.getByText('130 devices · 1 matches the filter')).toBeTruthy();
    rerender(<GridCount noun="device" all={130} total={2} query={{ search: 'Bay', filter: { kind: 'number' } }} />);
    expect(screen.getByText('130 devices · 2 match the search and the filter')).toBeTruthy();
    rerender(<GridCount noun="user" all={1} total={1} query={{}} />);
    expect(screen.getByText('1 user')).toBeTruthy();
  });

  it('groups thousands as the grid footer does ("1–100 of 10,000")', () => {
    const { rerender } = render(<GridCount noun="device" all={10000} total={10000} query={{}} />);
    expect(screen.getByText('10,000 devices')).toBeTruthy();
    rerender(<GridCount noun="device" all={250000} total={1234} query={{ search: 'Bay' }} />);
    expect(screen.getByText('250,000 devices · 1,234 match the search')).toBeTruthy();
    rerender(<GridCount noun="user" all={1000} total={1} query={{ filter: { kind: 'number' } }} />);
    expect(screen.getByText('1,000 users · 1 matches the filter')).toBeTruthy();
  });
});

describe("the grid's column filter as main takes it", () => {
  const parse = (filter: DeviceColumnFilter | undefined) => deviceRowsQuery.parse({ page: 0, pageSize: 1, filter }).filter;

  it('names the column, the operator and the value in the form main checks', () => {
    expect(parse(deviceFilterOf({ field: 'health', operator: 'is', value: 'missing' }))).toEqual({
      kind: 'select',
      field: 'health',
      operator: 'is',
      value: 'missing',
    });
    expect(parse(deviceFilterOf({ field: 'health', operator: 'isAnyOf', value: ['ok', 'error'] }))).toMatchObject({
      value: ['ok', 'error'],
    });
    expect(
      parse(deviceFilterOf({ field: 'soonestExpiry', operator: 'before', value: new Date('2026-11-30T00:00:00.000Z') })),
    ).toMatchObject({
      kind: 'date',
      value: '2026-11-30',
    });
    expect(parse(deviceFilterOf({ field: 'hasLegacyKeys', operator: 'is', value: 'true' }))).toMatchObject({
      kind: 'boolean',
      value: true,
    });
    expect(parse(deviceFilterOf({ field: 'location', operator: 'isEmpty' }))).toEqual({
      kind: 'text',
      field: 'location',
      operator: 'isEmpty',
    });
    expect(deviceFilterOf({ field: 'health', operator: 'is', value: 'sleeping' })).toBeUndefined();
    expect(deviceFilterOf({ field: 'id', operator: 'contains', value: 'a' })).toBeUndefined();
  });

  it('asks for a date and time at its minute, as the grid compares it', () => {
    const typed = new Date('2026-11-30T14:22:37.500Z');
    expect(parse(deviceFilterOf({ field: 'lastSeen', operator: 'after', value: typed }))).toEqual({
      kind: 'dateTime',
      field: 'lastSeen',
      operator: 'after',
      value: '2026-11-30T14:22:00.000Z',
    });
    expect(() => parse({ kind: 'dateTime', field: 'lastSeen', operator: 'is', value: '2026-11-30T14:22:05.000Z' })).toThrow();
  });

  it("asks for the page's search as typed, trimmed, and leaves out what is not set", () => {
    const state = { pagination: { page: 2, pageSize: 50 }, sortModel: [], filterModel: { items: [] } };
    expect(deviceRowsQueryOf(state, ' Bay 1 ')).toEqual({ page: 2, pageSize: 50, search: 'Bay 1' });
    expect(deviceRowsQueryOf(state, '')).toEqual({ page: 2, pageSize: 50 });
  });
});

/** Rows with every kind of value a column holds: empty, equal, other case and accents, times within a minute. */
const RULE_ROWS: DeviceRowWire[] = (
  [
    ['a', 'MRI Reaper', 'reaper', 'ok', '2026-11-30T14:22:00.000Z', 'Room 1', 'MR', 3, '2026-12-20T00:00:00.000Z', false],
    ['b', 'mri reaper', 'Reaper', 'missing', '2026-11-30T14:22:59.999Z', '', '', 0, null, false],
    ['c', 'Échographe', 'importer', 'error', '2026-11-30T14:23:00.000Z', 'Salle 2', 'US', 2, '2026-11-30T10:00:00.000Z', true],
    ['d', 'Echographe', 'connector', 'unknown', null, 'room 1', 'us', 1, null, true],
    ['e', 'Bay 1 CT', 'reaper', 'missing', '2026-11-29T23:59:59.000Z', 'Bay 1', 'CT', 10, '2027-01-01T00:00:00.000Z', false],
    ['f', 'bay 10 ct', 'reaper', 'ok', '2026-11-30T14:21:59.000Z', 'Bay 10', 'ct', 2, '2026-11-30T23:00:00.000Z', false],
  ] as const
).map(([id, label, type, health, lastSeen, location, modality, keyCount, soonestExpiry, hasLegacyKeys], at) => ({
  id,
  label,
  type,
  health: health as DeviceHealth,
  lastSeen,
  interval: 60,
  location,
  modality,
  keyCount,
  soonestExpiry,
  hasLegacyKeys,
  disabled: at % 2 === 0,
}));

const NOW = new Date('2026-12-01T00:00:00Z');
const column = { field: 'x', valueOptions: ['ok', 'missing', 'error', 'unknown'] } as GridColDef;
const DATE_FIELDS = new Set(['lastSeen', 'soonestExpiry']);
const cellValue = (row: DeviceRowWire, field: keyof DeviceRowWire): unknown => {
  const value = row[field];
  return DATE_FIELDS.has(field) && typeof value === 'string' ? new Date(value) : value;
};

/** The rows the data grid's own operator leaves, as its filter applied it in the renderer. */
function gridFilter(operators: GridFilterOperator[], operator: string, field: keyof DeviceRowWire, value: unknown): string[] {
  const chosen = operators.find((candidate) => candidate.value === operator)!;
  const apply = chosen.getApplyFilterFn({ field, operator, value }, column);
  return RULE_ROWS.filter((row) => (apply ? apply(cellValue(row, field) as never, row, column, {} as never) : true)).map(
    (row) => row.id,
  );
}

const mainFilter = (filter: DeviceColumnFilter) =>
  queryDeviceRows(RULE_ROWS, deviceRowsQuery.parse({ page: 0, pageSize: 100, filter }), NOW).rows.map((row) => row.id);

describe("main's filters and sorts agree with the data grid's own", () => {
  it('for every text operator, on labels, types, locations and modalities', () => {
    for (const operator of TEXT_OPERATORS) {
      for (const field of ['label', 'type', 'location', 'modality'] as const) {
        for (const value of ['mri reaper', 'echographe', 'REAPER', 'bay 1', ' room 1 ', 'us', '']) {
          const ours = mainFilter({ kind: 'text', field, operator, value });
          expect(ours, `${field} ${operator} "${value}"`).toEqual(gridFilter(getGridStringOperators(), operator, field, value));
        }
      }
    }
  });

  it('for the health: is, is not, is any of', () => {
    for (const value of ['ok', 'missing', 'error', 'unknown'] as const) {
      for (const operator of ['is', 'not'] as const) {
        expect(mainFilter({ kind: 'select', field: 'health', operator, value }), `${operator} ${value}`).toEqual(
          gridFilter(getGridSingleSelectOperators(), operator, 'health', value),
        );
      }
    }
    for (const value of [[], ['ok'], ['missing', 'error']] as ('ok' | 'missing' | 'error')[][]) {
      expect(mainFilter({ kind: 'select', field: 'health', operator: 'isAnyOf', value }), `isAnyOf ${value.join()}`).toEqual(
        gridFilter(getGridSingleSelectOperators(), 'isAnyOf', 'health', value),
      );
    }
  });

  it('for every date-and-time operator on the last seen, at the minute and within it', () => {
    for (const operator of DATE_OPERATORS) {
      for (const minute of ['2026-11-30T14:22', '2026-11-30T14:21', '2026-11-30T14:23', '2026-11-29T23:59']) {
        const typed = new Date(`${minute}:00.000Z`);
        const asked = deviceFilterOf({ field: 'lastSeen', operator, value: typed });
        const ours = mainFilter(asked ?? { kind: 'dateTime', field: 'lastSeen', operator });
        expect(ours, `${operator} ${minute}`).toEqual(gridFilter(getGridDateOperators(true), operator, 'lastSeen', typed));
      }
    }
  });

  it('for every date operator on the soonest expiry, and every number operator on the keys', () => {
    for (const operator of DATE_OPERATORS) {
      for (const day of ['2026-11-30', '2026-12-20', '2027-01-01']) {
        const ours = mainFilter({ kind: 'date', field: 'soonestExpiry', operator, value: day });
        expect(ours, `${operator} ${day}`).toEqual(gridFilter(getGridDateOperators(false), operator, 'soonestExpiry', `${day}`));
      }
    }
    for (const operator of NUMBER_OPERATORS) {
      for (const value of [0, 1, 2, 10]) {
        const ours = mainFilter({ kind: 'number', field: 'keyCount', operator, value });
        expect(ours, `keyCount ${operator} ${value}`).toEqual(gridFilter(getGridNumericOperators(), operator, 'keyCount', value));
      }
    }
  });

  it('for yes and no', () => {
    for (const field of ['hasLegacyKeys', 'disabled'] as const) {
      for (const value of [true, false]) {
        expect(mainFilter({ kind: 'boolean', field, operator: 'is', value })).toEqual(
          gridFilter(getGridBooleanOperators(), 'is', field, String(value)),
        );
      }
    }
  });

  it('for every sort, either way, equal values in the order main listed them', () => {
    type Comparator = (a: unknown, b: unknown) => number;
    const text = gridStringOrNumberComparator as never as Comparator;
    const number = gridNumberComparator as never as Comparator;
    const date = gridDateComparator as never as Comparator;
    const comparators: Record<DeviceSortField, Comparator> = {
      label: text,
      type: text,
      // A single-select column sorts by its value.
      health: text,
      lastSeen: date,
      location: text,
      modality: text,
      keyCount: number,
      soonestExpiry: date,
      hasLegacyKeys: number,
      disabled: number,
    };
    const valueOf = (row: DeviceRowWire, field: DeviceSortField): unknown => {
      const value = cellValue(row, field);
      return typeof value === 'boolean' ? Number(value) : value;
    };
    for (const field of Object.keys(comparators) as DeviceSortField[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const sign = direction === 'asc' ? 1 : -1;
        const expected = RULE_ROWS.map((row, at) => ({ row, at }))
          .sort((x, y) => sign * comparators[field](valueOf(x.row, field), valueOf(y.row, field)) || x.at - y.at)
          .map(({ row }) => row.id);
        const ours = queryDeviceRows(
          RULE_ROWS,
          deviceRowsQuery.parse({ page: 0, pageSize: 100, sort: { field, direction } }),
          NOW,
        );
        expect(
          ours.rows.map((row) => row.id),
          `${field} ${direction}`,
        ).toEqual(expected);
      }
    }
  });
});
