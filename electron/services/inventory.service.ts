/**
 * The inventory of a site: every device, user and key the admin can see, fetched with as few round trips as
 * the API allows, kept in memory and on disk as the last good snapshot (no secret in it), so the app opens on
 * it at once and stays usable, read only, when the site does not answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  deviceNotes,
  inventory,
  type DeviceNotes,
  type Inventory,
  type RefreshProgress,
  type InventoryView,
  type KeyRecord,
} from '../../shared/inventory.js';
import {
  deviceStatusWire,
  deviceWire,
  userWire,
  type DeviceStatusWire,
  type DeviceWire,
  type UserWire,
} from '../../shared/wire.schema.js';
import type { EventSink } from '../../shared/events.js';
import type { Clock, KeyValueStore } from '../ports.js';
import { keepAside, writeFileAtomic } from './atomic-file.js';
import { appKeyIdOf, deviceRecordOf, keyRecordOf, userRecordOf } from './inventory-mapping.js';
import { AppFailure, SiteError } from './site-error.js';
import type { SiteProfile } from './site-profiles.js';
import type { SitesService } from './sites.service.js';

const NOTES_KEY = 'deviceNotes';

export class InventoryService {
  private readonly snapshots = new Map<string, Inventory>();
  private readonly offline = new Map<string, { code: string; message: string }>();
  /** Snapshots waiting to be written: the admin sees fresh data first, the disk copy follows (coalesced). */
  private readonly unsaved = new Set<string>();
  private saving: Promise<void> | null = null;
  /** Per list being fetched: items so far and the total the site reported. */
  private readonly lists = new Map<string, { loaded: number; total: number | null }>();
  private running = 0;
  private readonly listeners = new Set<(snapshot: Inventory) => void>();
  readonly problems: string[] = [];

  constructor(
    private readonly sites: SitesService,
    private readonly dir: string,
    private readonly settings: KeyValueStore,
    private readonly clock: Clock,
    private readonly events: EventSink = { publish: () => undefined },
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
      const parsed = inventory.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error('invalid');
      this.snapshots.set(siteId, parsed.data);
      return parsed.data;
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
    if (current) this.store(change(current));
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
    const track = (name: string) => {
      this.lists.set(name, { loaded: 0, total: null });
      return (loaded: number, total: number | null) => {
        this.lists.set(name, { loaded, total });
        this.events.publish({ type: 'refresh-progress', siteId: site.id, progress: this.progress() });
      };
    };
    this.running += 1;
    try {
      const [devices, status, users, self] = await Promise.all([
        optional(() => client.listAll('/devices', deviceWire, { query: { join_keys: true }, onPage: track('devices') })),
        optional(() => client.call('GET', '/devices/status', deviceStatusWire)),
        optional(() => client.listAll('/users', userWire, { query: { join_keys: true }, onPage: track('users') })),
        client.currentUser(),
      ]);
      return this.assemble(site, fetchedAt, devices, status, users, self);
    } finally {
      this.running -= 1;
      if (this.running === 0) this.lists.clear();
    }
  }

  private assemble(
    site: SiteProfile,
    fetchedAt: Date,
    devices: DeviceWire[] | null,
    status: DeviceStatusWire | null,
    users: UserWire[] | null,
    self: UserWire,
  ): Inventory {
    const notes = this.notesOf(site.id);
    const keys: KeyRecord[] = [];
    const deviceRecords = (devices ?? []).map((device) => {
      const record = deviceRecordOf(device, status, notes[device._id], fetchedAt);
      for (const key of device.api_keys ?? []) {
        keys.push(keyRecordOf(key, { type: 'device', id: record.id, label: record.label, disabled: record.disabled }));
      }
      return record;
    });
    // Other users' keys only where the site lists them (the key service's users?join_keys=true).
    const allUserKeys = users !== null && users.some((user) => Array.isArray(user.api_keys));
    const userList = users ?? [self];
    if (!userList.some((user) => user._id === self._id)) userList.push(self);
    const userRecords = userList.map((user) => {
      const isSelf = user._id === self._id;
      const source = isSelf ? self : user;
      const visible = isSelf || allUserKeys;
      const record = userRecordOf(source, visible);
      if (visible) {
        for (const key of source.api_keys ?? []) {
          keys.push(keyRecordOf(key, { type: 'user', id: record.id, label: record.name, disabled: record.disabled }));
        }
      }
      return record;
    });
    const own = keys.filter((key) => key.ownerType === 'user' && key.ownerId === self._id);
    const appKeyId = appKeyIdOf(own, site.keyKind, fetchedAt);
    return {
      siteId: site.id,
      siteName: site.name,
      origin: site.origin,
      fetchedAt: fetchedAt.toISOString(),
      devices: deviceRecords,
      users: userRecords,
      keys: keys.map((key) => (key.id === appKeyId && key.ownerId === self._id ? { ...key, isAppKey: true } : key)),
      coverage: { deviceKeys: devices !== null, users: users !== null, userKeys: allUserKeys ? 'all' : 'self' },
    };
  }

  private store(snapshot: Inventory): void {
    this.snapshots.set(snapshot.siteId, snapshot);
    for (const listener of this.listeners) listener(snapshot);
    this.events.publish({ type: 'inventory-changed', siteId: snapshot.siteId });
    this.unsaved.add(snapshot.siteId);
    this.saving ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  /** Writes every changed snapshot now (also called on quit); resolves once they are on disk. */
  async flush(): Promise<void> {
    this.saving = null;
    for (const siteId of [...this.unsaved]) {
      this.unsaved.delete(siteId);
      const snapshot = this.snapshots.get(siteId);
      if (snapshot) writeFileAtomic(this.fileOf(siteId), JSON.stringify(snapshot));
    }
  }

  private fileOf(siteId: string): string {
    return path.join(this.dir, `${siteId}.json`);
  }
}
