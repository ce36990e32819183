/**
 * The inventory of a site: every device, user and key the admin can see, fetched with as few round trips as
 * the API allows, kept in memory and on disk as the last good snapshot (no secret in it), so the app opens on
 * it at once and stays usable, read only, when the site does not answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  deviceNotes,
  type DeviceNotes,
  type Inventory,
  type RefreshProgress,
  type InventoryView,
} from '../../shared/inventory.js';
import { deviceStatusWire, deviceWire, userWire } from '../../shared/wire.schema.js';
import type { EventSink } from '../../shared/events.js';
import {
  baseOrderSteps,
  buildInventoryIndex,
  inventoryIndexBuild,
  keysExpiringOn,
  matchingBulkKeys,
  matchingIds,
  queryInventory,
  reclassified,
  scopedInventory,
  summaryOf,
  updatedInventoryIndex,
  inventoryIndexUpdate,
  userRowsSteps,
  deviceRowsSteps,
  type InventoryFilter,
  type InventoryIndex,
  type InventoryPage,
  type InventoryQuery,
  type InventoryScope,
  type InventorySelection,
  type InventorySort,
  type MatchingKeys,
  type SummaryView,
} from '../../shared/inventory-query.js';
import type { StatusThresholds } from '../../shared/key-status.js';
import { userRowsPageSteps, type UserRowsPage, type UserRowsQuery } from '../../shared/user-rows-query.js';
import { deviceRowsPageSteps, type DeviceRowsPage, type DeviceRowsQuery } from '../../shared/device-rows-query.js';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside } from './atomic-file.js';
import { assembleInventorySteps, fetchedDeviceOf, fetchedUserOf, type FetchedDevice, type FetchedUser } from './inventory-mapping.js';
import type { JsonArrayText } from './json-chunks.js';
import { KeysTextBuilder, patchedKeysText, type KeyPieces } from './keys-text.js';
import { inventoryOfDocument, rowsDocument } from './snapshot-format.js';
import type { SnapshotSink } from './snapshot-saver.js';
import { StepRun } from './step-run.js';
import { StringPool } from './string-pool.js';
import { sameDeviceRecord, sameKeyRecord, sameUserRecord, UnchangedRecords } from './unchanged-records.js';
import { AppFailure, SiteError } from './site-error.js';
import type { SiteProfile } from './site-profiles.js';
import type { SitesService } from './sites.service.js';

const NOTES_KEY = 'deviceNotes';

/** What an index update stopped by a later patch (or a forget) ends with: nobody waits for it. */
const SUPERSEDED = new Error('The index update was superseded.');

/** The key text a refresh made of its pages, for the inventory it assembled (keys-text.ts). */
const preparedKeys = new WeakMap<Inventory, JsonArrayText>();

/**
 * What goes to disk for a snapshot: its records, with the keys as rows where the refresh already made their text
 * (snapshot-format.ts). The text is handed over once: the saver holds it until written, and the snapshot, kept in
 * memory, does not keep it.
 */
function snapshotDocument(snapshot: Inventory): Inventory | Record<string, unknown> {
  const keys = preparedKeys.get(snapshot);
  if (!keys) return snapshot;
  preparedKeys.delete(snapshot);
  return rowsDocument(snapshot, keys);
}

export class InventoryService {
  private readonly snapshots = new Map<string, Inventory>();
  private readonly offline = new Map<string, { code: string; message: string }>();
  /** Per list being fetched: items so far and the total the site reported. */
  private readonly lists = new Map<string, { loaded: number; total: number | null }>();
  private running = 0;
  private readonly listeners = new Set<(snapshot: Inventory) => void>();
  readonly problems: string[] = [];
  /**
   * Per site, the index main answers the grids from (shared/inventory-query.ts) and the snapshot it was built from.
   * Built from the first question after a snapshot is stored, a step per task, not while storing it: an action's
   * answer never waits for it, and a burst of patches updates it once; a patched snapshot updates the index rather
   * than rebuilding it.
   */
  private readonly indexes = new Map<string, { readonly snapshot: Inventory; readonly index: InventoryIndex }>();
  /**
   * Per site, an index build or update under way, a step per task (inventoryIndexBuild, inventoryIndexUpdate), and
   * the snapshot it is for: a question that can wait waits for it (indexInTasks), one that cannot (an export's
   * selection) runs its remaining steps at once.
   */
  private readonly pendingIndexes = new Map<string, { readonly snapshot: Inventory; readonly run: StepRun<InventoryIndex> }>();
  /** Per site, the key text of its last refresh, used again where the same records come (keys-text.ts). */
  private readonly keyPieces = new Map<string, KeyPieces>();

