import { describe, expect, it } from 'vitest';
import type { DeviceRecord, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import {
  collisionDays,
  countStatuses,
  deviceTypeOf,
  deviceTypesById,
  expiriesByDay,
  filterByStatus,
  keysOfOwner,
  phraseMatcher,
  searchPhrase,
  statusOfKey,
  toKeyRow,
  toKeyRows,
  toUserRows,
  usageOfKey,
} from '../../../shared/inventory-stats.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-12-01T12:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

let seq = 0;
function key(overrides: Partial<KeyRecord> = {}): KeyRecord {
  seq += 1;
  return {
    id: `k${seq}`,
    label: `key ${seq}`,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev1',
    ownerLabel: 'Scanner 1',
    ownerDisabled: false,
    created: at(-30 * DAY_MS),
    expiresAt: at(60 * DAY_MS),
    lastUsed: at(-DAY_MS),
    isAppKey: false,
    ...overrides,
  };
}

function device(overrides: Partial<DeviceRecord> = {}): DeviceRecord {
  return testDevice({ id: 'dev1', label: 'Scanner 1', ...overrides });
}

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 'ada@example.org',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    disabled: false,
    isSiteAdmin: true,
    keysVisible: true,
    lastLogin: null,
    ...overrides,
  };
}

describe('status at threshold boundaries', () => {
  it('is expiring soon at exactly 7 days and active 1 ms later', () => {
    expect(statusOfKey(key({ expiresAt: at(7 * DAY_MS) }), NOW)).toBe('expiring-soon');
    expect(statusOfKey(key({ expiresAt: at(7 * DAY_MS + 1) }), NOW)).toBe('active');
  });

  it('is expired when it expires now, and expiring soon 1 ms before', () => {
    expect(statusOfKey(key({ expiresAt: at(0) }), NOW)).toBe('expired');
    expect(statusOfKey(key({ expiresAt: at(1) }), NOW)).toBe('expiring-soon');
  });

  it('follows the admin threshold', () => {
    const k = key({ expiresAt: at(20 * DAY_MS) });
    expect(statusOfKey(k, NOW, { expiringWithinDays: 30, idleAfterDays: 90 })).toBe('expiring-soon');
    expect(statusOfKey(k, NOW)).toBe('active');
  });

  it('puts a disabled owner before expiry and legacy', () => {
    expect(statusOfKey(key({ ownerDisabled: true, expiresAt: at(-DAY_MS) }), NOW)).toBe('owner-disabled');
    expect(statusOfKey(key({ ownerDisabled: true, kind: 'legacy', expiresAt: null }), NOW)).toBe('owner-disabled');
  });

  it('is legacy by kind, by label, or without expiry', () => {
    expect(statusOfKey(key({ kind: 'legacy' }), NOW)).toBe('legacy');
    expect(statusOfKey(key({ label: 'Legacy Key' }), NOW)).toBe('legacy');
    expect(statusOfKey(key({ expiresAt: null }), NOW)).toBe('legacy');
  });

  it('counts every status, zero where none', () => {
    const counts = countStatuses(
      [
        key({ expiresAt: at(DAY_MS) }),
        key({ expiresAt: at(7 * DAY_MS) }),
        key({ expiresAt: at(-1) }),
        key({ kind: 'legacy', expiresAt: null }),
        key({ ownerDisabled: true }),
        key(),
      ],
      NOW,
    );
    expect(counts).toEqual({ active: 1, 'expiring-soon': 2, expired: 1, legacy: 1, 'owner-disabled': 1 });
    expect(countStatuses([], NOW)).toEqual({ active: 0, 'expiring-soon': 0, expired: 0, legacy: 0, 'owner-disabled': 0 });
  });
});

describe('usage', () => {
  it('is idle at exactly 90 days unused, recent 1 ms before, never used without a use', () => {
    expect(usageOfKey(key({ lastUsed: at(-90 * DAY_MS) }), NOW)).toBe('idle');
    expect(usageOfKey(key({ lastUsed: at(-90 * DAY_MS + 1) }), NOW)).toBe('recent');
    expect(usageOfKey(key({ lastUsed: null }), NOW)).toBe('never-used');
    expect(usageOfKey(key({ lastUsed: at(-10 * DAY_MS) }), NOW, { expiringWithinDays: 7, idleAfterDays: 10 })).toBe('idle');
  });
});

