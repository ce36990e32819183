/**
 * The migration service over fakes: a temp folder for its per-site files, a clock the test moves, a recording
 * audit log, and snapshots the test holds. Ticks and unticks persist across instances and reach the audit log;
 * a damaged file is kept aside and reported (security.md E2); observing writes only when the tracked keys change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as MigrationModule from '../../../../shared/migration.js';
import type { Clock } from '../../../../electron/ports.js';
import { cleanText, type AuditInput } from '../../../../electron/services/audit-log.js';
import { MigrationService, VIEW_REUSE_MS } from '../../../../electron/services/migration.service.js';
import { AppFailure } from '../../../../electron/services/site-error.js';
import { SnapshotSaver, type SnapshotSink } from '../../../../electron/services/snapshot-saver.js';
import type { SiteProfile } from '../../../../electron/services/site-profiles.js';
import type { Inventory, KeyRecord } from '../../../../shared/inventory.js';
import {
  MAX_TICK_NOTE,
  emptyMigrationState,
  migrationState,
  trackLegacyKeys,
  type MigrationState,
} from '../../../../shared/migration.js';
import { DAY_MS } from '../../../../shared/time.js';

/** How many whole builds of a view were started (migrationBuild), to tell a shared build from two. */
const builds = vi.hoisted(() => ({ started: 0 }));
vi.mock('../../../../shared/migration.js', async (importOriginal) => {
  const actual = await importOriginal<typeof MigrationModule>();
  return {
    ...actual,
    migrationBuild: (...args: Parameters<typeof actual.migrationBuild>) => {
      builds.started += 1;
      return actual.migrationBuild(...args);
    },
  };
});
import { testDevice } from '../../../support/records.js';
import { FakeSaverTimer, FakeSnapshotWriter, WriteThroughSink } from '../../../support/fake-snapshot-writer.js';

const START = new Date('2026-11-26T12:00:00.000Z');
const SITE_ID = 'demo-site';
const LEGACY_ID = 'legacy-1';
const ENHANCED_ID = 'enhanced-1';

const profile: SiteProfile = {
  id: SITE_ID,
  name: 'Demo',
  origin: 'https://flywheel.example.org',
  release: '18.4.0',
  userId: 'ada@example.org',
  userName: 'Ada Lovelace',
  isSiteAdmin: true,
  keyKind: 'enhanced',
  storage: 'keychain',
  notices: [],
  features: null,
  connectedAt: START.toISOString(),
};

/** By default an enhanced key older than the legacy key: no replacement, so steps 2 and 3 are open to ticks. */
function keyRecord(overrides: Partial<KeyRecord>): KeyRecord {
  return {
    id: ENHANCED_ID,
    label: 'Primary',
    kind: 'enhanced',
    ownerType: 'device',
    ownerId: 'dev-1',
    ownerLabel: 'PACS Importer',
    ownerDisabled: false,
    created: new Date(START.getTime() - 800 * DAY_MS).toISOString(),
    expiresAt: new Date(START.getTime() + 90 * DAY_MS).toISOString(),
    lastUsed: null,
    isAppKey: false,
    ...overrides,
  };
}

const legacyKey = (overrides: Partial<KeyRecord> = {}): KeyRecord =>
  keyRecord({
    id: LEGACY_ID,
    label: 'Legacy Key',
    kind: 'legacy',
    expiresAt: null,
    created: new Date(START.getTime() - 700 * DAY_MS).toISOString(),
    lastUsed: new Date(START.getTime() - DAY_MS).toISOString(),
    ...overrides,
  });

function snapshotOf(keys: KeyRecord[], fetchedAt = START): Inventory {
  return {
    siteId: SITE_ID,
    siteName: 'Demo',
    origin: profile.origin,
    fetchedAt: fetchedAt.toISOString(),
    devices: [testDevice({ id: 'dev-1', label: 'PACS Importer', type: 'importer' })],
    users: [],
    keys,
    coverage: { deviceKeys: true, users: true, userKeys: 'all' },
  };
}

let dir: string;
let now: Date;
let audit: AuditInput[];
let snapshot: Inventory | null;
const clock: Clock = { now: () => now };

