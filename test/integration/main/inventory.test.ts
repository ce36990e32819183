/**
 * The inventory against the demo seed, through the dispatcher: everything the site holds, classified as the
 * seed set it up; the last good snapshot answered without the network; a failed refresh keeps it (security.md D6).
 */
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_DEVICE_STATUS, DEMO_LEGACY_CASES, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import { ADMIN_CANARY, KEY_CANARY } from '../../support/canary.js';
import { inventoryOfDocument } from '../../../electron/services/snapshot-format.js';
import { createWorkerSnapshotWriter } from '../../../electron/adapters/worker-snapshot-writer.js';
import { JsonArrayText, MarkedPiece, type JsonChunk } from '../../../electron/services/json-chunks.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  connectAdmin,
  createDeviceKey,
  failCode,
  load,
  ok,
  refresh,
  secretOf,
  siteCall,
  siteDevices,
  siteUsers,
  settle,
  snapshotFile,
  startDemoSite,
  type SiteKey,
} from './support.js';

let service: KeyService;
let harness: MainHarness | undefined;

beforeEach(async () => {
  service = await startDemoSite();
});
afterEach(async () => {
  harness?.cleanup();
  harness = undefined;
  await service.close();
});

/**
 * The real worker writer, recording the key pieces of each snapshot written as rows (as the refresh or the action
 * handed them over) and counting the marked pieces asked for their text again (a piece the writer could not copy).
 */
function recordingWriter() {
  const real = createWorkerSnapshotWriter();
  const written: Array<readonly JsonChunk[]> = [];
  let remade = 0;
  const writer = {
    write: (file: string, value: unknown) => {
      const rows = (value as { keyRows?: unknown }).keyRows;
      if (rows instanceof JsonArrayText) {
        written.push(rows.pieces);
        for (const piece of rows.pieces) {
          if (!(piece instanceof MarkedPiece) || piece.made) continue;
          const content = piece.content.bind(piece);
          piece.content = () => {
            remade += 1;
            return content();
          };
        }
      }
      return real.write(file, value);
    },
    close: () => real.close(),
  };
  return { writer, written, remade: () => remade, close: () => real.close() };
}

/** The snapshot file of a connected site, read back as an inventory. */
const fileOf = (connected: { harness: MainHarness; siteId: string }) =>
  inventoryOfDocument(JSON.parse(fs.readFileSync(snapshotFile(connected.harness, connected.siteId), 'utf8')));

