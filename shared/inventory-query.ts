/**
 * Main answers questions about the inventory; the renderer shows the answers (issue 12, design.md "Where the
 * architecture goes next"). Main keeps one compact row per key (dates parsed once, status and usage classified
 * once, owners stored once in a table) and answers a page of rows for a status filter, search, owner, set of keys
 * and sort; counts and the chart's buckets for the Overview; and the keys a bulk action may take. So the cost of
 * an interaction does not grow with the site, and the renderer never holds every key.
 *
 * The rules agree with the ones the grid applied in the renderer before (unit tests compare both): the status
 * rules of key-status.ts; the search as one whole phrase (inventory-stats.ts, phraseMatcher) in any one column's
 * shown text; the grid's sort (nulls first, strings by collation, ties kept in the default order: soonest expiry
 * first, keys without expiry last, then by id).
 */
import { z } from 'zod';
import {
  deviceHealth,
  inventoryCoverage,
  keyRecord,
  offlineReason,
  ownerType,
  type DeviceRecord,
  type Inventory,
  type KeyRecord,
  type OwnerType,
  type UserRecord,
} from './inventory.js';
import {
  DEFAULT_THRESHOLDS,
  KEY_STATUSES,
  KEY_STATUS_TEXT,
  KEY_USAGES,
  KEY_USAGE_TEXT,
  isLegacyKey,
  type KeyStatus,
  type KeyUsage,
  type StatusThresholds,
} from './key-status.js';
import {
  EXPIRY_WINDOW_DAYS,
  deviceRowOf,
  deviceTypesById,
  userRowOf,
  emptyStatusCounts,
  keyFacts,
  phraseMatcher,
  phrasePattern,
  toDeviceRows,
  toUserRows,
  utcDay,
  type StatusCounts,
} from './inventory-stats.js';
import { bulkEligibility, MAX_BULK_KEYS } from './bulk-keys.js';
import { SharedSteps, finishSteps, sortInSteps } from './steps.js';
import { DAY_MS } from './time.js';

/** The most rows one page holds: a page is what is painted, never the inventory. */
export const MAX_PAGE_SIZE = 100;
/** A legacy key has no expiry, yet is not "never": the 19.0 upgrade rejects it (the grid shows this text). */
export const LEGACY_EXPIRY_TEXT = 'Rejected from 19.0';
/** What the grid shows for a missing date, and so what a search for it finds. */
export const NO_DATE_TEXT = '—';
export const OWNER_TYPE_TEXT = { device: 'Device', user: 'User' } as const;
export const KEY_KIND_TEXT = { enhanced: 'Enhanced', legacy: 'Legacy' } as const;

/** The inventory grid's columns that sort. */
export const INVENTORY_SORT_FIELDS = [
  'ownerLabel',
  'ownerType',
  'deviceType',
  'ownerDisabled',
  'label',
  'kind',
  'created',
  'expires',
  'lastUsed',
  'status',
  'usage',
] as const;
export type InventorySortField = (typeof INVENTORY_SORT_FIELDS)[number];

const keyId = z.string().max(256);
/** A search is one phrase; control characters are dropped (they cannot be typed and are no part of any text). */
export const searchText = z
  .string()
  .max(200)
  .transform((text) => text.replace(/\p{Cc}/gu, ' '));

/** Which keys: every condition given must hold. */
export const inventoryFilter = z.strictObject({
  /** Any of these statuses; absent or empty: every status. */
  statuses: z.array(z.enum(KEY_STATUSES)).max(KEY_STATUSES.length).optional(),
  /** One phrase of whole words, found in any one column's shown text. */
  search: searchText.optional(),
  /** Exactly these keys (a chart bar, a collision day, a notification). */
  keyIds: z.array(keyId).max(100_000).optional(),
  /** One owner's keys (a device's or a user's). */
  owner: z.strictObject({ type: ownerType, id: z.string().max(256) }).optional(),
});
export type InventoryFilter = z.infer<typeof inventoryFilter>;

export const inventorySort = z.strictObject({ field: z.enum(INVENTORY_SORT_FIELDS), direction: z.enum(['asc', 'desc']) });
export type InventorySort = z.infer<typeof inventorySort>;

export const inventoryQuery = inventoryFilter.extend({
  /** Absent: the default order (soonest expiry first). */
  sort: inventorySort.optional(),
  page: z.number().int().min(0).max(10_000_000),
  pageSize: z.number().int().min(1).max(MAX_PAGE_SIZE),
});
export type InventoryQuery = z.infer<typeof inventoryQuery>;

/** One row as the grids show it: the key's record (dates as ISO instants, null when none), its owner's device type, its status and usage. */
export const inventoryRow = keyRecord.extend({
  deviceType: z.string().nullable(),
  status: z.enum(KEY_STATUSES),
  usage: z.enum(KEY_USAGES),
});
export type InventoryRow = z.infer<typeof inventoryRow>;

export const inventoryPage = z.object({ rows: z.array(inventoryRow), total: z.number() });
export type InventoryPage = z.infer<typeof inventoryPage>;

/** A key a bulk action may take, with what the dialogs name it by. */
export const bulkCandidate = keyRecord.pick({ id: true, label: true, ownerType: true, ownerId: true, ownerLabel: true });
export type BulkCandidate = z.infer<typeof bulkCandidate>;

/**
 * The keys that match a filter and may take a bulk action: at most MAX_BULK_KEYS of them, and how many there are;
 * and how many matching keys cannot be selected: other users' keys, the key the app is connected with.
 */
export const matchingKeys = z.object({
  keys: z.array(bulkCandidate),
  total: z.number(),
  otherUsers: z.number(),
  appKey: z.number(),
});
export type MatchingKeys = z.infer<typeof matchingKeys>;

/** What the Overview and every page's header show: the site, the data's age, counts and the chart's buckets. */
export const inventorySummary = z.object({
  siteId: z.string(),
  siteName: z.string(),
  origin: z.string(),
  fetchedAt: z.string(),
  coverage: inventoryCoverage,
  total: z.number(),
  /** How many devices and users the inventory lists. */
  devices: z.number(),
  users: z.number(),
  counts: z.object(Object.fromEntries(KEY_STATUSES.map((s) => [s, z.number()])) as Record<KeyStatus, z.ZodNumber>),
  neverUsed: z.number(),
  idle: z.number(),
  /**
   * Keys expiring after now and within EXPIRY_WINDOW_DAYS, counted by UTC day, earliest first (inventory-stats.ts).
   * Counts only: the keys of a day are asked when the admin opens it (keysExpiringOn), not sent with every header.
   */
  expiries: z.array(z.object({ day: z.string(), count: z.number() })),
});
export type InventorySummary = z.infer<typeof inventorySummary>;

/** The summary, and whether the data is the live state or the last good snapshot (as InventoryView). */
export const summaryView = z.object({
  summary: inventorySummary.nullable(),
  offline: offlineReason.nullable(),
});
export type SummaryView = z.infer<typeof summaryView>;

/**
 * The part of the inventory a page needs (issue 12): the Devices page every device and their keys, My keys the
 * admin's own keys, the Users page the users and their keys, a site's card none. Pages that show one owner or one
 * kind of owner never receive every key.
 */
export const inventoryScope = z.strictObject({
  /**
   * Which keys: none, every device's, every user's, the signed-in admin's own, or one owner's. (The migration page
   * takes none: its legacy keys come a page at a time, shared/migration-page.ts.)
   */
  keys: z.union([z.enum(['none', 'devices', 'users', 'self']), z.strictObject({ ownerType, ownerId: z.string().max(256) })]),
  /** Every device, none, or the one of this id (an opened device: its page needs no other). */
  devices: z.union([z.boolean(), z.strictObject({ id: z.string().max(256) })]),
  /** Every user, none, or the one of this id. */
  users: z.union([z.boolean(), z.strictObject({ id: z.string().max(256) })]),
});
export type InventoryScope = z.infer<typeof inventoryScope>;

/** The inventory narrowed to a scope; `selfUserId` is the signed-in admin's id (for keys 'self'). */
export function scopedInventory(inventory: Inventory, scope: InventoryScope, selfUserId: string | null): Inventory {
  const wanted = scope.keys;
  const keep = (key: KeyRecord): boolean => {
    if (wanted === 'none') return false;
    if (wanted === 'devices') return key.ownerType === 'device';
    if (wanted === 'users') return key.ownerType === 'user';
    if (wanted === 'self') return key.ownerType === 'user' && key.ownerId === selfUserId;
    return key.ownerType === wanted.ownerType && key.ownerId === wanted.ownerId;
  };
  return {
    ...inventory,
    devices: recordsOf(inventory.devices, scope.devices),
    users: recordsOf(inventory.users, scope.users),
    keys: inventory.keys.filter(keep),
  };
}

