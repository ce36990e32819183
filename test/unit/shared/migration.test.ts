/**
 * The 19.0 migration rules (shared/migration.ts) at each boundary, on small inventories built by hand with fixed
 * dates: the release gates of step 1, the creation order of step 2, the quiet days of step 3 (counted from the later
 * of the legacy key's last use and the new key's creation, only once the new key shows a use), disabled owners, who
 * replaces a key, the blockers and their order, the admin's ticks, the tracking of deleted keys and the forecast.
 */
import { describe, expect, it } from 'vitest';
import type { DeviceRecord, Inventory, InventoryCoverage, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import {
  buildMigration,
  DEFAULT_QUIET_DAYS,
  emptyMigrationState,
  forecastOf,
  migrationState,
  replacementFor,
  responsibleFor,
  trackLegacyKeys,
  trackLegacyKeysSteps,
  withTick,
  type LegacyEntry,
  type ManualTick,
  type MigrationSite,
  type MigrationState,
  type MigrationView,
  type TickableStep,
  type TrackedLegacyKey,
} from '../../../shared/migration.js';
import { DAY_MS } from '../../../shared/time.js';
import { testDevice } from '../../support/records.js';

const NOW = new Date('2026-11-26T12:00:00.000Z');
const HOUR_MS = 60 * 60 * 1000;
/** An instant `ms` from NOW (negative: before). */
const at = (ms: number): string => new Date(NOW.getTime() + ms).toISOString();
const daysAgo = (days: number, plusMs = 0): string => at(-days * DAY_MS + plusMs);

const ADMIN = 'ada@example.org';
const DEVICE = 'dev-importer';

function deviceRecord(id: string, type: string, disabled = false): DeviceRecord {
  return testDevice({ id, label: `Device ${id}`, type, disabled });
}

function userRecord(id: string, disabled = false): UserRecord {
  return { id, name: `User ${id}`, email: id, disabled, isSiteAdmin: id === ADMIN, keysVisible: true, lastLogin: null };
}

let keyCounter = 0;
function key(overrides: Partial<KeyRecord> = {}): KeyRecord {
  keyCounter += 1;
  return {
    id: `key-${keyCounter}`,
    label: 'Primary',
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: DEVICE,
    ownerLabel: `Device ${overrides.ownerId ?? DEVICE}`,
    ownerDisabled: false,
    created: daysAgo(10),
    expiresAt: at(100 * DAY_MS),
    lastUsed: null,
    isAppKey: false,
    ...overrides,
  };
}

/** A legacy key as a 2019 site made it: no expiry, label "Legacy Key", made long ago. */
function legacy(overrides: Partial<KeyRecord> = {}): KeyRecord {
  return key({ label: 'Legacy Key', kind: 'legacy', expiresAt: null, created: daysAgo(700), ...overrides });
}

function inventoryOf(
  keys: KeyRecord[],
  options: { devices?: DeviceRecord[]; users?: UserRecord[]; coverage?: Partial<InventoryCoverage>; fetchedAt?: string } = {},
): Inventory {
  return {
    siteId: 'site-1',
    siteName: 'Demo',
    origin: 'https://flywheel.example.org',
    fetchedAt: options.fetchedAt ?? NOW.toISOString(),
    devices: options.devices ?? [deviceRecord(DEVICE, 'importer')],
    users: options.users ?? [userRecord(ADMIN)],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all', ...options.coverage },
  };
}

function siteOf(release: string | null = '18.4.0', keyKind: 'enhanced' | 'legacy' = 'enhanced'): MigrationSite {
  return { name: 'Demo', origin: 'https://flywheel.example.org', release, keyKind };
}

interface ViewOptions {
  release?: string | null;
  keyKind?: 'enhanced' | 'legacy';
  state?: MigrationState;
  now?: Date;
}

/** The view of one snapshot, with the state tracked from it first (as main does). */
function viewOf(inventory: Inventory, options: ViewOptions = {}): MigrationView {
  const now = options.now ?? NOW;
  const state = trackLegacyKeys(options.state ?? emptyMigrationState(), inventory, now);
  return buildMigration({
    inventory,
    site: siteOf(options.release === undefined ? '18.4.0' : options.release, options.keyKind),
    state,
    now,
  });
}

function entryOf(view: MigrationView, keyId: string): LegacyEntry {
  const entry = view.keys.find((candidate) => candidate.keyId === keyId);
  if (!entry) throw new Error(`no entry for ${keyId}`);
  return entry;
}

function stepOf(entry: LegacyEntry, number: 1 | 2 | 3 | 4) {
  const found = entry.steps.find((candidate) => candidate.step === number);
  if (!found) throw new Error(`no step ${number}`);
  return found;
}

function tick(note: string): ManualTick {
  return { note, time: at(-HOUR_MS), actor: ADMIN };
}

function withSettings(settings: Partial<MigrationState['settings']>): MigrationState {
  const state = emptyMigrationState();
  return { ...state, settings: { ...state.settings, ...settings } };
}

describe('step 1: the site runs 16.19.0 or later', () => {
  const old = legacy({ lastUsed: daysAgo(1) });

  it('16.18.9: pending, not tickable, blocker release-too-old first', () => {
    const view = viewOf(inventoryOf([old]), { release: '16.18.9' });
    const step1 = stepOf(entryOf(view, old.id), 1);
    expect(step1).toMatchObject({ state: 'pending', source: null, tickable: false });
    expect(step1.evidence).toContain('16.18.9');
    expect(view.blockers[0]).toMatchObject({ code: 'release-too-old', keyId: null });
    expect(view.blockers.map((b) => b.code)).toEqual(['release-too-old', 'legacy-key']);
    expect(view.upgraded).toBe(false);
    expect(view.ready).toBe(false);
  });

  it('16.18.9: a tick by hand does not make it done (the release is known)', () => {
    const state = withTick(emptyMigrationState(), old.id, 1, tick('I upgraded it'));
    const step1 = stepOf(entryOf(viewOf(inventoryOf([old]), { release: '16.18.9', state }), old.id), 1);
    expect(step1.state).toBe('pending');
    expect(step1.source).toBeNull();
  });

  it('16.19.0: done from the site, no release blocker', () => {
    const view = viewOf(inventoryOf([old]), { release: '16.19.0' });
    expect(stepOf(entryOf(view, old.id), 1)).toMatchObject({ state: 'done', source: 'site', tickable: false });
    expect(view.blockers.map((b) => b.code)).toEqual(['legacy-key']);
    expect(view.upgraded).toBe(false);
    expect(entryOf(view, old.id).phase).not.toBe('rejected');
  });

  it('no legacy key on 16.19.0: ready', () => {
    const view = viewOf(inventoryOf([key()]), { release: '16.19.0' });
    expect(view.blockers).toEqual([]);
    expect(view.ready).toBe(true);
  });

  it('18.99.99 is still before 19.0: legacy keys are blockers, not rejected', () => {
    const view = viewOf(inventoryOf([old]), { release: '18.99.99' });
    expect(view.upgraded).toBe(false);
    expect(view.blockers.map((b) => b.code)).toEqual(['legacy-key']);
  });

  it('19.0.0: upgraded, each remaining legacy key is rejected now (phase rejected, blocker legacy-key-rejected)', () => {
    const view = viewOf(inventoryOf([old]), { release: '19.0.0' });
    const entry = entryOf(view, old.id);
    expect(view.upgraded).toBe(true);
    expect(view.ready).toBe(false);
    expect(stepOf(entry, 1).state).toBe('done');
    expect(entry.phase).toBe('rejected');
    expect(view.blockers).toEqual([expect.objectContaining({ code: 'legacy-key-rejected', keyId: old.id })]);
  });

  it("19.0.0: a disabled owner's legacy key is still no blocker", () => {
    const off = legacy({ ownerDisabled: true, lastUsed: daysAgo(1) });
    const view = viewOf(inventoryOf([off]), { release: '19.0.0' });
    expect(view.blockers).toEqual([]);
    expect(view.ready).toBe(true);
    expect(entryOf(view, off.id).phase).toBe('rejected');
  });

  it('19.0.0 with no legacy key left: ready', () => {
    const view = viewOf(inventoryOf([key()]), { release: '19.0.0' });
    expect(view.upgraded).toBe(true);
    expect(view.ready).toBe(true);
  });

  it.each([['nightly'], [null]])(
    'release %j: unknown, pending and tickable; no release blocker; a tick makes it done',
    (release) => {
      const view = viewOf(inventoryOf([old]), { release });
      expect(stepOf(entryOf(view, old.id), 1)).toMatchObject({ state: 'pending', source: null, tickable: true });
      expect(view.blockers.map((b) => b.code)).toEqual(['legacy-key']);
      expect(view.upgraded).toBe(false);
      const state = withTick(emptyMigrationState(), old.id, 1, tick('Release page says 18.4'));
      const ticked = stepOf(entryOf(viewOf(inventoryOf([old]), { release, state }), old.id), 1);
      expect(ticked).toMatchObject({ state: 'done', source: 'manual', tickable: true });
    },
  );
});

describe('step 2: a new enhanced key made after the legacy key', () => {
  const LEGACY_CREATED = daysAgo(700);
  const old = legacy({ created: LEGACY_CREATED, lastUsed: daysAgo(1) });
  const createdAfter = (ms: number): string => new Date(Date.parse(LEGACY_CREATED) + ms).toISOString();

  it('made 1 ms after the legacy key: done, and it is the replacement', () => {
    const fresh = key({ created: createdAfter(1) });
    const entry = entryOf(viewOf(inventoryOf([old, fresh])), old.id);
    expect(stepOf(entry, 2)).toMatchObject({ state: 'done', source: 'site' });
    expect(stepOf(entry, 2).evidence).toContain(fresh.id);
    expect(entry.replacement?.keyId).toBe(fresh.id);
  });

  it.each([
    ['at the same instant', 0],
    ['1 ms before', -1],
    ['a day before', -DAY_MS],
  ])('made %s: pending, no replacement', (_name, offset) => {
    const early = key({ created: createdAfter(offset) });
    const entry = entryOf(viewOf(inventoryOf([old, early])), old.id);
    expect(stepOf(entry, 2)).toMatchObject({ state: 'pending', source: null, tickable: true });
    expect(entry.replacement).toBeNull();
    expect(entry.phase).toBe('replace');
  });

  it('an expired new key is no replacement (expiring at this instant counts as expired; 1 ms later it counts)', () => {
    const expired = key({ created: daysAgo(30), expiresAt: at(0) });
    expect(stepOf(entryOf(viewOf(inventoryOf([old, expired])), old.id), 2).state).toBe('pending');
    const valid = key({ created: daysAgo(30), expiresAt: at(1) });
    expect(stepOf(entryOf(viewOf(inventoryOf([old, valid])), old.id), 2).state).toBe('done');
  });

  it('missing created dates: pending (the legacy key without a date, or the new key without one)', () => {
    const undated = legacy({ created: null, lastUsed: daysAgo(1) });
    const fresh = key({ created: daysAgo(3) });
    const entry = entryOf(viewOf(inventoryOf([undated, fresh])), undated.id);
    expect(stepOf(entry, 2).state).toBe('pending');
    expect(stepOf(entry, 2).evidence).toContain('does not say when the legacy key was made');
    const freshUndated = key({ created: null });
    expect(stepOf(entryOf(viewOf(inventoryOf([old, freshUndated])), old.id), 2).state).toBe('pending');
    // Dates the site sent but that cannot be read are no better than none.
    const garbled = key({ created: 'yesterday' });
    expect(stepOf(entryOf(viewOf(inventoryOf([old, garbled])), old.id), 2).state).toBe('pending');
  });

  it("another owner's key, or another legacy key of the owner, is no replacement", () => {
    const otherDevice = key({ ownerId: 'dev-other', created: daysAgo(3) });
    const otherLegacy = legacy({ created: daysAgo(3) });
    const view = viewOf(
      inventoryOf([old, otherDevice, otherLegacy], {
        devices: [deviceRecord(DEVICE, 'importer'), deviceRecord('dev-other', 'importer')],
      }),
    );
    expect(stepOf(entryOf(view, old.id), 2).state).toBe('pending');
  });

  it('among several new keys, the one used most recently replaces, else the newest', () => {
    const unusedNewest = key({ created: daysAgo(1) });
    const usedOlder = key({ created: daysAgo(20), lastUsed: daysAgo(5) });
    const usedLatest = key({ created: daysAgo(30), lastUsed: daysAgo(2) });
    expect(replacementFor(old, [old, unusedNewest, usedOlder, usedLatest], NOW)?.id).toBe(usedLatest.id);
    const unusedOlder = key({ created: daysAgo(9) });
    expect(replacementFor(old, [unusedOlder, unusedNewest], NOW)?.id).toBe(unusedNewest.id);
  });
});

describe('the days the evidence names', () => {
  it("are the UTC days of the site's times, whether written in UTC or with an offset", () => {
    // 23:30 at UTC-2 is the next day in UTC; 00:30 at UTC+2 the day before.
    const old = legacy({ id: 'leg-offset', created: '2024-03-01T23:30:00-02:00', lastUsed: '2026-11-20T00:30:00+02:00' });
    const replacement = key({ id: 'new-utc', created: '2026-10-05T23:59:59.999Z', lastUsed: null });
    const view = viewOf(inventoryOf([old, replacement]));
    const entry = entryOf(view, 'leg-offset');
    expect(stepOf(entry, 2).evidence).toContain('was created 2026-10-05, after the legacy key (2024-03-02)');
    const blocker = view.blockers.find((candidate) => candidate.keyId === 'leg-offset');
    expect(blocker?.message).toContain('last used 2026-11-19');
  });
});

describe('step 3: every client uses the new key', () => {
  const N = DEFAULT_QUIET_DAYS;
  /** A legacy key last used `legacyUsed`, and its replacement made `created` and last used `newUsed`. */
  function pair(legacyUsed: string | null, created: string, newUsed: string | null) {
    const old = legacy({ lastUsed: legacyUsed });
    const fresh = key({ created, lastUsed: newUsed });
    return { old, fresh, inventory: inventoryOf([old, fresh]) };
  }

  it(`quiet for exactly ${N} days since the legacy key's last use: done, safe to delete`, () => {
    const { old, fresh, inventory } = pair(daysAgo(N), daysAgo(N + 20), at(-HOUR_MS));
    const entry = entryOf(viewOf(inventory), old.id);
    expect(stepOf(entry, 3)).toMatchObject({ state: 'done', source: 'site' });
    expect(entry.quiet).toEqual({ days: N, of: N });
    expect(entry.phase).toBe('safe-to-delete');
    expect(entry.replacement?.keyId).toBe(fresh.id);
    expect(stepOf(entry, 3).evidence).toContain('since its last use');
  });

  it(`quiet for ${N} days minus 1 ms: pending, counting`, () => {
    const { old, inventory } = pair(daysAgo(N, 1), daysAgo(N + 20), at(-HOUR_MS));
    const entry = entryOf(viewOf(inventory), old.id);
    expect(stepOf(entry, 3)).toMatchObject({ state: 'pending', source: null, tickable: true });
    expect(entry.quiet).toEqual({ days: N - 1, of: N });
    expect(entry.phase).toBe('quiet');
    expect(entry.next).toContain(`${N - 1} so far`);
  });

  it('new key never used: pending, "waiting" for its first use, and no quiet count', () => {
    const { old, inventory } = pair(daysAgo(100), daysAgo(60), null);
    const entry = entryOf(viewOf(inventory), old.id);
    expect(stepOf(entry, 2).state).toBe('done');
    expect(stepOf(entry, 3).state).toBe('pending');
    expect(stepOf(entry, 3).evidence).toContain('Waiting');
    expect(entry.quiet).toBeNull();
    expect(entry.phase).toBe('waiting-first-use');
  });

  it("legacy key never used: counted from the new key's creation", () => {
    const done = pair(null, daysAgo(N), at(-HOUR_MS));
    expect(stepOf(entryOf(viewOf(done.inventory), done.old.id), 3).state).toBe('done');
    const notYet = pair(null, daysAgo(N, 1), at(-HOUR_MS));
    const entry = entryOf(viewOf(notYet.inventory), notYet.old.id);
    expect(stepOf(entry, 3).state).toBe('pending');
    expect(entry.quiet).toEqual({ days: N - 1, of: N });
    expect(entry.quietForDays).toBeNull();
  });

  it("legacy key quiet since before the new key was made: counted from the new key's creation", () => {
    const { old, inventory } = pair(daysAgo(100), daysAgo(5), at(-HOUR_MS));
    const entry = entryOf(viewOf(inventory), old.id);
    expect(entry.quiet).toEqual({ days: 5, of: N });
    expect(stepOf(entry, 3).state).toBe('pending');
    expect(stepOf(entry, 3).evidence).toContain('since the new key was made');
    expect(entry.quietForDays).toBe(100);
  });

  it('a legacy key used after the new key: counted from that later use', () => {
    const { old, inventory } = pair(daysAgo(2), daysAgo(40), daysAgo(30));
    expect(entryOf(viewOf(inventory), old.id).quiet).toEqual({ days: 2, of: N });
  });

  it('N is configurable', () => {
    const { old, inventory } = pair(daysAgo(7), daysAgo(30), at(-HOUR_MS));
    expect(stepOf(entryOf(viewOf(inventory), old.id), 3).state).toBe('pending');
    const seven = entryOf(viewOf(inventory, { state: withSettings({ quietDays: 7 }) }), old.id);
    expect(stepOf(seven, 3).state).toBe('done');
    expect(seven.quiet).toEqual({ days: 7, of: 7 });
    const eight = entryOf(viewOf(inventory, { state: withSettings({ quietDays: 8 }) }), old.id);
    expect(stepOf(eight, 3).state).toBe('pending');
    expect(eight.quiet).toEqual({ days: 7, of: 8 });
  });

  it('no new key at all: pending, nothing to count', () => {
    const old = legacy({ lastUsed: daysAgo(200) });
    const entry = entryOf(viewOf(inventoryOf([old])), old.id);
    expect(stepOf(entry, 3).state).toBe('pending');
    expect(entry.quiet).toBeNull();
    expect(entry.phase).toBe('replace');
  });
});

describe('a disabled owner', () => {
  it('steps 2 and 3 not applicable, step 4 pending, no blocker, phase owner-disabled, listed last', () => {
    const old = legacy({ ownerId: 'dev-off', ownerDisabled: true, lastUsed: at(-HOUR_MS) });
    const live = legacy({ lastUsed: daysAgo(200) });
    const inventory = inventoryOf([old, live], {
      devices: [deviceRecord(DEVICE, 'importer'), deviceRecord('dev-off', 'reaper', true)],
    });
    const view = viewOf(inventory);
    const entry = entryOf(view, old.id);
    expect(entry.owner.disabled).toBe(true);
    expect(stepOf(entry, 2)).toMatchObject({ state: 'not-applicable', tickable: false, source: null });
    expect(stepOf(entry, 3)).toMatchObject({ state: 'not-applicable', tickable: false, source: null });
    expect(stepOf(entry, 4).state).toBe('pending');
    expect(entry.phase).toBe('owner-disabled');
    expect(view.blockers.map((b) => b.keyId)).toEqual([live.id]);
    expect(view.keys.map((k) => k.keyId)).toEqual([live.id, old.id]);
  });

  it('alone, it does not stop the site being ready', () => {
    const old = legacy({ ownerType: 'user', ownerId: 'off@example.org', ownerDisabled: true, lastUsed: daysAgo(1) });
    const view = viewOf(inventoryOf([old], { users: [userRecord(ADMIN), userRecord('off@example.org', true)] }));
    expect(entryOf(view, old.id).phase).toBe('owner-disabled');
    expect(view.blockers).toEqual([]);
    expect(view.ready).toBe(true);
  });

  it('even with a used replacement, steps 2 and 3 stay not applicable', () => {
    const old = legacy({ ownerDisabled: true, lastUsed: daysAgo(100) });
    const fresh = key({ ownerDisabled: true, created: daysAgo(60), lastUsed: daysAgo(40) });
    const entry = entryOf(viewOf(inventoryOf([old, fresh])), old.id);
    expect(stepOf(entry, 2).state).toBe('not-applicable');
    expect(stepOf(entry, 3).state).toBe('not-applicable');
    expect(entry.quiet).toBeNull();
  });
});

describe('who replaces a legacy key', () => {
  it.each([
    ['device', 'reaper', 'flywheel-support'],
    ['device', 'Reaper', 'flywheel-support'],
    ['device', ' REAPER ', 'flywheel-support'],
    ['device', 'importer', 'admin'],
    ['device', 'connector', 'admin'],
    ['device', 'cli', 'admin'],
    ['device', null, 'admin'],
    ['user', null, 'owner'],
    ['user', 'reaper', 'owner'],
  ] as const)('%s of type %j: %s', (kind, type, expected) => {
    expect(responsibleFor(kind, type)).toBe(expected);
  });

  it('the view reads the device type from the device list', () => {
    const reaperKey = legacy({ ownerId: 'dev-reaper', lastUsed: daysAgo(1) });
    const importerKey = legacy({ lastUsed: daysAgo(2) });
    const userKey = legacy({ ownerType: 'user', ownerId: ADMIN, lastUsed: daysAgo(3) });
    const view = viewOf(
      inventoryOf([reaperKey, importerKey, userKey], {
        devices: [deviceRecord(DEVICE, 'importer'), deviceRecord('dev-reaper', 'Reaper')],
      }),
    );
    expect(entryOf(view, reaperKey.id)).toMatchObject({ responsible: 'flywheel-support', deviceType: 'Reaper' });
    expect(entryOf(view, importerKey.id)).toMatchObject({ responsible: 'admin', deviceType: 'importer' });
    expect(entryOf(view, userKey.id)).toMatchObject({ responsible: 'owner', deviceType: null });
    expect(entryOf(view, userKey.id).owner).toMatchObject({ kind: 'user', id: ADMIN, email: ADMIN });
  });
});

describe('blockers and their order', () => {
  it('used within 30 days first (newest use first), then older uses, then never used; disabled owners are not blockers', () => {
    const exactly30 = legacy({ lastUsed: daysAgo(30) });
    const justUnder30 = legacy({ lastUsed: daysAgo(30, 1) });
    const never = legacy({ lastUsed: null });
    const yesterday = legacy({ lastUsed: daysAgo(1) });
    const longAgo = legacy({ lastUsed: daysAgo(300) });
    const disabled = legacy({ ownerDisabled: true, lastUsed: at(-HOUR_MS) });
    const view = viewOf(inventoryOf([exactly30, never, disabled, longAgo, justUnder30, yesterday]));
    expect(view.keys.map((k) => k.keyId)).toEqual([
      yesterday.id,
      justUnder30.id,
      exactly30.id,
      longAgo.id,
      never.id,
      disabled.id,
    ]);
    expect(view.blockers.map((b) => b.keyId)).toEqual([yesterday.id, justUnder30.id, exactly30.id, longAgo.id, never.id]);
    expect(view.blockers.every((b) => b.code === 'legacy-key')).toBe(true);
    expect(entryOf(view, justUnder30.id)).toMatchObject({ usedRecently: true, quietForDays: 29 });
    expect(entryOf(view, exactly30.id)).toMatchObject({ usedRecently: false, quietForDays: 30 });
    expect(entryOf(view, never.id)).toMatchObject({ usedRecently: false, quietForDays: null });
    expect(view.blockers[1]?.message).toContain('in use');
    expect(view.blockers[2]?.message).not.toContain('in use');
    expect(view.blockers[4]?.message).toContain('never used');
  });

  it("the app's own key is legacy: an app-key-legacy blocker naming it, before the keys", () => {
    const appKey = legacy({ ownerType: 'user', ownerId: ADMIN, isAppKey: true, lastUsed: at(-1000) });
    const view = viewOf(inventoryOf([appKey]), { keyKind: 'legacy' });
    expect(view.blockers.map((b) => [b.code, b.keyId])).toEqual([
      ['app-key-legacy', appKey.id],
      ['legacy-key', appKey.id],
    ]);
    expect(entryOf(view, appKey.id).isAppKey).toBe(true);
    expect(viewOf(inventoryOf([key({ ownerType: 'user', ownerId: ADMIN, isAppKey: true })])).blockers).toEqual([]);
  });

  it('release, then app key, then keys', () => {
    const appKey = legacy({ ownerType: 'user', ownerId: ADMIN, isAppKey: true, lastUsed: at(-1000) });
    const view = viewOf(inventoryOf([appKey]), { keyKind: 'legacy', release: '16.5.0' });
    expect(view.blockers.map((b) => b.code)).toEqual(['release-too-old', 'app-key-legacy', 'legacy-key']);
  });

  it('a site not showing other users\u2019 keys says so', () => {
    expect(viewOf(inventoryOf([], { coverage: { userKeys: 'self' } })).userKeysVisible).toBe(false);
    expect(viewOf(inventoryOf([])).userKeysVisible).toBe(true);
  });
});

describe("the admin's ticks", () => {
  it('a tick makes a pending tickable step done, by hand, with the note in the evidence', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const state = withTick(emptyMigrationState(), old.id, 2, tick('New key on the importer, site hides it'));
    const entry = entryOf(viewOf(inventoryOf([old]), { state }), old.id);
    expect(stepOf(entry, 2)).toMatchObject({ state: 'done', source: 'manual', tickable: true });
    expect(stepOf(entry, 2).manual).toEqual(tick('New key on the importer, site hides it'));
    expect(stepOf(entry, 2).evidence).toContain('New key on the importer, site hides it');
    expect(stepOf(entry, 4).state).toBe('pending');
  });

  it('a tick of step 3 makes a quiet key safe to delete', () => {
    const old = legacy({ lastUsed: daysAgo(2) });
    const fresh = key({ created: daysAgo(20), lastUsed: at(-HOUR_MS) });
    const state = withTick(emptyMigrationState(), old.id, 3, tick('Checked each client'));
    const entry = entryOf(viewOf(inventoryOf([old, fresh]), { state }), old.id);
    expect(stepOf(entry, 3)).toMatchObject({ state: 'done', source: 'manual' });
    expect(entry.phase).toBe('safe-to-delete');
  });

  it('a step the site proves stays proven by the site, the tick kept and removable', () => {
    const old = legacy({ lastUsed: daysAgo(2) });
    const fresh = key({ created: daysAgo(20) });
    const state = withTick(emptyMigrationState(), old.id, 2, tick('Made it myself'));
    const step2 = stepOf(entryOf(viewOf(inventoryOf([old, fresh]), { state }), old.id), 2);
    expect(step2).toMatchObject({ state: 'done', source: 'site', tickable: true });
    expect(step2.manual?.note).toBe('Made it myself');
  });

  it('a tick never makes step 4 done', () => {
    const old = legacy({ lastUsed: daysAgo(2) });
    let state = emptyMigrationState();
    for (const step of [1, 2, 3, 4] as TickableStep[]) state = withTick(state, old.id, step, tick('All done'));
    const entry = entryOf(viewOf(inventoryOf([old]), { state, release: null }), old.id);
    expect(stepOf(entry, 4)).toMatchObject({ state: 'pending', source: null, tickable: false, manual: null });
    expect(entry.phase).toBe('safe-to-delete');
    expect(migrationState.safeParse(state).success).toBe(false);
  });

  it('a tick on a not-applicable step does nothing', () => {
    const old = legacy({ ownerDisabled: true, lastUsed: daysAgo(2) });
    let state = withTick(emptyMigrationState(), old.id, 2, tick('Replaced'));
    state = withTick(state, old.id, 3, tick('Quiet'));
    const entry = entryOf(viewOf(inventoryOf([old]), { state }), old.id);
    expect(stepOf(entry, 2)).toMatchObject({ state: 'not-applicable', source: null, tickable: false });
    expect(stepOf(entry, 3)).toMatchObject({ state: 'not-applicable', source: null, tickable: false });
    expect(entry.phase).toBe('owner-disabled');
  });

  it('untick removes the tick, and the key once it has none', () => {
    let state = withTick(emptyMigrationState(), 'k1', 2, tick('a'));
    state = withTick(state, 'k1', 3, tick('b'));
    state = withTick(state, 'k1', 2, null);
    expect(state.ticks).toEqual({ k1: { 3: tick('b') } });
    state = withTick(state, 'k1', 3, null);
    expect(state.ticks).toEqual({});
    // As the file holds it.
    expect(migrationState.safeParse(JSON.parse(JSON.stringify(state))).success).toBe(true);
  });
});