describe('inventory.refresh against the demo seed', () => {
  it('lists every device, user and key the site holds', async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    const view = await refresh(harness);
    expect(view.offline).toBeNull();
    const inventory = view.inventory!;
    const devices = await siteDevices(service);
    const users = await siteUsers(service);
    const siteKeyIds = [...devices, ...users].flatMap((owner) => (owner.api_keys ?? []).map((key) => key._id)).sort();
    expect(devices).toHaveLength(10);
    expect(users).toHaveLength(13);
    expect(inventory.devices.map((d) => d.id).sort()).toEqual(devices.map((d) => d._id).sort());
    expect(inventory.users.map((u) => u.id).sort()).toEqual(users.map((u) => u._id).sort());
    expect(inventory.keys.map((k) => k.id).sort()).toEqual(siteKeyIds);
    expect(new Set(inventory.keys.map((k) => k.id)).size).toBe(inventory.keys.length);
    expect(inventory.coverage).toEqual({ deviceKeys: true, users: true, userKeys: 'all' });
    expect(inventory.siteId).toBe(connected.siteId);
    expect(inventory.origin).toBe(service.baseUrl);
  });

  it('reports how far it has come while it runs, and nothing once it is done', async () => {
    const connected = (await connectAdmin(service)).harness;
    harness = connected;
    service.faults.delayNext({ method: 'GET', path: /\/users$/ }, 5000);
    const running = refresh(connected);
    // The devices (10, one page) come in; the users' list is held back, so the total is not known yet.
    await vi.waitFor(
      async () => {
        const during = await ok<{ running: boolean; loaded: number; total: number | null }>(connected, 'inventory.progress');
        expect(during).toEqual({ running: true, loaded: 10, total: null });
      },
      { timeout: 4000, interval: 20 },
    );
    await running;
    expect(await ok(harness, 'inventory.progress', undefined)).toEqual({ running: false, loaded: 0, total: null });
  });

  it('gives each device the health the seed set', async () => {
    harness = (await connectAdmin(service)).harness;
    const inventory = (await refresh(harness)).inventory!;
    for (const [name, id] of Object.entries(DEMO_DEVICE_IDS)) {
      const device = inventory.devices.find((d) => d.id === id);
      expect(device?.health, name).toBe(DEMO_DEVICE_STATUS[name as keyof typeof DEMO_DEVICE_IDS]);
    }
    expect(inventory.devices.find((d) => d.id === DEMO_DEVICE_IDS.reaperDisabled)?.disabled).toBe(true);
    expect(inventory.devices.find((d) => d.id === DEMO_DEVICE_IDS.importerError)?.errorCount).toBe(1);
    expect(inventory.users.find((u) => u.id === DEMO_USER_IDS.disabled)?.disabled).toBe(true);
  });

  it('classifies the legacy keys as legacy and every other key as enhanced', async () => {
    harness = (await connectAdmin(service)).harness;
    const inventory = (await refresh(harness)).inventory!;
    const siteKeys = [...(await siteDevices(service)), ...(await siteUsers(service))].flatMap((o) => o.api_keys ?? []);
    const legacyIds = siteKeys.filter((k: SiteKey) => k.label === 'Legacy Key' && k.expires_at === null).map((k) => k._id);
    const cases = Object.values(DEMO_LEGACY_CASES);
    expect(legacyIds).toHaveLength(cases.length);
    const legacy = inventory.keys.filter((k) => k.kind === 'legacy');
    expect(legacy.map((k) => k.id).sort()).toEqual(legacyIds.sort());
    // One legacy key per owner of a migration case; the disabled owners' ones are marked so; and each is older
    // than every enhanced key of its owner, as the migration's step 2 reads the dates.
    expect(legacy.map((k) => `${k.ownerType}:${k.ownerId}`).sort()).toEqual(
      cases.map((c) => `${c.owner.type}:${c.owner.id}`).sort(),
    );
    for (const c of cases) {
      const key = legacy.find((k) => k.ownerId === c.owner.id)!;
      expect(key.ownerDisabled, c.owner.id).toBe(c.conclusion === 'owner-disabled');
      const enhanced = inventory.keys.filter((k) => k.ownerId === c.owner.id && k.kind === 'enhanced');
      expect(
        enhanced.every((k) => Date.parse(k.created!) > Date.parse(key.created!)),
        c.owner.id,
      ).toBe(true);
    }
    // The owner's disabled state travels with each key.
    const disabledDeviceKeys = inventory.keys.filter((k) => k.ownerId === DEMO_DEVICE_IDS.reaperDisabled);
    expect(disabledDeviceKeys.length).toBeGreaterThan(0);
    expect(disabledDeviceKeys.every((k) => k.ownerDisabled)).toBe(true);
  });

  it("marks the admin's own key, and only it, as the app's key", async () => {
    harness = (await connectAdmin(service)).harness;
    const inventory = (await refresh(harness)).inventory!;
    const self = await siteCall<{ api_keys: SiteKey[] }>(service, 'GET', '/users/self');
    const adminKey = self.body.api_keys.find((k) => k.label === 'Keywarden admin');
    expect(inventory.keys.filter((k) => k.isAppKey).map((k) => k.id)).toEqual([adminKey?._id]);
  });
});