function recordsOf<T extends { readonly id: string }>(records: T[], wanted: boolean | { readonly id: string }): T[] {
  if (typeof wanted === 'boolean') return wanted ? records : [];
  return records.filter((record) => record.id === wanted.id);
}

/** A user with a summary of their keys (inventory-stats.ts, UserRow), dates as ISO instants: the Users grid. */
export const userRowWire = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  disabled: z.boolean(),
  isSiteAdmin: z.boolean(),
  keysVisible: z.boolean(),
  keyCount: z.number().nullable(),
  soonestExpiry: z.string().nullable(),
  legacyKeys: z.number().nullable(),
  lastUse: z.string().nullable(),
});
export type UserRowWire = z.infer<typeof userRowWire>;

/** The Users grid's rows, computed by main from every user's keys (the page never receives those keys). */
export function userRowsOf(inventory: Pick<Inventory, 'users' | 'keys'>): UserRowWire[] {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return toUserRows(inventory.users, inventory.keys).map((row) => ({
    ...row,
    soonestExpiry: iso(row.soonestExpiry),
    lastUse: iso(row.lastUse),
  }));
}

/** A device with a summary of its keys (inventory-stats.ts, DeviceRow), dates as ISO instants: the Devices grid. */
export const deviceRowWire = z.object({
  id: z.string(),
  label: z.string(),
  type: z.string(),
  health: deviceHealth,
  lastSeen: z.string().nullable(),
  interval: z.number().nullable(),
  location: z.string(),
  modality: z.string(),
  keyCount: z.number(),
  soonestExpiry: z.string().nullable(),
  hasLegacyKeys: z.boolean(),
  disabled: z.boolean(),
});
export type DeviceRowWire = z.infer<typeof deviceRowWire>;

/** The Devices grid's rows, computed from every device key (the page never receives those keys). */
export function deviceRowsOf(inventory: Pick<Inventory, 'devices' | 'keys'>): DeviceRowWire[] {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return toDeviceRows(inventory.devices, inventory.keys).map((row) => ({
    ...row,
    lastSeen: iso(row.lastSeen),
    soonestExpiry: iso(row.soonestExpiry),
  }));
}

/**
 * Per owner of one type, each owner's keys counted from the index's columns in one pass over the rows (dates parsed
 * when the index was made): how many, how many legacy, the soonest expiry and the latest use (NaN-free: +/-Infinity
 * where none). `slotOf` gives an owner id's place in the counts.
 */
interface OwnerKeyTotals {
  readonly slotOf: ReadonlyMap<string, number>;
  readonly count: Int32Array;
  readonly legacy: Int32Array;
  readonly soonest: Float64Array;
  readonly latest: Float64Array;
}

/** Key rows counted per step of ownerKeyTotals, and owners made into grid rows per step. */
const KEY_ROWS_PER_STEP = 50_000;
const OWNER_ROWS_PER_STEP = 5_000;

function* ownerKeyTotals(
  index: InventoryIndex,
  type: OwnerType,
  owners: ReadonlyArray<{ readonly id: string }>,
): Generator<void, OwnerKeyTotals> {
  // A slot per distinct owner id, and each index owner's slot (-1: another type, or an owner not in the list).
  const slotOf = new Map<string, number>();
  for (const owner of owners) if (!slotOf.has(owner.id)) slotOf.set(owner.id, slotOf.size);
  const ownerSlot = Int32Array.from(index.owners, (owner) => (owner.type === type ? (slotOf.get(owner.id) ?? -1) : -1));
  yield;
  const slots = slotOf.size;
  const count = new Int32Array(slots);
  const legacy = new Int32Array(slots);
  const soonest = new Float64Array(slots).fill(Number.POSITIVE_INFINITY);
  const latest = new Float64Array(slots).fill(Number.NEGATIVE_INFINITY);
  const { owner, expires, lastUsed, legacy: isLegacy } = index.rows;
  for (let i = 0; i < owner.length; i += 1) {
    if (i % KEY_ROWS_PER_STEP === KEY_ROWS_PER_STEP - 1) yield;
    const slot = ownerSlot[owner[i]!]!;
    if (slot < 0) continue;
    count[slot]! += 1;
    legacy[slot]! += isLegacy[i]!;
    // NaN (no date) is neither sooner nor later than anything.
    if (expires[i]! < soonest[slot]!) soonest[slot] = expires[i]!;
    if (lastUsed[i]! > latest[slot]!) latest[slot] = lastUsed[i]!;
  }
  return { slotOf, count, legacy, soonest, latest };
}

const isoOrNull = (time: number) => (Number.isFinite(time) ? new Date(time).toISOString() : null);

/** `owners` made into rows by `rowOf`, a step per OWNER_ROWS_PER_STEP of them. */
function* rowsInSteps<O, R>(owners: readonly O[], rowOf: (owner: O) => R): Generator<void, R[]> {
  const rows: R[] = [];
  for (let k = 0; k < owners.length; k += 1) {
    if (k % OWNER_ROWS_PER_STEP === OWNER_ROWS_PER_STEP - 1) yield;
    rows.push(rowOf(owners[k]!));
  }
  return rows;
}

/**
 * The same rows as userRowsOf, from the index's columns (ownerKeyTotals). userRowsOf parsed every user key's dates
 * again, four times each, and judged each key legacy again: 300-350 ms at 10x the scale site (50,000 users), each
 * time the Users page opened. Made once per index and users, in steps (120-150 ms at 10x in one task, the first
 * time the page opened after a change): every question asked meanwhile shares the one making.
 */
export function userRowsSteps(index: InventoryIndex, users: readonly UserRecord[]): Generator<void, UserRowWire[]> {
  const cached = index.lookup.userRows;
  if (cached?.users === users) return cached.making.steps();
  const making = new SharedSteps(
    (function* () {
      const totals = yield* ownerKeyTotals(index, 'user', users);
      return yield* rowsInSteps(users, (user): UserRowWire => {
        const slot = totals.slotOf.get(user.id)!;
        return userRowOf(user, () => ({
          keyCount: totals.count[slot]!,
          soonestExpiry: isoOrNull(totals.soonest[slot]!),
          legacyKeys: totals.legacy[slot]!,
          lastUse: isoOrNull(totals.latest[slot]!),
        }));
      });
    })(),
  );
  index.lookup.userRows = { users, making };
  return making.steps();
}

export function userRowsOfIndex(index: InventoryIndex, users: readonly UserRecord[]): UserRowWire[] {
  return finishSteps(userRowsSteps(index, users));
}

/**
 * The same rows as deviceRowsOf, from the index's columns. The Devices page received every device key to make them
 * (15 MB of JSON at 10x the scale site, and 2-3 s before its grid showed). Made once per index and devices, in
 * steps.
 */
export function deviceRowsSteps(index: InventoryIndex, devices: readonly DeviceRecord[]): Generator<void, DeviceRowWire[]> {
  const cached = index.lookup.deviceRows;
  if (cached?.devices === devices) return cached.making.steps();
  const making = new SharedSteps(
    (function* () {
      const totals = yield* ownerKeyTotals(index, 'device', devices);
      return yield* rowsInSteps(devices, (device): DeviceRowWire => {
        const slot = totals.slotOf.get(device.id)!;
        return deviceRowOf(device, isoOrNull(parseTime(device.lastSeen)), {
          keyCount: totals.count[slot]!,
          soonestExpiry: isoOrNull(totals.soonest[slot]!),
          hasLegacyKeys: totals.legacy[slot]! > 0,
        });
      });
    })(),
  );
  index.lookup.deviceRows = { devices, making };
  return making.steps();
}

export function deviceRowsOfIndex(index: InventoryIndex, devices: readonly DeviceRecord[]): DeviceRowWire[] {
  return finishSteps(deviceRowsSteps(index, devices));
}

interface Owner {
  readonly type: OwnerType;
  readonly id: string;
  readonly label: string;
  readonly disabled: boolean;
  readonly deviceType: string | null;
}

/**
 * The keys' facts that do not change with time, one column each, row i made from the snapshot's keys[i] (which
 * gives its id, label, kind and whether it is the app's key): dates parsed once (NaN when none), the owner and the
 * label as places in the index's tables. Typed arrays rather than an object per key: at 250,000 keys about 8 MB
 * instead of about 60 MB (an object, three boxed numbers and a cache entry of parsed dates per key).
 */
