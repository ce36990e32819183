/**
 * What the migration grid asks main for (legacyKeysQueryOf): its page, its column sort, its phase or replacer filter
 * (one value or several), and the page's search as one phrase; nothing for what main does not filter on.
 */
import { describe, expect, it } from 'vitest';
import { legacyKeysQueryOf } from '../../../renderer/pages/migration/legacy-keys-grid.js';

const page = { page: 2, pageSize: 50 };
const none = { items: [] };

describe('the migration grid asks main', () => {
  it('for its page of either list, and the search as one phrase', () => {
    expect(legacyKeysQueryOf(false, page, [], none, '')).toEqual({ list: 'present', page: 2, pageSize: 50 });
    expect(legacyKeysQueryOf(true, page, [], none, '  CT   Reaper ')).toEqual({
      list: 'deleted',
      page: 2,
      pageSize: 50,
      search: 'CT Reaper',
    });
    // Never more than main answers in a page.
    expect(legacyKeysQueryOf(false, { page: 0, pageSize: 500 }, [], none, '').pageSize).toBe(100);
  });

  it('for the column sorted, and no sort for a column main does not sort by', () => {
    expect(legacyKeysQueryOf(false, page, [{ field: 'lastUsed', sort: 'desc' }], none, '').sort).toEqual({
      field: 'lastUsed',
      direction: 'desc',
    });
    expect(legacyKeysQueryOf(false, page, [{ field: 'next', sort: 'asc' }], none, '').sort).toBeUndefined();
    expect(legacyKeysQueryOf(false, page, [{ field: 'owner', sort: null }], none, '').sort).toBeUndefined();
  });

  it('for the phases or replacers a filter names, one or several, and nothing for an empty filter', () => {
    const is = { items: [{ id: 1, field: 'phase', operator: 'is', value: 'replace' }] };
    expect(legacyKeysQueryOf(false, page, [], is, '').phases).toEqual(['replace']);
    const anyOf = { items: [{ id: 1, field: 'responsible', operator: 'isAnyOf', value: ['owner', 'admin'] }] };
    const query = legacyKeysQueryOf(false, page, [], anyOf, '');
    expect(query.responsible).toEqual(['owner', 'admin']);
    expect(query.phases).toBeUndefined();
    for (const value of [undefined, '', []]) {
      const empty = { items: [{ id: 1, field: 'phase', operator: 'isAnyOf', value }] };
      expect(legacyKeysQueryOf(false, page, [], empty, ''), JSON.stringify(value)).not.toHaveProperty('phases');
    }
  });
});
