/**
 * The site's wire records turned into the app's inventory records. Pure functions. A refresh maps each list page as
 * it arrives (fetchedDeviceOf, fetchedUserOf), so the wire objects of a large site are dropped page by page, and
 * assembles the inventory once every list is in (assembleInventory).
 */
import {
  EMPTY_NOTES,
  type DeviceHealth,
  type DeviceNotes,
  type DeviceRecord,
  type Inventory,
  type KeyRecord,
  type UserRecord,
} from '../../shared/inventory.js';
import { isLegacyKey } from '../../shared/key-status.js';
import { finishSteps } from '../../shared/steps.js';
import type { ApiKeyWire, DeviceStatusWire, DeviceWire, UserWire } from '../../shared/wire.schema.js';
import { displayNameOf } from './sites.service.js';

const HEALTH: ReadonlySet<string> = new Set(['ok', 'missing', 'error', 'unknown']);

/** Flywheel core's rules, for sites that do not answer /devices/status: error, unknown, missing, ok. */
/** A device's own fields, without its keys. */
export type DeviceFacts = Pick<
  DeviceWire,
  '_id' | 'label' | 'type' | 'name' | 'version' | 'interval' | 'last_seen' | 'disabled' | 'errors'
>;
/** A user's own fields, without their keys. */
export type UserFacts = Pick<
  UserWire,
  '_id' | 'firstname' | 'lastname' | 'email' | 'roles' | 'disabled' | 'created' | 'modified' | 'lastlogin'
>;

export function healthOf(device: DeviceFacts, status: DeviceStatusWire | null, now: Date): DeviceHealth {
  const reported = status?.[device._id]?.status;
  if (reported && HEALTH.has(reported)) return reported as DeviceHealth;
  if ((device.errors ?? []).length > 0) return 'error';
  if (!device.interval || !device.last_seen) return 'unknown';
  return (now.getTime() - Date.parse(device.last_seen)) / 1000 > device.interval ? 'missing' : 'ok';
}

export function deviceRecordOf(
  device: DeviceFacts,
  status: DeviceStatusWire | null,
  notes: DeviceNotes | undefined,
  now: Date,
): DeviceRecord {
  return {
    id: device._id,
    label: deviceLabelOf(device),
    type: device.type || 'unknown',
    disabled: device.disabled === true,
    version: device.version ?? null,
    health: healthOf(device, status, now),
    lastSeen: status?.[device._id]?.last_seen ?? device.last_seen ?? null,
    errorCount: (status?.[device._id]?.errors ?? device.errors ?? []).length,
    interval: device.interval ?? null,
    notes: notes ?? EMPTY_NOTES,
  };
}

function deviceLabelOf(device: DeviceFacts): string {
  return device.label || device.name || device._id;
}

export function userRecordOf(user: UserFacts, keysVisible: boolean, name = displayNameOf(user)): UserRecord {
  return {
    id: user._id,
    name,
    email: user.email ?? null,
    disabled: user.disabled === true,
    isSiteAdmin: (user.roles ?? []).includes('site_admin'),
    keysVisible,
    lastLogin: user.lastlogin ?? null,
  };
}

export function keyRecordOf(
  key: ApiKeyWire,
  owner: { type: 'device' | 'user'; id: string; label: string; disabled: boolean },
  pooled: (text: string) => string = asIs,
): KeyRecord {
  const label = pooled(key.label ?? '');
  const expiresAt = key.expires_at ?? null;
  return {
    id: key._id,
    label: label || '(no label)',
    kind: isLegacyKey({ label, legacyFlag: key.legacy ?? null, expiresAt }) ? 'legacy' : 'enhanced',
    ownerType: owner.type,
    ownerId: owner.id,
    ownerLabel: owner.label,
    ownerDisabled: owner.disabled,
    created: key.created ?? null,
    expiresAt,
    lastUsed: key.last_used ?? null,
    isAppKey: false,
  };
}

/**
 * Which of the admin's own keys the app is using. The site does not say, but every request sets the key's
 * last_used, and the app has just made one: the own key of the right kind used last, within minutes of the
 * fetch, is ours (the first of those used at the same instant). Null when that is not clear.
 */
export function appKeyIdOf(ownKeys: readonly KeyRecord[], appKeyKind: 'enhanced' | 'legacy', fetchedAt: Date): string | null {
  let best: { id: string; time: number } | null = null;
  for (const key of ownKeys) {
    if (key.kind !== appKeyKind || key.lastUsed === null) continue;
    const time = Date.parse(key.lastUsed);
    if (!(Math.abs(fetchedAt.getTime() - time) < 10 * 60 * 1000)) continue;
    if (best === null || time > best.time) best = { id: key.id, time };
  }
  return best?.id ?? null;
}

/** A record as it is, or the previous snapshot's equal one (unchanged-records.ts); by default as it is. */
export type Keep<T> = (record: T) => T;
function asIs<T>(record: T): T {
  return record;
}

/** What a refresh keeps of a device of a list page: its own fields and its keys as records, not their wire objects. */
export interface FetchedDevice {
  readonly device: DeviceFacts;
  readonly keys: readonly KeyRecord[];
}

/** `pooled` gives one string for equal labels (StringPool); by default each label is the page's own. */
export function fetchedDeviceOf(
  device: DeviceWire,
  keep: Keep<KeyRecord> = asIs,
  pooled: (text: string) => string = asIs,
): FetchedDevice {
  const facts: DeviceFacts = {
    _id: device._id,
    label: device.label,
    type: device.type,
    name: device.name,
    version: device.version,
    interval: device.interval,
    last_seen: device.last_seen,
    disabled: device.disabled,
    errors: device.errors,
  };
  const owner = { type: 'device' as const, id: device._id, label: deviceLabelOf(device), disabled: device.disabled === true };
  return { device: facts, keys: (device.api_keys ?? []).map((key) => keep(keyRecordOf(key, owner, pooled))) };
}