describe('a refresh keeps what did not change', () => {
  it("keeps the last snapshot's object for every unchanged record, and makes new ones where the site changed", async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    const used = await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Used between refreshes');
    await refresh(harness);
    const first = harness.services.inventory.snapshot(connected.siteId)!;
    // On the site, beside the app: one key is used (its last use changes), another is deleted.
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(used.secret!) })).status).toBe(200);
    const gone = first.keys.find((key) => key.ownerType === 'device' && key.id !== used.key.id)!;
    expect((await siteCall(service, 'DELETE', `/devices/${gone.ownerId}/key/${gone.id}`)).status).toBe(204);
    await refresh(harness);
    const second = harness.services.inventory.snapshot(connected.siteId)!;

    const lists = ['keys', 'devices', 'users'] as const;
    let kept = 0;
    for (const list of lists) {
      const before = new Map<string, object>(first[list].map((record) => [record.id, record]));
      for (const record of second[list]) {
        const old = before.get(record.id);
        // Equal records are the very same object; a changed one is new, never the old object changed.
        if (old && JSON.stringify(old) === JSON.stringify(record)) {
          expect(record, `${list} ${record.id}`).toBe(old);
          kept += 1;
        } else if (old) expect(record).not.toBe(old);
      }
    }
    expect(kept).toBeGreaterThan(first.keys.length / 2);
    const usedNow = second.keys.find((key) => key.id === used.key.id)!;
    expect(usedNow.lastUsed).not.toBeNull();
    expect(usedNow).not.toBe(first.keys.find((key) => key.id === used.key.id));
    expect(second.keys.some((key) => key.id === gone.id)).toBe(false);

    // It reads exactly as a first refresh by another app would (but for the fetch time and the app key's last use,
    // which every request moves).
    const fresh = await connectAdmin(service);
    try {
      const other = (await refresh(fresh.harness)).inventory!;
      const comparable = (inventory: typeof second) => ({
        ...inventory,
        siteId: '',
        fetchedAt: '',
        keys: inventory.keys.map((key) => (key.isAppKey ? { ...key, lastUsed: '' } : key)),
      });
      expect(JSON.stringify(comparable(second))).toBe(JSON.stringify(comparable(other)));
    } finally {
      fresh.harness.cleanup();
    }
  });
});