function service(saver: SnapshotSink = new WriteThroughSink()): MigrationService {
  return new MigrationService({
    dir,
    clock,
    audit: { append: (entry) => (audit.push(entry), { ...entry, time: now.toISOString() }) },
    activeSite: () => profile,
    snapshot: (siteId) => (siteId === SITE_ID ? snapshot : null),
    saver,
  });
}

const stateFile = (): string => path.join(dir, `${SITE_ID}.json`);
const inode = (): number => fs.statSync(stateFile()).ino;

function failureOf(run: () => unknown): AppFailure {
  try {
    run();
  } catch (error) {
    if (error instanceof AppFailure) return error;
    throw error;
  }
  throw new Error('expected an AppFailure');
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-migration-'));
  now = START;
  audit = [];
  snapshot = snapshotOf([legacyKey(), keyRecord({})]);
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('ticks', () => {
  it('a tick is kept (with the note, the time and the admin) across a new service on the same folder, and audited', () => {
    const first = service();
    const view = first.tick(LEGACY_ID, 3, '  Every client checked by hand  ');
    const step3 = view?.keys[0]?.steps[2];
    expect(step3).toMatchObject({ state: 'done', source: 'manual' });
    expect(step3?.manual).toEqual({ note: 'Every client checked by hand', time: START.toISOString(), actor: profile.userId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'migration-tick',
      site: profile.origin,
      actor: profile.userId,
      keyId: LEGACY_ID,
      targetType: 'device',
      targetId: 'dev-1',
      outcome: 'ok',
    });
    expect(audit[0]?.detail).toContain('Every client checked by hand');
    expect(audit[0]?.detail).toContain('Step 3');

    now = new Date(START.getTime() + DAY_MS);
    const second = service();
    const reopened = second.view()?.keys[0]?.steps[2];
    expect(reopened).toMatchObject({ state: 'done', source: 'manual' });
    expect(reopened?.manual?.note).toBe('Every client checked by hand');
    expect(reopened?.manual?.time).toBe(START.toISOString());
    expect(second.problems).toEqual([]);
  });

  it('an untick is kept across a new service and audited', () => {
    service().tick(LEGACY_ID, 3, 'Checked');
    const view = service().untick(LEGACY_ID, 3);
    expect(view?.keys[0]?.steps[2]).toMatchObject({ state: 'pending', source: null, manual: null });
    expect(audit.map((entry) => entry.action)).toEqual(['migration-tick', 'migration-untick']);
    expect(audit[1]).toMatchObject({ keyId: LEGACY_ID, outcome: 'ok' });
    expect(service().view()?.keys[0]?.steps[2]?.manual).toBeNull();
    expect(JSON.parse(fs.readFileSync(stateFile(), 'utf8'))).toMatchObject({ ticks: {} });
  });

  it('refuses an enhanced key and a key not on the site (not-found), writing nothing', () => {
    const migration = service();
    expect(failureOf(() => migration.tick(ENHANCED_ID, 2, 'Not legacy')).code).toBe('not-found');
    expect(failureOf(() => migration.tick('no-such-key', 2, 'Gone')).code).toBe('not-found');
    snapshot = null;
    expect(failureOf(() => migration.tick(LEGACY_ID, 2, 'No data')).code).toBe('not-found');
    expect(audit).toEqual([]);
    expect(fs.existsSync(stateFile())).toBe(false);
  });

  it('refuses (conflict) a step the page does not offer to tick, keeping and auditing nothing', () => {
    // Step 1 on a site that reports its release; steps 2 and 3 of a disabled owner's key; a step the site proves.
    const migration = service();
    expect(failureOf(() => migration.tick(LEGACY_ID, 1, 'The site is new enough')).code).toBe('conflict');
    snapshot = snapshotOf([legacyKey({ ownerDisabled: true })]);
    expect(failureOf(() => migration.tick(LEGACY_ID, 2, 'Replaced')).code).toBe('conflict');
    expect(failureOf(() => migration.tick(LEGACY_ID, 3, 'Quiet')).code).toBe('conflict');
    const replacement = keyRecord({
      created: new Date(START.getTime() - 30 * DAY_MS).toISOString(),
      lastUsed: START.toISOString(),
    });
    snapshot = snapshotOf([legacyKey({ lastUsed: new Date(START.getTime() - 20 * DAY_MS).toISOString() }), replacement]);
    expect(migration.view()?.keys[0]?.steps[2]).toMatchObject({ state: 'done', source: 'site', tickable: false });
    expect(failureOf(() => migration.tick(LEGACY_ID, 3, 'Quiet anyway')).code).toBe('conflict');
    expect(audit).toEqual([]);
    expect(fs.existsSync(stateFile())).toBe(false);
  });

  it('a note of the longest length fits whole in the audit entry', () => {
    service().tick(LEGACY_ID, 2, `${'n'.repeat(MAX_TICK_NOTE - 3)}END`);
    // The audit log keeps at most 500 characters of detail.
    expect(cleanText(audit[0]!.detail, 500).endsWith('END')).toBe(true);
  });

  it('untick of a step not ticked is not-found, and audits nothing', () => {
    const migration = service();
    migration.tick(LEGACY_ID, 2, 'Made by the vendor');
    expect(failureOf(() => migration.untick(LEGACY_ID, 3)).code).toBe('not-found');
    expect(failureOf(() => migration.untick('other', 2)).code).toBe('not-found');
    expect(audit.map((entry) => entry.action)).toEqual(['migration-tick']);
    expect(migration.view()?.keys[0]?.steps[1]?.manual?.note).toBe('Made by the vendor');
  });

  it('settings are kept and audited', () => {
    service().updateSettings({ quietDays: 7, upgradeDate: '2027-01-15' });
    expect(service().view()?.settings).toEqual({ quietDays: 7, upgradeDate: '2027-01-15' });
    expect(audit[0]).toMatchObject({ action: 'migration-settings', targetId: profile.origin });
    expect(audit[0]?.detail).toContain('2027-01-15');
  });
});

describe('the state file', () => {
  it.each([
    ['not JSON', '{"settings": {"quietDays": 14,'],
    ['the wrong shape', JSON.stringify({ settings: { quietDays: 'many' }, ticks: [], tracked: {} })],
  ])('%s: kept aside as *.damaged-*, reported in problems, and the service starts empty', (_name, content) => {
    fs.writeFileSync(stateFile(), content);
    const migration = service();
    const view = migration.view();
    expect(view?.settings).toEqual({ quietDays: 14, upgradeDate: null });
    expect(view?.keys[0]?.steps.every((step) => step.manual === null)).toBe(true);
    const aside = fs.readdirSync(dir).filter((name) => name.startsWith(`${SITE_ID}.json.damaged-`));
    expect(aside).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, aside[0]!), 'utf8')).toBe(content);
    expect(migration.problems).toHaveLength(1);
    expect(migration.problems[0]).toContain(aside[0]);
    // The service goes on working: a new tick writes a good file beside the damaged one.
    migration.tick(LEGACY_ID, 2, 'After the damage');
    expect(service().view()?.keys[0]?.steps[1]?.manual?.note).toBe('After the damage');
    expect(fs.readdirSync(dir).filter((name) => name.includes('.damaged-'))).toHaveLength(1);
  });

  it('forget(siteId) drops the unsaved state, removes the file and what the service holds', async () => {
    const sink = new WriteThroughSink();
    const migration = service(sink);
    migration.tick(LEGACY_ID, 2, 'To be forgotten');
    expect(fs.existsSync(stateFile())).toBe(true);
    await migration.forget(SITE_ID);
    expect(sink.discarded).toEqual([stateFile()]);
    expect(fs.existsSync(stateFile())).toBe(false);
    expect(migration.view()?.keys[0]?.steps[1]?.manual).toBeNull();
    await expect(migration.forget(SITE_ID)).resolves.toBeUndefined();
  });
});

