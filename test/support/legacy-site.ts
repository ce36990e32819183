/**
 * A seeded site of 240 legacy keys in every phase of the migration, for the tests of the migration page and of
 * hand ticks: 160 users and 80 devices, each with a legacy key; some replaced (used or not), some owners disabled;
 * `gone` is a later snapshot without a tenth of the legacy keys.
 */
import type { DeviceRecord, Inventory, KeyRecord, UserRecord } from '../../shared/inventory.js';
import { DAY_MS } from '../../shared/time.js';
import { testDevice } from './records.js';

export const NOW = new Date('2026-11-26T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

export function seeded(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

export function legacySite(): { inventory: Inventory; gone: Inventory } {
  const random = seeded(7);
  const t = NOW.getTime();
  const devices: DeviceRecord[] = [];
  const users: UserRecord[] = [];
  const keys: KeyRecord[] = [];
  for (let n = 0; n < 240; n += 1) {
    const device = n % 3 === 0;
    const id = device ? `device-${n}` : `user-${n}@example.org`;
    const disabled = random.next() < 0.08;
    // Owner names repeat ("Scanner 7" and "Scanner 70"): a search for a phrase must not take one for the other.
    const name = device ? `Scanner ${random.int(90)}` : `Grace Hopper ${random.int(90)}`;
    if (device) {
      devices.push(testDevice({ id, label: name, type: ['reaper', 'importer', 'connector'][random.int(3)]!, disabled }));
    } else {
      users.push({ id, name, email: id, disabled, isSiteAdmin: false, keysVisible: true, lastLogin: null });
    }
    const owner = { ownerType: device ? 'device' : 'user', ownerId: id, ownerLabel: name, ownerDisabled: disabled } as const;
    const roll = random.next();
    keys.push({
      ...owner,
      id: `legacy-${String(n).padStart(3, '0')}`,
      label: 'Legacy Key',
      kind: 'legacy',
      created: iso(t - (700 + random.int(300)) * DAY_MS),
      expiresAt: null,
      // Some never used, some used at the same instant (ties for the sort).
      lastUsed: roll < 0.15 ? null : roll < 0.25 ? iso(t - 5 * DAY_MS) : iso(t - random.int(200) * DAY_MS - random.int(DAY_MS)),
      isAppKey: false,
    });
    if (random.next() < 0.5) {
      keys.push({
        ...owner,
        id: `new-${n}`,
        label: 'Replacement',
        kind: 'enhanced',
        created: iso(t - random.int(60) * DAY_MS),
        expiresAt: iso(t + 200 * DAY_MS),
        lastUsed: random.next() < 0.5 ? null : iso(t - random.int(30) * DAY_MS),
        isAppKey: false,
      });
    }
  }
  const inventory: Inventory = {
    siteId: 'site-1',
    siteName: 'Large',
    origin: 'https://large.example.org',
    fetchedAt: NOW.toISOString(),
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
    devices,
    users,
    keys,
  };
  // A later snapshot without a tenth of the legacy keys: those are listed as deleted.
  const gone: Inventory = { ...inventory, keys: keys.filter((key, k) => key.kind !== 'legacy' || k % 10 !== 3) };
  return { inventory, gone };
}
