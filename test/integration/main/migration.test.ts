/**
 * The 19.0 migration through the dispatcher against a real demo key service: the legacy keys the page lists are
 * exactly the site's own (read from the key service directly), a guided device swap runs from create to delete on
 * the site's evidence alone (the new key's first use, 15 quiet days on a clock both sides share, the revoke), hand
 * ticks reach the audit log and survive a restart, and invalid payloads change nothing.
 *
 * The demo seed grows new migration cases over time: nothing here counts its legacy keys, they come from the site.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_LEGACY_CASES, type DemoLegacyCase } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey, InventoryExport } from '../../../shared/ipc-contract.js';
import { MAX_TICK_NOTE, type LegacyEntry, type LegacyPhase, type MigrationView } from '../../../shared/migration.js';
import type { LegacyKeysPage, LegacyRow, MigrationSummary, OpenedLegacyKey } from '../../../shared/migration-page.js';
import type { Clock } from '../../../electron/ports.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  confirm,
  connectAdmin,
  DAY_MS,
  failCode,
  ok,
  refresh,
  secretOf,
  settle,
  siteCall,
  siteDevices,
  siteUsers,
  startDemoSite,
  type SiteKey,
} from './support.js';

/** One clock for the app and the key service, moved forward by the test. */
let offsetMs = 0;
const now = (): Date => new Date(Date.now() + offsetMs);
const clock: Clock = { now };

let service: KeyService;
let harness: MainHarness;
let siteId: string;

beforeEach(async () => {
  offsetMs = 0;
  service = await startDemoSite({ now });
  const connected = await connectAdmin(service, { clock });
  harness = connected.harness;
  siteId = connected.siteId;
  await refresh(harness);
});

afterEach(async () => {
  harness.cleanup();
  await service.close();
});

const isLegacy = (key: SiteKey): boolean => key.label === 'Legacy Key' && key.expires_at === null;

interface ExpectedLegacy {
  keyId: string;
  owner: { kind: 'user' | 'device'; id: string; disabled: boolean };
  deviceType: string | null;
  responsible: 'admin' | 'flywheel-support' | 'owner';
}

/** The legacy keys as the key service itself lists them, with their owners. */
async function siteLegacyKeys(): Promise<ExpectedLegacy[]> {
  const found: ExpectedLegacy[] = [];
  for (const device of await siteDevices(service)) {
    for (const key of (device.api_keys ?? []).filter(isLegacy)) {
      found.push({
        keyId: key._id,
        owner: { kind: 'device', id: device._id, disabled: device.disabled },
        deviceType: device.type,
        responsible: device.type.toLowerCase() === 'reaper' ? 'flywheel-support' : 'admin',
      });
    }
  }
  for (const user of await siteUsers(service)) {
    for (const key of (user.api_keys ?? []).filter(isLegacy)) {
      found.push({
        keyId: key._id,
        owner: { kind: 'user', id: user._id, disabled: user.disabled },
        deviceType: null,
        responsible: 'owner',
      });
    }
  }
  return found.sort((a, b) => a.keyId.localeCompare(b.keyId));
}

function summary(entry: LegacyEntry): ExpectedLegacy {
  return {
    keyId: entry.keyId,
    owner: { kind: entry.owner.kind, id: entry.owner.id, disabled: entry.owner.disabled },
    deviceType: entry.deviceType,
    responsible: entry.responsible,
  };
}

/** Every row of a list, as the page asks for them: a page at a time. */
async function rowsOf(app: MainHarness, list: 'present' | 'deleted', pageSize = 3): Promise<LegacyRow[]> {
  const rows: LegacyRow[] = [];
  for (let page = 0; ; page += 1) {
    const answer = await ok<LegacyKeysPage>(app, 'migration.keys', { list, page, pageSize });
    rows.push(...answer.rows);
    if (answer.rows.length < pageSize) return rows;
  }
}

/**
 * Main's migration as the page can see it, whole: the summary, every key of both lists page by page, each with its
 * steps (migration.entry).
 */