describe('the snapshot', () => {
  it('inventory.load answers the last snapshot without the network', async () => {
    harness = (await connectAdmin(service)).harness;
    const fresh = await refresh(harness);
    await service.close();
    const loaded = await load(harness);
    expect(loaded.inventory).toEqual(fresh.inventory);
    expect(loaded.offline).toBeNull();
  });

  it('survives a restart of the app: a second harness on the same data folder loads it offline', async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    const fresh = await refresh(harness);
    await settle(harness);
    await service.close();
    const again = createMainHarness({ dataDir: harness.dataDir });
    expect((await load(again)).inventory).toEqual(fresh.inventory);
  });

  it('a refresh while the site is down answers the snapshot with offline set and leaves the file untouched', async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    const fresh = await refresh(harness);
    await settle(harness);
    const file = snapshotFile(harness, connected.siteId);
    const before = fs.readFileSync(file);
    const mtime = fs.statSync(file).mtimeMs;
    await service.close();
    const view = await refresh(harness);
    expect(view.offline?.code).toBe('unreachable');
    expect(view.inventory).toEqual(fresh.inventory);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    await settle(harness);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.statSync(file).mtimeMs).toBe(mtime);
    expect((await load(harness)).offline?.code).toBe('unreachable');
  });

  it('a refresh with no snapshot and no site answers the error code', async () => {
    // The fetch that follows a connect fails, so there is no snapshot to fall back on.
    service.faults.failNext({ method: 'GET', path: /\/devices$/ }, 400);
    harness = (await connectAdmin(service)).harness;
    expect((await load(harness)).inventory).toBeNull();
    await service.close();
    expect(await failCode(harness, 'inventory.refresh')).toBe('unreachable');
  });

  it('writes, after a refresh, a snapshot that reads back as the inventory, key for key and in order', async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    const view = await refresh(harness);
    await settle(harness);
    const written: unknown = JSON.parse(fs.readFileSync(snapshotFile(harness, connected.siteId), 'utf8'));
    // The refresh's own text: keys as rows (snapshot-format.ts).
    expect(written).toHaveProperty('keyRows');
    expect(inventoryOfDocument(written)).toEqual(view.inventory);
    expect(view.inventory?.keys.some((key) => key.isAppKey)).toBe(true);
  });

  it('has the pages of an unchanged site copied from the last snapshot file, not made again, and writes what reads back', async () => {
    const { writer, written, remade, close } = recordingWriter();
    try {
      const connected = await connectAdmin(service, { snapshotWriter: writer });
      harness = connected.harness;
      await settle(harness);
      const first = written.at(-1)!;
      expect(first.length).toBeGreaterThan(1);
      expect(fileOf(connected)).toEqual((await load(harness)).inventory);

      const view = await refresh(harness);
      await settle(harness);
      const next = written.at(-1)!;
      expect(next).not.toBe(first);
      // Every page is the last refresh's piece, without bytes; only the admin's own keys (the app's key is used at
      // every refresh) are made anew. The writer copied the pages from the last file: none was made again, and
      // what it wrote reads back as the inventory.
      const marks = new Set(first.map((piece) => (piece instanceof MarkedPiece ? piece.mark : null)));
      const kept = next.filter((piece) => piece instanceof MarkedPiece && piece.made === null && marks.has(piece.mark));
      expect(kept.length).toBe(next.length - 1);
      expect(remade()).toBe(0);
      expect(fileOf(connected)).toEqual(view.inventory);

      // A snapshot file that is not the one the writer wrote: the pages are made again, and the file still right.
      const file = snapshotFile(harness, connected.siteId);
      fs.copyFileSync(file, `${file}.copy`);
      fs.renameSync(`${file}.copy`, file);
      const again = await refresh(harness);
      await settle(harness);
      const copyable = written.at(-1)!.filter((piece) => piece instanceof MarkedPiece && !piece.made && piece.byteLength > 0);
      expect(copyable.length).toBeGreaterThan(0);
      expect(remade()).toBe(copyable.length);
      expect(fileOf(connected)).toEqual(again.inventory);
    } finally {
      await close();
    }
  });

  it("writes an action's snapshot with the pages it did not touch copied, so the next refresh copies them too", async () => {
    const { writer, written, remade, close } = recordingWriter();
    const kept = (pieces: readonly JsonChunk[]) =>
      pieces.filter((piece): piece is MarkedPiece => piece instanceof MarkedPiece && piece.made === null);
    try {
      const connected = await connectAdmin(service, { snapshotWriter: writer });
      harness = connected.harness;
      await settle(harness);
      const refreshed = written.at(-1)!;

      await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Added by the admin');
      await settle(harness);
      // The action's snapshot: the pages it did not touch under their marks, copied by the writer; it reads back as
      // the inventory with the new key.
      const afterAction = written.at(-1)!;
      expect(afterAction).not.toBe(refreshed);
      expect(kept(afterAction).length).toBeGreaterThan(0);
      expect(remade()).toBe(0);
      const patched = (await load(harness)).inventory!;
      expect(patched.keys.some((key) => key.label === 'Added by the admin')).toBe(true);
      expect(fileOf(connected)).toEqual(patched);

      // The next refresh copies every page the action did not change from the action's file: none made again.
      const view = await refresh(harness);
      await settle(harness);
      const next = written.at(-1)!;
      expect(kept(next).length).toBeGreaterThanOrEqual(kept(afterAction).length);
      expect(remade()).toBe(0);
      expect(fileOf(connected)).toEqual(view.inventory);
    } finally {
      await close();
    }
  });

  it('holds no secret: no KEYCANARY and no ADMINCANARY in the snapshot file', async () => {
    const connected = await connectAdmin(service);
    harness = connected.harness;
    await refresh(harness);
    await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Snapshot check');
    const view = await refresh(harness);
    await settle(harness);
    const text = fs.readFileSync(snapshotFile(harness, connected.siteId), 'utf8');
    expect(text).toContain('Snapshot check');
    expect(text).not.toContain(KEY_CANARY);
    expect(text).not.toContain(ADMIN_CANARY);
    expect(JSON.stringify(view)).not.toContain(KEY_CANARY);
  });
});
