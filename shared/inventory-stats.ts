/**
 * Pure summaries of an inventory for the Overview, Inventory and Users pages: status counts, expiries grouped by
 * day (the collision view), plain table rows precomputed once (so that a grid of 25,000 keys needs no per-cell
 * computation) and per-user key summaries. No React, no platform imports (design.md, convention 6).
 */
import type { DeviceHealth, DeviceRecord, Inventory, KeyRecord, OwnerType, UserRecord } from './inventory.js';
import {
  DEFAULT_THRESHOLDS,
  KEY_STATUSES,
  isLegacyKey,
  keyStatus,
  keyUsage,
  latestUse,
  soonestExpiry,
  type KeyFacts,
  type KeyStatus,
  type KeyUsage,
  type StatusThresholds,
} from './key-status.js';
import { DAY_MS } from './time.js';

/** How far ahead the expiry chart looks. */
export const EXPIRY_WINDOW_DAYS = 90;
/** A day on which this many keys (or more) expire together stands out: one outage could break them all at once. */
export const COLLISION_MIN_KEYS = 3;

/**
 * The facts key-status.ts needs. The site's "legacy" is trusted; "enhanced" is not taken as proof, so that a key
 * labelled "Legacy Key" or without expiry is still flagged as legacy (key-status.ts, isLegacyKey).
 */
export function keyFacts(key: KeyRecord): KeyFacts {
  return {
    label: key.label,
    legacyFlag: key.kind === 'legacy' ? true : null,
    expiresAt: key.expiresAt,
    lastUsed: key.lastUsed,
    ownerDisabled: key.ownerDisabled,
  };
}

export function statusOfKey(key: KeyRecord, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): KeyStatus {
  return keyStatus(keyFacts(key), now, thresholds);
}

export function usageOfKey(key: KeyRecord, now: Date, thresholds: StatusThresholds = DEFAULT_THRESHOLDS): KeyUsage {
  return keyUsage(key, now, thresholds);
}

export type StatusCounts = Record<KeyStatus, number>;

export function emptyStatusCounts(): StatusCounts {
  return Object.fromEntries(KEY_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** How many keys are in each status (every status present, zero when none). */
export function countStatuses(
  keys: readonly KeyRecord[],
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): StatusCounts {
  const counts = emptyStatusCounts();
  for (const key of keys) counts[statusOfKey(key, now, thresholds)] += 1;
  return counts;
}

/** The UTC day of an instant, as YYYY-MM-DD. */
export function utcDay(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** A bar of the Overview's chart: how many keys expire on a UTC day. */
export interface ExpiryDay {
  /** UTC day, YYYY-MM-DD. */
  readonly day: string;
  readonly count: number;
}

/** The same with the keys themselves, as the rule gives them (main answers them when a day is opened). */
export interface ExpiryDayKeys extends ExpiryDay {
  /** The keys expiring that day, in the order given. */
  readonly keyIds: readonly string[];
}

/**
 * Keys that expire after `now` and within `days` days, grouped by UTC day, earliest day first; only days with
 * keys. A disabled owner's keys are counted too: re-enabling the owner brings them back with the same expiry.
 */
export function expiriesByDay(keys: readonly KeyRecord[], now: Date, days: number = EXPIRY_WINDOW_DAYS): ExpiryDayKeys[] {
  const start = now.getTime();
  const end = start + days * DAY_MS;
  const byDay = new Map<string, string[]>();
  for (const key of keys) {
    if (key.expiresAt === null) continue;
    const expires = Date.parse(key.expiresAt);
    if (Number.isNaN(expires) || expires <= start || expires > end) continue;
    const day = utcDay(expires);
    const ids = byDay.get(day);
    if (ids) ids.push(key.id);
    else byDay.set(day, [key.id]);
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, keyIds]) => ({ day, count: keyIds.length, keyIds }));
}

/** Days on which at least `minimum` keys expire together. */
export function collisionDays<T extends ExpiryDay>(groups: readonly T[], minimum: number = COLLISION_MIN_KEYS): T[] {
  return groups.filter((g) => g.count >= minimum);
}

const deviceTypesOfList = new WeakMap<readonly DeviceRecord[], ReadonlyMap<string, string>>();

/**
 * Each device's type (reaper, importer, connector, ...) by device id. Built once per list of devices (a snapshot's
 * lists are never changed, and a key action's patch keeps the devices' list): a search of the devices per key would
 * cost keys × devices, and building the map again for each index update after an action took 3-5 ms at 10,000
 * devices.
 */
export function deviceTypesById(devices: readonly DeviceRecord[]): ReadonlyMap<string, string> {
  let types = deviceTypesOfList.get(devices);
  if (!types) {
    types = new Map(devices.map((device) => [device.id, device.type]));
    deviceTypesOfList.set(devices, types);
  }
  return types;
}

/** The type of the device owning a key; null for a user's key, or a device the inventory does not list. */
export function deviceTypeOf(
  key: Pick<KeyRecord, 'ownerType' | 'ownerId'>,
  deviceTypes: ReadonlyMap<string, string>,
): string | null {
  return key.ownerType === 'device' ? (deviceTypes.get(key.ownerId) ?? null) : null;
}

/** One grid row per key: plain values computed once, dates as Date for the grid's date filters and sorting. */
export interface KeyRow {
  readonly id: string;
  readonly ownerLabel: string;
  readonly ownerType: OwnerType;
  readonly ownerId: string;
  readonly ownerDisabled: boolean;
  /** The owner device's type; null for a user's key. */
  readonly deviceType: string | null;
  readonly label: string;
  readonly kind: KeyRecord['kind'];
  readonly created: Date | null;
  readonly expires: Date | null;
  readonly lastUsed: Date | null;
  readonly status: KeyStatus;
  readonly usage: KeyUsage;
  readonly isAppKey: boolean;
}

/** An ISO instant as a Date; null where there is none or it does not parse. */
export function toDate(iso: string | null): Date | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time);
}