interface Rows {
  readonly created: Float64Array;
  readonly expires: Float64Array;
  readonly lastUsed: Float64Array;
  /** The owner's place in the index's owners. */
  readonly owner: Int32Array;
  /** The label's place in the index's table of labels: a search tests each distinct label once. */
  readonly labelId: Int32Array;
  /** 1 where the key is legacy by its facts (isLegacyKey). */
  readonly legacy: Uint8Array;
}

function emptyRows(n: number): Rows {
  return {
    created: new Float64Array(n),
    expires: new Float64Array(n),
    lastUsed: new Float64Array(n),
    owner: new Int32Array(n),
    labelId: new Int32Array(n),
    legacy: new Uint8Array(n),
  };
}

/** Rows `j` to `j + count - 1` of `from` as rows `i` onwards of `to`, column by column. */
function copyRows(to: Rows, i: number, from: Rows, j: number, count: number): void {
  to.created.set(from.created.subarray(j, j + count), i);
  to.expires.set(from.expires.subarray(j, j + count), i);
  to.lastUsed.set(from.lastUsed.subarray(j, j + count), i);
  to.owner.set(from.owner.subarray(j, j + count), i);
  to.labelId.set(from.labelId.subarray(j, j + count), i);
  to.legacy.set(from.legacy.subarray(j, j + count), i);
}

/** A row's status and usage at one instant, as indexes into KEY_STATUSES and KEY_USAGES. */
interface Classification {
  readonly now: number;
  readonly thresholds: StatusThresholds;
  readonly status: Uint8Array;
  readonly usage: Uint8Array;
  /** The first instant at which some row's status or usage changes: classify again from then. */
  readonly validUntil: number;
}

export interface InventoryIndex {
  readonly meta: Pick<Inventory, 'siteId' | 'siteName' | 'origin' | 'fetchedAt' | 'coverage'>;
  readonly deviceCount: number;
  readonly userCount: number;
  readonly owners: readonly Owner[];
  readonly labels: readonly string[];
  /** The first UTC day (days since 1970) of any date, and how many days to the last: a search tests each day once. */
  readonly firstDay: number;
  readonly dayCount: number;
  /** In the snapshot's order. */
  readonly rows: Rows;
  /** The snapshot's keys, row i made from keys[i]: the next snapshot is compared with them (updatedInventoryIndex). */
  readonly keys: readonly KeyRecord[];
  readonly devices: Inventory['devices'];
  /** How many rows this index made rather than took from the index it updates. */
  readonly rowsBuilt: number;
  /** Each owner and label's place in `owners` and `labels`: an update adds to both, never changes an entry. */
  readonly ownerIndex: Map<string, number>;
  readonly labelIds: Map<string, number>;
  /**
   * Made at the first question that needs them (an update would otherwise remake them on every action): row by
   * key id; the owners' labels, the labels and the days rows have, as texts, each kind joined into one string for
   * the search (under 1 MB at 250,000 keys).
   */
  readonly lookup: {
    rowById?: Map<string, number>;
    /** The rows of the app's own key (one at most in a refresh's snapshot). */
    appKeyRows?: readonly number[];
    /** The Users grid's rows, made or in the making, and the users they are made for (userRowsSteps). */
    userRows?: { readonly users: readonly UserRecord[]; readonly making: SharedSteps<UserRowWire[]> };
    /** The Devices grid's rows, made or in the making, and the devices they are made for (deviceRowsSteps). */
    deviceRows?: { readonly devices: readonly DeviceRecord[]; readonly making: SharedSteps<DeviceRowWire[]> };
    haystacks?: Partial<Record<HaystackName, Haystack>>;
    days?: Int32Array;
    /**
     * The header's summary (summaryOf, the default window) and the statuses it was counted from: an index
     * reclassified at a later instant shares this lookup and counts again.
     */
    summary?: { readonly classification: Classification; readonly summary: InventorySummary };
  };
  readonly classification: Classification;
  /** Sorted orders (row indexes), computed on first use per field; status and usage orders per classification. */
  readonly orders: Map<string, Int32Array>;
}

// Parsing dates is most of the cost of making rows: an update (a snapshot patched after an action, or a refresh
// that kept the last snapshot's key objects) copies the rows of the keys it keeps instead.
const parseTime = (iso: string | null) => (iso === null ? Number.NaN : Date.parse(iso));

const STATUS_INDEX = Object.fromEntries(KEY_STATUSES.map((s, i) => [s, i])) as Record<KeyStatus, number>;
const USAGE_INDEX = Object.fromEntries(KEY_USAGES.map((u, i) => [u, i])) as Record<KeyUsage, number>;

/** The tables rows point into, and the range of days: a full build starts them empty, an update adds to them. */
interface Tables {
  readonly owners: Owner[];
  readonly ownerIndex: Map<string, number>;
  readonly labels: string[];
  readonly labelIds: Map<string, number>;
  firstDay: number;
  lastDay: number;
}

/** Writes one key's row at `i`, adding its owner and label to the tables when new. */
function rowWriter(tables: Tables, deviceTypes: ReadonlyMap<string, string>, rows: Rows): (key: KeyRecord, i: number) => void {
  const { owners, ownerIndex, labels, labelIds } = tables;
  const seeDay = (time: number) => {
    if (Number.isNaN(time)) return;
    const day = Math.floor(time / DAY_MS);
    if (day < tables.firstDay) tables.firstDay = day;
    if (day > tables.lastDay) tables.lastDay = day;
  };
  return (key, i) => {
    // Owner fields are copied into each key by the site's answer; one entry per distinct owner state.
    const ownerKey = `${key.ownerType}\u0000${key.ownerId}\u0000${key.ownerLabel}\u0000${key.ownerDisabled ? 1 : 0}`;
    let owner = ownerIndex.get(ownerKey);
    if (owner === undefined) {
      owner = owners.length;
      owners.push({
        type: key.ownerType,
        id: key.ownerId,
        label: key.ownerLabel,
        disabled: key.ownerDisabled,
        deviceType: key.ownerType === 'device' ? (deviceTypes.get(key.ownerId) ?? null) : null,
      });
      ownerIndex.set(ownerKey, owner);
    }
    const created = parseTime(key.created);
    const expires = parseTime(key.expiresAt);
    const lastUsed = parseTime(key.lastUsed);
    seeDay(created);
    seeDay(expires);
    seeDay(lastUsed);
    let labelId = labelIds.get(key.label);
    if (labelId === undefined) {
      labelId = labels.length;
      labels.push(key.label);
      labelIds.set(key.label, labelId);
    }
    rows.created[i] = created;
    rows.expires[i] = expires;
    rows.lastUsed[i] = lastUsed;
    rows.owner[i] = owner;
    rows.labelId[i] = labelId;
    rows.legacy[i] = isLegacyKey(keyFacts(key)) ? 1 : 0;
  };
}

function indexOf(
  inventory: Inventory,
  tables: Tables,
  rows: Rows,
  rowsBuilt: number,
  classification: Classification,
  orders: Map<string, Int32Array>,
  lookup: InventoryIndex['lookup'] = {},
): InventoryIndex {
  const { siteId, siteName, origin, fetchedAt, coverage } = inventory;
  const { firstDay, lastDay } = tables;
  return {
    meta: { siteId, siteName, origin, fetchedAt, coverage },
    deviceCount: inventory.devices.length,
    userCount: inventory.users.length,
    owners: tables.owners,
    labels: tables.labels,
    firstDay: Number.isFinite(firstDay) ? firstDay : 0,
    dayCount: Number.isFinite(firstDay) ? lastDay - firstDay + 1 : 0,
    rows,
    keys: inventory.keys,
    devices: inventory.devices,
    rowsBuilt,
    ownerIndex: tables.ownerIndex,
    labelIds: tables.labelIds,
    lookup,
    classification,
    orders,
  };
}

/** About how many keys inventoryIndexBuild makes rows for between two pauses. */
export const INDEX_KEYS_PER_STEP = 10_000;

/** Builds the index of a snapshot: one compact row per key, owners once, statuses at `now`. */
export function buildInventoryIndex(
  inventory: Inventory,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): InventoryIndex {
  return finishSteps(inventoryIndexBuild(inventory, now, thresholds));
}

