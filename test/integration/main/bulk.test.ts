/**
 * Issue 10, bulk actions: a set of keys revoked, or rotated with new expiries spread over a range of days, after one
 * confirmation for the whole set (main asks the admin once, with its own text naming the count, the owners and what
 * stops working). A failure of one key stops nothing else; the answer is a result per key, and each key is one audit
 * entry. Checked against the key service's own lists, read directly over HTTP.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { ConfirmRequest, Confirmer } from '../../../electron/services/confirmations.js';
import type { BulkRevokeResult, BulkRotateResult } from '../../../shared/bulk-keys.js';
import { MAX_BULK_KEYS } from '../../../shared/bulk-keys.js';
import type { MainEvent } from '../../../shared/events.js';
import type { AuditEntry } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import { KEY_CANARY } from '../../support/canary.js';
import type { MainHarness } from '../../support/main-harness.js';
import {
  confirm,
  connectAdmin,
  createDeviceKey,
  DAY_MS,
  expectNoSecretAnywhere,
  failCode,
  load,
  ok,
  refresh,
  settle,
  siteCall,
  siteDevices,
  startDemoSite,
  type SiteDevice,
} from './support.js';

const MRI = DEMO_DEVICE_IDS.reaperOk;
const CT = DEMO_DEVICE_IDS.reaperMissing;
const CLI = DEMO_DEVICE_IDS.cliNoKeys;

let service: KeyService;
let harness: MainHarness;
/** What main asked the admin outside the renderer (the desktop's native dialog); the answer is `answer`. */
let asked: ConfirmRequest[];
let answer: boolean;
/** While set, main's question waits for it (the admin has not clicked yet). */
let gate: Promise<void> | null;
let events: MainEvent[];
let unsubscribe: () => void;

beforeEach(async () => {
  asked = [];
  answer = true;
  gate = null;
  events = [];
  const confirmer: Confirmer = {
    confirm: async (request) => {
      asked.push(request);
      await gate;
      return answer;
    },
  };
  service = await startDemoSite();
  harness = (await connectAdmin(service, { confirmer })).harness;
  await refresh(harness);
  unsubscribe = harness.services.events.subscribe((event) => events.push(event));
});
afterEach(async () => {
  unsubscribe();
  harness.cleanup();
  await service.close();
});

/** The site's own lists: every device with its keys, as `/devices?join_keys=true` answers them. */
async function siteKeyIds(): Promise<Map<string, string[]>> {
  const devices: SiteDevice[] = await siteDevices(service);
  return new Map(devices.map((device) => [device._id, (device.api_keys ?? []).map((key) => key._id)]));
}

async function allSiteKeyIds(): Promise<Set<string>> {
  return new Set([...(await siteKeyIds()).values()].flat());
}

async function inventoryKeys(): Promise<KeyRecord[]> {
  return (await load(harness)).inventory!.keys;
}

async function deviceKeys(deviceId: string): Promise<KeyRecord[]> {
  return (await inventoryKeys()).filter((key) => key.ownerType === 'device' && key.ownerId === deviceId);
}

function audit(): Promise<AuditEntry[]> {
  return ok<AuditEntry[]>(harness, 'audit.list', {});
}

function device(id: string) {
  return { type: 'device', id } as const;
}

/** Three keys of two devices: two of the MRI Reaper, one of the CT Reaper. */
async function threeKeysOfTwoDevices() {
  const mri = await deviceKeys(MRI);
  const ct = (await deviceKeys(CT)).filter((key) => key.kind === 'enhanced');
  const chosen = [mri[0]!, mri[1]!, ct[0]!];
  return chosen.map((key) => ({ owner: device(key.ownerId), keyId: key.id, label: key.label }));
}

function bulkRevoke(keys: { owner: { type: 'device'; id: string } | { type: 'self' }; keyId: string }[], confirmationId: string) {
  return ok<{ results: BulkRevokeResult[] }>(harness, 'keys.bulkRevoke', {
    keys: keys.map(({ owner, keyId }) => ({ owner, keyId })),
    confirmationId,
  });
}

function progress() {
  return events.filter((event) => event.type === 'bulk-progress');
}

