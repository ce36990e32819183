/**
 * Crash recovery (security.md E3): an intent recorded before a create, revoke or device deletion and never
 * cleared is reconciled against the site at the next refresh of a new app process on the same data folder.
 * The crash is simulated by writing the intent with the Journal class while the first app is idle, then doing
 * (or not doing) the site's part directly on the key service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../electron/ports.js';
import { Journal, type Intent } from '../../../electron/services/journal.js';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey } from '../../../shared/ipc-contract.js';
import { KEY_CANARY } from '../../support/canary.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  connectAdmin,
  inDays,
  journalEntries,
  journalFile,
  load,
  ok,
  refresh,
  settle,
  siteCall,
  siteDevice,
  startDemoSite,
} from './support.js';

const DEVICE = DEMO_DEVICE_IDS.cliNoKeys;

let service: KeyService | undefined;
let dataDir: string | undefined;
const extraDirs: string[] = [];

afterEach(async () => {
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  for (const dir of extraDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  dataDir = undefined;
  await service?.close();
  service = undefined;
});

/** A first app that connected and refreshed, then "crashed" with this intent recorded. */
async function crashedWith(
  site: KeyService,
  intent: (siteId: string) => Omit<Intent, 'id' | 'startedAt'>,
): Promise<{ first: MainHarness; siteId: string }> {
  const { harness: first, siteId } = await connectAdmin(site);
  dataDir = first.dataDir;
  await refresh(first);
  await settle(first);
  new Journal(journalFile(first), systemClock).begin(intent(siteId));
  return { first, siteId };
}

async function createOnSite(site: KeyService, label: string): Promise<{ _id: string; key: string }> {
  const answer = await siteCall<{ _id: string; key: string }>(site, 'POST', `/devices/${DEVICE}/key`, {
    body: { label, expires_at: inDays(30) },
  });
  expect(answer.status).toBe(200);
  return answer.body;
}

function restart(): MainHarness {
  return createMainHarness({ dataDir });
}

describe('an interrupted create', () => {
  it('that reached the site is found at the next refresh: audited as reconciled, journal empty', async () => {
    service = await startDemoSite();
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Crash create',
      keyId: null,
      knownKeyIds: [],
    }));
    const made = await createOnSite(service, 'Crash create');
    expect(made.key).toContain(KEY_CANARY);

    const second = restart();
    expect(journalEntries(second)).toHaveLength(1);
    const view = await refresh(second);
    expect(view.inventory?.keys.some((k) => k.id === made._id)).toBe(true);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    const reconciled = audit.filter((entry) => entry.outcome === 'reconciled');
    expect(reconciled).toHaveLength(1);
    expect(reconciled[0]).toMatchObject({ action: 'create-key', keyId: made._id, targetId: DEVICE, outcome: 'reconciled' });
    expect(journalEntries(second)).toEqual([]);
    expect(JSON.stringify(audit)).not.toContain(KEY_CANARY);
    // Reconciled once: a further refresh adds nothing.
    await refresh(second);
    expect((await ok<AuditEntry[]>(second, 'audit.list', {})).filter((e) => e.outcome === 'reconciled')).toHaveLength(1);
  });

  it('is reconciled at the next start, before any refresh', async () => {
    service = await startDemoSite();
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Crash at start',
      keyId: null,
      knownKeyIds: [],
    }));
    const made = await createOnSite(service, 'Crash at start');
    const second = restart();
    await second.services.startup();
    expect(journalEntries(second)).toEqual([]);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    expect(audit[0]).toMatchObject({ action: 'create-key', keyId: made._id, outcome: 'reconciled' });
  });

  it('that never reached the site is settled as failed, and nothing is made', async () => {
    service = await startDemoSite();
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Never sent',
      keyId: null,
      knownKeyIds: [],
    }));
    const second = restart();
    await refresh(second);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    expect(audit[0]).toMatchObject({ action: 'create-key', outcome: 'failed', keyId: null });
    expect(journalEntries(second)).toEqual([]);
    expect((await siteDevice(service, DEVICE))?.api_keys).toEqual([]);
  });

  it('a key that existed before the intent (same label) is not taken for the interrupted one', async () => {
    service = await startDemoSite();
    const earlier = await createOnSite(service, 'Same label');
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Same label',
      keyId: null,
      knownKeyIds: [earlier._id],
    }));
    const second = restart();
    await refresh(second);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    expect(audit[0]).toMatchObject({ action: 'create-key', outcome: 'failed', keyId: null });
  });
});