/**
 * buildInventoryIndex in steps: the rows `keysPerStep` keys a step, then the statuses. At 10x the scale site the
 * whole build held main for 0.4-0.6 s in one task, at the first question after the app started.
 */
export function* inventoryIndexBuild(
  inventory: Inventory,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
  keysPerStep = INDEX_KEYS_PER_STEP,
): Generator<void, InventoryIndex> {
  const tables: Tables = {
    owners: [],
    ownerIndex: new Map(),
    labels: [],
    labelIds: new Map(),
    firstDay: Number.POSITIVE_INFINITY,
    lastDay: Number.NEGATIVE_INFINITY,
  };
  const n = inventory.keys.length;
  const rows = emptyRows(n);
  const write = rowWriter(tables, deviceTypesById(inventory.devices), rows);
  for (let i = 0; i < n; i += 1) {
    write(inventory.keys[i]!, i);
    if ((i + 1) % keysPerStep === 0) yield;
  }
  // The statuses of every row in a step of their own (a site under one step is built in one).
  if (n > keysPerStep) yield;
  const classification = classify(tables.owners, rows, everyRow(n), now.getTime(), thresholds);
  return indexOf(inventory, tables, rows, n, classification, new Map());
}

/**
 * For each key of `next`, the row of `previous` made from the same key object, or -1 (a key added or changed).
 * Patches after an action keep the order of the keys they keep (filter, map, append), so one walk over both lists
 * pairs them; where they part, the next few keys are looked at, and only then a set of the keys still to come.
 * Null when too few keys are shared for an update to pay.
 */
function sharedRows(previous: readonly KeyRecord[], next: readonly KeyRecord[]): Int32Array | null {
  const from = new Int32Array(next.length).fill(-1);
  let j = 0;
  let fresh = 0;
  let ahead: Set<KeyRecord> | null = null;
  const LOOK = 4;
  for (let i = 0; i < next.length; i += 1) {
    const key = next[i]!;
    if (key !== previous[j]) {
      // Removed keys before this one: the old list meets it again a few keys on.
      let d = 1;
      while (d <= LOOK && key !== previous[j + d]) d += 1;
      if (d <= LOOK) j += d;
      else if (next[i + 1] === undefined || next[i + 1] !== previous[j + 1]) {
        // Not a key changed in place: skip the old keys the new list no longer holds.
        ahead ??= new Set(next.slice(i));
        while (j < previous.length && !ahead.has(previous[j]!)) j += 1;
      }
    }
    if (key === previous[j]) {
      from[i] = j;
      j += 1;
    } else {
      fresh += 1;
      // A key changed in place takes the old one's place in the walk.
      if (next[i + 1] !== undefined && next[i + 1] === previous[j + 1]) j += 1;
    }
  }
  return fresh * 4 > next.length ? null : from;
}

/**
 * The index of `inventory` made from `previous`, the index of an earlier snapshot of the same site: rows of the key
 * objects both share are kept (a patch after an action keeps every key it does not touch), rows are made only for
 * new or changed keys, statuses are kept while still valid, and the default order is kept with the new rows put
 * in place; other sorts are made again when asked. Answers exactly what buildInventoryIndex(inventory) would.
 * A snapshot sharing few keys (a refresh from the site) is built anew.
 */
export function updatedInventoryIndex(
  previous: InventoryIndex,
  inventory: Inventory,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): InventoryIndex {
  return finishSteps(inventoryIndexUpdate(previous, inventory, now, thresholds));
}

/**
 * updatedInventoryIndex in steps: the rows, then the statuses, then the default order, with a pause (a `yield`)
 * between them, so that main can run each in a task of its own after an action (at 10x the scale site the whole
 * update is 15-60 ms; copying the rows into new columns is most of it). Whoever needs the index before the last
 * step runs the rest at once (finishSteps): the index is the same either way.
 */
export function* inventoryIndexUpdate(
  previous: InventoryIndex,
  inventory: Inventory,
  now: Date,
  thresholds: StatusThresholds = DEFAULT_THRESHOLDS,
): Generator<void, InventoryIndex> {
  const full = () => inventoryIndexBuild(inventory, now, thresholds);
  if (previous.meta.siteId !== inventory.siteId) return yield* full();
  const deviceTypes = deviceTypesById(inventory.devices);
  if (inventory.devices !== previous.devices) {
    // Owner entries hold their device's type: a device whose type changed means new entries, so build anew.
    for (const owner of previous.owners) {
      if (owner.type === 'device' && owner.deviceType !== (deviceTypes.get(owner.id) ?? null)) return yield* full();
    }
  }
  const from = sharedRows(previous.keys, inventory.keys);
  if (!from) return yield* full();
  const tables: Tables = {
    owners: previous.owners as Owner[],
    ownerIndex: previous.ownerIndex,
    labels: previous.labels as string[],
    labelIds: previous.labelIds,
    firstDay: previous.dayCount > 0 ? previous.firstDay : Number.POSITIVE_INFINITY,
    lastDay: previous.dayCount > 0 ? previous.firstDay + previous.dayCount - 1 : Number.NEGATIVE_INFINITY,
  };
  const n = inventory.keys.length;
  const rows = emptyRows(n);
  const write = rowWriter(tables, deviceTypes, rows);
  const made: number[] = [];
  for (let i = 0; i < n;) {
    const j = from[i]!;
    if (j === -1) {
      write(inventory.keys[i]!, i);
      made.push(i);
      i += 1;
      continue;
    }
    // Kept keys come in runs (a patch keeps the order of the keys it keeps): each run copied at once.
    let end = i + 1;
    while (end < n && from[end] === j + (end - i)) end += 1;
    copyRows(rows, i, previous.rows, j, end - i);
    i = end;
  }
  yield;
  const time = now.getTime();
  const old = previous.classification;
  const stillValid = holds(old, time, thresholds);
  let classification: Classification;
  if (stillValid) {
    const status = new Uint8Array(n);
    const usage = new Uint8Array(n);
    for (let i = 0; i < n; i += 1) {
      const j = from[i]!;
      if (j !== -1) {
        status[i] = old.status[j]!;
        usage[i] = old.usage[j]!;
      }
    }
    const added = classify(tables.owners, rows, made, time, thresholds);
    made.forEach((i, k) => {
      status[i] = added.status[k]!;
      usage[i] = added.usage[k]!;
    });
    classification = { now: time, thresholds, status, usage, validUntil: Math.min(old.validUntil, added.validUntil) };
  } else classification = classify(tables.owners, rows, everyRow(n), time, thresholds);
  yield;
  const orders = new Map<string, Int32Array>();
  const base = previous.orders.get('');
  if (base) orders.set('', updatedBaseOrder(base, from, previous.keys.length, rows, inventory.keys, made));
  return indexOf(inventory, tables, rows, made.length, classification, orders, keptLookup(previous.lookup, made.length));
}

/**
 * What an update keeps of the search's lookups (a search after an action would otherwise make them again: about
 * 50 ms at 250,000 keys). The owners' and labels' haystacks: an update only appends to those tables, and a haystack
 * whose count of texts differs is made again (textHits). The days rows have: only where no row was made, so the
 * first day, and the day of every row left, are the same (a day no row has any more is only searched for nothing).
 */
function keptLookup(lookup: InventoryIndex['lookup'], rowsMade: number): InventoryIndex['lookup'] {
  const haystacks = lookup.haystacks && { owners: lookup.haystacks.owners, labels: lookup.haystacks.labels };
  return { ...(haystacks ? { haystacks } : {}), ...(rowsMade === 0 && lookup.days ? { days: lookup.days } : {}) };
}

/** The default order of rows updated: kept rows stay in their order, new rows go where the order puts them. */
function updatedBaseOrder(
  base: Int32Array,
  from: Int32Array,
  previousCount: number,
  rows: Rows,
  keys: readonly KeyRecord[],
  made: readonly number[],
): Int32Array {
  const toNew = new Int32Array(previousCount).fill(-1);
  for (let i = 0; i < from.length; i += 1) if (from[i]! !== -1) toNew[from[i]!] = i;
  const kept = new Int32Array(keys.length - made.length);
  let k = 0;
  for (let p = 0; p < base.length; p += 1) {
    const i = toNew[base[p]!]!;
    if (i !== -1) kept[k++] = i;
  }
  const expiry = (i: number) => (Number.isNaN(rows.expires[i]!) ? Number.POSITIVE_INFINITY : rows.expires[i]!);
  // The order of a full build: expiry, then id, then place in the snapshot.
  const before = (a: number, b: number) => {
    const ea = expiry(a);
    const eb = expiry(b);
    if (ea !== eb) return ea < eb;
    const ia = keys[a]!.id;
    const ib = keys[b]!.id;
    return ia !== ib ? ia < ib : a < b;
  };
  const adding = [...made].sort((a, b) => (before(a, b) ? -1 : 1));
  const order = new Int32Array(keys.length);
  let out = 0;
  let from0 = 0;
  for (const i of adding) {
    let low = from0;
    let high = kept.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(kept[mid]!, i)) low = mid + 1;
      else high = mid;
    }
    order.set(kept.subarray(from0, low), out);
    out += low - from0;
    order[out++] = i;
    from0 = low;
  }
  order.set(kept.subarray(from0), out);
  return order;
}

