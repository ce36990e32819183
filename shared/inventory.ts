/**
 * The app's own view of a site's keys and their owners, as main builds it from the site's lists and as the
 * renderer shows it. No secret is ever part of it: it is also the offline snapshot kept on disk.
 */
import { z } from 'zod';

const iso = z.string().max(64);

export const ownerType = z.enum(['device', 'user']);
export type OwnerType = z.infer<typeof ownerType>;

export const keyRecord = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['enhanced', 'legacy']),
  ownerType,
  ownerId: z.string(),
  ownerLabel: z.string(),
  ownerDisabled: z.boolean(),
  created: iso.nullable(),
  expiresAt: iso.nullable(),
  lastUsed: iso.nullable(),
  /** The key the app itself is connected with. */
  isAppKey: z.boolean(),
});
export type KeyRecord = z.infer<typeof keyRecord>;

export const DEVICE_HEALTHS = ['ok', 'missing', 'error', 'unknown'] as const;
export const deviceHealth = z.enum(DEVICE_HEALTHS);
export type DeviceHealth = z.infer<typeof deviceHealth>;

/** What an imaging site needs to find a device again; kept by the app per site, not on Flywheel. */
export const deviceNotes = z.strictObject({
  location: z.string().max(200),
  modality: z.string().max(100),
  contact: z.string().max(200),
});
export type DeviceNotes = z.infer<typeof deviceNotes>;
export const EMPTY_NOTES: DeviceNotes = { location: '', modality: '', contact: '' };

export const deviceRecord = z.object({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  disabled: z.boolean(),
  version: z.string().nullable(),
  health: deviceHealth,
  lastSeen: iso.nullable(),
  errorCount: z.number(),
  interval: z.number().nullable(),
  notes: deviceNotes,
});
export type DeviceRecord = z.infer<typeof deviceRecord>;

export const userRecord = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  isSiteAdmin: z.boolean(),
  /** Whether this user's keys are part of the inventory (false where the site does not show them). */
  keysVisible: z.boolean(),
  lastLogin: iso.nullable(),
});
export type UserRecord = z.infer<typeof userRecord>;

/**
 * How much of the site the inventory covers. Real Flywheel sites have no public call listing other users' keys;
 * the key service offers one (users?join_keys=true). The app says what is missing.
 */
export const inventoryCoverage = z.object({
  deviceKeys: z.boolean(),
  users: z.boolean(),
  userKeys: z.enum(['all', 'self']),
});
export type InventoryCoverage = z.infer<typeof inventoryCoverage>;

export const inventory = z.object({
  siteId: z.string(),
  siteName: z.string(),
  origin: z.string(),
  fetchedAt: iso,
  devices: z.array(deviceRecord),
  users: z.array(userRecord),
  keys: z.array(keyRecord),
  coverage: inventoryCoverage,
});
export type Inventory = z.infer<typeof inventory>;

/** Why the data shown is the last good snapshot: the failed refresh's code and message for the admin. */
export const offlineReason = z.object({ code: z.string(), message: z.string() });

/** What the renderer gets: the inventory, and whether it is the live state or the last good snapshot. */
export const inventoryView = z.object({
  inventory: inventory.nullable(),
  /** Set when the last refresh failed: the data shown is the last good snapshot (read only). */
  offline: offlineReason.nullable(),
});
export type InventoryView = z.infer<typeof inventoryView>;

/** How far a refresh has come: owners (devices and users) fetched so far, of how many the site reported. */
export const refreshProgress = z.object({
  running: z.boolean(),
  loaded: z.number(),
  /** Null until the site has said how many there are (or when it does not say). */
  total: z.number().nullable(),
});
export type RefreshProgress = z.infer<typeof refreshProgress>;