async function view(app = harness): Promise<MigrationView> {
  const summary = await ok<MigrationSummary | null>(app, 'migration.view');
  if (!summary) throw new Error('no migration view');
  const entries = async (list: 'present' | 'deleted') =>
    Promise.all(
      (await rowsOf(app, list)).map(async (row) => {
        const opened = await ok<OpenedLegacyKey | null>(app, 'migration.entry', { keyId: row.keyId });
        if (!opened) throw new Error(`no entry for ${row.keyId}`);
        const { entry } = opened;
        // Its record while on the site, of its owner, whose keys are counted.
        expect(opened.key?.id ?? null).toBe(list === 'present' ? row.keyId : null);
        if (opened.key) expect(opened.key.ownerId).toBe(entry.owner.id);
        expect(opened.ownerKeyCount).toBeGreaterThanOrEqual(list === 'present' ? 1 : 0);
        expect(row).toEqual((({ steps: _steps, ...rest }) => rest)(entry));
        return entry;
      }),
    );
  const keys = await entries('present');
  const deleted = await entries('deleted');
  expect(summary.keyCount).toBe(keys.length);
  expect(summary.deletedCount).toBe(deleted.length);
  expect(summary.blockerCount).toBe(summary.blockers.length);
  const { blockerCount: _b, keyCount: _k, deletedCount: _d, phaseCounts: _p, disabledOwnerKeys: _o, ...rest } = summary;
  return { ...rest, keys, deleted };
}

function entryOf(current: MigrationView, keyId: string): LegacyEntry {
  const entry = current.keys.find((candidate) => candidate.keyId === keyId);
  if (!entry) throw new Error(`${keyId} is not listed`);
  return entry;
}

function stepState(entry: LegacyEntry, step: 1 | 2 | 3 | 4): string | undefined {
  return entry.steps.find((candidate) => candidate.step === step)?.state;
}

async function legacyKeyOf(deviceId: string): Promise<SiteKey> {
  const device = (await siteDevices(service)).find((candidate) => candidate._id === deviceId);
  const key = device?.api_keys?.find(isLegacy);
  if (!key) throw new Error(`device ${deviceId} has no legacy key`);
  return key;
}

describe('the legacy keys listed', () => {
  it("are exactly the site's, with their owners and who replaces each", async () => {
    const expected = await siteLegacyKeys();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.some((key) => key.owner.kind === 'device')).toBe(true);
    expect(expected.some((key) => key.owner.kind === 'user')).toBe(true);
    const current = await view();
    const listed = [...current.keys].map(summary).sort((a, b) => a.keyId.localeCompare(b.keyId));
    expect(listed).toEqual(expected);
    expect(current.deleted).toEqual([]);
    expect(current.userKeysVisible).toBe(true);
    // Blockers: every legacy key of an enabled owner, and nothing else, on this 18.x site.
    const enabled = expected.filter((key) => !key.owner.disabled).map((key) => key.keyId);
    const keyBlockers = current.blockers.filter((blocker) => blocker.code === 'legacy-key');
    expect(keyBlockers.map((blocker) => blocker.keyId).sort()).toEqual(enabled.sort());
    expect(current.ready).toBe(false);
  });

  it('conclude as the demo seed says of each case', async () => {
    const phases: Record<DemoLegacyCase['conclusion'], LegacyPhase> = {
      'no-replacement': 'replace',
      'replacement-unused': 'waiting-first-use',
      'quiet-in-progress': 'quiet',
      'still-in-use': 'quiet',
      'safe-to-delete': 'safe-to-delete',
      'owner-disabled': 'owner-disabled',
    };
    const current = await view();
    for (const [name, demo] of Object.entries(DEMO_LEGACY_CASES) as [string, DemoLegacyCase][]) {
      const entry = current.keys.find((candidate) => candidate.owner.id === demo.owner.id);
      expect(entry, name).toBeDefined();
      expect({ name, phase: entry?.phase, responsible: entry?.responsible, quiet: entry?.quiet?.days ?? null }).toEqual({
        name,
        phase: phases[demo.conclusion],
        responsible: demo.replacedBy,
        quiet: demo.quietDays,
      });
    }
  });

  it('migration.report (JSON) parses and lists the same keys', async () => {
    const current = await view();
    const file = await ok<InventoryExport>(harness, 'migration.report', { format: 'json' });
    const report = JSON.parse(file.content) as { ready: boolean; legacyKeys: { keyId: string; responsible: string }[] };
    expect(report.ready).toBe(false);
    expect(report.legacyKeys.map((key) => key.keyId).sort()).toEqual(current.keys.map((key) => key.keyId).sort());
    expect(report.legacyKeys.map((key) => key.keyId).sort()).toEqual((await siteLegacyKeys()).map((key) => key.keyId));
    expect(file.rows).toBe(current.keys.length);
  });

  it('come a page at a time: filtered and searched in main, the summary without any key, bad questions refused', async () => {
    const current = await view();
    const summary = await ok<MigrationSummary>(harness, 'migration.view');
    expect(summary).not.toHaveProperty('keys');
    expect(summary).not.toHaveProperty('deleted');
    // A page never holds more than asked; the owner's key found by its owner's name; a phase taken alone.
    const first = await ok<LegacyKeysPage>(harness, 'migration.keys', { list: 'present', page: 0, pageSize: 2 });
    expect(first.rows.map((row) => row.keyId)).toEqual(current.keys.slice(0, 2).map((entry) => entry.keyId));
    expect(first.total).toBe(current.keys.length);
    expect(first.rows[0]).not.toHaveProperty('steps');
    const owner = current.keys[1]!.owner;
    const found = await ok<LegacyKeysPage>(harness, 'migration.keys', {
      list: 'present',
      page: 0,
      pageSize: 100,
      search: owner.name,
    });
    expect(found.rows.map((row) => row.owner.name)).toContain(owner.name);
    expect(found.rows.every((row) => JSON.stringify(row).toLowerCase().includes(owner.name.toLowerCase()))).toBe(true);
    const safe = await ok<LegacyKeysPage>(harness, 'migration.keys', {
      list: 'present',
      page: 0,
      pageSize: 100,
      phases: ['safe-to-delete'],
    });
    expect(safe.rows.map((row) => row.keyId)).toEqual(
      current.keys.filter((entry) => entry.phase === 'safe-to-delete').map((entry) => entry.keyId),
    );
    expect(safe.total).toBeGreaterThan(0);
    expect(await ok(harness, 'migration.entry', { keyId: 'no-such-key' })).toBeNull();
    for (const payload of [
      { list: 'present', page: 0, pageSize: 101 },
      { list: 'present', page: -1, pageSize: 10 },
      { list: 'all', page: 0, pageSize: 10 },
      { list: 'present', page: 0, pageSize: 10, phases: ['gone'] },
      { list: 'present', page: 0, pageSize: 10, sort: { field: 'label', direction: 'asc' } },
      { list: 'present', page: 0, pageSize: 10, extra: true },
      null,
    ]) {
      expect(await failCode(harness, 'migration.keys', payload), JSON.stringify(payload)).toBe('validation');
    }
    expect(await failCode(harness, 'migration.entry', { keyId: '../escape' })).toBe('validation');
  });
});