/** Whether every status and usage of a classification is still true at `time` with these thresholds. */
function holds(classification: Classification, time: number, thresholds: StatusThresholds): boolean {
  return (
    classification.thresholds.expiringWithinDays === thresholds.expiringWithinDays &&
    classification.thresholds.idleAfterDays === thresholds.idleAfterDays &&
    time >= classification.now &&
    time < classification.validUntil
  );
}

/**
 * The kept orders that depend on the rows alone: without every order by status or usage (ascending, its ranks,
 * descending), which a new classification makes stale.
 */
function ordersOfRows(orders: ReadonlyMap<string, Int32Array>): Map<string, Int32Array> {
  const byClassification = (name: string) => {
    const field = name.split(':')[0];
    return field === 'status' || field === 'usage';
  };
  return new Map([...orders].filter(([name]) => !byClassification(name)));
}

/** The same index at another instant or thresholds: classified again only when some status or usage changed. */
export function reclassified(index: InventoryIndex, now: Date, thresholds: StatusThresholds): InventoryIndex {
  if (holds(index.classification, now.getTime(), thresholds)) return index;
  const time = now.getTime();
  const orders = ordersOfRows(index.orders);
  const classification = classify(index.owners, index.rows, everyRow(index.keys.length), time, thresholds);
  return { ...index, classification, orders };
}

/** 0, 1, ... n - 1. */
function everyRow(n: number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i += 1) all[i] = i;
  return all;
}

/**
 * key-status.ts's keyStatus and keyUsage, on parsed numbers (tests check they agree), of the rows `which`: entry k
 * of the answer is row which[k]'s.
 */
function classify(owners: readonly Owner[], rows: Rows, which: ArrayLike<number>, now: number, thresholds: StatusThresholds) {
  const status = new Uint8Array(which.length);
  const usage = new Uint8Array(which.length);
  const soon = thresholds.expiringWithinDays * DAY_MS;
  const idle = thresholds.idleAfterDays * DAY_MS;
  let validUntil = Number.POSITIVE_INFINITY;
  const until = (time: number) => {
    if (time > now && time < validUntil) validUntil = time;
  };
  for (let k = 0; k < which.length; k += 1) {
    const i = which[k]!;
    const expires = rows.expires[i]!;
    const lastUsed = rows.lastUsed[i]!;
    let s: KeyStatus;
    if (owners[rows.owner[i]!]!.disabled) s = 'owner-disabled';
    else if (rows.legacy[i] === 1 || Number.isNaN(expires)) s = 'legacy';
    else if (expires <= now) s = 'expired';
    else {
      s = expires - now <= soon ? 'expiring-soon' : 'active';
      until(expires - soon);
      until(expires);
    }
    status[k] = STATUS_INDEX[s];
    let u: KeyUsage;
    if (Number.isNaN(lastUsed)) u = 'never-used';
    else if (now - lastUsed >= idle) u = 'idle';
    else {
      u = 'recent';
      until(lastUsed + idle);
    }
    usage[k] = USAGE_INDEX[u];
  }
  return { now, thresholds, status, usage, validUntil };
}

const isoOf = (time: number) => (Number.isNaN(time) ? null : new Date(time).toISOString());

/** A row as the grids show it. */
export function rowOf(index: InventoryIndex, i: number): InventoryRow {
  const { rows } = index;
  const key = index.keys[i]!;
  const owner = index.owners[rows.owner[i]!]!;
  return {
    id: key.id,
    label: key.label,
    kind: key.kind,
    ownerType: owner.type,
    ownerId: owner.id,
    ownerLabel: owner.label,
    ownerDisabled: owner.disabled,
    deviceType: owner.deviceType,
    created: isoOf(rows.created[i]!),
    expiresAt: isoOf(rows.expires[i]!),
    lastUsed: isoOf(rows.lastUsed[i]!),
    status: KEY_STATUSES[index.classification.status[i]!]!,
    usage: KEY_USAGES[index.classification.usage[i]!]!,
    isAppKey: key.isAppKey,
  };
}

/**
 * Texts joined into one string, each followed by a separator, and where each starts: one scan of a regular
 * expression over it tells which texts hold the phrase, instead of one test per text (60,000 owners at 10x).
 */
export interface Haystack {
  readonly text: string;
  /** starts[k] is where text k begins; starts[count] the end. */
  readonly starts: Int32Array;
}

/**
 * Between texts: neither a letter, a digit nor a space, and never part of a phrase (the query drops control
 * characters), so no match reaches across two texts, and the word boundaries at a text's ends hold as they do
 * at the ends of the text alone.
 */
export const SEPARATOR = '\u0000';

type HaystackName = 'owners' | 'labels' | 'days';

export function haystackOf(texts: readonly string[]): Haystack {
  return finishSteps(haystackSteps(texts));
}

/** Texts joined per step of the haystack: one join of 200,000 texts (50,000 users) held main for 45-60 ms. */
const TEXTS_PER_JOIN = 20_000;

/** The haystack of `texts`, joined a part per step (the parts are joined last, a copy of a few large strings). */
export function* haystackSteps(texts: readonly string[]): Generator<void, Haystack> {
  const starts = new Int32Array(texts.length + 1);
  let at = 0;
  for (let k = 0; k < texts.length; k += 1) {
    starts[k] = at;
    at += texts[k]!.length + SEPARATOR.length;
  }
  starts[texts.length] = at;
  const parts: string[] = [];
  for (let from = 0; from < texts.length; from += TEXTS_PER_JOIN) {
    if (from > 0) yield;
    parts.push(texts.slice(from, from + TEXTS_PER_JOIN).join(SEPARATOR) + SEPARATOR);
  }
  return { text: parts.join(''), starts };
}

/** Marks hits[k] = 1 for each text k that holds a match of `pattern` (a global regular expression). */
export function markMatches(haystack: Haystack, pattern: RegExp, hits: Uint8Array): void {
  const { text, starts } = haystack;
  const count = starts.length - 1;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    // The text the match starts in: the last start at or before it.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= match.index) low = mid;
      else high = mid - 1;
    }
    hits[low] = 1;
    // One match is enough: go on from the next text (a match is never empty: the phrase is not).
    pattern.lastIndex = starts[low + 1]!;
  }
}

/** The days (from firstDay) on which some row has a date, in order; made once per index. */
function presentDays(index: InventoryIndex): Int32Array {
  let days = index.lookup.days;
  if (!days) {
    const seen = new Uint8Array(index.dayCount);
    const see = (time: number) => {
      if (!Number.isNaN(time)) seen[Math.floor(time / DAY_MS) - index.firstDay] = 1;
    };
    const { created, expires, lastUsed } = index.rows;
    for (let i = 0; i < created.length; i += 1) {
      see(created[i]!);
      see(expires[i]!);
      see(lastUsed[i]!);
    }
    let count = 0;
    for (const one of seen) count += one;
    days = new Int32Array(count);
    for (let d = 0, k = 0; d < seen.length; d += 1) if (seen[d] === 1) days[k++] = d;
    index.lookup.days = days;
  }
  return days;
}

/** Which of `texts` hold the phrase: one scan of their haystack (made once per index). */
function textHits(
  index: InventoryIndex,
  name: HaystackName,
  texts: () => readonly string[],
  count: number,
  global: RegExp,
): Uint8Array {
  const hits = new Uint8Array(count);
  let haystack = index.lookup.haystacks?.[name];
  if (!haystack || haystack.starts.length !== count + 1) {
    haystack = haystackOf(texts());
    index.lookup.haystacks = { ...index.lookup.haystacks, [name]: haystack };
  }
  markMatches(haystack, global, hits);
  return hits;
}

