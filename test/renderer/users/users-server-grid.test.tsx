/**
 * The Users grid in server mode (issue 12): it holds one page, asks main for each page, sort, filter and search,
 * and main's rules are the grid's own (compared here with the data grid's operators and comparators).
 */
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import {
  getGridBooleanOperators,
  getGridNumericOperators,
  getGridStringOperators,
  gridDateComparator,
  gridNumberComparator,
  gridStringOrNumberComparator,
  type GridColDef,
  type GridFilterOperator,
} from '@mui/x-data-grid';
import { UsersPage } from '../../../renderer/pages/users/users-page.js';
import { userFilterOf, userRowsQueryOf } from '../../../renderer/pages/users/users-grid.js';
import type { UserRowWire } from '../../../shared/inventory-query.js';
import {
  USER_NUMBER_OPERATORS,
  USER_TEXT_OPERATORS,
  queryUserRows,
  userRowsQuery,
  type UserColumnFilter,
  type UserRowsQuery,
  type UserSortField,
} from '../../../shared/user-rows-query.js';
import { installInventory, makeInventory, makeKey, makeUser } from '../overview/inventory-fixture.js';
import { renderPage } from '../overview/render-page.js';

const SLOW = { timeout: 5000 };

const users = Array.from({ length: 130 }, (_, n) =>
  makeUser({ id: `u${String(n).padStart(3, '0')}`, name: `Person ${String(n).padStart(3, '0')}`, email: `p${n}@example.org` }),
);
const keys = [
  makeKey({ id: 'k1', ownerType: 'user', ownerId: 'u007', ownerLabel: 'Person 007' }),
  makeKey({ id: 'k2', ownerType: 'user', ownerId: 'u007', ownerLabel: 'Person 007', kind: 'legacy', expiresAt: null }),
  makeKey({ id: 'k3', ownerType: 'user', ownerId: 'u120', ownerLabel: 'Person 120' }),
];

const grid = () => screen.getByRole('grid', { name: 'Users' });
const shownNames = () =>
  within(grid())
    .queryAllByRole('row')
    .map((row) => row.querySelector('[data-field="name"]')?.textContent)
    .filter((name): name is string => Boolean(name) && name !== 'Name');

describe('the Users grid asks main for one page at a time', () => {
  it('holds one page of the users, sorted by name, and says how many there are', async () => {
    const fake = installInventory({ inventory: makeInventory({ users, keys }) });
    renderPage(<UsersPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Person 000' }, SLOW);
    expect(shownNames()).toHaveLength(100);
    expect(screen.getByText('130 users')).toBeTruthy();
    const asked = fake.inventory.userRows.mock.calls.map(([query]) => query);
    expect(asked[0]).toEqual({ page: 0, pageSize: 100, sort: { field: 'name', direction: 'asc' } });
  });

  it("asks for the next page, the admin's sort and search, and shows what main answers", async () => {
    const fake = installInventory({ inventory: makeInventory({ users, keys }) });
    const { user } = renderPage(<UsersPage disableVirtualization />);
    await screen.findByRole('button', { name: 'Person 000' }, SLOW);
    const lastQuery = () => fake.inventory.userRows.mock.calls.at(-1)![0] as UserRowsQuery;

    await user.click(screen.getByRole('button', { name: /next page/i }));
    await screen.findByRole('button', { name: 'Person 129' }, SLOW);
    expect(shownNames()).toHaveLength(30);
    expect(lastQuery()).toMatchObject({ page: 1, pageSize: 100 });

    // Sorting goes back to the first page.
    await user.click(within(grid()).getByText('Keys'));
    await waitFor(() => expect(lastQuery()).toMatchObject({ page: 0, sort: { field: 'keyCount', direction: 'asc' } }), SLOW);
    await user.click(within(grid()).getByText('Keys'));
    await waitFor(() => expect(lastQuery().sort).toEqual({ field: 'keyCount', direction: 'desc' }), SLOW);
    await waitFor(() => expect(shownNames().slice(0, 2)).toEqual(['Person 007', 'Person 120']), SLOW);

    await user.click(within(grid().parentElement!).getByRole('button', { name: /search/i }));
    await user.type(await screen.findByRole('searchbox'), 'Person 120');
    await waitFor(() => expect(shownNames()).toEqual(['Person 120']), SLOW);
    expect(lastQuery()).toMatchObject({ page: 0, search: 'Person 120' });
    expect(screen.getByText('130 users · 1 matches the search')).toBeTruthy();
  });

  it('shows main\'s refusal with a way to ask again, instead of an empty grid', async () => {
    const fake = installInventory({ inventory: makeInventory({ users, keys }) });
    fake.inventory.userRows.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'Main could not answer.' } });
    const { user } = renderPage(<UsersPage disableVirtualization />);
    expect(await screen.findByText('Main could not answer.', {}, SLOW)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: /try again|retry/i }));
    await screen.findByRole('button', { name: 'Person 000' }, SLOW);
  });
});