/**
 * A user of a list page: their record, and their keys as records, or null where the site did not list them. The
 * record is made as the page arrives, its keys taken as visible where the site listed them; assembleInventory
 * corrects that where the whole list says otherwise. Nothing of the wire object is kept to the end of a refresh.
 */
export interface FetchedUser {
  readonly user: UserRecord;
  readonly keys: readonly KeyRecord[] | null;
}

export function fetchedUserOf(
  user: UserWire,
  keep: Keep<KeyRecord> = asIs,
  keepUser: Keep<UserRecord> = asIs,
  pooled: (text: string) => string = asIs,
): FetchedUser {
  const apiKeys = user.api_keys;
  const listed = Array.isArray(apiKeys);
  // One string for the user's name and their keys' owner label.
  const name = displayNameOf(user);
  const owner = { type: 'user' as const, id: user._id, label: name, disabled: user.disabled === true };
  return {
    user: keepUser(userRecordOf(user, listed, name)),
    keys: listed ? apiKeys.map((key) => keep(keyRecordOf(key, owner, pooled))) : null,
  };
}

export interface InventoryParts {
  readonly site: { readonly id: string; readonly name: string; readonly origin: string; readonly keyKind: 'enhanced' | 'legacy' };
  readonly fetchedAt: Date;
  /** Null where the site refused the list (the inventory says what it covers). */
  readonly devices: FetchedDevice[] | null;
  readonly status: DeviceStatusWire | null;
  readonly users: FetchedUser[] | null;
  /** The admin, as /users/self answered: their keys are always part of the inventory. */
  readonly self: UserWire;
  readonly notes: Readonly<Record<string, DeviceNotes>>;
  /** The previous snapshot's equal records, kept where these are the same (by default, every record is new). */
  readonly keep?: {
    readonly key: Keep<KeyRecord>;
    readonly device: Keep<DeviceRecord>;
    readonly user: Keep<UserRecord>;
  };
}

/**
 * Items pushed one by one: a spread passes each as an argument, and an owner with some hundred thousand keys
 * would overflow the stack.
 */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** About how many records (keys appended, owners mapped) assembleInventorySteps handles between two pauses. */
export const ASSEMBLE_RECORDS_PER_STEP = 25_000;

/** The inventory from a refresh's lists: device keys, then user keys, each in the order the site listed them. */
export function assembleInventory(parts: InventoryParts): Inventory {
  return finishSteps(assembleInventorySteps(parts));
}

/**
 * assembleInventory in steps, pausing after about `perStep` records: at 10x the scale site (10,000 devices, 50,000
 * users, 250,000 keys) the whole assembly held main for 65-110 ms in one task at the end of every refresh.
 */
export function* assembleInventorySteps(
  parts: InventoryParts,
  perStep = ASSEMBLE_RECORDS_PER_STEP,
): Generator<void, Inventory> {
  const { site, fetchedAt, status, self } = parts;
  const keep = parts.keep ?? { key: asIs, device: asIs, user: asIs };
  const keys: KeyRecord[] = [];
  let work = 0;
  // Counts `records` handled; true when a pause is due.
  const handled = (records: number): boolean => {
    work += records;
    if (work < perStep) return false;
    work = 0;
    return true;
  };
  const deviceRecords: DeviceRecord[] = [];
  for (const { device, keys: own } of parts.devices ?? []) {
    append(keys, own);
    deviceRecords.push(keep.device(deviceRecordOf(device, status, parts.notes[device._id], fetchedAt)));
    if (handled(own.length + 1)) yield;
  }
  // Other users' keys only where the site lists them (the key service's users?join_keys=true).
  const allUserKeys = parts.users !== null && parts.users.some((user) => user.keys !== null);
  const fetchedSelf = fetchedUserOf(self, keep.key, keep.user);
  const userList = parts.users ?? [fetchedSelf];
  const selfListed = userList.some(({ user }) => user.id === self._id);
  const ownFrom = keys.length;
  const userRecords: UserRecord[] = [];
  for (const entry of selfListed ? userList : [...userList, fetchedSelf]) {
    const isSelf = entry.user.id === self._id;
    const source = isSelf ? fetchedSelf : entry;
    const visible = isSelf || allUserKeys;
    if (visible) append(keys, source.keys ?? []);
    userRecords.push(source.user.keysVisible === visible ? source.user : keep.user({ ...source.user, keysVisible: visible }));
    if (handled((visible ? (source.keys?.length ?? 0) : 0) + 1)) yield;
  }
  // The admin's own keys are among the user keys, after the device keys: their places, for the app key's mark.
  const ownAt: number[] = [];
  for (let i = ownFrom; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (key.ownerType === 'user' && key.ownerId === self._id) ownAt.push(i);
    if (handled(1)) yield;
  }
  const appKeyId = appKeyIdOf(ownAt.map((i) => keys[i]!), site.keyKind, fetchedAt);
  const at = ownAt.find((i) => keys[i]!.id === appKeyId);
  if (at !== undefined) keys[at] = keep.key({ ...keys[at]!, isAppKey: true });
  return {
    siteId: site.id,
    siteName: site.name,
    origin: site.origin,
    fetchedAt: fetchedAt.toISOString(),
    devices: deviceRecords,
    users: userRecords,
    keys,
    coverage: { deviceKeys: parts.devices !== null, users: parts.users !== null, userKeys: allUserKeys ? 'all' : 'self' },
  };
}