describe('an interrupted revoke', () => {
  it('is completed at the next refresh: the key is revoked on the site, audited as reconciled, journal empty', async () => {
    service = await startDemoSite();
    const made = await createOnSite(service, 'Half revoked');
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'revoke-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Half revoked',
      keyId: made._id,
      knownKeyIds: [],
    }));
    const second = restart();
    const view = await refresh(second);
    expect((await siteDevice(service, DEVICE))?.api_keys).toEqual([]);
    expect(view.inventory?.keys.some((k) => k.id === made._id)).toBe(false);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    expect(audit.filter((e) => e.outcome === 'reconciled')).toEqual([
      expect.objectContaining({ action: 'revoke-key', keyId: made._id, outcome: 'reconciled' }),
    ]);
    expect(journalEntries(second)).toEqual([]);
  });

  it('whose key is already gone is settled too', async () => {
    service = await startDemoSite();
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'revoke-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Gone',
      keyId: 'ffffffffffffffffffffffff',
      knownKeyIds: [],
    }));
    const second = restart();
    expect((await refresh(second)).offline).toBeNull();
    expect(journalEntries(second)).toEqual([]);
  });
});

describe('an interrupted device deletion', () => {
  it('is completed at the next refresh', async () => {
    service = await startDemoSite();
    await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'remove-device',
      ownerType: 'device',
      ownerId: DEMO_DEVICE_IDS.importerNoKeys,
      label: 'Cardiology Importer',
      keyId: null,
      knownKeyIds: [],
    }));
    const second = restart();
    const view = await refresh(second);
    expect(await siteDevice(service, DEMO_DEVICE_IDS.importerNoKeys)).toBeNull();
    expect(view.inventory?.devices.some((d) => d.id === DEMO_DEVICE_IDS.importerNoKeys)).toBe(false);
    expect((await ok<AuditEntry[]>(second, 'audit.list', {}))[0]).toMatchObject({
      action: 'remove-device',
      outcome: 'reconciled',
    });
    expect(journalEntries(second)).toEqual([]);
  });
});

describe('reconciling while the site does not answer', () => {
  /** A key service on a database file, so it can be stopped and started again on the same port. */
  async function restartableSite(): Promise<{ site: KeyService; dbFile: string }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-journal-db-'));
    extraDirs.push(dir);
    const dbFile = path.join(dir, 'site.sqlite');
    return { site: await startDemoSite({ dbFile }), dbFile };
  }

  it('an interrupted create is kept for later, not settled as "nothing was created", while the site is down', async () => {
    const { site, dbFile } = await restartableSite();
    service = site;
    await crashedWith(site, (siteId) => ({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Made before the outage',
      keyId: null,
      knownKeyIds: [],
    }));
    const made = await createOnSite(site, 'Made before the outage');
    const port = site.port;
    await site.close();

    const second = restart();
    const offline = await second.services.dispatch('inventory.refresh', undefined);
    expect(offline.ok).toBe(true);
    // The site was not asked: the intent must still be pending, and no "failed / nothing was created" entry written.
    expect(journalEntries(second)).toHaveLength(1);
    expect((await ok<AuditEntry[]>(second, 'audit.list', {})).filter((e) => e.action === 'create-key')).toEqual([]);

    service = await startDemoSite({ dbFile, port });
    await refresh(second);
    const audit = await ok<AuditEntry[]>(second, 'audit.list', {});
    expect(audit.find((e) => e.action === 'create-key')).toMatchObject({ outcome: 'reconciled', keyId: made._id });
    expect(journalEntries(second)).toEqual([]);
  });

  it('a pending revoke does not turn an offline refresh into an error: the snapshot comes back with offline set', async () => {
    service = await startDemoSite();
    const made = await createOnSite(service, 'Revoke me later');
    const { first } = await crashedWith(service, (siteId) => ({
      siteId,
      operation: 'revoke-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Revoke me later',
      keyId: made._id,
      knownKeyIds: [],
    }));
    const snapshot = (await ok<{ inventory: unknown }>(first, 'inventory.load')).inventory;
    await service.close();
    const second = restart();
    const result = await second.services.dispatch('inventory.refresh', undefined);
    expect(result.ok ? 'ok' : result.error.code).toBe('ok');
    if (result.ok) {
      const view = result.value as { inventory: unknown; offline: { code: string } | null };
      expect(view.offline?.code).toBe('unreachable');
      expect(view.inventory).toEqual(snapshot);
    }
    // The revoke is still owed: it stays in the journal.
    expect(journalEntries(second)).toHaveLength(1);
  });
});