describe("the grid's column filter as main takes it", () => {
  it('names the column, the operator and the value in the form main checks', () => {
    const parse = (filter: UserColumnFilter | undefined) => userRowsQuery.parse({ page: 0, pageSize: 1, filter }).filter;
    const day = new Date('2026-11-30T00:00:00.000Z');
    expect(parse(userFilterOf({ field: 'lastUse', operator: 'before', value: day }))).toEqual({
      kind: 'date',
      field: 'lastUse',
      operator: 'before',
      value: '2026-11-30',
    });
    expect(parse(userFilterOf({ field: 'disabled', operator: 'is', value: 'true' }))).toMatchObject({ value: true });
    expect(parse(userFilterOf({ field: 'keyCount', operator: '>', value: '2' }))).toMatchObject({ value: 2 });
    expect(parse(userFilterOf({ field: 'keyCount', operator: '>', value: '' }))).not.toHaveProperty('value');
    expect(parse(userFilterOf({ field: 'email', operator: 'isEmpty' }))).toEqual({ kind: 'text', field: 'email', operator: 'isEmpty' });
    expect(userFilterOf({ field: 'name', operator: 'isAnyOf', value: ['a'] })).toBeUndefined();
    expect(userFilterOf({ field: 'id', operator: 'contains', value: 'a' })).toBeUndefined();
  });

  it('asks for the search as one phrase and leaves out what is not set', () => {
    expect(userRowsQueryOf({ page: 2, pageSize: 50 }, [], { items: [], quickFilterValues: ['Bay 1'] })).toEqual({
      page: 2,
      pageSize: 50,
      search: 'Bay 1',
    });
  });
});

/** Rows with every kind of value a column holds: none, empty, equal, other case and accents. */
const RULE_ROWS: UserRowWire[] = [
  ['a', 'Ada Lovelace', 'ada@example.org', 3, 1, '2026-11-30T10:00:00.000Z'],
  ['b', 'ada lovelace', null, 0, 0, null],
  ['c', 'Émile', '', 2, null, '2027-01-01T00:00:00.000Z'],
  ['d', 'Emile', 'EMILE@example.org', null, null, '2026-11-30T23:00:00.000Z'],
  ['e', 'Bay 1 operator', 'bay1@example.org', 2, 0, null],
  ['f', 'bay 10 Operator', 'x.y@example.org', 10, 2, '2026-01-01T00:00:00.000Z'],
].map(([id, name, email, keyCount, legacyKeys, lastUse], at) => ({
  id: id as string,
  name: name as string,
  email: email as string | null,
  disabled: at % 2 === 0,
  isSiteAdmin: at % 3 === 0,
  keysVisible: keyCount !== null,
  keyCount: keyCount as number | null,
  soonestExpiry: null,
  legacyKeys: legacyKeys as number | null,
  lastUse: lastUse as string | null,
}));