describe('trackLegacyKeys', () => {
  const LATER = new Date(NOW.getTime() + DAY_MS);

  it('in steps, looks at no more than 5,000 tracked entries a step, and answers as at once', () => {
    const keys = Array.from({ length: 12_000 }, () => legacy());
    const first = trackLegacyKeys(emptyMigrationState(), inventoryOf(keys), NOW);
    // The tracked entries counted as the rule walks them: a step is the work between two pauses.
    let looked = 0;
    const counted = new Proxy(first.tracked, {
      get(target, property, receiver) {
        if (property !== Symbol.iterator) return Reflect.get(target, property, receiver) as unknown;
        return function* () {
          for (const entry of target) {
            looked += 1;
            yield entry;
          }
        };
      },
    });
    const later = inventoryOf(keys.slice(1), { fetchedAt: LATER.toISOString() });
    const steps = trackLegacyKeysSteps({ ...first, tracked: counted }, later, LATER);
    let most = 0;
    let before = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) {
      most = Math.max(most, looked - before);
      before = looked;
    }
    expect(looked).toBe(12_000);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(5_000);
    expect(step.value.tracked.toJSON()).toEqual(trackLegacyKeys(first, later, LATER).tracked.toJSON());
  });

  it('at a large site, the first step only pauses: the task that stored the snapshot does none of the rule', () => {
    const devices = Array.from({ length: 6_000 }, (_, i) => deviceRecord(i === 0 ? DEVICE : `device-${i}`, 'importer'));
    let read = 0;
    const watched = new Proxy(devices, {
      get(target, property, receiver) {
        // Its size may be asked (whether the site is large), not its devices.
        if (property !== 'length') read += 1;
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const snapshot = inventoryOf([legacy()], { devices: watched });
    const steps = trackLegacyKeysSteps(emptyMigrationState(), snapshot, NOW);
    expect(steps.next().done).toBe(false);
    expect(read).toBe(0);
    let step = steps.next();
    while (!step.done) step = steps.next();
    expect(read).toBeGreaterThan(0);
    expect(step.value.tracked.toJSON()).toEqual(trackLegacyKeys(emptyMigrationState(), snapshot, NOW).tracked.toJSON());
  });

  it('remembers a legacy key with its owner and when it was first seen; not enhanced keys', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const state = trackLegacyKeys(emptyMigrationState(), inventoryOf([old, key()], { fetchedAt: at(-5000) }), NOW);
    expect(Object.keys(state.tracked.toJSON())).toEqual([old.id]);
    expect(state.tracked.get(old.id)).toMatchObject({
      firstSeenAt: at(-5000),
      deletedAt: null,
      deviceType: 'importer',
      owner: { kind: 'device', id: DEVICE, disabled: false, email: null },
    });
  });

  it('a device key gone from a snapshot that lists device keys is deleted, at the time the app saw it', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const first = trackLegacyKeys(emptyMigrationState(), inventoryOf([old]), NOW);
    const after = trackLegacyKeys(first, inventoryOf([]), LATER);
    expect(after.tracked.get(old.id)?.deletedAt).toBe(LATER.toISOString());
    expect(after.tracked.get(old.id)?.firstSeenAt).toBe(NOW.toISOString());
    // Seen gone again later: the first time it was seen gone stays.
    const again = trackLegacyKeys(after, inventoryOf([]), new Date(LATER.getTime() + DAY_MS));
    expect(again.tracked.get(old.id)?.deletedAt).toBe(LATER.toISOString());
  });

  it('a device key absent from a snapshot without device keys is not deleted', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const first = trackLegacyKeys(emptyMigrationState(), inventoryOf([old]), NOW);
    const blind = inventoryOf([], { coverage: { deviceKeys: false } });
    const after = trackLegacyKeys(first, blind, LATER);
    expect(after.tracked.get(old.id)?.deletedAt).toBeNull();
    const view = buildMigration({ inventory: blind, site: siteOf(), state: after, now: LATER });
    expect(view.deleted).toEqual([]);
    expect(view.keys).toEqual([]);
  });

  it("another user's key is deleted only when the snapshot lists every user's keys", () => {
    const theirs = legacy({ ownerType: 'user', ownerId: 'grace@example.org', lastUsed: daysAgo(1) });
    const users = [userRecord(ADMIN), userRecord('grace@example.org')];
    const first = trackLegacyKeys(emptyMigrationState(), inventoryOf([theirs], { users }), NOW);
    const own = key({ ownerType: 'user', ownerId: ADMIN, isAppKey: true });
    const selfOnly = trackLegacyKeys(first, inventoryOf([own], { users, coverage: { userKeys: 'self' } }), LATER);
    expect(selfOnly.tracked.get(theirs.id)?.deletedAt).toBeNull();
    const all = trackLegacyKeys(first, inventoryOf([own], { users }), LATER);
    expect(all.tracked.get(theirs.id)?.deletedAt).toBe(LATER.toISOString());
  });

  it("the admin's own legacy key is deleted when gone from a snapshot showing only own keys", () => {
    const mine = legacy({ ownerType: 'user', ownerId: ADMIN, lastUsed: daysAgo(1) });
    const own = key({ ownerType: 'user', ownerId: ADMIN, isAppKey: true });
    const first = trackLegacyKeys(emptyMigrationState(), inventoryOf([mine, own], { coverage: { userKeys: 'self' } }), NOW);
    const after = trackLegacyKeys(first, inventoryOf([own], { coverage: { userKeys: 'self' } }), LATER);
    expect(after.tracked.get(mine.id)?.deletedAt).toBe(LATER.toISOString());
  });

  it('a deleted key shows in view.deleted with step 4 done, is no blocker, and a key that comes back is live again', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const state = trackLegacyKeys(emptyMigrationState(), inventoryOf([old]), NOW);
    const view = viewOf(inventoryOf([]), { state, now: LATER });
    expect(view.keys).toEqual([]);
    expect(view.blockers).toEqual([]);
    expect(view.ready).toBe(true);
    expect(view.deleted).toHaveLength(1);
    const gone = view.deleted[0]!;
    expect(gone).toMatchObject({ keyId: old.id, phase: 'deleted', deletedAt: LATER.toISOString() });
    expect(stepOf(gone, 4)).toMatchObject({ state: 'done', source: 'site' });
    expect(view.forecast.retired).toBe(1);
    const deletedState = trackLegacyKeys(state, inventoryOf([]), LATER);
    const back = trackLegacyKeys(deletedState, inventoryOf([old]), new Date(LATER.getTime() + DAY_MS));
    expect(back.tracked.get(old.id)?.deletedAt).toBeNull();
  });
});