describe('a guided device swap', () => {
  it('from create to delete, on the evidence of the site', async () => {
    // A device whose legacy key has no replacement in use, and that the admin replaces (not a Reaper).
    const chosen = (Object.values(DEMO_LEGACY_CASES) as DemoLegacyCase[]).find(
      (demo) =>
        demo.owner.type === 'device' &&
        demo.replacedBy === 'admin' &&
        demo.conclusion !== 'owner-disabled' &&
        (demo.replacement === null || demo.replacement.lastUsedAgoMs === null),
    );
    if (!chosen) throw new Error('the demo seed has no device with a legacy key and no used replacement');
    const deviceId = chosen.owner.id;
    const legacy = await legacyKeyOf(deviceId);

    const before = entryOf(await view(), legacy._id);
    expect(before.responsible).toBe('admin');
    expect(stepState(before, 3)).toBe('pending');
    expect(['replace', 'waiting-first-use']).toContain(before.phase);

    // 1. Create the replacement: step 2 is done by it, step 3 waits for its first use.
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'device', id: deviceId },
      label: 'Migration replacement',
      expiresAt: new Date(now().getTime() + 60 * DAY_MS).toISOString(),
    });
    await ok(harness, 'secrets.discard', { handle: created.secretHandle });
    const afterCreate = entryOf(await view(), legacy._id);
    expect(stepState(afterCreate, 2)).toBe('done');
    expect(afterCreate.replacement?.keyId).toBe(created.key.id);
    expect(stepState(afterCreate, 3)).toBe('pending');
    expect(afterCreate.steps[2]?.evidence).toContain('Waiting');
    expect(afterCreate.phase).toBe('waiting-first-use');
    expect(afterCreate.quiet).toBeNull();

    // 2. The device uses the new key; after a refresh step 3 counts the quiet days.
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(created.secret!) })).status).toBe(200);
    await refresh(harness);
    const afterUse = entryOf(await view(), legacy._id);
    expect(afterUse.replacement?.keyId).toBe(created.key.id);
    expect(afterUse.replacement?.lastUsed).not.toBeNull();
    expect(stepState(afterUse, 3)).toBe('pending');
    expect(afterUse.quiet).toEqual({ days: 0, of: 14 });
    expect(afterUse.phase).toBe('quiet');

    // 3. Fifteen quiet days later (the new key used again on the way): step 3 done, safe to delete.
    offsetMs += 15 * DAY_MS;
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(created.secret!) })).status).toBe(200);
    await refresh(harness);
    const quietView = await view();
    const quiet = entryOf(quietView, legacy._id);
    expect(quiet.quiet).toEqual({ days: 15, of: 14 });
    expect(stepState(quiet, 3)).toBe('done');
    expect(quiet.steps[2]?.source).toBe('site');
    expect(quiet.phase).toBe('safe-to-delete');
    expect(stepState(quiet, 4)).toBe('pending');

    // 4. Revoke the legacy key, confirmed: it is listed as deleted, step 4 done, one retired, and audited.
    const confirmation = await confirm(harness, 'revoke-key', [legacy._id]);
    expect(
      await ok(harness, 'keys.revoke', {
        owner: { type: 'device', id: deviceId },
        keyId: legacy._id,
        confirmationId: confirmation.id,
      }),
    ).toEqual({ alreadyGone: false });
    expect((await siteDevices(service)).find((device) => device._id === deviceId)?.api_keys?.some(isLegacy)).toBe(false);
    const afterRevoke = await view();
    expect(afterRevoke.keys.some((entry) => entry.keyId === legacy._id)).toBe(false);
    const gone = afterRevoke.deleted.find((entry) => entry.keyId === legacy._id);
    expect(gone?.phase).toBe('deleted');
    expect(gone?.deletedAt).not.toBeNull();
    expect(gone && stepState(gone, 4)).toBe('done');
    expect(afterRevoke.forecast.retired).toBe(1);
    expect(afterRevoke.blockers.some((blocker) => blocker.keyId === legacy._id)).toBe(false);
    // Made from the view before, as of its time: the revoke's patch did not need a whole build.
    expect(afterRevoke.generatedAt).toBe(quietView.generatedAt);
    expect(afterRevoke.blockers).toEqual(quietView.blockers.filter((blocker) => blocker.keyId !== legacy._id));
    const audit = await ok<AuditEntry[]>(harness, 'audit.list', {});
    expect(audit.find((entry) => entry.action === 'revoke-key' && entry.keyId === legacy._id)).toMatchObject({ outcome: 'ok' });

    // A full refresh agrees with the patch.
    await refresh(harness);
    expect((await view()).deleted.map((entry) => entry.keyId)).toEqual([legacy._id]);
  });
});