/**
 * The rows the search finds: the phrase in any one column's shown text (the owner, owner type, device type,
 * label, key type, the three dates as days, status and usage in words). Each distinct text (an owner, a label, a
 * day) is searched once per search, all of a kind in one scan; rows then only look their texts up. Clears
 * `mask[i]` for each row not found; false for an empty phrase (every row is found, the mask is left as it is).
 */
function narrowBySearch(index: InventoryIndex, search: string, mask: Uint8Array): boolean {
  const matches = phraseMatcher(search);
  const global = phrasePattern(search, true);
  if (!matches || !global) return false;
  // A phrase holding the separator (only a direct caller can pass one): each text tested alone.
  const scan = !search.includes(SEPARATOR);
  const hitsOf = (name: HaystackName, texts: () => readonly string[], count: number) => {
    if (scan) return textHits(index, name, texts, count, global);
    return Uint8Array.from(texts(), (text) => (matches(text) ? 1 : 0));
  };
  const { owners, labels, firstDay, dayCount } = index;
  const ownerLabelHit = hitsOf('owners', () => owners.map((owner) => owner.label), owners.length);
  const typeHit = { device: matches(OWNER_TYPE_TEXT.device), user: matches(OWNER_TYPE_TEXT.user) };
  const deviceTypes = new Map<string, boolean>();
  const ownerHit = new Uint8Array(owners.length);
  for (let o = 0; o < owners.length; o += 1) {
    const owner = owners[o]!;
    let hit = typeHit[owner.type] || ownerLabelHit[o] === 1;
    if (!hit && owner.deviceType !== null) {
      let typeMatch = deviceTypes.get(owner.deviceType);
      if (typeMatch === undefined) {
        typeMatch = matches(owner.deviceType);
        deviceTypes.set(owner.deviceType, typeMatch);
      }
      hit = typeMatch;
    }
    ownerHit[o] = hit ? 1 : 0;
  }
  const labelHit = hitsOf('labels', () => labels, labels.length);
  // Days as the grid shows them, only those some row has (a stray date far off would span millions of days).
  const days = presentDays(index);
  const presentDayHit = hitsOf('days', () => Array.from(days, (d) => utcDay((firstDay + d) * DAY_MS)), days.length);
  const dayHit = new Uint8Array(dayCount);
  presentDayHit.forEach((hit, k) => {
    if (hit === 1) dayHit[days[k]!] = 1;
  });
  const noDate = matches(NO_DATE_TEXT);
  const legacyExpiry = matches(LEGACY_EXPIRY_TEXT);
  const day = (time: number) => (Number.isNaN(time) ? noDate : dayHit[Math.floor(time / DAY_MS) - firstDay] === 1);
  const statusHit = Uint8Array.from(KEY_STATUSES, (s) => (matches(KEY_STATUS_TEXT[s]) ? 1 : 0));
  const usageHit = Uint8Array.from(KEY_USAGES, (u) => (matches(KEY_USAGE_TEXT[u]) ? 1 : 0));
  const kindHit = { enhanced: matches(KEY_KIND_TEXT.enhanced), legacy: matches(KEY_KIND_TEXT.legacy) };
  // Most phrases name no status, usage, key type or day: their rows are then judged by owner and label alone.
  const byClass = statusHit.includes(1) || usageHit.includes(1) || kindHit.enhanced || kindHit.legacy;
  const byDay = noDate || legacyExpiry || presentDayHit.includes(1);
  const { rows, keys } = index;
  const { status, usage } = index.classification;
  // Rows are tested in the snapshot's order, as they lie in memory; a sorted walk then only reads the mask.
  for (let i = 0; i < keys.length; i += 1) {
    if (mask[i] === 0) continue;
    if (ownerHit[rows.owner[i]!] === 1 || labelHit[rows.labelId[i]!] === 1) continue;
    // The key object is read only for a phrase that needs its kind: most searches stay in the columns.
    if (byClass && (statusHit[status[i]!] === 1 || usageHit[usage[i]!] === 1 || kindHit[keys[i]!.kind])) continue;
    if (byDay) {
      const expires = rows.expires[i]!;
      const expiryHit = Number.isNaN(expires) && keys[i]!.kind === 'legacy' ? legacyExpiry : day(expires);
      if (expiryHit || day(rows.created[i]!) || day(rows.lastUsed[i]!)) continue;
    }
    mask[i] = 0;
  }
  return true;
}

/** Row by key id (the last row when a snapshot holds an id twice), made at the first question by ids. */
function rowsById(index: InventoryIndex): ReadonlyMap<string, number> {
  let map = index.lookup.rowById;
  if (!map) {
    map = new Map();
    index.keys.forEach((key, i) => map!.set(key.id, i));
    index.lookup.rowById = map;
  }
  return map;
}

/**
 * The rows of the app's own key, made at the first bulk question: judging every row of a filter by its record's
 * `isAppKey` read a quarter of a million objects (6-20 ms at 10x the scale site) where one or none is.
 */
function appKeyRowsOf(index: InventoryIndex): readonly number[] {
  let rows = index.lookup.appKeyRows;
  if (!rows) {
    const found: number[] = [];
    index.keys.forEach((key, i) => {
      if (key.isAppKey) found.push(i);
    });
    rows = found;
    index.lookup.appKeyRows = rows;
  }
  return rows;
}

/**
 * The rows a filter takes, as a mask in the snapshot's order (1: taken); null when it takes every row. Each
 * condition narrows the mask in one pass over the rows, so a sorted walk reads one byte per row.
 */
function rowMask(index: InventoryIndex, filter: InventoryFilter): Uint8Array | null {
  const n = index.keys.length;
  let mask: Uint8Array | null = null;
  const narrow = (keep: (i: number) => boolean) => {
    const narrowed = mask ?? new Uint8Array(n).fill(1);
    for (let i = 0; i < n; i += 1) if (narrowed[i] === 1 && !keep(i)) narrowed[i] = 0;
    mask = narrowed;
  };
  if (filter.statuses && filter.statuses.length > 0) {
    const wanted = new Uint8Array(KEY_STATUSES.length);
    for (const s of filter.statuses) wanted[STATUS_INDEX[s]] = 1;
    const { status } = index.classification;
    narrow((i) => wanted[status[i]!] === 1);
  }
  if (filter.keyIds) {
    const wanted = new Uint8Array(n);
    const rowById = rowsById(index);
    for (const id of filter.keyIds) {
      const i = rowById.get(id);
      if (i !== undefined) wanted[i] = 1;
    }
    narrow((i) => wanted[i] === 1);
  }
  if (filter.owner) {
    const { type, id } = filter.owner;
    const wanted = new Uint8Array(index.owners.length);
    index.owners.forEach((owner, o) => {
      if (owner.type === type && owner.id === id) wanted[o] = 1;
    });
    const { owner } = index.rows;
    narrow((i) => wanted[owner[i]!] === 1);
  }
  if (filter.search !== undefined) {
    const searched = mask ?? new Uint8Array(n).fill(1);
    if (narrowBySearch(index, filter.search, searched)) mask = searched;
  }
  return mask;
}

/** How many rows a mask takes (`n`, every row, without one). */
function countOf(mask: Uint8Array | null, n: number): number {
  if (!mask) return n;
  let count = 0;
  for (let i = 0; i < mask.length; i += 1) count += mask[i]!;
  return count;
}

const collator = new Intl.Collator();

/** Distinct values ranked as the grid compared them (strings by collation, numbers as numbers), equal ones alike. */
function rankValues<T extends string | number>(values: readonly T[]): Map<T, number> {
  const compare = (a: T, b: T) =>
    typeof a === 'string' && typeof b === 'string' ? collator.compare(a, b) : (a as number) - (b as number);
  const sorted = [...new Set(values)].sort(compare);
  const rank = new Map<T, number>();
  // Values the collation finds equal share a rank: the grid kept such rows in their order. Rank 0 is null's.
  let rankNo = 1;
  sorted.forEach((value, k) => {
    if (k > 0 && compare(sorted[k - 1]!, value) !== 0) rankNo += 1;
    rank.set(value, rankNo);
  });
  return rank;
}

/**
 * Each row's rank in a sort field other than a date, ascending, null first (rank 0). Values are ranked once per
 * distinct value (an owner's, a label's, a status).
 */
