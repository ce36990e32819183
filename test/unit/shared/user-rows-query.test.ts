/** The Users grid's questions as main answers them (shared/user-rows-query.ts): pages, sorts, filters, the search. */
import { describe, expect, it } from 'vitest';
import type { UserRowWire } from '../../../shared/inventory-query.js';
import {
  MAX_USER_PAGE_SIZE,
  keyCountText,
  lastUseText,
  queryUserRows,
  soonestExpiryText,
  userRowsQuery,
  userShownTexts,
  type UserColumnFilter,
  type UserRowsQuery,
} from '../../../shared/user-rows-query.js';

const NOW = new Date('2026-12-01T12:00:00Z');

function row(id: string, fields: Partial<UserRowWire> = {}): UserRowWire {
  return {
    id,
    name: `User ${id}`,
    email: `${id}@example.org`,
    disabled: false,
    isSiteAdmin: false,
    keysVisible: true,
    keyCount: 1,
    soonestExpiry: '2027-01-10T00:00:00.000Z',
    legacyKeys: 0,
    lastUse: '2026-11-20T08:30:00.000Z',
    ...fields,
  };
}

const ROWS: UserRowWire[] = [
  row('ada', { name: 'Ada Lovelace', isSiteAdmin: true, keyCount: 3, legacyKeys: 1, soonestExpiry: '2026-11-30T10:00:00.000Z' }),
  row('bay1', { name: 'Bay 1 operator', disabled: true, keyCount: 2, lastUse: null }),
  row('bay10', { name: 'Bay 10 operator', keyCount: 0, soonestExpiry: null, legacyKeys: 0, lastUse: null }),
  row('emile', { name: 'Émile Zola', email: null, keyCount: 1, legacyKeys: 1, soonestExpiry: null }),
  row('hidden', { name: 'Hidden keys', keysVisible: false, keyCount: null, legacyKeys: null, soonestExpiry: null, lastUse: null }),
  row('zed', { name: 'zed lower', email: 'ZED@Example.org', keyCount: 2, soonestExpiry: '2026-12-01T12:00:00.000Z' }),
];

const ask = (query: Partial<UserRowsQuery>, rows: readonly UserRowWire[] = ROWS) =>
  queryUserRows(rows, userRowsQuery.parse({ page: 0, pageSize: MAX_USER_PAGE_SIZE, ...query }), NOW);
const ids = (query: Partial<UserRowsQuery>, rows?: readonly UserRowWire[]) => ask(query, rows).rows.map((r) => r.id);
const filtered = (filter: UserColumnFilter) => ids({ filter });

describe("the Users grid's shown texts", () => {
  const fields = (r: UserRowWire) => ({
    ...r,
    soonestExpiry: r.soonestExpiry ? new Date(r.soonestExpiry) : null,
    lastUse: r.lastUse ? new Date(r.lastUse) : null,
  });

  it('say "not visible" where the site does not show the keys, "—" where there is no date', () => {
    const hidden = fields(ROWS[4]!);
    expect([keyCountText(hidden, null), soonestExpiryText(hidden, NOW), lastUseText(hidden)]).toEqual([
      'not visible',
      'not visible',
      'not visible',
    ]);
    expect(lastUseText(fields(ROWS[1]!))).toBe('—');
    expect(soonestExpiryText(fields(ROWS[2]!), NOW)).toBe('—');
  });

  it('say "Expired" from the instant of expiry on, and the 19.0 upgrade where only legacy keys end', () => {
    expect(soonestExpiryText(fields(ROWS[0]!), NOW)).toBe('Expired 2026-11-30');
    expect(soonestExpiryText(fields(ROWS[5]!), NOW)).toBe('Expired 2026-12-01');
    expect(soonestExpiryText(fields(ROWS[5]!), new Date(NOW.getTime() - 1))).toBe('2026-12-01');
    expect(soonestExpiryText(fields(ROWS[3]!), NOW)).toBe('Rejected from 19.0');
    expect(userShownTexts(ROWS[1]!, NOW)).toEqual(['Bay 1 operator', 'bay1@example.org', '2027-01-10', '—']);
  });

  it('are the same texts the column formatters show, for every row and for a time given with an offset', () => {
    const offset = row('offset', { soonestExpiry: '2026-11-30T23:30:00-02:00', lastUse: '2026-11-20T23:30:00-02:00' });
    for (const one of [...ROWS, offset]) {
      const shown = fields(one);
      expect(userShownTexts(one, NOW)).toEqual([one.name, one.email ?? '', soonestExpiryText(shown, NOW), lastUseText(shown)]);
    }
    expect(userShownTexts(offset, NOW).slice(2)).toEqual(['Expired 2026-12-01', '2026-11-21']);
  });
});

