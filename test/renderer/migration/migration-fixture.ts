/**
 * A site in the middle of its 19.0 migration, and a fake of main's migration tasks built on the inventory fake of
 * ../keys/support.tsx. The fake answers `migration.*` the way main's MigrationService does: it tracks legacy keys
 * from the current in-memory inventory and builds the view with the real rules of shared/migration.ts, so a key
 * created or revoked through the fake shows in the next view, as the evidence would on a real site.
 */
import type { Inventory, KeyRecord } from '../../../shared/inventory.js';
import {
  buildMigration,
  emptyMigrationState,
  trackLegacyKeys,
  withTick,
  type MigrationSettings,
  type MigrationState,
  type MigrationView,
  type TrackedLegacyKey,
} from '../../../shared/migration.js';
import { legacyEntryOf, migrationSummaryOf, queryLegacyKeys } from '../../../shared/migration-page.js';
import { readinessReport } from '../../../shared/migration-report.js';
import { fail, ok } from '../../../shared/result.js';
import { TrackedKeys } from '../../../shared/tracked-keys.js';
import { DAY_MS } from '../../../shared/time.js';
import { installInventoryFake, makeDevice, makeInventory, makeKey } from '../keys/support.js';

export const NOW = Date.now();
const HOUR_MS = 60 * 60 * 1000;
export const ago = (ms: number) => new Date(NOW - ms).toISOString();
export const daysAgo = (days: number) => ago(days * DAY_MS);

/** The signed-in admin of makeSite(). */
export const ADMIN = { id: 'ada@example.org', name: 'Ada Lovelace' };
export const GRACE = { id: 'grace', name: 'Grace Hopper', email: 'grace.hopper+keys@example.org' };

export const DEVICES = {
  importer: makeDevice({ id: 'dev-importer', label: 'Ultrasound importer', type: 'importer' }),
  reaper: makeDevice({ id: 'dev-reaper', label: 'MR Reaper', type: 'reaper' }),
} as const;

const legacy = (overrides: Partial<KeyRecord>): KeyRecord =>
  makeKey({ kind: 'legacy', label: 'Legacy Key', expiresAt: null, created: daysAgo(700), ...overrides });

const ofDevice = (device: (typeof DEVICES)[keyof typeof DEVICES]) => ({
  ownerType: 'device' as const,
  ownerId: device.id,
  ownerLabel: device.label,
});

/**
 * The legacy keys, one per case:
 * - `leg-importer`: an importer's key used an hour ago, no replacement (the admin's guided swap, step 2 open);
 * - `leg-reaper`: a Reaper's key used 2 h ago, its replacement never used (Flywheel support's job);
 * - `leg-ada`: the admin's own key, quiet for 3 of 14 days since the app's new key took over;
 * - `leg-grace`: a user's key quiet for 40 days while her new key is in use: safe to delete;
 * - `leg-edsger`: a disabled user's key: not a blocker.
 */
export function migrationInventory(): Inventory {
  return makeInventory({
    devices: [DEVICES.importer, DEVICES.reaper],
    users: [
      {
        id: ADMIN.id,
        name: ADMIN.name,
        email: ADMIN.id,
        disabled: false,
        isSiteAdmin: true,
        keysVisible: true,
        lastLogin: ago(HOUR_MS),
      },
      {
        id: GRACE.id,
        name: GRACE.name,
        email: GRACE.email,
        disabled: false,
        isSiteAdmin: false,
        keysVisible: true,
        lastLogin: ago(HOUR_MS),
      },
      {
        id: 'edsger',
        name: 'Edsger Dijkstra',
        email: 'edsger@example.org',
        disabled: true,
        isSiteAdmin: false,
        keysVisible: true,
        lastLogin: daysAgo(90),
      },
    ],
    keys: [
      legacy({ id: 'leg-importer', ...ofDevice(DEVICES.importer), lastUsed: ago(HOUR_MS) }),
      legacy({ id: 'leg-reaper', ...ofDevice(DEVICES.reaper), lastUsed: ago(2 * HOUR_MS) }),
      makeKey({ id: 'reaper-new', label: 'Primary', ...ofDevice(DEVICES.reaper), created: daysAgo(5), lastUsed: null }),
      legacy({ id: 'leg-ada', ownerType: 'user', ownerId: ADMIN.id, ownerLabel: ADMIN.name, lastUsed: daysAgo(3) }),
      makeKey({
        id: 'ada-app',
        label: 'Keywarden',
        ownerType: 'user',
        ownerId: ADMIN.id,
        ownerLabel: ADMIN.name,
        created: daysAgo(30),
        lastUsed: ago(600_000),
        isAppKey: true,
      }),
      legacy({ id: 'leg-grace', ownerType: 'user', ownerId: GRACE.id, ownerLabel: GRACE.name, lastUsed: daysAgo(40) }),
      makeKey({
        id: 'grace-new',
        label: 'Analysis laptop',
        ownerType: 'user',
        ownerId: GRACE.id,
        ownerLabel: GRACE.name,
        created: daysAgo(50),
        lastUsed: ago(HOUR_MS),
      }),
      legacy({
        id: 'leg-edsger',
        ownerType: 'user',
        ownerId: 'edsger',
        ownerLabel: 'Edsger Dijkstra',
        ownerDisabled: true,
        lastUsed: daysAgo(150),
      }),
    ],
  });
}