/** `deviceType`: the owner device's type (deviceTypeOf), null for a user's key. */
export function toKeyRow(
  key: KeyRecord,
  deviceType: string | null,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): KeyRow {
  return {
    id: key.id,
    ownerLabel: key.ownerLabel,
    ownerType: key.ownerType,
    ownerId: key.ownerId,
    ownerDisabled: key.ownerDisabled,
    deviceType,
    label: key.label,
    kind: key.kind,
    created: toDate(key.created),
    expires: toDate(key.expiresAt),
    lastUsed: toDate(key.lastUsed),
    status: statusOfKey(key, now, thresholds),
    usage: usageOfKey(key, now, thresholds),
    isAppKey: key.isAppKey,
  };
}

/** The rows of an inventory's keys, each with its owner device's type (one map of the devices for all keys). */
export function toKeyRows(
  inventory: Pick<Inventory, 'keys' | 'devices'>,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): KeyRow[] {
  const deviceTypes = deviceTypesById(inventory.devices);
  return inventory.keys.map((key) => toKeyRow(key, deviceTypeOf(key, deviceTypes), now, thresholds));
}

export type StatusFilter = KeyStatus | 'all';

export function filterByStatus<T extends { readonly status: KeyStatus }>(rows: readonly T[], status: StatusFilter): T[] {
  return status === 'all' ? [...rows] : rows.filter((row) => row.status === status);
}

export function keysOfOwner(keys: readonly KeyRecord[], ownerType: OwnerType, ownerId: string): KeyRecord[] {
  return keys.filter((key) => key.ownerType === ownerType && key.ownerId === ownerId);
}

/** A user with a summary of their keys; the key fields are null where the site does not show this user's keys. */
export interface UserRow {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly disabled: boolean;
  readonly isSiteAdmin: boolean;
  readonly keysVisible: boolean;
  readonly keyCount: number | null;
  readonly soonestExpiry: Date | null;
  readonly legacyKeys: number | null;
  readonly lastUse: Date | null;
}

/** The keys of each owner of one type, by owner id, in the keys' order. */
function keysByOwnerOf(keys: readonly KeyRecord[], type: OwnerType): Map<string, KeyRecord[]> {
  const byOwner = new Map<string, KeyRecord[]>();
  for (const key of keys) {
    if (key.ownerType !== type) continue;
    const list = byOwner.get(key.ownerId);
    if (list) list.push(key);
    else byOwner.set(key.ownerId, [key]);
  }
  return byOwner;
}

/** Legacy keys are counted whatever their owner's state: they all stop at the 19.0 upgrade. */
export function toUserRows(users: readonly UserRecord[], keys: readonly KeyRecord[]): UserRow[] {
  const byUser = keysByOwnerOf(keys, 'user');
  return users.map((user) =>
    userRowOf(user, () => {
      const own = byUser.get(user.id) ?? [];
      return {
        keyCount: own.length,
        soonestExpiry: toDate(soonestExpiry(own)),
        legacyKeys: own.filter((k) => isLegacyKey(keyFacts(k))).length,
        lastUse: toDate(latestUse(own)),
      };
    }),
  );
}

