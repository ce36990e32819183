/**
 * When snapshots go to disk: later, once per burst, never on the path of an action, now on flush, and again after a
 * failure (logged, never dropped). Fake writer and fake timer: counts, no clocks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../../electron/services/logger.js';
import { InventoryService } from '../../../../electron/services/inventory.service.js';
import { SAVE_DELAY_MS, SAVE_RETRY_MS, SnapshotSaver } from '../../../../electron/services/snapshot-saver.js';
import { AppFailure } from '../../../../electron/services/site-error.js';
import type { SiteProfile } from '../../../../electron/services/site-profiles.js';
import type { SitesService } from '../../../../electron/services/sites.service.js';
import type { Inventory } from '../../../../shared/inventory.js';
import { FakeSaverTimer, FakeSnapshotWriter, settle } from '../../../support/fake-snapshot-writer.js';
import { fixedClock } from '../../support.js';

let writer: FakeSnapshotWriter;
let timer: FakeSaverTimer;
let logLines: string[];
let saver: SnapshotSaver;

beforeEach(() => {
  writer = new FakeSnapshotWriter();
  timer = new FakeSaverTimer();
  logLines = [];
  saver = new SnapshotSaver({ writer, logger: createLogger((line) => logLines.push(line)), timer: timer.timer });
});

describe('SnapshotSaver', () => {
  it('several stores within the delay make one write, of the latest snapshot', async () => {
    saver.store('/data/a.json', { n: 1 });
    saver.store('/data/a.json', { n: 2 });
    await timer.advance(SAVE_DELAY_MS - 1);
    saver.store('/data/a.json', { n: 3 });
    expect(writer.writes).toHaveLength(0);
    await timer.advance(1);
    expect(writer.writes.map((w) => [w.file, w.text])).toEqual([['/data/a.json', '{"n":3}']]);
    await timer.advance(SAVE_DELAY_MS * 10);
    expect(writer.writes).toHaveLength(1);
    expect(saver.unsaved()).toBe(0);
  });

  it("saved(file) writes now and answers whether that file's write succeeded", async () => {
    saver.store('/data/a.json', { n: 1 });
    saver.store('/data/b.json', { n: 1 });
    writer.auto = null;
    const answer = saver.saved('/data/b.json');
    await settle();
    writer.writes[0]!.succeed();
    await settle();
    writer.writes[1]!.fail();
    expect(await answer).toBe(false);
    writer.auto = 'succeed';
    expect(await saver.saved('/data/a.json')).toBe(true);
    // The failed file was written by that flush (it stayed pending): it is on disk now.
    expect(await saver.saved('/data/b.json')).toBe(true);
    expect(writer.files.get('/data/b.json')).toBe('{"n":1}');
  });

  it('writes each file that changed, once', async () => {
    saver.store('/data/a.json', { n: 1 });
    saver.store('/data/b.json', { n: 2 });
    saver.store('/data/a.json', { n: 3 });
    await timer.advance(SAVE_DELAY_MS);
    expect(writer.writes.map((w) => [w.file, w.text])).toEqual([
      ['/data/a.json', '{"n":3}'],
      ['/data/b.json', '{"n":2}'],
    ]);
  });

  it('flush writes now, without waiting for the delay, and the timer then writes nothing more', async () => {
    saver.store('/data/a.json', { n: 1 });
    await saver.flush();
    expect(writer.files.get('/data/a.json')).toBe('{"n":1}');
    expect(timer.armed()).toEqual([]);
    await timer.advance(SAVE_DELAY_MS);
    expect(writer.writes).toHaveLength(1);
  });

  it('flush waits for a write under way, then writes what came meanwhile, in order', async () => {
    writer.auto = null;
    saver.store('/data/a.json', { n: 1 });
    await timer.advance(SAVE_DELAY_MS);
    saver.store('/data/a.json', { n: 2 });
    let flushed = false;
    const flushing = saver.flush().then(() => (flushed = true));
    await settle();
    // The second write does not start before the first one ended: it could otherwise land first.
    expect(writer.writes).toHaveLength(1);
    expect(flushed).toBe(false);
    writer.writes[0]!.succeed();
    await settle();
    expect(writer.writes.map((w) => w.text)).toEqual(['{"n":1}', '{"n":2}']);
    writer.writes[1]!.succeed();
    await flushing;
    expect(writer.files.get('/data/a.json')).toBe('{"n":2}');
  });

  it('a failed write is logged and tried again until it lands; nothing is lost', async () => {
    writer.auto = 'fail';
    saver.store('/data/a.json', { n: 1 });
    await timer.advance(SAVE_DELAY_MS);
    expect(writer.writes).toHaveLength(1);
    expect(saver.unsaved()).toBe(1);
    expect(logLines.filter((line) => line.includes('snapshot.write-failed'))).toHaveLength(1);
    expect(JSON.parse(logLines[0]!)).toMatchObject({ level: 'warn', file: 'a.json', attempts: 1, reason: 'disk full' });
    expect(timer.armed()).toEqual([SAVE_RETRY_MS]);

    await timer.advance(SAVE_RETRY_MS);
    expect(writer.writes).toHaveLength(2);
    expect(JSON.parse(logLines[1]!)).toMatchObject({ event: 'snapshot.write-failed', attempts: 2 });

    writer.auto = 'succeed';
    await timer.advance(SAVE_RETRY_MS);
    expect(writer.files.get('/data/a.json')).toBe('{"n":1}');
    expect(saver.unsaved()).toBe(0);
    expect(JSON.parse(logLines[2]!)).toMatchObject({ level: 'info', event: 'snapshot.write-recovered', file: 'a.json' });
  });

  it('a snapshot stored while a write fails wins over the failed one', async () => {
    writer.auto = null;
    saver.store('/data/a.json', { n: 1 });
    await timer.advance(SAVE_DELAY_MS);
    saver.store('/data/a.json', { n: 2 });
    writer.writes[0]!.fail();
    writer.auto = 'succeed';
    await saver.flush();
    expect(writer.writes.map((w) => w.text)).toEqual(['{"n":1}', '{"n":2}']);
    expect(writer.files.get('/data/a.json')).toBe('{"n":2}');
    expect(saver.unsaved()).toBe(0);
  });

  it("discard drops a file's unsaved snapshot and resolves only once its write under way has ended", async () => {
    writer.auto = null;
    saver.store('/data/a.json', { n: 1 });
    saver.store('/data/b.json', { n: 1 });
    await timer.advance(SAVE_DELAY_MS);
    saver.store('/data/a.json', { n: 2 });
    let discarded = false;
    const discarding = saver.discard('/data/a.json').then(() => (discarded = true));
    await settle();
    expect(discarded).toBe(false);
    writer.writes[0]!.succeed();
    await settle();
    writer.writes[1]!.succeed();
    await discarding;
    writer.auto = 'succeed';
    await saver.flush();
    // The first write of a was under way and ends; the newer snapshot of a is never written; b is not touched.
    expect(writer.writes.map((w) => [w.file, w.text])).toEqual([
      ['/data/a.json', '{"n":1}'],
      ['/data/b.json', '{"n":1}'],
    ]);
    expect(saver.unsaved()).toBe(0);
  });

  it('a discarded file that failed is not tried again', async () => {
    writer.auto = 'fail';
    saver.store('/data/a.json', { n: 1 });
    await timer.advance(SAVE_DELAY_MS);
    await saver.discard('/data/a.json');
    writer.auto = 'succeed';
    await timer.advance(SAVE_RETRY_MS * 3);
    expect(writer.writes).toHaveLength(1);
    expect(saver.unsaved()).toBe(0);
  });

  it('a failed flush says so in the log and keeps the snapshot for the next try', async () => {
    writer.auto = 'fail';
    saver.store('/data/a.json', { n: 1 });
    await saver.flush();
    expect(logLines.some((line) => line.includes('snapshot.write-failed'))).toBe(true);
    expect(saver.unsaved()).toBe(1);
  });
});

describe("the inventory's snapshot on the path of an action", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-saver-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const stored: Inventory = {
    siteId: 'site-1',
    siteName: 'Site',
    origin: 'https://site.example.org',
    fetchedAt: '2026-11-26T10:00:00.000Z',
    devices: [],
    users: [],
    keys: [],
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };

  it('a patch returns before any write starts, even with a write hanging; the burst is written once, later', async () => {
    fs.writeFileSync(path.join(dir, 'site-1.json'), JSON.stringify(stored));
    const settings = { get: () => undefined, set: () => undefined, delete: () => undefined, problems: [] };
    const events: string[] = [];
    const inventory = new InventoryService(
      { profiles: () => [{ id: 'site-1' }] } as unknown as SitesService,
      dir,
      settings,
      fixedClock(),
      { publish: (e) => events.push(e.type) },
      saver,
    );
    writer.auto = null;
    inventory.patch('site-1', (current) => ({ ...current, siteName: 'One' }));
    expect(writer.writes).toHaveLength(0);
    await settle();
    expect(writer.writes).toHaveLength(0);
    await timer.advance(SAVE_DELAY_MS);
    expect(writer.writes).toHaveLength(1);
    // The first write hangs; actions go on, each answered with the change and no write of its own.
    inventory.patch('site-1', (current) => ({ ...current, siteName: 'Two' }));
    inventory.patch('site-1', (current) => ({ ...current, siteName: 'Three' }));
    expect(inventory.snapshot('site-1')?.siteName).toBe('Three');
    expect(events).toEqual(['inventory-changed', 'inventory-changed', 'inventory-changed']);
    expect(writer.writes).toHaveLength(1);
    writer.writes[0]!.succeed();
    writer.auto = 'succeed';
    await timer.advance(SAVE_DELAY_MS);
    expect(writer.writes).toHaveLength(2);
    expect(JSON.parse(writer.files.get(path.join(dir, 'site-1.json'))!)).toMatchObject({ siteName: 'Three' });
  });

  it('forgetting a site removes its snapshot from memory and disk, and its unsaved patch is never written', async () => {
    const file = path.join(dir, 'site-1.json');
    fs.writeFileSync(file, JSON.stringify(stored));
    const settings = { get: () => undefined, set: () => undefined, delete: () => undefined, problems: [] };
    let profiles = [{ id: 'site-1' }];
    const inventory = new InventoryService(
      { profiles: () => profiles } as unknown as SitesService,
      dir,
      settings,
      fixedClock(),
      { publish: () => undefined },
      saver,
    );
    inventory.patch('site-1', (current) => ({ ...current, siteName: 'Patched' }));
    profiles = [];
    await inventory.forget('site-1');
    expect(fs.existsSync(file)).toBe(false);
    expect(inventory.snapshot('site-1')).toBeNull();
    await timer.advance(SAVE_DELAY_MS * 10);
    expect(writer.writes).toHaveLength(0);
  });
  it('forgetting a site keeps nothing of it in memory: not even why its last refresh failed', async () => {
    fs.writeFileSync(path.join(dir, 'site-1.json'), JSON.stringify(stored));
    const profile = { id: 'site-1' } as SiteProfile;
    const sites = {
      profiles: () => [profile],
      activeSite: () => profile,
      client: () => {
        throw new AppFailure('offline', 'The site did not answer.');
      },
    } as unknown as SitesService;
    const settings = { get: () => undefined, set: () => undefined, delete: () => undefined, problems: [] };
    const inventory = new InventoryService(sites, dir, settings, fixedClock(), { publish: () => undefined }, saver);
    expect(await inventory.refreshSite(profile)).toMatchObject({
      inventory: { siteName: stored.siteName },
      offline: { code: 'offline' },
    });
    await inventory.forget('site-1');
    // Asked again under the same id (a probe: real ids are new at each connect), nothing of the old site is left.
    expect(inventory.load()).toEqual({ inventory: null, offline: null });
  });
});