describe('a bulk revoke', () => {
  it('revokes three keys of two devices with one confirmation: gone from the site, three audit entries, asked once', async () => {
    const keys = await threeKeysOfTwoDevices();
    const ids = keys.map((key) => key.keyId);
    const auditBefore = (await audit()).length;
    const token = await confirm(harness, 'revoke-key', ids);
    expect(token.title).toBe('Revoke 3 keys?');
    expect(token.lines[0]).toBe('3 keys of 2 owners: device "MRI Reaper (Bay 1)" (2), device "CT Reaper (Bay 2)" (1).');

    const { results } = await bulkRevoke(keys, token.id);
    expect(results).toEqual(ids.map((keyId) => ({ keyId, ok: true, alreadyGone: false })));

    // The key service's own lists no longer hold them; every other key is still there.
    const after = await siteKeyIds();
    for (const id of ids) expect([...after.values()].flat()).not.toContain(id);
    expect(after.get(MRI)).toHaveLength(3);
    expect(after.get(CT)).toHaveLength(1);
    expect((await inventoryKeys()).some((key) => ids.includes(key.id))).toBe(false);

    // One question to the admin for the whole set, in main's words: the count, the owners, what stops working.
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ title: 'Revoke 3 keys?', confirmLabel: 'Revoke 3 keys' });
    const said = asked[0]!.lines.join('\n');
    expect(said).toContain('3 keys of 2 owners');
    expect(said).toContain('device "MRI Reaper (Bay 1)" keeps 3 other working keys');
    expect(said).toContain('device "CT Reaper (Bay 2)" keeps 1 other working key');
    for (const key of keys) expect(said).toContain(`"${key.label}"`);

    // Each key is exactly one audit entry.
    const entries = (await audit()).slice(0, (await audit()).length - auditBefore);
    expect(entries).toHaveLength(3);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.keyId]).sort()).toEqual(
      ids.map((id) => ['revoke-key', 'ok', id]).sort(),
    );
    expect(entries.every((entry) => entry.detail.includes('Bulk revoke of 3 keys.'))).toBe(true);

    // Progress while it ran: from 0 to 3 of 3.
    const steps = progress();
    expect(steps[0]).toMatchObject({ action: 'revoke', done: 0, total: 3 });
    expect(steps.at(-1)).toMatchObject({ action: 'revoke', done: 3, total: 3 });
    expect(steps.map((step) => (step.type === 'bulk-progress' ? step.done : -1))).toEqual([0, 1, 2, 3]);
  });

  it('a key already gone from the site is reported alreadyGone; the others are still revoked', async () => {
    const keys = await threeKeysOfTwoDevices();
    const gone = keys[1]!;
    expect((await siteCall(service, 'DELETE', `/devices/${gone.owner.id}/key/${gone.keyId}`)).status).toBe(204);
    const token = await confirm(
      harness,
      'revoke-key',
      keys.map((key) => key.keyId),
    );
    const { results } = await bulkRevoke(keys, token.id);
    expect(results).toEqual([
      { keyId: keys[0]!.keyId, ok: true, alreadyGone: false },
      { keyId: gone.keyId, ok: true, alreadyGone: true },
      { keyId: keys[2]!.keyId, ok: true, alreadyGone: false },
    ]);
    const left = await allSiteKeyIds();
    for (const key of keys) expect(left.has(key.keyId)).toBe(false);
  });

  it('a key the site refuses (403) fails with its reason; the others are done', async () => {
    const keys = await threeKeysOfTwoDevices();
    const refused = keys[0]!;
    service.faults.failNext({ method: 'DELETE', path: new RegExp(`/key/${refused.keyId}$`) }, 403);
    const auditBefore = (await audit()).length;
    const token = await confirm(
      harness,
      'revoke-key',
      keys.map((key) => key.keyId),
    );
    const { results } = await bulkRevoke(keys, token.id);
    expect(results[0]).toMatchObject({ keyId: refused.keyId, ok: false, code: 'forbidden' });
    expect(results[0]!.ok ? '' : results[0]!.message).not.toBe('');
    expect(results.slice(1)).toEqual(keys.slice(1).map((key) => ({ keyId: key.keyId, ok: true, alreadyGone: false })));

    const left = await allSiteKeyIds();
    expect(left.has(refused.keyId)).toBe(true);
    expect(left.has(keys[1]!.keyId)).toBe(false);
    expect(left.has(keys[2]!.keyId)).toBe(false);
    expect((await inventoryKeys()).some((key) => key.id === refused.keyId)).toBe(true);
    const entries = (await audit()).slice(0, (await audit()).length - auditBefore);
    expect(entries).toHaveLength(3);
    expect(entries.find((entry) => entry.keyId === refused.keyId)).toMatchObject({ action: 'revoke-key', outcome: 'failed' });
  });

  it('a confirmation for other ids (or another action) is refused: nothing revoked, the admin not asked', async () => {
    const keys = await threeKeysOfTwoDevices();
    const ids = keys.map((key) => key.keyId);
    const two = await confirm(harness, 'revoke-key', ids.slice(0, 2));
    expect(
      await failCode(harness, 'keys.bulkRevoke', {
        keys: keys.map(({ owner, keyId }) => ({ owner, keyId })),
        confirmationId: two.id,
      }),
    ).toBe('confirmation-required');
    const rotate = await confirm(harness, 'bulk-rotate', ids);
    expect(
      await failCode(harness, 'keys.bulkRevoke', {
        keys: keys.map(({ owner, keyId }) => ({ owner, keyId })),
        confirmationId: rotate.id,
      }),
    ).toBe('confirmation-required');
    const left = await allSiteKeyIds();
    for (const id of ids) expect(left.has(id)).toBe(true);
    expect(asked).toEqual([]);
    expect(progress()).toEqual([]);
  });

  it('the admin says no in main own dialog: nothing is revoked', async () => {
    answer = false;
    const keys = await threeKeysOfTwoDevices();
    const token = await confirm(
      harness,
      'revoke-key',
      keys.map((key) => key.keyId),
    );
    expect(
      await failCode(harness, 'keys.bulkRevoke', {
        keys: keys.map(({ owner, keyId }) => ({ owner, keyId })),
        confirmationId: token.id,
      }),
    ).toBe('confirmation-required');
    expect(asked).toHaveLength(1);
    const left = await allSiteKeyIds();
    for (const key of keys) expect(left.has(key.keyId)).toBe(true);
  });

  it('one bulk action at a time per site: a second one while the first waits for the admin is refused with conflict', async () => {
    const keys = await threeKeysOfTwoDevices();
    let click: () => void = () => undefined;
    gate = new Promise((resolve) => (click = resolve));
    const first = await confirm(
      harness,
      'revoke-key',
      keys.slice(0, 2).map((key) => key.keyId),
    );
    const second = await confirm(harness, 'revoke-key', [keys[2]!.keyId]);
    const running = bulkRevoke(keys.slice(0, 2), first.id);
    await expect.poll(() => asked.length).toBe(1);
    const refused = await harness.services.dispatch('keys.bulkRevoke', {
      keys: [{ owner: keys[2]!.owner, keyId: keys[2]!.keyId }],
      confirmationId: second.id,
    });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('conflict');
    click();
    expect((await running).results.every((result) => result.ok)).toBe(true);
    // The refused one changed nothing, and its confirmation was not spent: it runs now.
    expect((await allSiteKeyIds()).has(keys[2]!.keyId)).toBe(true);
    expect((await bulkRevoke([keys[2]!], second.id)).results).toEqual([{ keyId: keys[2]!.keyId, ok: true, alreadyGone: false }]);
  });

  it(`more than ${MAX_BULK_KEYS} keys, or a key listed twice, is refused with validation before anything starts`, async () => {
    const many = Array.from({ length: MAX_BULK_KEYS + 1 }, (_, index) => ({
      owner: device(MRI),
      keyId: `k${String(index).padStart(5, '0')}`,
    }));
    expect(await failCode(harness, 'keys.bulkRevoke', { keys: many, confirmationId: 'x'.repeat(24) })).toBe('validation');
    expect(await failCode(harness, 'confirmations.request', { action: 'revoke-key', targets: many.map((k) => k.keyId) })).toBe(
      'validation',
    );
    const [key] = await threeKeysOfTwoDevices();
    const token = await confirm(harness, 'revoke-key', [key!.keyId, key!.keyId]);
    expect(
      await failCode(harness, 'keys.bulkRevoke', {
        keys: [
          { owner: key!.owner, keyId: key!.keyId },
          { owner: key!.owner, keyId: key!.keyId },
        ],
        confirmationId: token.id,
      }),
    ).toBe('validation');
    expect((await allSiteKeyIds()).has(key!.keyId)).toBe(true);
    expect(asked).toEqual([]);
  });

  it("the key Keywarden is connected with is left out (its result says why); the admin's other own key is revoked", async () => {
    const own = (await inventoryKeys()).filter((key) => key.ownerType === 'user' && key.ownerId === DEMO_USER_IDS.admin);
    const appKey = own.find((key) => key.isAppKey)!;
    const other = own.find((key) => !key.isAppKey)!;
    expect(appKey).toBeDefined();
    expect(other).toBeDefined();
    const keys = [
      { owner: { type: 'self' } as const, keyId: appKey.id },
      { owner: { type: 'self' } as const, keyId: other.id },
    ];
    const token = await confirm(harness, 'revoke-key', [appKey.id, other.id]);
    expect(token.lines.join('\n')).toContain('the key this app is connected with: it is left out');
    const { results } = await bulkRevoke(keys, token.id);
    expect(results[0]).toMatchObject({ keyId: appKey.id, ok: false, code: 'conflict' });
    expect(results[1]).toEqual({ keyId: other.id, ok: true, alreadyGone: false });
    const self = await siteCall<{ api_keys: { _id: string }[] }>(service, 'GET', '/users/self');
    expect(self.body.api_keys.map((key) => key._id)).toContain(appKey.id);
    expect(self.body.api_keys.map((key) => key._id)).not.toContain(other.id);
    // Keywarden still works with its key.
    expect((await refresh(harness)).offline).toBeNull();
  });
});