describe('forecast', () => {
  /** `count` tracked keys first seen 10 days ago, of which `deleted` are gone. */
  function tracked(count: number, deleted: number): TrackedLegacyKey[] {
    return Array.from({ length: count }, (_, index) => ({
      label: 'Legacy Key',
      owner: { kind: 'device' as const, id: `d${index}`, name: `d${index}`, disabled: false, email: null },
      deviceType: 'importer',
      created: daysAgo(700),
      lastUsed: null,
      firstSeenAt: daysAgo(10),
      deletedAt: index < deleted ? daysAgo(1) : null,
    }));
  }

  it('without a date: no countdown, no verdict on time', () => {
    const forecast = forecastOf(null, 2, tracked(4, 2), NOW);
    expect(forecast).toMatchObject({ upgradeDate: null, daysLeft: null, neededPerWeek: null, onTrack: null, retired: 2 });
    expect(forecast.summary).toContain('Set the planned upgrade date');
  });

  it('the date has passed with keys left: not on track', () => {
    const forecast = forecastOf('2026-11-20', 2, tracked(4, 2), NOW);
    expect(forecast).toMatchObject({ daysLeft: -6, onTrack: false, neededPerWeek: null });
    expect(forecast.summary).toContain('has passed');
  });

  it('the upgrade is today with keys left: not on track', () => {
    expect(forecastOf('2026-11-26', 1, tracked(4, 2), NOW)).toMatchObject({ daysLeft: 0, onTrack: false });
    // Even with no rate to forecast from: there is no time left.
    const today = forecastOf('2026-11-26', 1, tracked(4, 0), NOW);
    expect(today).toMatchObject({ daysLeft: 0, onTrack: false, neededPerWeek: null });
    expect(today.summary).toContain('The upgrade is today');
  });

  it('nothing retired yet: no rate, cannot tell (onTrack null), but what must go each week', () => {
    const forecast = forecastOf('2026-12-10', 4, tracked(4, 0), NOW);
    expect(forecast).toMatchObject({ daysLeft: 14, ratePerWeek: null, projectedDone: null, onTrack: null, neededPerWeek: 2 });
  });

  it('2 of 4 retired in 10 days (1.4 a week): the last 2 go in 10 more days; on track only before the upgrade day', () => {
    const keys = tracked(4, 2);
    const early = forecastOf('2026-12-20', 2, keys, NOW);
    expect(early).toMatchObject({ ratePerWeek: 1.4, projectedDone: '2026-12-06', onTrack: true, daysLeft: 24 });
    expect(early.summary).toContain('in time');
    expect(forecastOf('2026-12-07', 2, keys, NOW).onTrack).toBe(true);
    const late = forecastOf('2026-12-06', 2, keys, NOW);
    expect(late.onTrack).toBe(false);
    expect(late.summary).toContain('too late');
  });

  it('rounds the days to finish up: 2 retired in 7 days, 3 left take 10.5 days, so 11', () => {
    const keys = tracked(5, 2).map((entry) => ({ ...entry, firstSeenAt: daysAgo(7) }));
    const forecast = forecastOf('2026-12-08', 3, keys, NOW);
    expect(forecast).toMatchObject({ ratePerWeek: 2, projectedDone: '2026-12-07', onTrack: true });
  });

  it('counts the days left in whole UTC days, from the start of today', () => {
    const lateEvening = new Date('2026-11-26T23:00:00.000Z');
    expect(forecastOf('2026-11-27', 1, tracked(2, 0), lateEvening).daysLeft).toBe(1);
    const earlyMorning = new Date('2026-11-26T01:00:00.000Z');
    expect(forecastOf('2026-11-27', 1, tracked(2, 0), earlyMorning).daysLeft).toBe(1);
  });

  it('nothing remaining: on track, nothing needed', () => {
    const forecast = forecastOf('2026-12-20', 0, tracked(2, 2), NOW);
    expect(forecast).toMatchObject({ remaining: 0, neededPerWeek: 0, onTrack: true, projectedDone: '2026-11-26' });
    expect(forecast.summary).toContain('ready');
    // Done today, even with no retirement seen (nothing was ever tracked).
    expect(forecastOf('2026-12-20', 0, [], NOW)).toMatchObject({ projectedDone: '2026-11-26', onTrack: true, retired: 0 });
    expect(forecastOf(null, 0, [], NOW).summary).toBe('No legacy key is left.');
  });

  it('the view forecasts from the settings and the keys still present', () => {
    const old = legacy({ lastUsed: daysAgo(1) });
    const view = viewOf(inventoryOf([old]), { state: withSettings({ upgradeDate: '2026-12-24' }) });
    expect(view.forecast).toMatchObject({ upgradeDate: '2026-12-24', remaining: 1, retired: 0, daysLeft: 28, onTrack: null });
  });
});

