/**
 * The scale seed for benchmarks: the demo seed (so the four well-known keys exist) topped up to 5,000 users,
 * 1,000 devices and 25,000 keys of which 3,000 legacy, with expiries and last uses spread over two years around now.
 * Deterministic, at most 5 keys per owner, applied in one transaction with prepared statements.
 */
import type { DeviceRow, KeyRow, UserRow } from '../db.js';
import { newEnhancedSecret, newId, newLegacySecret, seededRandom } from '../secrets.js';
import { demoSeedPlan } from './demo.js';
import { DAY_MS, keyRow, type SeedPlan } from './plan.js';
import { MAX_KEYS_PER_OWNER } from '../routes/keys.js';

export const SCALE_TOTALS = { users: 5000, devices: 1000, keys: 25_000, legacyKeys: 3000 } as const;
const SCALE_SEED = 0x5ca1e;

const FIRST = ['Alex', 'Sam', 'Kim', 'Lee', 'Noor', 'Ravi', 'Mei', 'Olu', 'Ines', 'Tomas', 'Yuki', 'Lena', 'Omar', 'Ana', 'Jon'];
const LAST = ['Garcia', 'Smith', 'Chen', 'Okafor', 'Novak', 'Silva', 'Khan', 'Muller', 'Rossi', 'Tanaka', 'Dubois', 'Berg'];
const DEVICE_TYPES = [
  'reaper',
  'reaper',
  'reaper',
  'importer',
  'importer',
  'importer',
  'importer',
  'connector',
  'connector',
  'cli',
];
const KEY_LABELS = ['Primary', 'Backup', 'Laptop', 'CI runner', 'Notebook', 'Pipeline', 'Upload tool', 'Batch export'];
const INTERVALS = [60, 300, 600, 3600];

export function scaleSeedPlan(now: Date, adminSecret?: string): SeedPlan {
  const demo = demoSeedPlan(now, adminSecret);
  const random = seededRandom(SCALE_SEED);
  const t = now.getTime();
  const pick = <T>(list: readonly T[]): T => list[random.int(list.length)] as T;
  const daysAgo = (max: number): Date => new Date(t - random.next() * max * DAY_MS);

  const users: UserRow[] = [...demo.users];
  for (let n = 1; users.length < SCALE_TOTALS.users; n++) {
    const firstname = pick(FIRST);
    const lastname = pick(LAST);
    const id = `${firstname}.${lastname}.${String(n).padStart(5, '0')}@scale.example.org`.toLowerCase();
    const roll = random.next();
    const created = daysAgo(1100);
    users.push({
      id,
      firstname,
      lastname,
      email: id,
      roles: JSON.stringify(roll < 0.01 ? ['site_admin'] : roll < 0.2 ? ['developer'] : ['user']),
      disabled: random.next() < 0.02 ? 1 : 0,
      created: created.toISOString(),
      modified: created.toISOString(),
      lastlogin: random.next() < 0.2 ? null : daysAgo(90).toISOString(),
    });
  }

  const devices: DeviceRow[] = [...demo.devices];
  for (let n = 1; devices.length < SCALE_TOTALS.devices; n++) {
    const type = pick(DEVICE_TYPES);
    const created = daysAgo(1100);
    const hasInterval = random.next() < 0.7;
    const seen = random.next() < 0.85;
    devices.push({
      id: newId(random),
      label: `${type[0]?.toUpperCase()}${type.slice(1)} ${String(n).padStart(4, '0')}`,
      type,
      version: `1.${random.int(10)}.${random.int(10)}`,
      name: `${type}-${n}`,
      errors: JSON.stringify(random.next() < 0.05 ? ['Upload failed: connection reset'] : []),
      info: '{}',
      interval: hasInterval ? pick(INTERVALS) : null,
      // Mostly recent check-ins, so statuses spread over ok and missing.
      last_seen: seen ? new Date(t - random.next() ** 3 * 2 * DAY_MS).toISOString() : null,
      disabled: random.next() < 0.03 ? 1 : 0,
      created: created.toISOString(),
      modified: created.toISOString(),
    });
  }

  // Owners with room for more keys; each new key goes to a random owner, probing on when that one is full.
  const owners: { type: 'user' | 'device'; id: string; count: number }[] = [
    ...users.map((row) => ({ type: 'user' as const, id: row.id, count: 0 })),
    ...devices.map((row) => ({ type: 'device' as const, id: row.id, count: 0 })),
  ];
  const index = new Map(owners.map((owner, i) => [`${owner.type}:${owner.id}`, i]));
  for (const key of demo.keys) {
    const owner = owners[index.get(`${key.origin_type}:${key.origin_id}`) ?? -1];
    if (owner) owner.count += 1;
  }
  const keys: KeyRow[] = [...demo.keys];
  let legacyCount = demo.keys.filter((key) => key.legacy_secret !== null).length;
  while (keys.length < SCALE_TOTALS.keys) {
    let i = random.int(owners.length);
    while ((owners[i]?.count ?? MAX_KEYS_PER_OWNER) >= MAX_KEYS_PER_OWNER) i = (i + 1) % owners.length;
    const owner = owners[i];
    if (!owner) break;
    owner.count += 1;
    const remaining = SCALE_TOTALS.keys - keys.length;
    const isLegacy = random.int(remaining) < SCALE_TOTALS.legacyKeys - legacyCount;
    const expiresAt = isLegacy ? null : new Date(t + (random.next() * 2 - 1) * 365 * DAY_MS);
    // A key is created before it expires.
    const created = new Date(Math.min(daysAgo(730).getTime(), (expiresAt?.getTime() ?? t) - DAY_MS));
    const usedUntil = Math.min(t, expiresAt?.getTime() ?? t);
    const lastUsed =
      random.next() < 0.25 || usedUntil <= created.getTime()
        ? null
        : new Date(created.getTime() + random.next() * (usedUntil - created.getTime()));
    if (isLegacy) legacyCount += 1;
    keys.push(
      keyRow(
        {
          owner: { type: owner.type, id: owner.id },
          label: isLegacy ? 'Legacy Key' : `${pick(KEY_LABELS)} ${random.int(100)}`,
          ...(isLegacy ? { legacySecret: newLegacySecret(random) } : { enhancedSecret: newEnhancedSecret(random) }),
          expiresAt,
          lastUsed,
          created,
        },
        now,
        random,
      ),
    );
  }
  return { users, devices, keys, seedKeys: demo.seedKeys };
}