  constructor(
    private readonly sites: SitesService,
    private readonly dir: string,
    private readonly settings: KeyValueStore,
    private readonly clock: Clock,
    private readonly events: EventSink,
    /** Takes each stored snapshot to disk later, off the main thread (snapshot-saver.ts). */
    private readonly saver: SnapshotSink,
  ) {}

  /** The active site's last good snapshot, without the network. */
  load(): InventoryView {
    const site = this.sites.activeSite();
    return { inventory: this.snapshot(site.id), offline: this.offline.get(site.id) ?? null };
  }

  /** Fetches everything again; a failure keeps the last good snapshot and says why (security.md D6). */
  refresh(): Promise<InventoryView> {
    return this.refreshSite(this.sites.activeSite());
  }

  /** The same for any connected site (the background expiry checks); a site without a snapshot that fails throws. */
  async refreshSite(site: SiteProfile): Promise<InventoryView> {
    try {
      const fresh = await this.fetch(site);
      this.store(fresh);
      // The grids' index follows in tasks, as after an action: the pages ask again on the change event.
      this.updateIndexSoon(site.id);
      this.offline.delete(site.id);
      return { inventory: fresh, offline: null };
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      const reason = { code: error.code, message: error.message };
      this.offline.set(site.id, reason);
      const snapshot = this.snapshot(site.id);
      if (!snapshot) throw error;
      return { inventory: snapshot, offline: reason };
    }
  }

  /** One page of the active site's keys for a filter, search and sort; no rows before any snapshot. */
  async query(query: InventoryQuery, thresholds: StatusThresholds): Promise<InventoryPage> {
    const index = await this.indexInTasks(this.sites.activeSite().id, thresholds);
    return index ? queryInventory(index, query) : { rows: [], total: 0 };
  }

  /** The part of the active site's last good snapshot a page needs (shared/inventory-query.ts, scopedInventory). */
  scoped(scope: InventoryScope): InventoryView {
    const site = this.sites.activeSite();
    const snapshot = this.snapshot(site.id);
    return {
      inventory: snapshot ? scopedInventory(snapshot, scope, site.userId) : null,
      offline: this.offline.get(site.id) ?? null,
    };
  }

  /**
   * A page of the Users grid of the active site (none before any snapshot). The rows, the search's texts and a
   * sort's order are made once per index, a step per task (StepRun): 120-300 ms of main's time at 10x the scale site
   * the first time, during which every other question is answered.
   */
  async userRows(query: UserRowsQuery, thresholds: StatusThresholds): Promise<UserRowsPage> {
    await this.indexInTasks(this.sites.activeSite().id, thresholds);
    const now = this.clock.now();
    return new StepRun(
      this.gridPage(
        thresholds,
        (index, snapshot) => userRowsSteps(index, snapshot.users),
        (rows) => userRowsPageSteps(rows, query, now),
      ),
    ).inTasks();
  }

  /** A page of the Devices grid of the active site (none before any snapshot), made as userRows makes its pages. */
  async deviceRows(query: DeviceRowsQuery, thresholds: StatusThresholds): Promise<DeviceRowsPage> {
    await this.indexInTasks(this.sites.activeSite().id, thresholds);
    const now = this.clock.now();
    return new StepRun(
      this.gridPage(
        thresholds,
        (index, snapshot) => deviceRowsSteps(index, snapshot.devices),
        (rows) => deviceRowsPageSteps(rows, query, now),
      ),
    ).inTasks();
  }

  /** A grid's page of the active site: its rows made from the index and last snapshot (none before any), then the page. */
  private *gridPage<R, P>(
    thresholds: StatusThresholds,
    rowsOf: (index: InventoryIndex, snapshot: Inventory) => Generator<void, R[]>,
    pageOf: (rows: readonly R[]) => Generator<void, P>,
  ): Generator<void, P> {
    const siteId = this.sites.activeSite().id;
    const index = this.indexOf(siteId, thresholds);
    const snapshot = this.snapshot(siteId);
    const rows = index && snapshot ? yield* rowsOf(index, snapshot) : [];
    return yield* pageOf(rows);
  }