describe('hand ticks', () => {
  it('migration.tick writes an audit entry with the note, and survives a new app on the same data folder', async () => {
    const target = (await view()).keys.find((entry) => !entry.owner.disabled && stepState(entry, 3) === 'pending');
    if (!target) throw new Error('no legacy key with step 3 pending');
    const ticked = await ok<MigrationSummary>(harness, 'migration.tick', {
      keyId: target.keyId,
      step: 3,
      note: 'Vendor confirmed every client switched',
    });
    // Answered once on disk (written off the main thread by the saver, not later).
    const onDisk = JSON.parse(fs.readFileSync(path.join(harness.dataDir, 'migration', `${siteId}.json`), 'utf8')) as {
      ticks: Record<string, Record<string, { note: string }>>;
    };
    expect(onDisk.ticks[target.keyId]?.['3']?.note).toBe('Vendor confirmed every client switched');
    // The answer is the summary of the new view; the key's steps are asked for as the page does.
    expect(ticked).not.toHaveProperty('keys');
    expect(entryOf(await view(), target.keyId).steps[2]).toMatchObject({ state: 'done', source: 'manual' });
    const audit = await ok<AuditEntry[]>(harness, 'audit.list', {});
    const entry = audit.find((candidate) => candidate.action === 'migration-tick');
    expect(entry).toMatchObject({ keyId: target.keyId, outcome: 'ok' });
    expect(entry?.detail).toContain('Vendor confirmed every client switched');

    await settle(harness);
    const again = createMainHarness({ dataDir: harness.dataDir, clock });
    const reopened = entryOf(await view(again), target.keyId).steps[2];
    expect(reopened).toMatchObject({ state: 'done', source: 'manual' });
    expect(reopened?.manual?.note).toBe('Vendor confirmed every client switched');

    await ok(again, 'migration.untick', { keyId: target.keyId, step: 3 });
    expect(entryOf(await view(again), target.keyId).steps[2]?.manual).toBeNull();
    expect((await ok<AuditEntry[]>(again, 'audit.list', {}))[0]).toMatchObject({
      action: 'migration-untick',
      keyId: target.keyId,
    });
    expect(await failCode(again, 'migration.untick', { keyId: target.keyId, step: 3 })).toBe('not-found');
  });

  it('a note of the longest length reaches the audit log whole', async () => {
    const target = (await view()).keys.find((entry) => entry.steps[1]?.tickable);
    if (!target) throw new Error('no legacy key with step 2 tickable');
    const note = `${'n'.repeat(MAX_TICK_NOTE - 3)}END`;
    await ok(harness, 'migration.tick', { keyId: target.keyId, step: 2, note });
    const [entry] = await ok<AuditEntry[]>(harness, 'audit.list', {});
    expect(entry).toMatchObject({ action: 'migration-tick', keyId: target.keyId });
    expect(entry?.detail.endsWith(note)).toBe(true);
  });

  it('refuses a step the page does not offer to tick (conflict): step 1 of a site that reports its release', async () => {
    const keyId = (await view()).keys[0]!.keyId;
    expect(await failCode(harness, 'migration.tick', { keyId, step: 1, note: 'The site is new enough' })).toBe('conflict');
    expect((await ok<AuditEntry[]>(harness, 'audit.list', {})).some((entry) => entry.action === 'migration-tick')).toBe(false);
  });

  it('refuses an enhanced key (not-found)', async () => {
    const inventory = (await ok<{ inventory: { keys: { id: string; kind: string }[] } }>(harness, 'inventory.load')).inventory;
    const enhanced = inventory.keys.find((key) => key.kind === 'enhanced');
    expect(await failCode(harness, 'migration.tick', { keyId: enhanced!.id, step: 2, note: 'Not a legacy key' })).toBe(
      'not-found',
    );
  });

  it('invalid payloads are refused (validation) and change nothing', async () => {
    const keyId = (await view()).keys[0]!.keyId;
    const stateFile = path.join(harness.dataDir, 'migration', `${siteId}.json`);
    const fileBefore = fs.existsSync(stateFile) ? fs.readFileSync(stateFile, 'utf8') : null;
    const keysBefore = (await view()).keys;
    const auditBefore = await ok<AuditEntry[]>(harness, 'audit.list', {});
    const invalid: unknown[] = [
      { keyId, step: 4, note: 'Deleted it myself' },
      { keyId, step: 0, note: 'Nothing' },
      { keyId, step: '3', note: 'A string step' },
      { keyId, step: 3, note: 'ok' },
      { keyId, step: 3, note: '   ok   ' },
      { keyId, step: 3, note: 'x'.repeat(MAX_TICK_NOTE + 1) },
      { keyId, step: 3, note: 'Fine note', extra: true },
      JSON.parse(`{"keyId":"${keyId}","step":3,"note":"Fine note","__proto__":{"admin":true}}`),
      { keyId: '../escape', step: 3, note: 'Path in an id' },
      { step: 3, note: 'No key' },
      null,
    ];
    for (const payload of invalid) {
      expect(await failCode(harness, 'migration.tick', payload), JSON.stringify(payload)).toBe('validation');
    }
    expect(await failCode(harness, 'migration.untick', { keyId, step: 4 })).toBe('validation');
    expect(await failCode(harness, 'migration.untick', { keyId, step: 3, note: 'extra' })).toBe('validation');
    expect(await failCode(harness, 'migration.updateSettings', { quietDays: 0, upgradeDate: null })).toBe('validation');
    expect(await failCode(harness, 'migration.updateSettings', { quietDays: 14, upgradeDate: null, extra: 1 })).toBe(
      'validation',
    );
    // A day that is not on the calendar would make the forecast count days to NaN.
    for (const upgradeDate of ['2027-13-01', '2027-02-29', '2027-04-31', '2027-1-1']) {
      expect(await failCode(harness, 'migration.updateSettings', { quietDays: 14, upgradeDate }), upgradeDate).toBe(
        'validation',
      );
    }
    expect(await failCode(harness, 'migration.report', { format: 'pdf' })).toBe('validation');
    expect((await view()).keys).toEqual(keysBefore);
    expect(await ok<AuditEntry[]>(harness, 'audit.list', {})).toEqual(auditBefore);
    expect(fs.existsSync(stateFile) ? fs.readFileSync(stateFile, 'utf8') : null).toBe(fileBefore);
  });
});
