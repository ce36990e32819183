/**
 * The migration rules on a large synthetic site (2,000 keys of 400 owners, seeded, fixed dates): the tracked keys,
 * each replacement and the order of the page agree with straightforward references over the whole key list, and the
 * rules read the key list a bounded number of times per key (a count, never a timing), so the work grows with the
 * site, not with its square.
 */
import { describe, expect, it } from 'vitest';
import type { Inventory, InventoryCoverage, KeyRecord } from '../../../shared/inventory.js';
import {
  buildMigration,
  emptyMigrationState,
  migrationBuild,
  replacementFor,
  trackLegacyKeys,
  trackLegacyKeysSince,
  viewAfterPatch,
  type LegacyEntry,
  type LegacyOwner,
  type MigrationSite,
  type MigrationState,
  type TrackedLegacyKey,
} from '../../../shared/migration.js';
import { readinessCsv } from '../../../shared/migration-report.js';
import { migrationSummaryOf } from '../../../shared/migration-page.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const LATER = new Date(NOW.getTime() + DAY_MS);
const SITE: MigrationSite = {
  name: 'Large',
  origin: 'https://large.example.org',
  release: '18.4.0',
  keyKind: 'enhanced',
  userId: 'user-0',
};

/** A small seeded generator (Park-Miller), so the site is the same at every run. */
function seeded(seed: number): { next: () => number; int: (n: number) => number } {
  let state = seed;
  const next = (): number => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  return { next, int: (n) => Math.floor(next() * n) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * 300 users and 100 devices, five keys each; most own a legacy key. Owner names repeat and some enhanced keys of one
 * owner share a last use, so the order and the choice of replacement meet their ties.
 */
function largeSite(coverage: InventoryCoverage = { deviceKeys: true, users: true, userKeys: 'all' }): Inventory {
  const random = seeded(12);
  const t = NOW.getTime();
  const keys: KeyRecord[] = [];
  const owners = [
    ...Array.from({ length: 300 }, (_, n) => ({ type: 'user' as const, id: `user-${n}` })),
    ...Array.from({ length: 100 }, (_, n) => ({ type: 'device' as const, id: `device-${n}` })),
  ];
  for (const owner of owners) {
    const disabled = random.next() < 0.05;
    const base = {
      ownerType: owner.type,
      ownerId: owner.id,
      ownerLabel: `Owner ${random.int(150)}`,
      ownerDisabled: disabled,
      isAppKey: false,
    };
    const legacyCreated = t - (700 + random.int(300)) * DAY_MS;
    const sharedUse = iso(t - random.int(10) * DAY_MS);
    for (let n = 0; n < 5; n++) {
      const id = `${owner.id}-k${n}`;
      if (n === 0 && random.next() < 0.8) {
        const roll = random.next();
        keys.push({
          ...base,
          id,
          label: 'Legacy Key',
          kind: 'legacy',
          created: random.next() < 0.03 ? null : iso(legacyCreated),
          expiresAt: null,
          lastUsed: roll < 0.2 ? null : roll < 0.3 ? sharedUse : iso(t - random.int(200) * DAY_MS - random.int(DAY_MS)),
        });
        continue;
      }
      const created = legacyCreated + (random.int(900) - 100) * DAY_MS;
      const use = random.next();
      keys.push({
        ...base,
        id,
        label: `Key ${n}`,
        kind: 'enhanced',
        created: iso(created),
        expiresAt: random.next() < 0.2 ? iso(t - random.int(30) * DAY_MS) : iso(t + random.int(300) * DAY_MS),
        lastUsed: use < 0.3 ? null : use < 0.5 ? sharedUse : iso(Math.min(t, created + random.int(400) * DAY_MS)),
      });
    }
  }
  keys[3] = { ...(keys[3] as KeyRecord), isAppKey: true };
  return {
    siteId: 'large',
    siteName: 'Large',
    origin: SITE.origin,
    fetchedAt: NOW.toISOString(),
    devices: owners
      .filter((owner) => owner.type === 'device')
      .map((owner, n) => testDevice({ id: owner.id, type: n % 3 === 0 ? 'reaper' : 'importer' })),
    users: owners
      .filter((owner) => owner.type === 'user')
      .map((owner) => ({
        id: owner.id,
        name: owner.id,
        email: `${owner.id}@example.org`,
        disabled: false,
        isSiteAdmin: false,
        keysVisible: true,
        lastLogin: null,
      })),
    keys,
    coverage,
  };
}

/** The site a day later: every seventh legacy key deleted, and the keys of every tenth user no longer listed at all. */
function laterSite(coverage: InventoryCoverage): Inventory {
  const first = largeSite(coverage);
  let legacy = 0;
  const hidden = (key: KeyRecord): boolean => key.ownerType === 'user' && Number(key.ownerId.slice(5)) % 10 === 0;
  return {
    ...first,
    fetchedAt: LATER.toISOString(),
    keys: first.keys.filter((key) => !(key.kind === 'legacy' && legacy++ % 7 === 0) && !hidden(key)),
  };
}

/** The tracking rule written the plain way: a search of the whole key list per missing key. */
function referenceTrack(state: MigrationState, inventory: Inventory, now: Date): Record<string, TrackedLegacyKey> {
  const present = new Map(inventory.keys.filter((key) => key.kind === 'legacy').map((key) => [key.id, key]));
  const covers = (owner: LegacyOwner): boolean =>
    owner.kind === 'device'
      ? inventory.coverage.deviceKeys
      : inventory.coverage.userKeys === 'all' ||
        inventory.keys.some((key) => key.ownerType === 'user' && key.ownerId === owner.id);
  const trackedOf = (key: KeyRecord, firstSeenAt: string): TrackedLegacyKey => ({
    label: key.label,
    owner: {
      kind: key.ownerType,
      id: key.ownerId,
      name: key.ownerLabel,
      disabled: key.ownerDisabled,
      email: key.ownerType === 'user' ? (inventory.users.find((u) => u.id === key.ownerId)?.email ?? null) : null,
    },
    deviceType: key.ownerType === 'device' ? (inventory.devices.find((d) => d.id === key.ownerId)?.type ?? null) : null,
    created: key.created,
    lastUsed: key.lastUsed,
    firstSeenAt,
    deletedAt: null,
  });
  const tracked: Record<string, TrackedLegacyKey> = {};
  for (const [keyId, entry] of Object.entries(state.tracked.toJSON())) {
    const key = present.get(keyId);
    if (key) tracked[keyId] = trackedOf(key, entry.firstSeenAt);
    else if (entry.deletedAt === null && covers(entry.owner)) tracked[keyId] = { ...entry, deletedAt: now.toISOString() };
    else tracked[keyId] = entry;
  }
  for (const [keyId, key] of present) tracked[keyId] ??= trackedOf(key, inventory.fetchedAt);
  return tracked;
}

/** The page's order written the plain way: dates read at each comparison, `localeCompare`. */
function referenceOrder(a: LegacyEntry, b: LegacyEntry): number {
  if (a.owner.disabled !== b.owner.disabled) return a.owner.disabled ? 1 : -1;
  if (a.usedRecently !== b.usedRecently) return a.usedRecently ? -1 : 1;
  const used = (b.lastUsed ? Date.parse(b.lastUsed) : -Infinity) - (a.lastUsed ? Date.parse(a.lastUsed) : -Infinity);
  if (used !== 0 && !Number.isNaN(used)) return used;
  return a.owner.name.localeCompare(b.owner.name) || a.keyId.localeCompare(b.keyId);
}

/** A list behind a proxy that counts each read of an entry. */
function countedList<T>(list: T[]): { list: T[]; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(list, {
    get(target, property, receiver) {
      if (typeof property === 'string' && /^\d+$/.test(property)) reads += 1;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { list: proxy, reads: () => reads };
}

/** The inventory with its key list behind a proxy that counts each read of a key. */
function counted(inventory: Inventory): { inventory: Inventory; reads: () => number } {
  const keys = countedList(inventory.keys);
  return { inventory: { ...inventory, keys: keys.list }, reads: keys.reads };
}

describe.each([
  ['every user key listed', { deviceKeys: true, users: true, userKeys: 'all' } as const],
  ['only the admin’s own user keys listed', { deviceKeys: true, users: true, userKeys: 'self' } as const],
])('a large site, %s', (_name, coverage) => {
  const first = largeSite(coverage);
  const later = laterSite(coverage);
  const seen = trackLegacyKeys(emptyMigrationState(), first, NOW);
  const state = trackLegacyKeys(seen, later, LATER);

  it('tracks and marks deleted exactly the keys the plain rule does', () => {
    expect(Object.keys(seen.tracked.toJSON()).length).toBeGreaterThan(250);
    expect(seen.tracked.toJSON()).toEqual(referenceTrack(emptyMigrationState(), first, NOW));
    expect(state.tracked.toJSON()).toEqual(referenceTrack(seen, later, LATER));
    const deleted = Object.values(state.tracked.toJSON()).filter((entry) => entry.deletedAt !== null).length;
    expect(deleted).toBeGreaterThan(20);
  });

  it('answers the same state object when the snapshot changes nothing tracked, a new one when it does', () => {
    expect(trackLegacyKeys(state, later, LATER)).toBe(state);
    expect(trackLegacyKeys(seen, first, LATER)).toBe(seen);
    const used = later.keys.map((key) =>
      key.kind === 'legacy' && key.id === 'user-1-k0' ? { ...key, lastUsed: LATER.toISOString() } : key,
    );
    expect(trackLegacyKeys(state, { ...later, keys: used }, LATER)).not.toBe(state);
  });

  it("picks each key's replacement and orders the page as the plain rules over the whole list do", () => {
    const view = buildMigration({ inventory: later, site: SITE, state, now: LATER });
    const legacy = later.keys.filter((key) => key.kind === 'legacy');
    expect(view.keys.map((entry) => entry.keyId).sort()).toEqual(legacy.map((key) => key.id).sort());
    let replaced = 0;
    for (const entry of view.keys) {
      const key = legacy.find((candidate) => candidate.id === entry.keyId) as KeyRecord;
      const ownerKeys = later.keys.filter((other) => other.ownerType === key.ownerType && other.ownerId === key.ownerId);
      const expected = replacementFor(key, ownerKeys, LATER);
      expect(entry.replacement?.keyId ?? null).toBe(expected?.id ?? null);
      if (expected) replaced += 1;
    }
    expect(replaced).toBeGreaterThan(50);
    expect(view.keys.map((entry) => entry.keyId)).toEqual([...view.keys].sort(referenceOrder).map((entry) => entry.keyId));
    const gone = Object.entries(state.tracked.toJSON()).filter(
      ([id, entry]) => entry.deletedAt !== null && !legacy.some((k) => k.id === id),
    );
    expect(view.deleted.map((entry) => entry.keyId).sort()).toEqual(gone.map(([id]) => id).sort());
    expect(view.forecast.retired).toBe(gone.length);
    expect(view.forecast.remaining).toBe(view.keys.length);
  });

  it('reads each key of the list a bounded number of times, not once per legacy key', () => {
    const tracking = counted(later);
    trackLegacyKeys(seen, tracking.inventory, LATER);
    expect(tracking.reads()).toBeLessThanOrEqual(3 * later.keys.length);

    const building = counted(later);
    buildMigration({ inventory: building.inventory, site: SITE, state, now: LATER });
    expect(building.reads()).toBeLessThanOrEqual(3 * later.keys.length);
  });

  it("writes the CSV report reading each blocker a bounded number of times, each row with its key's blocker", () => {
    const view = buildMigration({ inventory: later, site: SITE, state, now: LATER });
    const blockers = countedList(view.blockers);
    const csv = readinessCsv({ ...view, blockers: blockers.list });
    expect(view.blockers.length).toBeGreaterThan(200);
    expect(blockers.reads()).toBeLessThanOrEqual(2 * view.blockers.length + 2);
    const rows = csv.trimEnd().split('\r\n').slice(1);
    expect(rows).toHaveLength(view.keys.length + view.deleted.length);
    for (const [n, entry] of view.keys.entries()) {
      const blocker = view.blockers.find((b) => b.keyId === entry.keyId && b.code !== 'app-key-legacy');
      expect(blocker === undefined || rows[n]?.includes(blocker.message.replace(/"/g, '""'))).toBe(true);
    }
  });
});

/**
 * A user whose keys the later site no longer lists, one of them legacy; a listed user and a device with a legacy key.
 */
const LATER_OWNERS = new Set(laterSite({ deviceKeys: true, users: true, userKeys: 'all' }).keys.map((key) => key.ownerId));
const legacyOwner = (type: 'user' | 'device', listed: boolean): string =>
  largeSite().keys.find((k) => k.kind === 'legacy' && k.ownerType === type && LATER_OWNERS.has(k.ownerId) === listed)!.ownerId;
const HIDDEN_LEGACY_OWNER = legacyOwner('user', false);
const LEGACY_USER = legacyOwner('user', true);
const LEGACY_DEVICE = legacyOwner('device', true);

/** Patches as the app's actions make them: every key, device and user they do not touch stays the same object. */
const patches: ReadonlyArray<readonly [string, (inventory: Inventory) => Inventory]> = [
  ['a new enhanced device key', (inv) => ({ ...inv, keys: [...inv.keys, newKey('device', 'device-7', 'enhanced', 'added-1')] })],
  ['a new legacy device key', (inv) => ({ ...inv, keys: [...inv.keys, newKey('device', 'device-8', 'legacy', 'added-2')] })],
  [
    'a new enhanced key of a listed user',
    (inv) => ({ ...inv, keys: [...inv.keys, newKey('user', 'user-3', 'enhanced', 'added-3')] }),
  ],
  [
    'a new key of a user with no key listed, who had a legacy key',
    (inv) => ({ ...inv, keys: [...inv.keys, newKey('user', HIDDEN_LEGACY_OWNER, 'enhanced', 'added-4')] }),
  ],
  ['a legacy device key revoked', (inv) => withoutKey(inv, (key) => key.kind === 'legacy' && key.ownerType === 'device')],
  ['a legacy user key revoked', (inv) => withoutKey(inv, (key) => key.kind === 'legacy' && key.ownerType === 'user')],
  ['an enhanced key revoked', (inv) => withoutKey(inv, (key) => key.kind === 'enhanced')],
  [
    'a legacy key used again',
    (inv) =>
      withChangedKey(
        inv,
        (key) => key.kind === 'legacy',
        (key) => ({ ...key, lastUsed: LATER.toISOString() }),
      ),
  ],
  [
    'a legacy key renamed',
    (inv) =>
      withChangedKey(
        inv,
        (key) => key.kind === 'legacy',
        (key) => ({ ...key, label: 'Renamed' }),
      ),
  ],
  [
    'a legacy key that is enhanced now',
    (inv) =>
      withChangedKey(
        inv,
        (key) => key.kind === 'legacy',
        (key) => ({ ...key, kind: 'enhanced' }),
      ),
  ],
  ['the added legacy key revoked again', (inv) => withoutKey(inv, (key) => key.id === 'added-2')],
  [
    'a device renamed, with its keys',
    (inv) => ({
      ...inv,
      devices: inv.devices.map((d) => (d.id === 'device-9' ? { ...d, label: 'Renamed', type: 'reaper' } : d)),
      keys: inv.keys.map((k) => (k.ownerId === 'device-9' ? { ...k, ownerLabel: 'Renamed' } : k)),
    }),
  ],
  [
    'a device whose type changed, its keys not',
    (inv) => ({ ...inv, devices: inv.devices.map((d) => (d.id === LEGACY_DEVICE ? { ...d, type: 'uploader' } : d)) }),
  ],
  [
    'a user who has an e-mail address now',
    (inv) => ({ ...inv, users: inv.users.map((u) => (u.id === LEGACY_USER ? { ...u, email: 'new@example.org' } : u)) }),
  ],
  ['nothing', (inv) => ({ ...inv })],
];

function newKey(ownerType: 'device' | 'user', ownerId: string, kind: 'legacy' | 'enhanced', id: string): KeyRecord {
  return {
    id,
    label: 'Added',
    kind,
    ownerType,
    ownerId,
    ownerLabel: ownerId,
    ownerDisabled: false,
    created: LATER.toISOString(),
    expiresAt: kind === 'legacy' ? null : iso(LATER.getTime() + 90 * DAY_MS),
    lastUsed: null,
    isAppKey: false,
  };
}

/** The inventory without the middle one of the keys `which` picks (a revoke). */
function withoutKey(inventory: Inventory, which: (key: KeyRecord) => boolean): Inventory {
  const candidates = inventory.keys.filter(which);
  const gone = candidates[Math.floor(candidates.length / 2)];
  return { ...inventory, keys: inventory.keys.filter((key) => key !== gone) };
}

function withChangedKey(
  inventory: Inventory,
  which: (key: KeyRecord) => boolean,
  change: (key: KeyRecord) => KeyRecord,
): Inventory {
  const candidates = inventory.keys.filter(which);
  const changed = candidates[Math.floor(candidates.length / 3)];
  return { ...inventory, keys: inventory.keys.map((key) => (key === changed ? change(key) : key)) };
}

/** Each key object behind a proxy that counts reads of its fields; identity comparisons read none. */
function watchedKeys(inventory: Inventory): { inventory: Inventory; reads: () => number } {
  let reads = 0;
  const keys = inventory.keys.map(
    (key) =>
      new Proxy(key, {
        get(target, property, receiver) {
          reads += 1;
          return Reflect.get(target, property, receiver) as unknown;
        },
      }),
  );
  return { inventory: { ...inventory, keys }, reads: () => reads };
}

describe.each([
  ['every user key listed', { deviceKeys: true, users: true, userKeys: 'all' } as const],
  ['only the admin’s own user keys listed', { deviceKeys: true, users: true, userKeys: 'self' } as const],
])('tracking a large site from the snapshot before, %s', (_name, coverage) => {
  it('agrees with the whole rule after every patch, to the order of the tracked keys', () => {
    let previous = laterSite(coverage);
    let state = trackLegacyKeys(trackLegacyKeys(emptyMigrationState(), largeSite(coverage), NOW), previous, LATER);
    let changes = 0;
    patches.forEach(([name, patch], n) => {
      const next = patch(previous);
      const now = new Date(LATER.getTime() + (n + 1) * 60_000);
      const whole = trackLegacyKeys(state, next, now);
      const since = trackLegacyKeysSince(state, previous, next, now);
      expect(JSON.stringify(since), name).toBe(JSON.stringify(whole));
      expect(since === state, name).toBe(whole === state);
      if (whole !== state) changes += 1;
      previous = next;
      state = since;
    });
    // The patches change the tracked keys in every way the rule knows: new, changed, deleted.
    expect(changes).toBeGreaterThanOrEqual(8);
  });

  it('agrees with the whole rule when the snapshot is a refresh, or the state is older than the snapshot before', () => {
    const first = largeSite(coverage);
    const later = laterSite(coverage);
    const seen = trackLegacyKeys(emptyMigrationState(), first, NOW);
    // As JSON: the same entries in the same order (the maps may hold them differently, TrackedKeys).
    const text = (state: MigrationState) => JSON.stringify(state);
    expect(text(trackLegacyKeysSince(seen, first, later, LATER))).toBe(text(trackLegacyKeys(seen, later, LATER)));
    const patched = { ...later, keys: [...later.keys, newKey('device', 'device-1', 'legacy', 'added-9')] };
    const state = trackLegacyKeys(seen, later, LATER);
    expect(text(trackLegacyKeysSince(state, later, patched, LATER))).toBe(text(trackLegacyKeys(state, patched, LATER)));
  });

  it('reads no key the patch did not add or remove', () => {
    const watched = watchedKeys(laterSite(coverage));
    const state = trackLegacyKeys(emptyMigrationState(), watched.inventory, NOW);
    const added = {
      ...watched.inventory,
      keys: [...watched.inventory.keys, newKey('device', 'device-3', 'enhanced', 'added-5')],
    };
    const revoked = withoutKey(added, (key) => key.kind === 'legacy' && key.ownerType === 'device');
    const before = watched.reads();
    expect(trackLegacyKeysSince(state, watched.inventory, added, LATER)).toBe(state);
    const after = trackLegacyKeysSince(state, added, revoked, LATER);
    expect(Object.values(after.tracked.toJSON()).filter((entry) => entry.deletedAt !== null)).toHaveLength(1);
    // Only the revoked key is read (its kind, its id a few times); the site has thousands.
    expect(watched.reads() - before).toBeLessThanOrEqual(4);
  });
});

describe.each([
  ['every user key listed', { deviceKeys: true, users: true, userKeys: 'all' } as const],
  ['only the admin’s own user keys listed', { deviceKeys: true, users: true, userKeys: 'self' } as const],
])('the view after a patch, %s', (_name, coverage) => {
  it('is the whole build of the patched snapshot, or null where only a whole build can tell', () => {
    let previous = laterSite(coverage);
    let state = trackLegacyKeys(trackLegacyKeys(emptyMigrationState(), largeSite(coverage), NOW), previous, LATER);
    let view = buildMigration({ inventory: previous, site: SITE, state, now: LATER });
    const patchedWays: string[] = [];
    patches.forEach(([name, patch], n) => {
      const next = patch(previous);
      // Tracked when stored (a few minutes on), viewed as of the view's own time, as main does.
      const nextState = trackLegacyKeysSince(state, previous, next, new Date(LATER.getTime() + (n + 1) * 60_000));
      const input = { inventory: next, site: SITE, state: nextState, now: LATER };
      // The page's summary of the view before is counted (main answers it with every view).
      migrationSummaryOf(view);
      const patched = viewAfterPatch(view, { inventory: previous, state }, input);
      const whole = buildMigration(input);
      if (patched) {
        patchedWays.push(name);
        expect(JSON.stringify(patched), name).toBe(JSON.stringify(whole));
        expect(migrationSummaryOf(patched), name).toEqual(migrationSummaryOf(whole));
      }
      previous = next;
      state = nextState;
      view = whole;
    });
    // The actions of the migration page take the short way: a new enhanced key, a legacy or enhanced key revoked.
    expect(patchedWays).toEqual(
      expect.arrayContaining([
        'a new enhanced device key',
        'a new enhanced key of a listed user',
        'a legacy device key revoked',
        'a legacy user key revoked',
        'an enhanced key revoked',
        'the added legacy key revoked again',
        'nothing',
      ]),
    );
    expect(patchedWays).not.toContain('a new legacy device key');
    expect(patchedWays).not.toContain('a device renamed, with its keys');
  });

  it('is null for a view of another time, or a state whose ticks or settings changed', () => {
    const previous = laterSite(coverage);
    const state = trackLegacyKeys(emptyMigrationState(), previous, LATER);
    const view = buildMigration({ inventory: previous, site: SITE, state, now: LATER });
    const next = withoutKey(previous, (key) => key.kind === 'legacy' && key.ownerType === 'device');
    const nextState = trackLegacyKeysSince(state, previous, next, LATER);
    const from = { inventory: previous, state };
    expect(viewAfterPatch(view, from, { inventory: next, site: SITE, state: nextState, now: LATER })).not.toBeNull();
    const later = new Date(LATER.getTime() + 1);
    expect(viewAfterPatch(view, from, { inventory: next, site: SITE, state: nextState, now: later })).toBeNull();
    const ticked = { ...nextState, ticks: { ...nextState.ticks } };
    expect(viewAfterPatch(view, from, { inventory: next, site: SITE, state: ticked, now: LATER })).toBeNull();
    const settings = { ...nextState, settings: { ...nextState.settings } };
    expect(viewAfterPatch(view, from, { inventory: next, site: SITE, state: settings, now: LATER })).toBeNull();
    // A tracked key the patch did not remove, changed in the state (a whole tracking since): its entry would be stale.
    const [keyId, tracked] = [...nextState.tracked].find(([id]) => next.keys.some((key) => key.id === id))!;
    const retracked = { ...nextState, tracked: nextState.tracked.with(new Map([[keyId, { ...tracked, lastUsed: null }]])) };
    expect(viewAfterPatch(view, from, { inventory: next, site: SITE, state: retracked, now: LATER })).toBeNull();
  });

  it('puts a key deleted by the patch in its place among the deleted ones, whatever its time', () => {
    const previous = laterSite(coverage);
    const state = trackLegacyKeys(trackLegacyKeys(emptyMigrationState(), largeSite(coverage), NOW), previous, LATER);
    const view = buildMigration({ inventory: previous, site: SITE, state, now: LATER });
    expect(view.deleted.length).toBeGreaterThan(10);
    const next = withoutKey(previous, (key) => key.kind === 'legacy' && key.ownerType === 'device');
    // Deleted before the others (a clock set back), at the same time as them, and after them.
    for (const at of [new Date(LATER.getTime() - DAY_MS), LATER, new Date(LATER.getTime() + DAY_MS)]) {
      const input = { inventory: next, site: SITE, state: trackLegacyKeysSince(state, previous, next, at), now: LATER };
      const patched = viewAfterPatch(view, { inventory: previous, state }, input);
      expect(patched, at.toISOString()).not.toBeNull();
      expect(JSON.stringify(patched), at.toISOString()).toBe(JSON.stringify(buildMigration(input)));
    }
  });

  it('agrees with the whole build after a long run of patches, each made from the view before', () => {
    let previous = laterSite(coverage);
    let state = trackLegacyKeys(trackLegacyKeys(emptyMigrationState(), largeSite(coverage), NOW), previous, LATER);
    let view = buildMigration({ inventory: previous, site: SITE, state, now: LATER });
    migrationSummaryOf(view);
    // More changes than the view's index keeps beside its base: a key revoked at a time, enhanced or legacy.
    for (let n = 0; n < 300; n += 1) {
      const next = withoutKey(
        previous,
        (key) => (n % 3 === 0 ? key.kind === 'legacy' : key.kind === 'enhanced') && !key.isAppKey,
      );
      const nextState = trackLegacyKeysSince(state, previous, next, new Date(LATER.getTime() + n * 60_000));
      const patched = viewAfterPatch(
        view,
        { inventory: previous, state },
        { inventory: next, site: SITE, state: nextState, now: LATER },
      );
      expect(patched, `patch ${n}`).not.toBeNull();
      previous = next;
      state = nextState;
      view = patched!;
    }
    const whole = buildMigration({ inventory: previous, site: SITE, state, now: LATER });
    expect(JSON.stringify(view)).toBe(JSON.stringify(whole));
    expect(migrationSummaryOf(view)).toEqual(migrationSummaryOf(whole));
  });

  it("is the whole build when the app's own legacy key is revoked", () => {
    const site: MigrationSite = { ...SITE, keyKind: 'legacy' };
    const plain = laterSite(coverage);
    const appKey = plain.keys.find((key) => key.kind === 'legacy' && !key.ownerDisabled)!;
    const previous = { ...plain, keys: plain.keys.map((key) => ({ ...key, isAppKey: key === appKey })) };
    const state = trackLegacyKeys(emptyMigrationState(), previous, LATER);
    const view = buildMigration({ inventory: previous, site, state, now: LATER });
    expect(view.blockers.find((blocker) => blocker.code === 'app-key-legacy')?.keyId).toBe(appKey.id);
    const next = withoutKey(previous, (key) => key.isAppKey);
    const input = { inventory: next, site, state: trackLegacyKeysSince(state, previous, next, LATER), now: LATER };
    const patched = viewAfterPatch(view, { inventory: previous, state }, input);
    expect(patched === null ? null : JSON.stringify(patched)).toBe(
      patched === null ? null : JSON.stringify(buildMigration(input)),
    );
    expect(patched).toBeNull();
  });
});

describe('a whole build in steps', () => {
  // 4,500 legacy keys, each of its own device: the entries take three steps of 2,000 at most.
  const keys: KeyRecord[] = Array.from({ length: 4500 }, (_, at) => ({
    id: `legacy-${at}`,
    label: 'Legacy Key',
    kind: 'legacy',
    ownerType: 'device',
    ownerId: `dev-${at}`,
    ownerLabel: `Device ${at}`,
    ownerDisabled: at % 10 === 0,
    created: new Date(NOW.getTime() - (400 + (at % 50)) * DAY_MS).toISOString(),
    expiresAt: null,
    lastUsed: at % 3 === 0 ? null : new Date(NOW.getTime() - (at % 40) * DAY_MS).toISOString(),
    isAppKey: false,
  }));
  const inventory: Inventory = {
    siteId: 'large',
    siteName: 'Large',
    origin: 'https://large.example.org',
    fetchedAt: NOW.toISOString(),
    devices: keys.map((key) => testDevice({ id: key.ownerId, label: key.ownerLabel, type: 'reaper' })),
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
  const input = { inventory, site: SITE, state: trackLegacyKeys(emptyMigrationState(), inventory, NOW), now: NOW };

  it('pauses between the parts of the build and within each, and gives the view a build at once gives', () => {
    const steps = migrationBuild(input);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses += 1;
      step = steps.next();
    }
    // After the legacy keys and their owners' keys (2); every 500 entries made, and every 500 tracked keys passed
    // for the deleted ones (9 + 9); after them (1); the order's merge sort every 8,000 comparisons (6); after it,
    // after the blockers and after the forecast's counts (3); the view's index every 5,000 entries and blockers
    // passed (8,550 for the 4,500 keys, 450 of disabled owners: 1).
    expect(pauses).toBe(2 + 9 + 9 + 1 + 6 + 3 + 1);
    expect(step.value).toEqual(buildMigration(input));
    expect(step.value.keys).toHaveLength(4500);
  });
});