describe('a bulk rotation', () => {
  it('makes a new key per key with expiries spread evenly over the range (first at the start, last at the end); the old keys are kept', async () => {
    const old = [
      await createDeviceKey(harness, CLI, 'Sync A', 20),
      await createDeviceKey(harness, CLI, 'Sync B', 20),
      await createDeviceKey(harness, CT, 'CT spare', 20),
    ];
    const ids = old.map((created) => created.key.id);
    const from = new Date(Math.floor((Date.now() + 30 * DAY_MS) / 1000) * 1000);
    const to = new Date(from.getTime() + 60 * DAY_MS);
    const auditBefore = (await audit()).length;
    const token = await confirm(harness, 'bulk-rotate', ids);
    expect(token.title).toBe('Rotate 3 keys?');
    expect(token.lines.join('\n')).toContain('Nothing stops working now');

    const answer = await ok<{ results: BulkRotateResult[] }>(harness, 'keys.bulkRotate', {
      keys: old.map((created) => ({ owner: device(created.key.ownerId), keyId: created.key.id })),
      expiresFrom: from.toISOString(),
      expiresTo: to.toISOString(),
      confirmationId: token.id,
    });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ title: 'Rotate 3 keys?', confirmLabel: 'Rotate 3 keys' });
    const made = answer.results.map((result) => {
      if (!result.ok) throw new Error(`${result.keyId} failed: ${result.code}`);
      return result;
    });
    expect(made.map((result) => result.keyId)).toEqual(ids);
    const today = new Date().toISOString().slice(0, 10);
    expect(made.map((result) => result.newKey.label)).toEqual([
      `Sync A (rotated ${today})`,
      `Sync B (rotated ${today})`,
      `CT spare (rotated ${today})`,
    ]);

    // On the site: the old keys are all there, and the new ones expire at the start, the middle and the end.
    const devices = await siteDevices(service);
    const siteKey = (id: string) => devices.flatMap((d) => d.api_keys ?? []).find((key) => key._id === id);
    for (const id of ids) expect(siteKey(id)).toBeDefined();
    const expiries = made.map((result) => Date.parse(siteKey(result.newKey.id)!.expires_at!));
    expect(expiries).toEqual([from.getTime(), from.getTime() + 30 * DAY_MS, to.getTime()]);

    // No secret in the answer: a handle main copies it with, once per key, while the results are open.
    expect(JSON.stringify(answer)).not.toContain(KEY_CANARY);
    expect(new Set(made.map((result) => result.secretHandle)).size).toBe(3);
    await ok(harness, 'secrets.copy', { handle: made[1]!.secretHandle });
    const copied = await harness.clipboard.readText();
    expect(copied).toContain(KEY_CANARY);
    const secret = copied.split(':').pop()!;
    expect((await siteCall(service, 'GET', '/devices/self', { secret })).status).toBe(200);
    for (const result of made) await ok(harness, 'secrets.discard', { handle: result.secretHandle });

    const entries = (await audit()).slice(0, (await audit()).length - auditBefore);
    expect(entries).toHaveLength(3);
    expect(entries.every((entry) => entry.action === 'rotate-key' && entry.outcome === 'ok')).toBe(true);
    expect(progress().at(-1)).toMatchObject({ action: 'rotate', done: 3, total: 3 });
    await settle(harness);
    await expectNoSecretAnywhere(harness, [answer], [KEY_CANARY]);
  });

  it('a key gone from the site fails alone with not-found, and is still one audit entry', async () => {
    const a = await createDeviceKey(harness, CLI, 'Gone soon', 20);
    const b = await createDeviceKey(harness, CLI, 'Stays', 20);
    expect((await siteCall(service, 'DELETE', `/devices/${CLI}/key/${a.key.id}`)).status).toBe(204);
    const auditBefore = (await audit()).length;
    const token = await confirm(harness, 'bulk-rotate', [a.key.id, b.key.id]);
    const { results } = await ok<{ results: BulkRotateResult[] }>(harness, 'keys.bulkRotate', {
      keys: [
        { owner: device(CLI), keyId: a.key.id },
        { owner: device(CLI), keyId: b.key.id },
      ],
      expiresFrom: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      expiresTo: new Date(Date.now() + 40 * DAY_MS).toISOString(),
      confirmationId: token.id,
    });
    expect(results[0]).toMatchObject({ keyId: a.key.id, ok: false, code: 'not-found' });
    expect(results[1]).toMatchObject({ keyId: b.key.id, ok: true });
    const entries = (await audit()).slice(0, (await audit()).length - auditBefore);
    expect(entries.map((entry) => [entry.action, entry.outcome, entry.keyId]).sort()).toEqual(
      [
        ['rotate-key', 'failed', a.key.id],
        ['rotate-key', 'ok', results[1]!.ok ? results[1]!.newKey.id : ''],
      ].sort(),
    );
  });

  it('an owner without room for a new key fails alone; a range that ends before it starts is refused', async () => {
    const mri = await deviceKeys(MRI);
    const spare = await createDeviceKey(harness, CLI, 'Spare', 20);
    const keys = [
      { owner: device(MRI), keyId: mri[0]!.id },
      { owner: device(CLI), keyId: spare.key.id },
    ];
    const start = Date.now() + 10 * DAY_MS;
    expect(
      await failCode(harness, 'keys.bulkRotate', {
        keys,
        expiresFrom: new Date(start + DAY_MS).toISOString(),
        expiresTo: new Date(start).toISOString(),
        confirmationId: (await confirm(harness, 'bulk-rotate', [mri[0]!.id, spare.key.id])).id,
      }),
    ).toBe('validation');
    expect(asked).toEqual([]);

    const token = await confirm(harness, 'bulk-rotate', [mri[0]!.id, spare.key.id]);
    expect(token.lines.join('\n')).toMatch(
      /device "MRI Reaper \(Bay 1\)" has 5 keys, the most Flywheel allows: its rotation fails until older keys are revoked/,
    );
    const { results } = await ok<{ results: BulkRotateResult[] }>(harness, 'keys.bulkRotate', {
      keys,
      expiresFrom: new Date(start).toISOString(),
      expiresTo: new Date(start + 10 * DAY_MS).toISOString(),
      confirmationId: token.id,
    });
    expect(results[0]).toMatchObject({ keyId: mri[0]!.id, ok: false, code: 'limit-reached' });
    expect(results[1]).toMatchObject({ keyId: spare.key.id, ok: true });
    expect((await siteKeyIds()).get(MRI)).toHaveLength(5);
    expect((await siteKeyIds()).get(CLI)).toHaveLength(2);
  });
});