describe("other users' keys the site does not show", () => {
  const ownLegacy = (): KeyRecord => legacy({ ownerType: 'device', ownerId: DEVICE, lastUsed: daysAgo(40) });

  it('blocks the verdict until the admin records that every user replaced theirs', () => {
    const hidden = inventoryOf([], { coverage: { userKeys: 'self' } });
    const view = viewOf(hidden);
    expect(view.ready).toBe(false);
    expect(view.blockers.map((b) => b.code)).toEqual(['user-keys-unverified']);

    const checked = viewOf(hidden, {
      state: { ...emptyMigrationState(), userKeysChecked: tick('Asked all 12 users; each confirmed') },
    });
    expect(checked.ready).toBe(true);
    expect(checked.userKeysChecked?.note).toBe('Asked all 12 users; each confirmed');
  });

  it("needs no record where the site lists every user's keys, and ignores a stale one", () => {
    const visible = viewOf(inventoryOf([]), { state: { ...emptyMigrationState(), userKeysChecked: tick('Old note') } });
    expect(visible.ready).toBe(true);
    expect(visible.userKeysChecked).toBeNull();
    expect(viewOf(inventoryOf([ownLegacy()])).blockers.map((b) => b.code)).toEqual(['legacy-key']);
  });

  it('reads a state saved before the record existed', () => {
    const { userKeysChecked: _dropped, ...older } = emptyMigrationState();
    expect(migrationState.parse(JSON.parse(JSON.stringify(older))).userKeysChecked).toBeNull();
  });
});