describe('an operation still running in this app is never reconciled', () => {
  /** Waits (by counts, not by time) until the create has recorded its intent, i.e. its POST is on its way. */
  async function intentRecorded(app: MainHarness): Promise<void> {
    for (let i = 0; i < 500 && journalEntries(app).length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
    expect(journalEntries(app)).toHaveLength(1);
  }

  const createKeyAudit = async (app: MainHarness) =>
    (await ok<AuditEntry[]>(app, 'audit.list', {})).filter((entry) => entry.action === 'create-key');

  it('a refresh during a slow create leaves it alone: one ok audit entry, no failed one, and the key in the inventory', async () => {
    service = await startDemoSite();
    const { harness: app } = await connectAdmin(service);
    dataDir = app.dataDir;
    await refresh(app);
    // The site holds the create's request before making the key.
    service.faults.delayNext({ method: 'POST', path: /\/key$/ }, 1_500);
    const creating = ok<CreatedKey>(app, 'keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Slow create',
      expiresAt: inDays(30),
    });
    await intentRecorded(app);

    const during = await refresh(app);
    expect(during.offline).toBeNull();
    // The refresh did not settle the running create, and wrote nothing about it.
    expect(journalEntries(app)).toHaveLength(1);
    expect(await createKeyAudit(app)).toEqual([]);

    const created = await creating;
    expect(created.adopted).toBe(false);
    const audit = await createKeyAudit(app);
    expect(audit).toEqual([expect.objectContaining({ outcome: 'ok', keyId: created.key.id })]);
    expect(audit.filter((entry) => entry.outcome === 'failed')).toEqual([]);
    expect(journalEntries(app)).toEqual([]);
    expect((await load(app)).inventory?.keys.some((key) => key.id === created.key.id)).toBe(true);
    expect((await siteDevice(service, DEVICE))?.api_keys?.map((key) => key._id)).toEqual([created.key.id]);
    // A later refresh has nothing left to settle.
    await refresh(app);
    expect(await createKeyAudit(app)).toHaveLength(1);
  });

  it('a create whose outcome could not be learnt is settled by the next refresh of the same app, with one audit entry', async () => {
    service = await startDemoSite();
    const { harness: app } = await connectAdmin(service);
    dataDir = app.dataDir;
    await refresh(app);
    // The key is made but the answer is lost; and the look afterwards is refused, so the outcome is unknown.
    service.faults.delayNext({ method: 'POST', path: /\/key$/ }, 500);
    service.faults.dropResponseNext({ method: 'POST', path: /\/key$/ });
    const creating = app.services.dispatch('keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Unknown outcome',
      expiresAt: inDays(30),
    });
    await intentRecorded(app);
    service.faults.failNext({ method: 'GET', path: new RegExp(`^/api/devices/${DEVICE}$`) }, 403);
    const result = await creating;
    expect(result.ok ? 'ok' : result.error.code).toBe('ambiguous-create');
    expect(journalEntries(app)).toHaveLength(1);
    expect(await createKeyAudit(app)).toEqual([]);

    const view = await refresh(app);
    const made = (await siteDevice(service, DEVICE))?.api_keys ?? [];
    expect(made.map((key) => key.label)).toEqual(['Unknown outcome']);
    expect(view.inventory?.keys.some((key) => key.id === made[0]?._id)).toBe(true);
    expect(await createKeyAudit(app)).toEqual([expect.objectContaining({ outcome: 'reconciled', keyId: made[0]?._id })]);
    expect(journalEntries(app)).toEqual([]);
  });

  it("refreshes running at once settle each of an earlier run's intents once", async () => {
    service = await startDemoSite();
    const { siteId } = await crashedWith(service, (id) => ({
      siteId: id,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEVICE,
      label: 'Settled once',
      keyId: null,
      knownKeyIds: [],
    }));
    // A second intent: a refresh that took the first one must not take this one again after another settled it.
    new Journal(path.join(dataDir!, 'journal.json'), systemClock).begin({
      siteId,
      operation: 'create-key',
      ownerType: 'device',
      ownerId: DEMO_DEVICE_IDS.importerNoKeys,
      label: 'Also settled once',
      keyId: null,
      knownKeyIds: [],
    });
    const made = await createOnSite(service, 'Settled once');
    const second = restart();
    expect(journalEntries(second)).toHaveLength(2);
    await Promise.all([refresh(second), refresh(second), second.services.startup()]);
    expect((await createKeyAudit(second)).map((entry) => [entry.outcome, entry.keyId]).sort()).toEqual([
      ['failed', null],
      ['reconciled', made._id],
    ]);
    expect(journalEntries(second)).toEqual([]);
  });
});
