/**
 * The scale seed for benchmarks: the demo seed (so the four well-known keys exist) topped up to 5,000 users,
 * 1,000 devices and 25,000 keys of which 3,000 legacy, with expiries and last uses spread over two years around now;
 * a size factor N makes N times each of those totals (`--seed scale --scale 10`: 250,000 keys). Deterministic for a
 * given factor, at most 5 keys per owner, applied in one transaction with prepared statements.
 *
 * The legacy keys show the 19.0 migration as a site in the middle of it would: each made before every enhanced key
 * of its owner, some of disabled owners, and a share whose owner already uses a newer enhanced key while the legacy
 * key went quiet anywhere from within the hour to months ago.
 */
import type { DeviceRow, KeyRow, UserRow } from '../db.js';
import { newEnhancedSecret, newId, newLegacySecret, seededRandom } from '../secrets.js';
import { demoSeedPlan } from './demo.js';
import { DAY_MS, keyRow, type KeySpec, type SeedPlan } from './plan.js';
import { MAX_KEYS_PER_OWNER } from '../routes/keys.js';

export const SCALE_TOTALS = { users: 5000, devices: 1000, keys: 25_000, legacyKeys: 3000 } as const;
/** The share of enabled owners of a scale legacy key who also hold a newer enhanced key used in the last two days. */
export const SCALE_MIGRATING_SHARE = 0.4;
const SCALE_SEED = 0x5ca1e;
const MINUTE_MS = 60 * 1000;

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

/** The totals of the scale site at a size factor (a positive integer). */
export function scaleTotals(factor: number): { users: number; devices: number; keys: number; legacyKeys: number } {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`The scale factor must be a positive integer, got ${factor}`);
  return {
    users: SCALE_TOTALS.users * factor,
    devices: SCALE_TOTALS.devices * factor,
    keys: SCALE_TOTALS.keys * factor,
    legacyKeys: SCALE_TOTALS.legacyKeys * factor,
  };
}

export function scaleSeedPlan(now: Date, adminSecret?: string, factor = 1): SeedPlan {
  const totals = scaleTotals(factor);
  const demo = demoSeedPlan(now, adminSecret);
  const random = seededRandom(SCALE_SEED);
  const t = now.getTime();
  const pick = <T>(list: readonly T[]): T => list[random.int(list.length)] as T;
  const daysAgo = (max: number): Date => new Date(t - random.next() * max * DAY_MS);

  const users: UserRow[] = [...demo.users];
  for (let n = 1; users.length < totals.users; n++) {
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
  for (let n = 1; devices.length < totals.devices; n++) {
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

  // The scale data's own owners. The demo's owners keep exactly their demo keys, so their migration cases read the
  // same here as on the demo site (an enhanced key made 700 days ago must not land beside a demo legacy key).
  interface Owner {
    readonly type: 'user' | 'device';
    readonly row: UserRow | DeviceRow;
    readonly disabled: boolean;
    count: number;
  }
  const owners: Owner[] = [
    ...users.slice(demo.users.length).map((row) => ({ type: 'user' as const, row, disabled: row.disabled === 1, count: 0 })),
    ...devices
      .slice(demo.devices.length)
      .map((row) => ({ type: 'device' as const, row, disabled: row.disabled === 1, count: 0 })),
  ];
  const keys: KeyRow[] = [...demo.keys];
  const add = (owner: Owner, spec: Omit<KeySpec, 'owner'>): void => {
    owner.count += 1;
    const row = keyRow({ owner: { type: owner.type, id: owner.row.id }, ...spec }, now, random);
    keys.push(row);
    // An owner exists before its keys (ISO strings of one form compare as their times).
    if (row.created < owner.row.created) owner.row.created = row.created;
  };
  /** A last use log-uniformly spread from 5 minutes to 240 days ago: within the hour, days, weeks or months. */
  const recentUse = (): Date => new Date(t - 5 * MINUTE_MS * ((240 * DAY_MS) / (5 * MINUTE_MS)) ** random.next());

  // Legacy keys: one per owner, as a 2019 site gave each user and device one, made 731 to 1100 days ago (before
  // 16.19.0, so before every enhanced key, all made within 730 days). Half of the disabled owners hold one: not
  // blockers of the migration, but keys to delete. A share of the enabled ones are being migrated: their owner also
  // holds a newer enhanced key used in the last two days, while the legacy key was last used anywhere from within the
  // hour (still in use) to months ago (quiet long enough to delete).
  const shuffled = [...owners];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j] as Owner, shuffled[i] as Owner];
  }
  const disabledOwners = shuffled.filter((owner) => owner.disabled);
  const legacyOwners = [
    ...disabledOwners.slice(0, Math.ceil(disabledOwners.length / 2)),
    ...shuffled.filter((owner) => !owner.disabled),
  ].slice(0, totals.legacyKeys - demo.keys.filter((key) => key.legacy_secret !== null).length);
  for (const owner of legacyOwners) {
    const created = new Date(t - (731 + random.next() * 369) * DAY_MS);
    let lastUsed: Date | null;
    if (!owner.disabled && random.next() < SCALE_MIGRATING_SHARE) {
      add(owner, {
        label: `${pick(KEY_LABELS)} ${random.int(100)}`,
        enhancedSecret: newEnhancedSecret(random),
        expiresAt: new Date(t + (30 + random.next() * 335) * DAY_MS),
        lastUsed: new Date(t - random.next() * 2 * DAY_MS),
        created: new Date(t - (2 + random.next() * 400) * DAY_MS),
      });
      lastUsed = recentUse();
    } else {
      // Not being migrated yet: never used, used lately (blockers), or last used any time since it was made.
      const roll = random.next();
      lastUsed =
        roll < 0.25 ? null : roll < 0.6 ? recentUse() : new Date(created.getTime() + random.next() * (t - created.getTime()));
    }
    add(owner, { label: 'Legacy Key', legacySecret: newLegacySecret(random), expiresAt: null, lastUsed, created });
  }

  // Enhanced keys up to the total: each to a random owner, probing on when that one is full.
  while (keys.length < totals.keys) {
    let i = random.int(owners.length);
    while ((owners[i]?.count ?? MAX_KEYS_PER_OWNER) >= MAX_KEYS_PER_OWNER) i = (i + 1) % owners.length;
    const owner = owners[i];
    if (!owner) break;
    const expiresAt = new Date(t + (random.next() * 2 - 1) * 365 * DAY_MS);
    // A key is created before it expires.
    const created = new Date(Math.min(daysAgo(730).getTime(), expiresAt.getTime() - DAY_MS));
    const usedUntil = Math.min(t, expiresAt.getTime());
    const lastUsed =
      random.next() < 0.25 || usedUntil <= created.getTime()
        ? null
        : new Date(created.getTime() + random.next() * (usedUntil - created.getTime()));
    add(owner, {
      label: `${pick(KEY_LABELS)} ${random.int(100)}`,
      enhancedSecret: newEnhancedSecret(random),
      expiresAt,
      lastUsed,
      created,
    });
  }
  return { users, devices, keys, seedKeys: demo.seedKeys };
}