describe('expiries by day', () => {
  it('groups by UTC day within the next 90 days, earliest first', () => {
    const keys = [
      key({ id: 'late', expiresAt: '2026-12-03T23:59:59.999Z' }),
      key({ id: 'early', expiresAt: '2026-12-03T00:00:00.000Z' }),
      key({ id: 'next', expiresAt: '2026-12-04T00:00:00.000Z' }),
      key({ id: 'first', expiresAt: '2026-12-02T08:00:00+02:00' }), // 06:00 UTC on the 2nd
      key({ id: 'past', expiresAt: at(-1) }),
      key({ id: 'now', expiresAt: at(0) }),
      key({ id: 'edge', expiresAt: at(90 * DAY_MS) }),
      key({ id: 'beyond', expiresAt: at(90 * DAY_MS + 1) }),
      key({ id: 'legacy', expiresAt: null }),
    ];
    expect(expiriesByDay(keys, NOW)).toEqual([
      { day: '2026-12-02', count: 1, keyIds: ['first'] },
      { day: '2026-12-03', count: 2, keyIds: ['late', 'early'] },
      { day: '2026-12-04', count: 1, keyIds: ['next'] },
      { day: '2027-03-01', count: 1, keyIds: ['edge'] },
    ]);
  });

  it('marks days with 3 or more keys as collisions', () => {
    const day = '2027-01-15T10:00:00.000Z';
    const groups = expiriesByDay(
      [key({ expiresAt: day }), key({ expiresAt: day }), key({ expiresAt: day }), key({ expiresAt: at(3 * DAY_MS) })],
      NOW,
    );
    expect(collisionDays(groups).map((g) => [g.day, g.count])).toEqual([['2027-01-15', 3]]);
    expect(collisionDays(groups, 4)).toEqual([]);
  });
});

describe('rows', () => {
  it('precomputes plain key rows and filters them by status', () => {
    const keys = [key({ id: 'a', expiresAt: at(DAY_MS) }), key({ id: 'b' }), key({ id: 'c', lastUsed: null, created: null })];
    const rows = toKeyRows({ keys, devices: [device()] }, NOW);
    expect(rows[0]).toMatchObject({
      id: 'a',
      status: 'expiring-soon',
      usage: 'recent',
      ownerLabel: 'Scanner 1',
      deviceType: 'reaper',
    });
    expect(rows[0]?.expires).toEqual(new Date(at(DAY_MS)));
    expect(rows[2]).toMatchObject({ created: null, lastUsed: null, usage: 'never-used' });
    expect(filterByStatus(rows, 'expiring-soon').map((r) => r.id)).toEqual(['a']);
    expect(filterByStatus(rows, 'all')).toHaveLength(3);
  });

  it("gives each row its owner device's type, and none to a user's key", () => {
    const keys = [
      key({ id: 'r', ownerId: 'dev1' }),
      key({ id: 'i', ownerId: 'dev2', kind: 'legacy', expiresAt: null }),
      key({ id: 'u', ownerType: 'user', ownerId: 'dev1' }),
      key({ id: 'gone', ownerId: 'dev-not-listed' }),
    ];
    const devices = [device({ id: 'dev1', type: 'reaper' }), device({ id: 'dev2', type: 'importer' })];
    const rows = toKeyRows({ keys, devices }, NOW);
    expect(rows.map((row) => [row.id, row.deviceType])).toEqual([
      ['r', 'reaper'],
      ['i', 'importer'],
      // a user whose id happens to be a device's id is still a user
      ['u', null],
      ['gone', null],
    ]);
    expect(rows[1]).toMatchObject({ kind: 'legacy', status: 'legacy', expires: null });

    const types = deviceTypesById(devices);
    expect(deviceTypeOf(keys[1]!, types)).toBe('importer');
    expect(deviceTypeOf(keys[2]!, types)).toBeNull();
    expect(toKeyRow(keys[0]!, 'connector', NOW).deviceType).toBe('connector');
    expect(toKeyRow(keys[2]!, null, NOW).deviceType).toBeNull();
    // Made once per list of devices; another list (a refresh's) gets its own.
    expect(deviceTypesById(devices)).toBe(types);
    const renamed = devices.map((device) => ({ ...device, type: 'reaper' }));
    expect(deviceTypeOf(keys[1]!, deviceTypesById(renamed))).toBe('reaper');
    expect(deviceTypeOf(keys[1]!, deviceTypesById(devices))).toBe('importer');
  });

  it('summarises each user, and hides the key fields where the site does not show them', () => {
    const keys = [
      key({ ownerType: 'user', ownerId: 'ada', expiresAt: at(5 * DAY_MS), lastUsed: at(-3 * DAY_MS) }),
      key({ ownerType: 'user', ownerId: 'ada', kind: 'legacy', expiresAt: null, lastUsed: at(-DAY_MS) }),
      key({ ownerType: 'device', ownerId: 'ada' }),
    ];
    const rows = toUserRows(
      [user({ id: 'ada' }), user({ id: 'bob', name: 'Bob' }), user({ id: 'eve', keysVisible: false })],
      keys,
    );
    expect(rows[0]).toMatchObject({ keyCount: 2, legacyKeys: 1 });
    expect(rows[0]?.soonestExpiry).toEqual(new Date(at(5 * DAY_MS)));
    expect(rows[0]?.lastUse).toEqual(new Date(at(-DAY_MS)));
    expect(rows[1]).toMatchObject({ keyCount: 0, legacyKeys: 0, soonestExpiry: null, lastUse: null });
    expect(rows[2]).toMatchObject({ keysVisible: false, keyCount: null, legacyKeys: null });
    expect(keysOfOwner(keys, 'user', 'ada')).toHaveLength(2);
  });
});

