/** The Devices grid's questions as main answers them (shared/device-rows-query.ts): the search, pages, refusals. */
import { describe, expect, it } from 'vitest';
import type { DeviceRowWire } from '../../../shared/inventory-query.js';
import { deviceRowsQuery, deviceShownTexts, queryDeviceRows, type DeviceRowsQuery } from '../../../shared/device-rows-query.js';

const NOW = new Date('2026-12-01T12:00:00Z');

function row(id: string, fields: Partial<DeviceRowWire> = {}): DeviceRowWire {
  return {
    id,
    label: `Device ${id}`,
    type: 'reaper',
    health: 'ok',
    lastSeen: '2026-12-01T11:58:30.000Z',
    interval: 60,
    location: '',
    modality: '',
    keyCount: 1,
    soonestExpiry: '2027-01-10T00:00:00.000Z',
    hasLegacyKeys: false,
    disabled: false,
    ...fields,
  };
}

const ROWS: DeviceRowWire[] = [
  row('mri', { label: 'MRI Reaper (Bay 1)', health: 'missing', location: 'Room B12', modality: 'MR', keyCount: 3 }),
  row('ct', { label: 'CT Reaper (Bay 10)', soonestExpiry: '2026-12-01T12:00:00.000Z', keyCount: 2 }),
  row('us', {
    label: 'Ultrasound importer',
    type: 'importer',
    soonestExpiry: null,
    hasLegacyKeys: true,
    lastSeen: null,
    keyCount: 7,
  }),
  row('pet', { label: 'PET connector', type: 'connector', health: 'error', soonestExpiry: null, keyCount: 0 }),
];

const ask = (query: Partial<DeviceRowsQuery>, now = NOW) =>
  queryDeviceRows(ROWS, deviceRowsQuery.parse({ page: 0, pageSize: 100, ...query }), now).rows.map((device) => device.id);

describe('the Devices grid answered by main', () => {
  it("searches what each column shows: health in words, last seen in UTC, the soonest expiry's words", () => {
    expect(deviceShownTexts(ROWS[0]!, NOW)).toEqual([
      'MRI Reaper (Bay 1)',
      'reaper',
      'Missing',
      '2026-12-01 11:58 UTC',
      'Room B12',
      'MR',
      '2027-01-10',
    ]);
    expect(deviceShownTexts(ROWS[2]!, NOW).slice(2)).toEqual(['OK', '—', '', '', 'Rejected from 19.0']);
    expect(deviceShownTexts(ROWS[3]!, NOW).at(-1)).toBe('—');
    expect(ask({ search: 'missing' })).toEqual(['mri']);
    expect(ask({ search: 'Bay 1' })).toEqual(['mri']);
    expect(ask({ search: '2026-12-01 11:58' })).toEqual(['mri', 'ct', 'pet']);
    expect(ask({ search: 'Rejected from 19.0' })).toEqual(['us']);
    expect(ask({ search: 'room b12' })).toEqual(['mri']);
  });

  it('finds a key count equal to a number searched, as the grid did', () => {
    expect(ask({ search: '7' })).toEqual(['us']);
    expect(ask({ search: '3' })).toEqual(['mri']);
  });

  it('says "Expired" from the soonest expiry\'s instant on, also when the texts were made before it', () => {
    const before = new Date(NOW.getTime() - 1);
    expect(ask({ search: 'Expired' }, before)).toEqual([]);
    expect(ask({ search: 'Expired 2026-12-01' }, NOW)).toEqual(['ct']);
    // And back: a clock set back makes the texts again.
    expect(ask({ search: 'Expired' }, before)).toEqual([]);
  });

  it('pages the rows the filter leaves, and counts them all', () => {
    const query = deviceRowsQuery.parse({ page: 1, pageSize: 2, sort: { field: 'keyCount', direction: 'desc' } });
    expect(queryDeviceRows(ROWS, query, NOW)).toMatchObject({ total: 4, devices: 4 });
    expect(queryDeviceRows(ROWS, query, NOW).rows.map((device) => device.id)).toEqual(['ct', 'pet']);
    expect(ask({ filter: { kind: 'select', field: 'health', operator: 'isAnyOf', value: ['missing', 'error'] } })).toEqual([
      'mri',
      'pet',
    ]);
    expect(ask({ filter: { kind: 'select', field: 'health', operator: 'not', value: 'ok' } })).toEqual(['mri', 'pet']);
    expect(ask({ filter: { kind: 'dateTime', field: 'lastSeen', operator: 'isEmpty' } })).toEqual(['us']);
    expect(ask({ filter: { kind: 'dateTime', field: 'lastSeen', operator: 'is', value: '2026-12-01T11:58:00.000Z' } })).toEqual([
      'mri',
      'ct',
      'pet',
    ]);
    expect(
      ask({ filter: { kind: 'dateTime', field: 'lastSeen', operator: 'after', value: '2026-12-01T11:58:00.000Z' } }),
    ).toEqual(['mri', 'ct', 'pet']);
    expect(
      ask({ filter: { kind: 'dateTime', field: 'lastSeen', operator: 'before', value: '2026-12-01T11:58:00.000Z' } }),
    ).toEqual([]);
  });

  it('refuses a column it does not filter, a value of the wrong kind, a time off the minute, a page too large', () => {
    const refused = (query: unknown) => deviceRowsQuery.safeParse(query).success === false;
    expect(refused({ page: 0, pageSize: 101 })).toBe(true);
    expect(refused({ page: 0, pageSize: 10, filter: { kind: 'text', field: 'id', operator: 'contains', value: 'a' } })).toBe(
      true,
    );
    expect(refused({ page: 0, pageSize: 10, filter: { kind: 'select', field: 'health', operator: 'is', value: ['ok'] } })).toBe(
      true,
    );
    expect(
      refused({ page: 0, pageSize: 10, filter: { kind: 'select', field: 'health', operator: 'isAnyOf', value: 'ok' } }),
    ).toBe(true);
    expect(
      refused({
        page: 0,
        pageSize: 10,
        filter: { kind: 'dateTime', field: 'lastSeen', operator: 'is', value: '2026-12-01T11:58:30.000Z' },
      }),
    ).toBe(true);
    expect(
      refused({ page: 0, pageSize: 10, filter: { kind: 'dateTime', field: 'lastSeen', operator: 'is', value: '2026-12-01' } }),
    ).toBe(true);
    expect(refused({ page: 0, pageSize: 10, sort: { field: 'interval', direction: 'asc' } })).toBe(true);
  });
});