function ranksOf(index: InventoryIndex, field: Exclude<InventorySortField, DateField>): Int32Array {
  const { rows, keys, owners, labels, classification } = index;
  const n = keys.length;
  const rank = new Int32Array(n);
  if (field === 'label') {
    const ranked = rankValues(labels);
    const labelRank = Int32Array.from(labels, (label) => ranked.get(label)!);
    for (let i = 0; i < n; i += 1) rank[i] = labelRank[rows.labelId[i]!]!;
    return rank;
  }
  if (field === 'status' || field === 'usage') {
    const names = field === 'status' ? KEY_STATUSES : KEY_USAGES;
    const ranked = rankValues(names);
    const nameRank = Int32Array.from(names, (name) => ranked.get(name)!);
    const of = field === 'status' ? classification.status : classification.usage;
    for (let i = 0; i < n; i += 1) rank[i] = nameRank[of[i]!]!;
    return rank;
  }
  if (field === 'kind') {
    const ranked = rankValues(['enhanced', 'legacy'] as const);
    for (let i = 0; i < n; i += 1) rank[i] = ranked.get(keys[i]!.kind)!;
    return rank;
  }
  // The owner's fields: ranked per owner.
  const valueOf = (owner: Owner): string | number | null =>
    field === 'ownerLabel'
      ? owner.label
      : field === 'ownerType'
        ? owner.type
        : field === 'deviceType'
          ? owner.deviceType
          : owner.disabled
            ? 1
            : 0;
  const values = owners.map(valueOf);
  const ranked = rankValues(values.filter((value): value is string | number => value !== null));
  const ownerRank = Int32Array.from(values, (value) => (value === null ? 0 : ranked.get(value)!));
  for (let i = 0; i < n; i += 1) rank[i] = ownerRank[rows.owner[i]!]!;
  return rank;
}

/**
 * The default order: soonest expiry first, keys without expiry last, then by id. The rows with an expiry are
 * radix-sorted by it (sortedByTime, ties in the snapshot's order), the others follow, then runs of equal expiry
 * are put in id order: a comparator over every row costs seconds at 250,000 keys.
 */
function baseOrder(index: InventoryIndex): Int32Array {
  return finishSteps(baseOrderSteps(index));
}

/** About how many rows baseOrderSteps puts in place between two pauses. */
const ORDER_ROWS_PER_STEP = 50_000;

/**
 * baseOrder in steps, kept in the index's orders: the expiries' sort, then the runs of equal expiry put in id order,
 * a long run (the keys without expiry) by sortInSteps. At 10x the scale site the whole order took 110-130 ms of
 * one task at the first question.
 */
export function* baseOrderSteps(index: InventoryIndex): Generator<void, Int32Array> {
  const made = index.orders.get('');
  if (made) return made;
  const { keys } = index;
  const n = keys.length;
  const expiry = index.rows.expires;
  const dated = new Int32Array(n);
  const undated = new Int32Array(n);
  let known = 0;
  let unknown = 0;
  for (let i = 0; i < n; i += 1) {
    if (Number.isNaN(expiry[i]!)) undated[unknown++] = i;
    else dated[known++] = i;
  }
  if (n > ORDER_ROWS_PER_STEP) yield;
  const order = new Int32Array(n);
  order.set(sortedByTime(dated.subarray(0, known), expiry));
  order.set(undated.subarray(0, unknown), known);
  if (n > ORDER_ROWS_PER_STEP) yield;
  const same = (a: number, b: number) => expiry[a] === expiry[b] || (Number.isNaN(expiry[a]!) && Number.isNaN(expiry[b]!));
  const byId = (a: number, b: number) => {
    const idA = keys[a]!.id;
    const idB = keys[b]!.id;
    return idA < idB ? -1 : idA > idB ? 1 : 0;
  };
  let walked = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && same(order[end]!, order[start]!)) end += 1;
    if (end - start > ORDER_ROWS_PER_STEP / 10) {
      const run = yield* sortInSteps(Array.from(order.subarray(start, end)), byId);
      order.set(run, start);
    } else if (end - start > 1) order.subarray(start, end).sort(byId);
    walked += end - start;
    if (walked >= ORDER_ROWS_PER_STEP) {
      walked = 0;
      yield;
    }
    start = end;
  }
  index.orders.set('', order);
  return order;
}

type DateField = 'created' | 'expires' | 'lastUsed';
const isDateField = (field: InventorySortField): field is DateField =>
  field === 'created' || field === 'expires' || field === 'lastUsed';

/**
 * `rows` (row indexes) stably sorted by `times[row]` (never NaN): a radix sort on 16-bit digits of each time past
 * the earliest, linear in the rows (a comparison sort of 250,000 numbers takes 50 ms or more). Times are whole
 * milliseconds (Date.parse); any other number makes it a comparison sort.
 */