describe('search: whole phrases (issue 10)', () => {
  const finds = (query: string, text: string) => phraseMatcher(query)?.(text) ?? true;

  it('"Bay 1" finds Bay 1, never Bay 2 nor Bay 10', () => {
    expect(finds('Bay 1', 'MRI Reaper (Bay 1)')).toBe(true);
    expect(finds('Bay 1', 'CT Reaper (Bay 2)')).toBe(false);
    expect(finds('Bay 1', 'CT Reaper (Bay 10)')).toBe(false);
    expect(finds('Bay 1', 'Bay 1-A')).toBe(true);
    expect(finds('Bay 1', 'Sickbay 1')).toBe(false);
  });

  it('keeps the words together and in order: a phrase, not words found anywhere', () => {
    expect(finds('Bay 1', 'Bay 2, room 1')).toBe(false);
    expect(finds('Reaper Bay', 'Reaper (Bay 1)')).toBe(false);
    expect(finds('MRI Reaper', 'MRI Reaper (Bay 1)')).toBe(true);
  });

  it('ignores case and runs of spaces, and needs no quotes', () => {
    expect(finds('  bay   1 ', 'MRI Reaper (BAY 1)')).toBe(true);
    expect(finds('bay 1', 'Bay\u00a01')).toBe(true);
    expect(searchPhrase('  Bay \t 1 ')).toBe('Bay 1');
  });

  it('matches whole words: "reaper" is not "reapers", a date prefix stops at a boundary', () => {
    expect(finds('reaper', 'CT Reaper')).toBe(true);
    expect(finds('reaper', 'Reapers')).toBe(false);
    expect(finds('2026-11', '2026-11-27')).toBe(true);
    expect(finds('2026-1', '2026-11-27')).toBe(false);
  });

  it('a phrase edge that is not a letter or digit needs no boundary; special characters are taken literally', () => {
    expect(finds('@example.org', 'ada@example.org')).toBe(true);
    expect(finds('ada@', 'ada@example.org')).toBe(true);
    expect(finds('(Bay 1)', 'MRI Reaper (Bay 1)')).toBe(true);
    expect(finds('a.c', 'abc')).toBe(false);
    expect(finds('.*', 'anything')).toBe(false);
  });

  it('works with letters beyond ASCII', () => {
    expect(finds('Zürich', 'Scanner Zürich 2')).toBe(true);
    expect(finds('Zür', 'Scanner Zürich 2')).toBe(false);
  });

  it('an empty search is no test at all', () => {
    expect(phraseMatcher('')).toBeNull();
    expect(phraseMatcher('   ')).toBeNull();
  });
});