describe('a page of users', () => {
  it("is the site's order without a sort, cut into pages, with how many match and how many there are", () => {
    expect(ids({})).toEqual(ROWS.map((r) => r.id));
    const second = ask({ page: 1, pageSize: 4 });
    expect(second.rows.map((r) => r.id)).toEqual(['hidden', 'zed']);
    expect([second.total, second.users]).toEqual([6, 6]);
    expect(ask({ page: 2, pageSize: 4 }).rows).toEqual([]);
  });

  it('sorts names by the collator (case and accents as a reader expects), either way', () => {
    expect(ids({ sort: { field: 'name', direction: 'asc' } })).toEqual(['ada', 'bay1', 'bay10', 'emile', 'hidden', 'zed']);
    expect(ids({ sort: { field: 'name', direction: 'desc' } })).toEqual(['zed', 'hidden', 'emile', 'bay10', 'bay1', 'ada']);
  });

  it('puts no value first going up and last going down; equal values keep the site order both ways', () => {
    expect(ids({ sort: { field: 'lastUse', direction: 'asc' } })).toEqual(['bay1', 'bay10', 'hidden', 'ada', 'emile', 'zed']);
    expect(ids({ sort: { field: 'lastUse', direction: 'desc' } })).toEqual(['ada', 'emile', 'zed', 'bay1', 'bay10', 'hidden']);
    expect(ids({ sort: { field: 'keyCount', direction: 'desc' } })).toEqual(['ada', 'bay1', 'zed', 'emile', 'bay10', 'hidden']);
    expect(ids({ sort: { field: 'disabled', direction: 'desc' } })[0]).toBe('bay1');
    expect(ids({ sort: { field: 'soonestExpiry', direction: 'asc' } })).toEqual(['bay10', 'emile', 'hidden', 'ada', 'zed', 'bay1']);
  });

  it('counts and pages only the rows the filter leaves, in the sort order', () => {
    const page = ask({
      filter: { kind: 'number', field: 'keyCount', operator: '>=', value: 1 },
      sort: { field: 'keyCount', direction: 'asc' },
      page: 1,
      pageSize: 2,
    });
    expect(page.rows.map((r) => r.id)).toEqual(['zed', 'ada']);
    expect([page.total, page.users]).toEqual([4, 6]);
  });

  it('is made again for other rows, not taken from the order kept for the last ones', () => {
    const sort = { field: 'name', direction: 'asc' } as const;
    expect(ids({ sort })).toEqual(['ada', 'bay1', 'bay10', 'emile', 'hidden', 'zed']);
    const renamed = ROWS.map((r) => (r.id === 'ada' ? { ...r, name: 'Zora' } : r));
    expect(ids({ sort }, renamed)).toEqual(['bay1', 'bay10', 'emile', 'hidden', 'zed', 'ada']);
  });
});