function sortedByTime(rows: Int32Array, times: Float64Array): Int32Array {
  const n = rows.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let whole = true;
  for (let k = 0; k < n; k += 1) {
    const time = times[rows[k]!]!;
    if (time < min) min = time;
    if (time > max) max = time;
    if (!Number.isInteger(time)) whole = false;
  }
  if (!whole || !Number.isSafeInteger(max - min) || max - min >= 2 ** 48) {
    const places = new Int32Array(n);
    for (let k = 0; k < n; k += 1) places[k] = k;
    places.sort((a, b) => times[rows[a]!]! - times[rows[b]!]! || a - b);
    const sorted = new Int32Array(n);
    for (let k = 0; k < n; k += 1) sorted[k] = rows[places[k]!]!;
    return sorted;
  }
  // Each time past the earliest in three 16-bit digits, lowest first.
  const digits = new Uint16Array(n * 3);
  for (let k = 0; k < n; k += 1) {
    const past = times[rows[k]!]! - min;
    const upper = Math.floor(past / 2 ** 32);
    const lower = past - upper * 2 ** 32;
    digits[k * 3] = lower & 0xffff;
    digits[k * 3 + 1] = lower >>> 16;
    digits[k * 3 + 2] = upper;
  }
  const span = max - min;
  // Places into `rows`, sorted by one digit after another (each pass is stable).
  let from = new Int32Array(n);
  for (let k = 0; k < n; k += 1) from[k] = k;
  let to = new Int32Array(n);
  const start = new Int32Array(0x10000);
  for (let pass = 0; pass < 3 && 2 ** (16 * pass) <= span; pass += 1) {
    start.fill(0);
    for (let k = 0; k < n; k += 1) start[digits[k * 3 + pass]!]! += 1;
    for (let d = 0, at = 0; d < 0x10000; d += 1) {
      const count = start[d]!;
      start[d] = at;
      at += count;
    }
    for (let k = 0; k < n; k += 1) {
      const place = from[k]!;
      to[start[digits[place * 3 + pass]!]!++] = place;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  for (let k = 0; k < n; k += 1) to[k] = rows[from[k]!]!;
  return to;
}

/** Rows by a date ascending, rows without it first, ties in the default order; and each row's rank. */
function dateOrder(index: InventoryIndex, field: DateField): { order: Int32Array; rank: Int32Array } {
  const base = baseOrder(index);
  const times = index.rows[field];
  const n = base.length;
  const order = new Int32Array(n);
  const dated = new Int32Array(n);
  let undated = 0;
  let known = 0;
  for (let pos = 0; pos < n; pos += 1) {
    const i = base[pos]!;
    if (Number.isNaN(times[i]!)) order[undated++] = i;
    else dated[known++] = i;
  }
  order.set(sortedByTime(dated.subarray(0, known), times), undated);
  const rank = new Int32Array(n);
  let rankNo = 0;
  for (let k = undated; k < n; k += 1) {
    const i = order[k]!;
    if (k === undated || times[i] !== times[order[k - 1]!]) rankNo += 1;
    rank[i] = rankNo;
  }
  return { order, rank };
}

/**
 * Rows sorted by a field ascending, ties in the default order. Dates: a radix sort (dateOrder). Other fields: each
 * row's rank (ranksOf), then a counting sort by rank of the default order, which keeps the default order within
 * a rank. Linear in the rows after the ranking of distinct values.
 */
function ascendingOrder(index: InventoryIndex, field: InventorySortField): { order: Int32Array; rank: Int32Array } {
  const cachedOrder = index.orders.get(field);
  const cachedRank = index.orders.get(`${field}:rank`);
  if (cachedOrder && cachedRank) return { order: cachedOrder, rank: cachedRank };
  const { order, rank } = isDateField(field) ? dateOrder(index, field) : rankedOrder(index, ranksOf(index, field));
  index.orders.set(field, order);
  index.orders.set(`${field}:rank`, rank);
  return { order, rank };
}

/** The default order counting-sorted by `rank`: rows of one rank keep their default order. */
function rankedOrder(index: InventoryIndex, rank: Int32Array): { order: Int32Array; rank: Int32Array } {
  const base = baseOrder(index);
  const n = base.length;
  let top = 0;
  for (let i = 0; i < n; i += 1) if (rank[i]! > top) top = rank[i]!;
  // Where each rank's rows begin in the order.
  const next = new Int32Array(top + 2);
  for (let i = 0; i < n; i += 1) next[rank[i]! + 1]! += 1;
  for (let r = 1; r <= top + 1; r += 1) next[r]! += next[r - 1]!;
  const order = new Int32Array(n);
  for (let pos = 0; pos < n; pos += 1) {
    const i = base[pos]!;
    order[next[rank[i]!]!++] = i;
  }
  return { order, rank };
}

/** The rows in the order asked for. Descending keeps ties in the default order, as the grid's stable sort did. */
export function sortedOrder(index: InventoryIndex, sort: InventorySort | undefined): Int32Array {
  if (!sort) return baseOrder(index);
  const { order, rank } = ascendingOrder(index, sort.field);
  if (sort.direction === 'asc') return order;
  const name = `${sort.field}:desc`;
  const cached = index.orders.get(name);
  if (cached) return cached;
  const desc = new Int32Array(order.length);
  let out = 0;
  let end = order.length;
  while (end > 0) {
    let start = end - 1;
    while (start > 0 && rank[order[start - 1]!] === rank[order[end - 1]!]) start -= 1;
    for (let k = start; k < end; k += 1) desc[out++] = order[k]!;
    end = start;
  }
  index.orders.set(name, desc);
  return desc;
}

/** One page of rows for a query, and how many rows match it. */
export function queryInventory(index: InventoryIndex, query: InventoryQuery): InventoryPage {
  const mask = rowMask(index, query);
  const order = sortedOrder(index, query.sort);
  const total = countOf(mask, order.length);
  const first = query.page * query.pageSize;
  const last = Math.min(first + query.pageSize, total);
  const rows: InventoryRow[] = [];
  // The count is known: the walk stops at the page's last row.
  for (let k = 0, at = 0; k < order.length && at < last; k += 1) {
    const i = order[k]!;
    if (mask && mask[i] === 0) continue;
    if (at >= first) rows.push(rowOf(index, i));
    at += 1;
  }
  return { rows, total };
}

/**
 * The keys that match a filter and may take a bulk action (bulk-keys.ts, bulkEligibility), in the order asked
 * for: at most MAX_BULK_KEYS, and how many match in all (the admin narrows the filter when there are more).
 */
export function matchingBulkKeys(
  index: InventoryIndex,
  filter: InventoryFilter,
  selfUserId: string | null,
  sort?: InventorySort,
): MatchingKeys {
  const mask = rowMask(index, filter);
  const { rows, keys: records, owners } = index;
  const appKeyRows = appKeyRowsOf(index);
  // Eligibility depends on the owner and whether the key is the app's: judged once per owner and kind of key.
  const judged = new Int8Array(owners.length * 2).fill(-1);
  const eligibility = (i: number): number => {
    const isAppKey = appKeyRows.length > 0 && appKeyRows.includes(i);
    const at = rows.owner[i]! * 2 + (isAppKey ? 1 : 0);
    let verdict = judged[at]!;
    if (verdict === -1) {
      const owner = owners[rows.owner[i]!]!;
      const answer = bulkEligibility({ ownerType: owner.type, ownerId: owner.id, isAppKey }, selfUserId);
      verdict = answer === 'eligible' ? 0 : answer === 'other-user' ? 1 : 2;
      judged[at] = verdict;
    }
    return verdict;
  };
  // The counts in the snapshot's order; the keys in the order asked for, only as far as the first MAX_BULK_KEYS.
  let total = 0;
  let otherUsers = 0;
  let appKey = 0;
  for (let i = 0; i < records.length; i += 1) {
    if (mask && mask[i] === 0) continue;
    const verdict = eligibility(i);
    if (verdict === 0) total += 1;
    else if (verdict === 1) otherUsers += 1;
    else appKey += 1;
  }
  const keys: BulkCandidate[] = [];
  const wanted = Math.min(total, MAX_BULK_KEYS);
  const order = wanted > 0 ? sortedOrder(index, sort) : new Int32Array(0);
  for (let k = 0; k < order.length && keys.length < wanted; k += 1) {
    const i = order[k]!;
    if (mask && mask[i] === 0) continue;
    if (eligibility(i) !== 0) continue;
    const { id, label } = records[i]!;
    const owner = owners[rows.owner[i]!]!;
    keys.push({ id, label, ownerType: owner.type, ownerId: owner.id, ownerLabel: owner.label });
  }
  return { keys, total, otherUsers, appKey };
}

/** Which rows an export takes: the grid's filter and order. */
export const inventorySelection = inventoryFilter.extend({ sort: inventorySort.optional() });
export type InventorySelection = z.infer<typeof inventorySelection>;

/** The ids of every key a filter matches, in the order asked for (an export of exactly the rows the grid has). */
export function matchingIds(index: InventoryIndex, selection: InventorySelection): string[] {
  const mask = rowMask(index, selection);
  const order = sortedOrder(index, selection.sort);
  const ids: string[] = [];
  for (let k = 0; k < order.length; k += 1) {
    const i = order[k]!;
    if (!mask || mask[i] === 1) ids.push(index.keys[i]!.id);
  }
  return ids;
}

/** How many keys are in each status (every status present). */
export function statusCountsOf(index: InventoryIndex): StatusCounts {
  const counts = emptyStatusCounts();
  for (const s of index.classification.status) counts[KEY_STATUSES[s]!] += 1;
  return counts;
}

/**
 * Counts, usage and the chart's buckets, as the Overview shows them (inventory-stats.ts, expiriesByDay). Every page's
 * header asks for it again after each change: one pass over the index's columns, a day's text made once per bucket.
 */
export function summaryOf(index: InventoryIndex, days: number = EXPIRY_WINDOW_DAYS): InventorySummary {
  if (days !== EXPIRY_WINDOW_DAYS) return countedSummary(index, days);
  const kept = index.lookup.summary;
  if (kept?.classification === index.classification) return kept.summary;
  const summary = countedSummary(index, days);
  index.lookup.summary = { classification: index.classification, summary };
  return summary;
}

function countedSummary(index: InventoryIndex, days: number): InventorySummary {
  const { now } = index.classification;
  const end = now + days * DAY_MS;
  const firstDay = Math.floor(now / DAY_MS);
  // One bucket per UTC day from today's to the window's last.
  const perDay = new Int32Array(Math.floor(end / DAY_MS) - firstDay + 1);
  const neverUsedAt = KEY_USAGES.indexOf('never-used');
  const idleAt = KEY_USAGES.indexOf('idle');
  let neverUsed = 0;
  let idle = 0;
  const { usage } = index.classification;
  const { expires } = index.rows;
  for (let i = 0; i < expires.length; i += 1) {
    const u = usage[i]!;
    if (u === neverUsedAt) neverUsed += 1;
    else if (u === idleAt) idle += 1;
    const expiry = expires[i]!;
    // NaN (no expiry) fails both comparisons.
    if (expiry > now && expiry <= end) perDay[Math.floor(expiry / DAY_MS) - firstDay]! += 1;
  }
  const expiries: InventorySummary['expiries'] = [];
  perDay.forEach((count, d) => {
    if (count > 0) expiries.push({ day: utcDay((firstDay + d) * DAY_MS), count });
  });
  return {
    ...index.meta,
    total: index.keys.length,
    devices: index.deviceCount,
    users: index.userCount,
    counts: statusCountsOf(index),
    neverUsed,
    idle,
    expiries,
  };
}

/**
 * The keys of one of the chart's days (UTC, YYYY-MM-DD): those expiring that day, after now and within the window,
 * as summaryOf counted them, in the snapshot's order. An empty list where none does any more.
 */
export function keysExpiringOn(index: InventoryIndex, day: string, days: number = EXPIRY_WINDOW_DAYS): string[] {
  const { now } = index.classification;
  const end = now + days * DAY_MS;
  const from = Date.parse(`${day}T00:00:00.000Z`);
  if (Number.isNaN(from)) return [];
  const to = from + DAY_MS;
  const { expires } = index.rows;
  const ids: string[] = [];
  for (let i = 0; i < expires.length; i += 1) {
    const expiry = expires[i]!;
    if (expiry > now && expiry <= end && expiry >= from && expiry < to) ids.push(index.keys[i]!.id);
  }
  return ids;
}