describe('a deleted key the admin had ticked, and a tick with no key to watch', () => {
  it("keeps the hand ticks of a deleted key as the admin's word, not the site's", () => {
    const old = legacy({ lastUsed: daysAgo(40) });
    let state = trackLegacyKeys(emptyMigrationState(), inventoryOf([old]), NOW);
    state = withTick(state, old.id, 3, tick('Importer reconfigured'));
    const view = viewOf(inventoryOf([]), { state });
    const gone = view.deleted.find((entry) => entry.keyId === old.id);
    expect(gone && stepOf(gone, 3)).toMatchObject({
      state: 'done',
      source: 'manual',
      evidence: 'Ticked by hand: Importer reconfigured',
    });
    expect(gone && stepOf(gone, 2)).toMatchObject({ state: 'not-applicable', source: null });
    expect(gone && stepOf(gone, 4)).toMatchObject({ state: 'done', source: 'site' });
  });

  it('asks for the tick of step 3 when step 2 was ticked by hand and the site shows no new key', () => {
    const old = legacy({ lastUsed: daysAgo(2) });
    const state = withTick(emptyMigrationState(), old.id, 2, tick('New key made on the laptop, site hides it'));
    const entry = entryOf(viewOf(inventoryOf([old]), { state }), old.id);
    expect(entry.phase).toBe('quiet');
    expect(entry.next).toMatch(/^Tick step 3 by hand/);
  });
});