describe('writing through the saver', () => {
  const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const saverWith = (writer: FakeSnapshotWriter, timer: FakeSaverTimer) =>
    new SnapshotSaver({ writer, logger, timer: timer.timer, delayMs: 1000, retryMs: 10_000 });
  const trackedIn = (text: string | undefined): string[] =>
    Object.keys((JSON.parse(text ?? '{"tracked":{}}') as MigrationState).tracked);

  it("does not write a snapshot's tracked keys in the observing task, but within the saver's delay", async () => {
    const writer = new FakeSnapshotWriter();
    const timer = new FakeSaverTimer();
    const migration = service(saverWith(writer, timer));
    migration.observe(snapshotOf([legacyKey(), keyRecord({})]));
    expect(writer.writes).toHaveLength(0);
    await timer.advance(999);
    expect(writer.writes).toHaveLength(0);
    await timer.advance(1);
    expect(trackedIn(writer.files.get(stateFile()))).toEqual([LEGACY_ID]);
  });

  it("answers the admin's tick once it is on disk, and says so when it could not be written", async () => {
    const writer = new FakeSnapshotWriter();
    const timer = new FakeSaverTimer();
    const migration = service(saverWith(writer, timer));
    migration.tick(LEGACY_ID, 2, 'Checked the device');
    expect(writer.files.has(stateFile())).toBe(false);
    await migration.persisted();
    const written = JSON.parse(writer.files.get(stateFile())!) as MigrationState;
    expect(written.ticks[LEGACY_ID]?.['2']?.note).toBe('Checked the device');

    writer.auto = 'fail';
    migration.untick(LEGACY_ID, 2);
    await expect(migration.persisted()).rejects.toThrow(/could not save the migration progress/);
    // Tried again later: once the disk takes it, the file has the untick.
    writer.auto = 'succeed';
    await timer.advance(10_000);
    expect((JSON.parse(writer.files.get(stateFile())!) as MigrationState).ticks[LEGACY_ID]).toBeUndefined();
  });
});