describe("the Users grid's column filters", () => {
  it('text: contains, equals, starts and ends without regard to case; empty where there is no e-mail', () => {
    expect(filtered({ kind: 'text', field: 'name', operator: 'contains', value: ' OPERATOR ' })).toEqual(['bay1', 'bay10']);
    expect(filtered({ kind: 'text', field: 'name', operator: 'doesNotContain', value: 'operator' })).toEqual([
      'ada',
      'emile',
      'hidden',
      'zed',
    ]);
    expect(filtered({ kind: 'text', field: 'email', operator: 'equals', value: 'zed@example.org' })).toEqual(['zed']);
    expect(filtered({ kind: 'text', field: 'name', operator: 'equals', value: 'emile zola' })).toEqual(['emile']);
    expect(filtered({ kind: 'text', field: 'name', operator: 'startsWith', value: 'bay 1' })).toEqual(['bay1', 'bay10']);
    expect(filtered({ kind: 'text', field: 'email', operator: 'endsWith', value: '.ORG' })).toHaveLength(5);
    expect(filtered({ kind: 'text', field: 'email', operator: 'isEmpty' })).toEqual(['emile']);
    expect(filtered({ kind: 'text', field: 'email', operator: 'doesNotEqual', value: 'ada@example.org' })).not.toContain('ada');
    expect(filtered({ kind: 'text', field: 'email', operator: 'doesNotEqual', value: 'ada@example.org' })).toContain('emile');
  });

  it('text: a phrase is searched for as typed, never as a pattern', () => {
    expect(filtered({ kind: 'text', field: 'name', operator: 'contains', value: '.*' })).toEqual([]);
  });

  it('yes or no', () => {
    expect(filtered({ kind: 'boolean', field: 'isSiteAdmin', operator: 'is', value: true })).toEqual(['ada']);
    expect(filtered({ kind: 'boolean', field: 'disabled', operator: 'is', value: false })).not.toContain('bay1');
  });

  it('numbers: a user whose keys are not visible matches no comparison but "is empty"', () => {
    expect(filtered({ kind: 'number', field: 'legacyKeys', operator: '>', value: 0 })).toEqual(['ada', 'emile']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: '<', value: 1 })).toEqual(['bay10']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: '<=', value: 1 })).toEqual(['bay10', 'emile']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: '=', value: 2 })).toEqual(['bay1', 'zed']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: '!=', value: 2 })).toEqual(['ada', 'bay10', 'emile', 'hidden']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: 'isEmpty' })).toEqual(['hidden']);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: 'isNotEmpty' })).toHaveLength(5);
  });

  it('dates: by the UTC day the grid shows', () => {
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'is', value: '2026-11-30' })).toEqual(['ada']);
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'before', value: '2026-12-01' })).toEqual(['ada']);
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'onOrBefore', value: '2026-12-01' })).toEqual(['ada', 'zed']);
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'after', value: '2026-12-01' })).toEqual(['bay1']);
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'onOrAfter', value: '2026-12-01' })).toEqual(['bay1', 'zed']);
    expect(filtered({ kind: 'date', field: 'soonestExpiry', operator: 'not', value: '2026-11-30' })).toEqual(['bay1', 'zed']);
    expect(filtered({ kind: 'date', field: 'lastUse', operator: 'isEmpty' })).toEqual(['bay1', 'bay10', 'hidden']);
    expect(filtered({ kind: 'date', field: 'lastUse', operator: 'isNotEmpty' })).toEqual(['ada', 'emile', 'zed']);
  });

  it('leaves every row while a filter waits for its value', () => {
    expect(filtered({ kind: 'text', field: 'name', operator: 'contains', value: '  ' })).toHaveLength(6);
    expect(filtered({ kind: 'number', field: 'keyCount', operator: '>' })).toHaveLength(6);
    expect(filtered({ kind: 'date', field: 'lastUse', operator: 'before' })).toHaveLength(6);
    expect(filtered({ kind: 'boolean', field: 'disabled', operator: 'is' })).toHaveLength(6);
  });

  it('refuses a filter main does not know, and a page too large', () => {
    const base = { page: 0, pageSize: 10 };
    expect(userRowsQuery.safeParse({ ...base, filter: { kind: 'text', field: 'id', operator: 'contains', value: 'a' } }).success).toBe(false);
    expect(userRowsQuery.safeParse({ ...base, filter: { kind: 'number', field: 'keyCount', operator: 'isAnyOf', value: 1 } }).success).toBe(false);
    expect(userRowsQuery.safeParse({ ...base, filter: { kind: 'date', field: 'lastUse', operator: 'is', value: '30/11/2026' } }).success).toBe(false);
    expect(userRowsQuery.safeParse({ page: 0, pageSize: MAX_USER_PAGE_SIZE + 1 }).success).toBe(false);
    expect(userRowsQuery.safeParse({ ...base, search: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe("the Users grid's search", () => {
  it('finds a whole phrase in a name or e-mail: "Bay 1" is not "Bay 10"', () => {
    expect(ids({ search: 'Bay 1' })).toEqual(['bay1']);
    expect(ids({ search: 'example.org' })).toEqual(['ada', 'bay1', 'bay10', 'hidden', 'zed']);
    expect(ids({ search: 'emile' })).toEqual([]);
    expect(ids({ search: 'Émile' })).toEqual(['emile']);
  });

  it('finds what the key columns show: a day, "Expired", "not visible", the 19.0 upgrade', () => {
    expect(ids({ search: '2026-11-30' })).toEqual(['ada']);
    expect(ids({ search: 'expired' })).toEqual(['ada', 'zed']);
    expect(ids({ search: 'not visible' })).toEqual(['hidden']);
    expect(ids({ search: 'Rejected from 19.0' })).toEqual(['emile']);
    expect(ids({ search: '2026-11-20' })).toEqual(['ada', 'emile', 'zed']);
  });

  it('finds a key count equal to a number, as the grid searched its number columns', () => {
    expect(ids({ search: '3' })).toEqual(['ada']);
    // No legacy key (0), and Émile's "Rejected from 19.0".
    expect(ids({ search: '0' })).toEqual(['bay1', 'bay10', 'emile', 'zed']);
  });

  it('and a column filter both hold', () => {
    expect(ids({ search: 'operator', filter: { kind: 'boolean', field: 'disabled', operator: 'is', value: true } })).toEqual(['bay1']);
  });

  it('reads "Expired" from the instant of expiry on, for the same rows asked again later (or earlier)', () => {
    const rows = [row('soon', { soonestExpiry: '2026-12-01T13:00:00.000Z' })];
    const expiredAt = (time: string) =>
      queryUserRows(rows, userRowsQuery.parse({ page: 0, pageSize: 10, search: 'expired' }), new Date(time)).total;
    expect(expiredAt('2026-12-01T12:00:00Z')).toBe(0);
    expect(expiredAt('2026-12-01T12:59:59Z')).toBe(0);
    expect(expiredAt('2026-12-01T13:00:00Z')).toBe(1);
    expect(expiredAt('2026-12-01T12:30:00Z')).toBe(0);
  });

  it('drops control characters, which no text holds', () => {
    expect(ids({ search: 'Bay\u00001' })).toEqual(['bay1']);
  });
});
