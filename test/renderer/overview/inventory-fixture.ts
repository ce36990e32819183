/**
 * Inventory builders and a page renderer for the Overview, Inventory and Users page tests. The fake keyAdmin
 * (../fake-key-admin.ts) answers `inventory.load` with the view given here; dates are relative to now.
 */
import type { Inventory, InventoryView, KeyRecord, UserRecord } from '../../../shared/inventory.js';
import { ok } from '../../../shared/result.js';
import { DAY_MS } from '../../../shared/time.js';
import { installFakeKeyAdmin } from '../fake-key-admin.js';

export const inDays = (days: number, from = Date.now()) => new Date(from + days * DAY_MS).toISOString();

let seq = 0;
export function makeKey(overrides: Partial<KeyRecord> = {}): KeyRecord {
  seq += 1;
  return {
    id: `key-${seq}`,
    label: `Key ${seq}`,
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'MR Scanner 1',
    ownerDisabled: false,
    created: inDays(-30),
    expiresAt: inDays(60),
    lastUsed: inDays(-1),
    isAppKey: false,
    ...overrides,
  };
}

export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: 'ada@example.org',
    name: 'Ada Lovelace',
    email: 'ada@example.org',
    disabled: false,
    isSiteAdmin: true,
    keysVisible: true,
    lastLogin: inDays(-2),
    ...overrides,
  };
}

export function makeInventory(overrides: Partial<Inventory> = {}): Inventory {
  return {
    siteId: 'flywheel-example-org',
    siteName: 'flywheel.example.org',
    origin: 'https://flywheel.example.org',
    // Fetched by this window (after it opened): no automatic fetch unless a test asks for an older snapshot.
    fetchedAt: new Date(Date.now() + 1000).toISOString(),
    devices: [],
    users: [],
    keys: [],
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
    ...overrides,
  };
}

/** Installs the fake keyAdmin answering this inventory view, and the default preferences. */
export function installInventory(view: Partial<InventoryView> = {}) {
  const fake = installFakeKeyAdmin();
  const answer: InventoryView = { inventory: makeInventory(), offline: null, ...view };
  fake.inventory.load.mockImplementation(async () => ok(structuredClone(answer)));
  fake.inventory.refresh.mockImplementation(async () => ok(structuredClone(answer)));
  fake.preferences.get.mockResolvedValue(ok({ expiringWithinDays: 7, idleAfterDays: 90 }));
  return fake;
}