const NOW = new Date('2026-12-01T00:00:00Z');
const column = { field: 'x' } as GridColDef;

/** The rows the data grid's own operator leaves, as its filter applied it in the renderer. */
function gridFilter(operators: GridFilterOperator[], operator: string, field: keyof UserRowWire, value: unknown): string[] {
  const chosen = operators.find((candidate) => candidate.value === operator)!;
  const apply = chosen.getApplyFilterFn({ field, operator, value }, column);
  return RULE_ROWS.filter((row) => (apply ? apply(row[field] as never, row, column, {} as never) : true)).map((row) => row.id);
}

const mainFilter = (filter: UserColumnFilter) =>
  queryUserRows(RULE_ROWS, userRowsQuery.parse({ page: 0, pageSize: 100, filter }), NOW).rows.map((row) => row.id);

describe("main's filters and sorts agree with the data grid's own", () => {
  it('for every text operator, on names and e-mails, with values of other case and accents', () => {
    for (const operator of USER_TEXT_OPERATORS) {
      for (const field of ['name', 'email'] as const) {
        for (const value of ['ada lovelace', 'emile', 'EMILE', 'bay 1', ' Operator ', '@example.org', 'x.y', '']) {
          const ours = mainFilter({ kind: 'text', field, operator, value });
          expect(ours, `${field} ${operator} "${value}"`).toEqual(gridFilter(getGridStringOperators(), operator, field, value));
        }
      }
    }
  });

  it('for every number operator, with users whose keys are not visible', () => {
    for (const operator of USER_NUMBER_OPERATORS) {
      for (const field of ['keyCount', 'legacyKeys'] as const) {
        for (const value of [0, 1, 2, 10]) {
          const ours = mainFilter({ kind: 'number', field, operator, value });
          expect(ours, `${field} ${operator} ${value}`).toEqual(gridFilter(getGridNumericOperators(), operator, field, value));
        }
      }
    }
  });

  it('for yes and no', () => {
    for (const field of ['disabled', 'isSiteAdmin'] as const) {
      for (const value of [true, false]) {
        expect(mainFilter({ kind: 'boolean', field, operator: 'is', value })).toEqual(
          gridFilter(getGridBooleanOperators(), 'is', field, String(value)),
        );
      }
    }
  });

  it('for every sort, either way, equal values in the order main listed them', () => {
    type Comparator = (a: unknown, b: unknown) => number;
    const comparators: Record<UserSortField, Comparator> = {
      name: gridStringOrNumberComparator as never,
      email: gridStringOrNumberComparator as never,
      disabled: gridNumberComparator as never,
      isSiteAdmin: gridNumberComparator as never,
      keyCount: gridNumberComparator as never,
      legacyKeys: gridNumberComparator as never,
      soonestExpiry: gridDateComparator as never,
      lastUse: gridDateComparator as never,
    };
    const valueOf = (row: UserRowWire, field: UserSortField): unknown => {
      const value = row[field];
      if (field === 'soonestExpiry' || field === 'lastUse') return value === null ? null : new Date(value as string);
      return typeof value === 'boolean' ? Number(value) : value;
    };
    for (const field of Object.keys(comparators) as UserSortField[]) {
      for (const direction of ['asc', 'desc'] as const) {
        const sign = direction === 'asc' ? 1 : -1;
        const expected = RULE_ROWS.map((row, at) => ({ row, at }))
          .sort(
            (x, y) =>
              sign * comparators[field](valueOf(x.row, field), valueOf(y.row, field)) ||
              x.at - y.at,
          )
          .map(({ row }) => row.id);
        const ours = queryUserRows(RULE_ROWS, userRowsQuery.parse({ page: 0, pageSize: 100, sort: { field, direction } }), NOW);
        expect(ours.rows.map((row) => row.id), `${field} ${direction}`).toEqual(expected);
      }
    }
  });
});