  /** Counts, the chart's buckets, the data's age and whether it is offline: every page's header and the Overview. */
  async summary(thresholds: StatusThresholds): Promise<SummaryView> {
    const site = this.sites.activeSite();
    const index = await this.indexInTasks(site.id, thresholds);
    return { summary: index ? summaryOf(index) : null, offline: this.offline.get(site.id) ?? null };
  }

  /** The active site's keys expiring on one of the Overview chart's days (none before any snapshot). */
  async keysExpiringOn(day: string, thresholds: StatusThresholds): Promise<string[]> {
    const index = await this.indexInTasks(this.sites.activeSite().id, thresholds);
    return index ? keysExpiringOn(index, day) : [];
  }

  /** The keys a filter matches that the admin may revoke or rotate (at most MAX_BULK_KEYS), and how many. */
  async matchingKeys(
    filter: InventoryFilter,
    sort: InventorySort | undefined,
    thresholds: StatusThresholds,
  ): Promise<MatchingKeys> {
    const site = this.sites.activeSite();
    const index = await this.indexInTasks(site.id, thresholds);
    return index ? matchingBulkKeys(index, filter, site.userId, sort) : { keys: [], total: 0, otherUsers: 0, appKey: 0 };
  }

  /** The ids of every key a selection matches, in its order; null before any snapshot. */
  selectedIds(selection: InventorySelection, thresholds: StatusThresholds): string[] | null {
    const index = this.indexOf(this.sites.activeSite().id, thresholds);
    return index ? matchingIds(index, selection) : null;
  }

  /**
   * The site's index for a question that can wait for it: the first build (at 10x the scale site 0.5-0.7 s with
   * its default order) and an update under way run a step per task, one run for every question asked meanwhile.
   */
  private async indexInTasks(siteId: string, thresholds: StatusThresholds): Promise<InventoryIndex | null> {
    const snapshot = this.snapshot(siteId);
    if (!snapshot) return null;
    // No index yet, and none in the making for this snapshot (one for an earlier snapshot is stopped).
    if (!this.indexes.has(siteId) && this.pendingIndexes.get(siteId)?.snapshot !== snapshot) {
      const now = this.clock.now();
      this.runIndexSteps(
        siteId,
        snapshot,
        (function* () {
          const index = yield* inventoryIndexBuild(snapshot, now, thresholds);
          yield* baseOrderSteps(index);
          return index;
        })(),
      );
    }
    const pending = this.pendingIndexes.get(siteId);
    if (pending?.snapshot === snapshot) {
      // Stopped by a later snapshot or a forget: indexOf makes what the question needs.
      await pending.run.inTasks().catch(() => undefined);
    }
    return this.indexOf(siteId, thresholds);
  }

  private indexOf(siteId: string, thresholds: StatusThresholds): InventoryIndex | null {
    const snapshot = this.snapshot(siteId);
    if (!snapshot) return null;
    const now = this.clock.now();
    const update = this.pendingIndexes.get(siteId);
    if (update) {
      // An update under way for this snapshot is finished now; one for an earlier snapshot is dropped.
      this.pendingIndexes.delete(siteId);
      if (update.snapshot === snapshot) this.indexes.set(siteId, { snapshot, index: update.run.finish() });
      else update.run.stop(SUPERSEDED);
    }
    const built = this.indexes.get(siteId);
    // A snapshot patched after an action shares most key objects with the indexed one: update, do not rebuild.
    const index = !built
      ? buildInventoryIndex(snapshot, now, thresholds)
      : built.snapshot === snapshot
        ? reclassified(built.index, now, thresholds)
        : updatedInventoryIndex(built.index, snapshot, now, thresholds);
    if (index !== built?.index) this.indexes.set(siteId, { snapshot, index });
    return index;
  }

  /** How far the running refresh has come (devices and users fetched, of how many). */
  progress(): RefreshProgress {
    let loaded = 0;
    let total: number | null = 0;
    for (const list of this.lists.values()) {
      loaded += list.loaded;
      total = total === null || list.total === null ? null : total + list.total;
    }
    return { running: this.running > 0, loaded, total: this.running > 0 ? total : null };
  }

  snapshot(siteId: string): Inventory | null {
    const cached = this.snapshots.get(siteId);
    if (cached) return cached;
    const file = this.fileOf(siteId);
    if (!fs.existsSync(file)) return null;
    try {
      const parsed = inventoryOfDocument(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed) throw new Error('invalid');
      this.snapshots.set(siteId, parsed);
      return parsed;
    } catch {
      const aside = keepAside(file, this.clock.now());
      this.problems.push(
        `The saved inventory of a site was damaged and kept as ${path.basename(aside)}; refresh to fetch it again.`,
      );
      return null;
    }
  }