/** What a user's row says of their keys; dates as `D` (Date here, ISO text on the wire). */
export interface UserKeyFacts<D> {
  readonly keyCount: number;
  readonly soonestExpiry: D | null;
  readonly legacyKeys: number;
  readonly lastUse: D | null;
}

const KEYS_NOT_SHOWN = { keyCount: null, soonestExpiry: null, legacyKeys: null, lastUse: null } as const;

/** A user's row: the key facts only where the site shows this user's keys, null otherwise (`facts` is not asked). */
export function userRowOf<D>(user: UserRecord, facts: () => UserKeyFacts<D>) {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    disabled: user.disabled,
    isSiteAdmin: user.isSiteAdmin,
    keysVisible: user.keysVisible,
    ...(user.keysVisible ? facts() : KEYS_NOT_SHOWN),
  };
}

/** A device with a summary of its keys: a row of the Devices grid; dates as `D` (Date here, ISO text on the wire). */
export interface DeviceRow<D = Date> {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly health: DeviceHealth;
  readonly lastSeen: D | null;
  /** Seconds between the check-ins the site expects (null: none set), to say why a device is missing. */
  readonly interval: number | null;
  readonly location: string;
  readonly modality: string;
  readonly keyCount: number;
  readonly soonestExpiry: D | null;
  readonly hasLegacyKeys: boolean;
  readonly disabled: boolean;
}

/** What a device's row says of its keys; dates as `D`. */
export type DeviceKeyFacts<D> = Pick<DeviceRow<D>, 'keyCount' | 'soonestExpiry' | 'hasLegacyKeys'>;

/** A device's row: its own fields (`lastSeen` as `D`) and the facts of its keys. */
export function deviceRowOf<D>(device: DeviceRecord, lastSeen: D | null, facts: DeviceKeyFacts<D>): DeviceRow<D> {
  return {
    id: device.id,
    label: device.label,
    type: device.type,
    health: device.health,
    lastSeen,
    interval: device.interval,
    location: device.notes.location,
    modality: device.notes.modality,
    ...facts,
    disabled: device.disabled,
  };
}

/** Every device's row from every device key: what main's index makes faster (deviceRowsOfIndex). */
export function toDeviceRows(devices: readonly DeviceRecord[], keys: readonly KeyRecord[]): DeviceRow[] {
  const byDevice = keysByOwnerOf(keys, 'device');
  return devices.map((device) => {
    const own = byDevice.get(device.id) ?? [];
    return deviceRowOf(device, toDate(device.lastSeen), {
      keyCount: own.length,
      soonestExpiry: toDate(soonestExpiry(own)),
      hasLegacyKeys: own.some((key) => isLegacyKey(keyFacts(key))),
    });
  });
}

/**
 * Search (issue 10): what the admin types is one phrase, found only as whole words. "Bay 1" finds "MRI Reaper
 * (Bay 1)", never "Bay 2" nor "Bay 10"; "reaper" finds "CT Reaper", not "Reapers". No quotes needed: case and runs
 * of spaces do not matter. Returns the phrase, trimmed and with single spaces; empty when there is nothing to find.
 */
export function searchPhrase(input: string): string {
  return input.trim().replace(/\s+/g, ' ');
}

/** A letter or a digit: a phrase that starts or ends with one must not continue a word of the text there. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Text as a regular expression that matches it literally. */
export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A test of texts against the phrase (searchPhrase), built once per search and run per cell; null for an empty
 * phrase (everything matches). A phrase edge that is not a letter or digit ("@example.org") needs no boundary.
 */
export function phraseMatcher(input: string): ((text: string) => boolean) | null {
  const pattern = phrasePattern(input);
  return pattern ? (text) => pattern.test(text) : null;
}

/**
 * The regular expression phraseMatcher tests with (case-insensitive, Unicode); with `global`, for a scan of many
 * texts joined into one (main's search). Null for an empty phrase.
 */
export function phrasePattern(input: string, global = false): RegExp | null {
  const phrase = searchPhrase(input);
  if (!phrase) return null;
  const body = phrase.split(' ').map(escapeRegExp).join('\\s+');
  const before = WORD_CHAR.test(phrase.charAt(0)) ? '(?<![\\p{L}\\p{N}])' : '';
  const after = WORD_CHAR.test(phrase.charAt(phrase.length - 1)) ? '(?![\\p{L}\\p{N}])' : '';
  return new RegExp(`${before}${body}${after}`, global ? 'giu' : 'iu');
}