/** A legacy key the app saw 20 days ago and that went 2 days ago: the deleted list, and a rate for the forecast. */
export const GONE: TrackedLegacyKey = {
  label: 'Legacy Key',
  owner: { kind: 'device', id: 'dev-old', name: 'Old CT importer', disabled: false, email: null },
  deviceType: 'importer',
  created: daysAgo(900),
  lastUsed: daysAgo(30),
  firstSeenAt: daysAgo(20),
  deletedAt: daysAgo(2),
};

export function migrationState(overrides: Partial<MigrationState> = {}): MigrationState {
  return { ...emptyMigrationState(), tracked: TrackedKeys.of({ 'leg-gone': GONE }), ...overrides };
}

export interface MigrationFakeOptions {
  readonly inventory?: Inventory;
  readonly state?: MigrationState;
  readonly release?: string | null;
  readonly offline?: { code: string; message: string } | null;
}

/** Installs the inventory fake and main's migration tasks over it; `view()` is what main would answer now. */
export function installMigrationFake(options: MigrationFakeOptions = {}) {
  const installed = installInventoryFake({ inventory: options.inventory ?? migrationInventory(), offline: options.offline });
  const { fake, site } = installed;
  let state = options.state ?? migrationState();
  const release = options.release === undefined ? site.release : options.release;

  const view = (): MigrationView | null => {
    const inventory = installed.inventory();
    if (!inventory) return null;
    state = trackLegacyKeys(state, inventory, new Date());
    return buildMigration({
      inventory,
      site: { name: site.name, origin: site.origin, release, keyKind: site.keyKind },
      state,
      now: new Date(),
    });
  };

  // As main's handlers answer: the summary of the view, its keys a page at a time, a key's steps by its id.
  const summary = () => {
    const current = view();
    return current && migrationSummaryOf(current);
  };
  fake.migration.view.mockImplementation(async () => ok(summary()));
  fake.migration.keys.mockImplementation(async (query) => {
    const current = view();
    return ok(current ? queryLegacyKeys(current, query) : { rows: [], total: 0 });
  });
  fake.migration.entry.mockImplementation(async ({ keyId }) => {
    const current = view();
    const entry = current && legacyEntryOf(current, keyId);
    if (!entry) return ok(null);
    const owned = (installed.inventory()?.keys ?? []).filter(
      (key) => key.ownerType === entry.owner.kind && key.ownerId === entry.owner.id,
    );
    return ok({ entry, key: owned.find((key) => key.id === keyId) ?? null, ownerKeyCount: owned.length });
  });
  fake.migration.updateSettings.mockImplementation(async (settings: MigrationSettings) => {
    state = { ...state, settings };
    return ok(summary());
  });
  fake.migration.tick.mockImplementation(async ({ keyId, step, note }) => {
    state = withTick(state, keyId, step, { note: note.trim(), time: new Date().toISOString(), actor: site.userId });
    return ok(summary());
  });
  fake.migration.untick.mockImplementation(async ({ keyId, step }) => {
    if (!state.ticks[keyId]?.[String(step) as '1' | '2' | '3']) return fail('not-found', 'Not ticked by hand.');
    state = withTick(state, keyId, step, null);
    return ok(summary());
  });
  fake.migration.attestUserKeys.mockImplementation(async ({ note }) => {
    if (note === null && state.userKeysChecked === null) return fail('not-found', 'Nothing to take back.');
    const record = note === null ? null : { note: note.trim(), time: new Date().toISOString(), actor: site.userId };
    state = { ...state, userKeysChecked: record };
    return ok(summary());
  });
  fake.migration.report.mockImplementation(async ({ format }) => {
    const current = view();
    if (!current) return fail('not-found', 'There is no inventory to report on yet. Refresh first.');
    const file = readinessReport(current, format);
    return ok({ fileName: file.fileName, mimeType: file.mimeType, content: file.content, rows: file.rows });
  });

  return { ...installed, view, state: () => state };
}