  /** Calls `listener` with every snapshot stored (a refresh, or the patch after an action); answers an unsubscribe. */
  subscribe(listener: (snapshot: Inventory) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change the app just made on the site, so tables show it without a full reload. */
  patch(siteId: string, change: (current: Inventory) => Inventory): void {
    const current = this.snapshot(siteId);
    if (!current) return;
    const next = change(current);
    // The keys the action did not touch go to disk as the last refresh's pages, copied by the writer (keys-text.ts).
    const pieces = this.keyPieces.get(siteId);
    if (pieces) preparedKeys.set(next, patchedKeysText(next.keys, pieces));
    this.store(next);
    this.updateIndexSoon(siteId);
  }

  /**
   * After a refresh or a patch, the grids' index follows in tasks of its own, a step each (the rows, the statuses,
   * the default order), before the pages ask again on the change event: the first question (the grid's page, the
   * header's summary) would otherwise pay for the update and for its own answer in one task (at 10x the scale site
   * the update is 15-60 ms, and the summary 10-30). Only where an index was made already (a first build starts at
   * the first question: indexInTasks); one update for a burst of patches, and a patch while one is under way starts
   * it again from the last index made.
   */
  private updateIndexSoon(siteId: string): void {
    const built = this.indexes.get(siteId);
    const snapshot = this.snapshots.get(siteId);
    if (!built || !snapshot || built.snapshot === snapshot) return;
    const { thresholds } = built.index.classification;
    this.runIndexSteps(siteId, snapshot, inventoryIndexUpdate(built.index, snapshot, this.clock.now(), thresholds));
  }

  /** Runs an index build or update of `snapshot` a step per task, as the site's pending one (pendingIndexes). */
  private runIndexSteps(siteId: string, snapshot: Inventory, steps: Generator<void, InventoryIndex>): void {
    this.pendingIndexes.get(siteId)?.run.stop(SUPERSEDED);
    // Made now, run from the next task on: the action's own task does not pay for its first step.
    const run = new StepRun(steps);
    this.pendingIndexes.set(siteId, { snapshot, run });
    setImmediate(() => {
      run.inTasks().then(
        (index) => {
          // A question may have finished it first (indexOf), or a later patch or a forget dropped it.
          if (this.pendingIndexes.get(siteId)?.run !== run) return;
          this.pendingIndexes.delete(siteId);
          this.indexes.set(siteId, { snapshot, index });
        },
        () => undefined,
      );
    });
  }

  /** The snapshot the site's grids' index was made from, or null before any question made one. */
  indexedSnapshot(siteId: string): Inventory | null {
    return this.indexes.get(siteId)?.snapshot ?? null;
  }

  notesOf(siteId: string): Record<string, DeviceNotes> {
    const all = this.settings.get(NOTES_KEY);
    const forSite = all && typeof all === 'object' ? (all as Record<string, unknown>)[siteId] : undefined;
    const notes: Record<string, DeviceNotes> = {};
    if (forSite && typeof forSite === 'object') {
      for (const [id, value] of Object.entries(forSite)) {
        const parsed = deviceNotes.safeParse(value);
        if (parsed.success) notes[id] = parsed.data;
      }
    }
    return notes;
  }

  setNotes(siteId: string, deviceId: string, notes: DeviceNotes | null): void {
    const all = (this.settings.get(NOTES_KEY) as Record<string, Record<string, DeviceNotes>> | undefined) ?? {};
    const forSite = { ...this.notesOf(siteId) };
    if (notes) forSite[deviceId] = notes;
    else delete forSite[deviceId];
    this.settings.set(NOTES_KEY, { ...all, [siteId]: forSite });
  }

  private async fetch(site: SiteProfile): Promise<Inventory> {
    const client = this.sites.client(site.id);
    const fetchedAt = this.clock.now();
    const optional = async <T>(call: () => Promise<T>): Promise<T | null> => {
      try {
        return await call();
      } catch (error) {
        // A site may refuse a list to this key (403) or not have the call (404): show what can be shown.
        if (error instanceof SiteError && (error.details.status === 403 || error.details.status === 404)) return null;
        throw error;
      }
    };
    // Records equal to the last snapshot's keep its objects (unchanged-records.ts).
    const previous = this.snapshots.get(site.id);
    const keep = {
      // Device keys, other users' keys and the admin's own (met twice, like the admin) each come in their own order.
      key: new UnchangedRecords(previous?.keys ?? [], sameKeyRecord, (key) =>
        key.ownerType === 'user' && key.ownerId === site.userId ? 'self' : key.ownerType,
      ).keep,
      device: new UnchangedRecords(previous?.devices ?? [], sameDeviceRecord).keep,
      // The admin comes again from /users/self, after the users list.
      user: new UnchangedRecords(previous?.users ?? [], sameUserRecord, (user) => (user.id === site.userId ? 'self' : '')).keep,
    };
    // New and changed keys share one string per label.
    const labels = new StringPool();
    // The snapshot's key text is made as each page comes, while the site works on the next one.
    const keysText = new KeysTextBuilder(site.userId, this.keyPieces.get(site.id));
    const track = <T>(name: string, write: (page: readonly T[]) => void) => {
      this.lists.set(name, { loaded: 0, total: null });
      return (loaded: number, total: number | null, page: readonly T[]) => {
        write(page);
        this.lists.set(name, { loaded, total });
        this.events.publish({ type: 'refresh-progress', siteId: site.id, progress: this.progress() });
      };
    };
    this.running += 1;
    try {
      const [devices, status, users, self] = await Promise.all([
        // Each page becomes rows as it arrives; the wire objects go with their page.
        optional(() =>
          client.listAll('/devices', deviceWire, {
            query: { join_keys: true },
            onPage: track('devices', (page: readonly FetchedDevice[]) => keysText.devicePage(page)),
            map: (device) => fetchedDeviceOf(device, keep.key, labels.get),
          }),
        ),
        optional(() => client.call('GET', '/devices/status', deviceStatusWire)),
        optional(() =>
          client.listAll('/users', userWire, {
            query: { join_keys: true },
            onPage: track('users', (page: readonly FetchedUser[]) => keysText.userPage(page)),
            map: (user) => fetchedUserOf(user, keep.key, keep.user, labels.get),
          }),
        ),
        client.currentUser(),
      ]);
      // In steps, a task each: at 10x the scale site the assembly alone held main for 65-110 ms.
      const assembled = await new StepRun(
        assembleInventorySteps({
          site,
          fetchedAt,
          devices,
          status,
          users,
          self,
          notes: this.notesOf(site.id),
          keep,
        }),
      ).inTasks();
      const text = keysText.textOf(assembled, self._id);
      if (text) preparedKeys.set(assembled, text);
      this.keyPieces.set(site.id, keysText.pieces());
      return assembled;
    } finally {
      this.running -= 1;
      if (this.running === 0) this.lists.clear();
    }
  }

  /**
   * Forgetting a site forgets what the app knew of its keys too: the labels, owners and dates of every key are the
   * site's data. Its snapshot goes from memory and from disk, with its index and its kept key text; a refresh of
   * the site still under way stores nothing when it ends (store() asks whether the site is still there).
   */
  async forget(siteId: string): Promise<void> {
    this.snapshots.delete(siteId);
    this.offline.delete(siteId);
    this.indexes.delete(siteId);
    this.pendingIndexes.get(siteId)?.run.stop(SUPERSEDED);
    this.pendingIndexes.delete(siteId);
    this.keyPieces.delete(siteId);
    const file = this.fileOf(siteId);
    await this.saver.discard(file);
    fs.rmSync(file, { force: true });
  }

  private store(snapshot: Inventory): void {
    // A refresh that ends after its site was forgotten keeps nothing of it.
    if (!this.sites.profiles().some((profile) => profile.id === snapshot.siteId)) return;
    this.snapshots.set(snapshot.siteId, snapshot);
    for (const listener of this.listeners) listener(snapshot);
    this.events.publish({ type: 'inventory-changed', siteId: snapshot.siteId });
    // Never waits: the disk copy follows within the saver's delay, written by a worker.
    this.saver.store(this.fileOf(snapshot.siteId), snapshotDocument(snapshot));
  }

  /** Writes every changed snapshot now (on quit, before a data folder goes); resolves once each is written or logged. */
  flush(): Promise<void> {
    return this.saver.flush();
  }

  private fileOf(siteId: string): string {
    return path.join(this.dir, `${siteId}.json`);
  }
}