describe('observe', () => {
  it('writes only when the tracked legacy keys change', () => {
    const migration = service();
    migration.observe(snapshotOf([keyRecord({})]));
    expect(fs.existsSync(stateFile())).toBe(false);

    migration.observe(snapshotOf([legacyKey(), keyRecord({})]));
    expect(fs.existsSync(stateFile())).toBe(true);
    const written = inode();

    // The same keys again, later and with the enhanced key used: nothing tracked changed, no write.
    now = new Date(START.getTime() + DAY_MS);
    migration.observe(snapshotOf([legacyKey(), keyRecord({ lastUsed: now.toISOString() })], now));
    expect(inode()).toBe(written);
    // A new service reading the file sees the same state: still no write.
    service().observe(snapshotOf([legacyKey(), keyRecord({})], now));
    expect(inode()).toBe(written);

    // The legacy key used again: its last use is tracked.
    migration.observe(snapshotOf([legacyKey({ lastUsed: now.toISOString() })], now));
    expect(inode()).not.toBe(written);
    const tracked = JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as { tracked: Record<string, { lastUsed: string }> };
    expect(tracked.tracked[LEGACY_ID]?.lastUsed).toBe(now.toISOString());
  });

  it("tracks a large site's snapshot a step per task, and any reader of the state finishes that first", async () => {
    const keys = Array.from({ length: 12_000 }, (_, at) => legacyKey({ id: `legacy-${at}`, ownerId: `dev-${at}`, ownerLabel: `Device ${at}` }));
    const large = snapshotOf(keys);
    const idle = async (tasks: number) => {
      for (let task = 0; task < tasks; task += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const trackedIn = (text: string): string[] => Object.keys((JSON.parse(text) as MigrationState).tracked);
    // Left to run: the state is saved some tasks later, as the whole rule would make it.
    const migration = service();
    migration.observe(large);
    expect(fs.existsSync(stateFile())).toBe(false);
    await idle(20);
    expect(trackedIn(fs.readFileSync(stateFile(), 'utf8'))).toHaveLength(12_000);
    expect(JSON.parse(fs.readFileSync(stateFile(), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(trackLegacyKeys(emptyMigrationState(), large, now))),
    );

    // A reader right after: it finishes the observation rather than reading a state without the snapshot.
    fs.rmSync(stateFile());
    const other = service();
    const gone = snapshotOf(keys.slice(1));
    snapshot = gone;
    other.observe(large);
    other.observe(gone);
    expect(other.view()?.deleted.map((entry) => entry.keyId)).toEqual(['legacy-0']);
    // A tick while a later snapshot's observation runs: neither overwrites the other.
    other.observe(large);
    other.tick('legacy-1', 2, 'Checked the device');
    await idle(20);
    const saved = JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as MigrationState;
    expect(saved.ticks['legacy-1']?.['2']?.note).toBe('Checked the device');
    expect(Object.keys(saved.tracked)).toHaveLength(12_000);
  });

  it("lets a reader wait for a large site's observation in tasks (observedInTasks), other tasks running meanwhile", async () => {
    const keys = Array.from({ length: 12_000 }, (_, at) => legacyKey({ id: `legacy-${at}`, ownerId: `dev-${at}`, ownerLabel: `Device ${at}` }));
    // More owners than a step's entries: a large site, whose observation pauses from its first step on.
    const devices = Array.from({ length: 6_000 }, (_, at) => testDevice({ id: `dev-${at}`, type: 'importer' }));
    const large = { ...snapshotOf(keys), devices };
    snapshot = large;
    const migration = service();
    // None under way: at once.
    await migration.observedInTasks(large.siteId);
    migration.observe(large);
    let others = 0;
    let counting = true;
    const count = (): void => {
      if (!counting) return;
      others += 1;
      setImmediate(count);
    };
    setImmediate(count);
    await migration.observedInTasks(large.siteId);
    counting = false;
    expect(others).toBeGreaterThan(3);
    // Done: the state read now is the tracked one, and nothing is left to finish.
    expect(migration.view()?.keys).toHaveLength(12_000);
  });

  it('tracks each patched snapshot as the whole rule does, reading only the keys the patch changed', () => {
    const migration = service();
    let reads = 0;
    const watched = (key: KeyRecord): KeyRecord =>
      new Proxy(key, {
        get(target, property, receiver) {
          reads += 1;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    const stored = (): MigrationState =>
      fs.existsSync(stateFile()) ? migrationState.parse(JSON.parse(fs.readFileSync(stateFile(), 'utf8'))) : emptyMigrationState();
    const others = Array.from({ length: 50 }, (_, n) => watched(keyRecord({ id: `other-${n}` })));
    let current = snapshotOf([legacyKey(), ...others]);
    migration.observe(current);
    const patches: ((inventory: Inventory) => Inventory)[] = [
      (inv) => ({ ...inv, keys: [...inv.keys, keyRecord({ id: 'new-1' })] }),
      (inv) => ({ ...inv, keys: [...inv.keys, legacyKey({ id: 'legacy-2', label: 'Second' })] }),
      (inv) => ({ ...inv, keys: inv.keys.filter((key) => key.id !== LEGACY_ID) }),
      (inv) => ({ ...inv, keys: inv.keys.map((key) => (key.id === 'legacy-2' ? { ...key, lastUsed: now.toISOString() } : key)) }),
    ];
    let observing = 0;
    for (const [n, patch] of patches.entries()) {
      now = new Date(START.getTime() + (n + 1) * DAY_MS);
      const before = stored();
      const next = patch(current);
      reads = 0;
      migration.observe(next);
      observing += reads;
      expect(JSON.stringify(stored())).toBe(JSON.stringify(trackLegacyKeys(before, next, now)));
      current = next;
    }
    expect(stored().tracked.get(LEGACY_ID)?.deletedAt).toBe(new Date(START.getTime() + 3 * DAY_MS).toISOString());
    // The whole rule would read every key at each snapshot; the patches read none of the keys they kept.
    expect(observing).toBe(0);
  });

  it('sees a legacy key go: the view lists it as deleted, with step 4 done and one retired', () => {
    const migration = service();
    migration.observe(snapshotOf([legacyKey(), keyRecord({})]));
    now = new Date(START.getTime() + 2 * DAY_MS);
    snapshot = snapshotOf([keyRecord({})], now);
    migration.observe(snapshot);
    const state = JSON.parse(fs.readFileSync(stateFile(), 'utf8')) as { tracked: Record<string, { deletedAt: string }> };
    expect(state.tracked[LEGACY_ID]?.deletedAt).toBe(now.toISOString());

    const view = service().view();
    expect(view?.keys).toEqual([]);
    expect(view?.deleted.map((entry) => entry.keyId)).toEqual([LEGACY_ID]);
    expect(view?.deleted[0]?.steps[3]).toMatchObject({ state: 'done' });
    expect(view?.forecast.retired).toBe(1);
  });

  it('keeps each site apart', () => {
    const migration = service();
    migration.observe({ ...snapshotOf([legacyKey()]), siteId: 'other-site' });
    expect(fs.existsSync(path.join(dir, 'other-site.json'))).toBe(true);
    expect(fs.existsSync(stateFile())).toBe(false);
  });
});

describe('view and report', () => {
  it('no snapshot yet: no view, and the report is not-found', () => {
    snapshot = null;
    const migration = service();
    expect(migration.view()).toBeNull();
    expect(failureOf(() => migration.report('json')).code).toBe('not-found');
  });

  it('the JSON report lists the legacy key', () => {
    const file = service().report('json');
    const report = JSON.parse(file.content) as { legacyKeys: { keyId: string }[] };
    expect(report.legacyKeys.map((entry) => entry.keyId)).toEqual([LEGACY_ID]);
    expect(file.rows).toBe(1);
  });
});

describe("the record about other users' keys", () => {
  it('clears the blocker on a site that hides them, persists, is audited, and can be taken back', () => {
    snapshot = { ...snapshotOf([]), coverage: { deviceKeys: true, users: true, userKeys: 'self' } };
    expect(
      service()
        .view()
        ?.blockers.map((b) => b.code),
    ).toEqual(['user-keys-unverified']);
    const view = service().attestUserKeys('  Every user confirmed by mail on 2026-11-20  ');
    expect(view?.ready).toBe(true);
    expect(service().view()?.userKeysChecked).toEqual({
      note: 'Every user confirmed by mail on 2026-11-20',
      time: START.toISOString(),
      actor: profile.userId,
    });
    expect(audit.map((entry) => entry.action)).toEqual(['migration-user-keys-checked']);
    expect(audit[0]?.detail).toContain('Every user confirmed by mail');

    expect(service().attestUserKeys(null)?.ready).toBe(false);
    expect(audit.map((entry) => entry.action)).toEqual(['migration-user-keys-checked', 'migration-user-keys-unchecked']);
    expect(failureOf(() => service().attestUserKeys(null)).code).toBe('not-found');
    expect(audit).toHaveLength(2);
  });
});

describe('the view, per snapshot', () => {
  it('is built once for a snapshot and state: opening the page twice answers the same view', () => {
    const migration = service();
    migration.observe(snapshot as Inventory);
    const opened = migration.view();
    expect(opened?.keys.map((entry) => entry.keyId)).toEqual([LEGACY_ID]);
    expect(migration.view()).toBe(opened);
    // Within the reuse window, later on the clock, still the same view.
    now = new Date(START.getTime() + VIEW_REUSE_MS - 1);
    expect(migration.view()).toBe(opened);
  });

  describe('built a step per task for a page', () => {
    /** 4,500 legacy keys of as many devices: a whole build is several steps (migrationBuild). */
    const large = () =>
      snapshotOf(Array.from({ length: 4500 }, (_, at) => legacyKey({ id: `legacy-${at}`, ownerId: `dev-${at}`, ownerLabel: `Device ${at}` })));
    const settledAfterOneTask = async (answer: Promise<unknown>): Promise<boolean> => {
      let settled = false;
      void answer.then(() => (settled = true));
      await new Promise<void>((resolve) => setImmediate(resolve));
      return settled;
    };

    it('lets other tasks run during a whole build, and answers the view view() gives', async () => {
      snapshot = large();
      const migration = service();
      migration.observe(snapshot);
      const answer = migration.viewInTasks();
      expect(await settledAfterOneTask(answer)).toBe(false);
      const view = await answer;
      expect(view?.keys).toHaveLength(4500);
      expect(migration.view()).toBe(view);
      expect(view).toEqual(service().view());
    });

    it('gives every question during a build the same view, and view() finishes that build rather than making another', async () => {
      snapshot = large();
      const migration = service();
      migration.observe(snapshot);
      const before = builds.started;
      const first = migration.viewInTasks();
      const second = migration.viewInTasks();
      const now = migration.view();
      expect(await first).toBe(now);
      expect(await second).toBe(now);
      // One build for the three questions: the second shares the first's, and view() finishes it.
      expect(builds.started - before).toBe(1);
    });

    it('answers a reused view in its first step', async () => {
      const migration = service();
      migration.observe(snapshot as Inventory);
      const opened = migration.view();
      const answer = migration.viewInTasks();
      expect(await settledAfterOneTask(answer)).toBe(true);
      expect(await answer).toBe(opened);
    });

    it('stops when the site is forgotten during the build: the question is not-found', async () => {
      snapshot = large();
      const migration = service();
      migration.observe(snapshot);
      const answer = migration.viewInTasks();
      await migration.forget(SITE_ID);
      await expect(answer).rejects.toMatchObject({ code: 'not-found' });
    });
  });

  it('a snapshot the service was not shown is tracked when the view is built: a key gone from it is deleted', () => {
    const migration = service();
    migration.observe(snapshot as Inventory);
    expect(migration.view()?.keys.map((entry) => entry.keyId)).toEqual([LEGACY_ID]);
    snapshot = snapshotOf([keyRecord({})], new Date(START.getTime() + DAY_MS));
    now = new Date(START.getTime() + DAY_MS);
    const view = migration.view();
    expect(view?.keys).toEqual([]);
    expect(view?.deleted.map((entry) => [entry.keyId, entry.deletedAt])).toEqual([[LEGACY_ID, now.toISOString()]]);
  });

  it("a tick answers the view as of the view's own time, as a whole build then would", () => {
    // Last used a day less ten seconds before the view: quiet for 0 whole days then, 1 day thirty seconds later.
    snapshot = snapshotOf([legacyKey({ lastUsed: new Date(START.getTime() - DAY_MS + 10_000).toISOString() }), keyRecord({})]);
    const migration = service();
    migration.observe(snapshot);
    expect(migration.view()?.keys[0]?.quietForDays).toBe(0);
    now = new Date(START.getTime() + 30_000);
    const ticked = migration.tick(LEGACY_ID, 2, 'Replaced on the device by hand.');
    expect(ticked?.keys[0]?.steps[1]).toMatchObject({ state: 'done', source: 'manual' });
    now = START;
    const whole = service();
    whole.observe(snapshot);
    expect(ticked).toEqual(whole.view());
    // The untick, likewise, is the whole build of the state it leaves.
    now = new Date(START.getTime() + 40_000);
    const unticked = migration.untick(LEGACY_ID, 2);
    now = START;
    const again = service();
    again.observe(snapshot);
    expect(unticked).toEqual(again.view());
    expect(unticked?.keys[0]?.steps[1]?.source).not.toBe('manual');
  });

  it('is built again after a tick, a setting, a new snapshot, another site profile, and once the window has passed', () => {
    const migration = service();
    const opened = migration.view();
    const ticked = migration.tick(LEGACY_ID, 2, 'Replaced on the device by hand.');
    expect(ticked).not.toBe(opened);
    expect(ticked?.keys[0]?.steps[1]).toMatchObject({ state: 'done', source: 'manual' });

    const set = migration.updateSettings({ quietDays: 20, upgradeDate: null });
    expect(set).not.toBe(ticked);
    expect(set?.settings.quietDays).toBe(20);

    snapshot = snapshotOf([legacyKey({ label: 'Legacy Key (renamed)' }), keyRecord({})]);
    const refreshed = migration.view();
    expect(refreshed).not.toBe(set);
    expect(refreshed?.keys[0]?.label).toBe('Legacy Key (renamed)');

    const upgraded = migration.build({ ...profile, release: '19.0.0' }, snapshot);
    expect(upgraded.upgraded).toBe(true);
    expect(migration.view()?.upgraded).toBe(false);

    const before = migration.view();
    now = new Date(START.getTime() + VIEW_REUSE_MS);
    const aged = migration.view();
    expect(aged).not.toBe(before);
    expect(aged?.generatedAt).toBe(now.toISOString());
  });
});
