/**
 * The grids' shared pieces (issue 10): the admin's column choice kept per table in localStorage, the phrase search
 * on top of the grid's quick filter, and a column filter described in words for the export.
 */
import { describe, expect, it } from 'vitest';
import type { GridColDef } from '@mui/x-data-grid';
import { columnStorageKey, readColumnVisibility, writeColumnVisibility } from '../../../renderer/components/column-visibility.js';
import { phraseText, phraseValues, withPhraseSearch, withSearch } from '../../../renderer/components/grid-search.js';
import { describeFilterItem } from '../../../renderer/pages/inventory/export-buttons.js';

const DEFAULTS = { created: false, usage: false };

describe('the columns kept per table', () => {
  it('start from the defaults, then keep what the admin chose', () => {
    expect(readColumnVisibility('inventory', DEFAULTS)).toEqual(DEFAULTS);
    // The grid's model after the admin showed Created and hid Owner type (Usage still hidden).
    writeColumnVisibility('inventory', { created: true, usage: false, ownerType: false }, DEFAULTS);
    expect(readColumnVisibility('inventory', DEFAULTS)).toEqual({ created: true, usage: false, ownerType: false });
    expect(readColumnVisibility('devices', { lastSeen: false })).toEqual({ lastSeen: false });
  });

  it('"Show all" drops columns from the grid\'s model: a default-hidden column is kept as shown', () => {
    writeColumnVisibility('inventory', {}, DEFAULTS);
    expect(readColumnVisibility('inventory', DEFAULTS)).toEqual({ created: true, usage: true });
  });

  it('ignores what is not a map of yes/no', () => {
    for (const stored of ['not json', '[1,2]', '"x"', 'null', '{"created":"yes","usage":true}']) {
      window.localStorage.setItem(columnStorageKey('users'), stored);
      expect(readColumnVisibility('users', DEFAULTS)).toEqual(
        stored.startsWith('{') ? { created: false, usage: true } : DEFAULTS,
      );
    }
  });
});

describe('the phrase search', () => {
  it('is one quick-filter value, trimmed, with single spaces', () => {
    expect(phraseValues('  Bay   1 ')).toEqual(['Bay 1']);
    expect(phraseValues('   ')).toEqual([]);
    expect(phraseText(['Bay 1'])).toBe('Bay 1');
    expect(withSearch({ items: [] }, 'Bay 1')).toEqual({
      items: [],
      quickFilterValues: ['Bay 1'],
      quickFilterExcludeHiddenColumns: false,
    });
  });

  it('replaces the quick filter of text, date and select columns only', () => {
    const columns: GridColDef[] = [
      { field: 'name' },
      { field: 'day', type: 'date' },
      { field: 'kind', type: 'singleSelect' },
      { field: 'count', type: 'number' },
      { field: 'off', type: 'boolean' },
      { field: 'own', getApplyQuickFilterFn: () => null },
    ];
    const searched = withPhraseSearch(columns).map((column) => Boolean(column.getApplyQuickFilterFn));
    expect(searched).toEqual([true, true, true, false, false, true]);
    expect(withPhraseSearch(columns)[5]!.getApplyQuickFilterFn).toBe(columns[5]!.getApplyQuickFilterFn);
  });
});

describe('a column filter in words', () => {
  const ownerType: GridColDef = {
    field: 'ownerType',
    headerName: 'Owner type',
    type: 'singleSelect',
    valueOptions: [
      { value: 'device', label: 'Device' },
      { value: 'user', label: 'User' },
    ],
  };

  it('names the column, the operator and the value as the grid shows them', () => {
    expect(describeFilterItem(ownerType, { field: 'ownerType', operator: 'is', value: 'device' })).toBe('Owner type is Device');
    expect(describeFilterItem(ownerType, { field: 'ownerType', operator: 'isAnyOf', value: ['device', 'user'] })).toBe(
      'Owner type is any of Device, User',
    );
    const created: GridColDef = { field: 'created', headerName: 'Created', type: 'date' };
    expect(
      describeFilterItem(created, { field: 'created', operator: 'onOrAfter', value: new Date('2026-11-01T00:00:00Z') }),
    ).toBe('Created on or after 2026-11-01');
    expect(describeFilterItem({ field: 'label', headerName: 'Label' }, { field: 'label', operator: 'isEmpty' })).toBe(
      'Label is empty',
    );
  });

  it('is nothing for a filter without a value: the grid does not apply it', () => {
    expect(describeFilterItem(ownerType, { field: 'ownerType', operator: 'is', value: undefined })).toBeNull();
    expect(describeFilterItem(ownerType, { field: 'ownerType', operator: 'isAnyOf', value: [] })).toBeNull();
  });
});
