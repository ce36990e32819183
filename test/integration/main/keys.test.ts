/**
 * Creating, copying, revoking and rotating keys through the dispatcher against a real key service.
 * The created secret crosses once, in the create answer, and is found nowhere afterwards (security.md B1-B3);
 * revokes need a confirmation for exactly that key (C6); a 404 on revoke counts as done (D4). The app's own key
 * is replaced in the safe order (new key, switch, revoke the old one), so the app is never locked out.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as InventoryQueryModule from '../../../shared/inventory-query.js';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey, ReplacedAppKey, SitesState } from '../../../shared/ipc-contract.js';
import { ADMIN_CANARY_SECRET, KEY_CANARY } from '../../support/canary.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';
import {
  confirm,
  createDeviceKey,
  DAY_MS,
  eachTestOnConnectedDemoSite,
  expectNoSecretAnywhere,
  failCode,
  inDays,
  load,
  ok,
  refresh,
  secretOf,
  settle,
  siteCall,
  siteDevice,
  type SiteKey,
} from './support.js';

/** How often main made an index update (in steps, or at once): to tell an update finished from one made twice. */
const indexUpdates = vi.hoisted(() => ({ inSteps: 0, atOnce: 0 }));
/** The same for full builds of the index. */
const indexBuilds = vi.hoisted(() => ({ inSteps: 0, atOnce: 0 }));
vi.mock('../../../shared/inventory-query.js', async (importOriginal) => {
  const actual = await importOriginal<typeof InventoryQueryModule>();
  return {
    ...actual,
    inventoryIndexUpdate: (...args: Parameters<typeof actual.inventoryIndexUpdate>) => {
      indexUpdates.inSteps += 1;
      return actual.inventoryIndexUpdate(...args);
    },
    updatedInventoryIndex: (...args: Parameters<typeof actual.updatedInventoryIndex>) => {
      indexUpdates.atOnce += 1;
      return actual.updatedInventoryIndex(...args);
    },
    inventoryIndexBuild: (...args: Parameters<typeof actual.inventoryIndexBuild>) => {
      indexBuilds.inSteps += 1;
      return actual.inventoryIndexBuild(...args);
    },
    buildInventoryIndex: (...args: Parameters<typeof actual.buildInventoryIndex>) => {
      indexBuilds.atOnce += 1;
      return actual.buildInventoryIndex(...args);
    },
  };
});

const DEVICE = DEMO_DEVICE_IDS.cliNoKeys;
const deviceOwner = { type: 'device', id: DEVICE } as const;

let service: KeyService;
let harness: MainHarness;

eachTestOnConnectedDemoSite((site, app) => {
  service = site;
  harness = app;
});

async function deviceKeyIds(id = DEVICE): Promise<string[]> {
  return ((await siteDevice(service, id))?.api_keys ?? []).map((k) => k._id);
}

async function ownKeys(): Promise<SiteKey[]> {
  return (await siteCall<{ api_keys: SiteKey[] }>(service, 'GET', '/users/self')).body.api_keys;
}

describe('creating a key', () => {
  it('answers the secret once, as a key string holding the marker, and a handle', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Nightly sync');
    expect(created.adopted).toBe(false);
    expect(created.secret).toContain(KEY_CANARY);
    expect(created.secret).toMatch(new RegExp(`^127\\.0\\.0\\.1:${service.port}:__force_insecure:djE`));
    expect(created.secretHandle).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(created.key).toMatchObject({ label: 'Nightly sync', ownerType: 'device', ownerId: DEVICE, kind: 'enhanced' });
    expect(await deviceKeyIds()).toEqual([created.key.id]);
    // The secret works on the site as that device's key.
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(created.secret!) })).status).toBe(200);
    expect((await load(harness)).inventory?.keys.some((k) => k.id === created.key.id)).toBe(true);
  });

  it("the grids' index follows in tasks of its own, a step each, where one was made; none is made for an action", async () => {
    const siteId = harness.services.sites.activeSite().id;
    const inventory = harness.services.inventory;
    const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));
    await createDeviceKey(harness, DEVICE, 'Before any grid');
    await nextTask();
    expect(inventory.indexedSnapshot(siteId)).toBeNull();
    await ok(harness, 'inventory.query', { page: 0, pageSize: 1 });
    const before = inventory.indexedSnapshot(siteId);
    await createDeviceKey(harness, DEVICE, 'With a grid open');
    // The update's steps (the rows, the statuses, the default order) each take a task: after the first two the
    // index is still the last one, after the third it is the patched snapshot's.
    await nextTask();
    await nextTask();
    expect(inventory.indexedSnapshot(siteId)).toBe(before);
    await nextTask();
    const snapshot = (await load(harness)).inventory;
    expect(snapshot?.keys.some((key) => key.label === 'With a grid open')).toBe(true);
    expect(inventory.indexedSnapshot(siteId)).toBe(inventory.snapshot(siteId));
  });

  it('the first questions build the index in tasks, one build for the questions asked meanwhile', async () => {
    const siteId = harness.services.sites.activeSite().id;
    const inventory = harness.services.inventory;
    expect(inventory.indexedSnapshot(siteId)).toBeNull();
    const before = { ...indexBuilds };
    const [page, summary] = await Promise.all([
      ok<{ total: number }>(harness, 'inventory.query', { page: 0, pageSize: 1 }),
      ok<{ summary: { total: number } | null }>(harness, 'inventory.summary'),
    ]);
    expect(page.total).toBe(inventory.snapshot(siteId)?.keys.length);
    expect(summary.summary?.total).toBe(page.total);
    expect(inventory.indexedSnapshot(siteId)).toBe(inventory.snapshot(siteId));
    expect([indexBuilds.inSteps - before.inSteps, indexBuilds.atOnce - before.atOnce]).toEqual([1, 0]);
  });

  it("after a refresh too, the grids' index follows in tasks before any question", async () => {
    const siteId = harness.services.sites.activeSite().id;
    const inventory = harness.services.inventory;
    const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));
    await ok(harness, 'inventory.query', { page: 0, pageSize: 1 });
    const before = { ...indexUpdates };
    await refresh(harness);
    expect(inventory.indexedSnapshot(siteId)).not.toBe(inventory.snapshot(siteId));
    for (let task = 0; task < 3; task += 1) await nextTask();
    expect(inventory.indexedSnapshot(siteId)).toBe(inventory.snapshot(siteId));
    expect([indexUpdates.inSteps - before.inSteps, indexUpdates.atOnce - before.atOnce]).toEqual([1, 0]);
  });

  it('a question asked while the index update is under way is answered from the patched snapshot', async () => {
    const siteId = harness.services.sites.activeSite().id;
    const inventory = harness.services.inventory;
    const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve));
    await ok(harness, 'inventory.query', { page: 0, pageSize: 1 });
    const before = { ...indexUpdates };
    const created = await createDeviceKey(harness, DEVICE, 'Asked mid-update');
    await nextTask();
    expect(inventory.indexedSnapshot(siteId)).not.toBe(inventory.snapshot(siteId));
    const page = await ok<{ total: number; rows: Array<{ id: string }> }>(harness, 'inventory.query', {
      keyIds: [created.key.id],
      page: 0,
      pageSize: 10,
    });
    expect(page.rows.map((row) => row.id)).toEqual([created.key.id]);
    expect(inventory.indexedSnapshot(siteId)).toBe(inventory.snapshot(siteId));
    // The steps left over do nothing more.
    await nextTask();
    await nextTask();
    expect(inventory.indexedSnapshot(siteId)).toBe(inventory.snapshot(siteId));
    // The question finished the update under way: one update made, none made again at once.
    expect([indexUpdates.inSteps - before.inSteps, indexUpdates.atOnce - before.atOnce]).toEqual([1, 0]);
  });

  it('secrets.copy puts it on the clipboard; after secrets.discard it is gone (not-found)', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Clipboard');
    const copied = await ok<{ clearsAfterSeconds: number }>(harness, 'secrets.copy', { handle: created.secretHandle });
    expect(copied.clearsAfterSeconds).toBe(30);
    expect(await harness.clipboard.readText()).toBe(created.secret);
    expect(await ok(harness, 'secrets.discard', { handle: created.secretHandle })).toEqual({ discarded: true });
    expect(await failCode(harness, 'secrets.copy', { handle: created.secretHandle })).toBe('not-found');
    expect(await ok(harness, 'secrets.discard', { handle: created.secretHandle })).toEqual({ discarded: false });
  });

  it('the secret is in no later answer, no file, no log line and no audit entry', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Canary');
    const own = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'self' },
      label: 'Own canary',
      expiresAt: inDays(10),
    });
    expect(own.secret).toContain(KEY_CANARY);
    await ok(harness, 'secrets.discard', { handle: created.secretHandle });
    const later = [
      await load(harness),
      await refresh(harness),
      await ok(harness, 'inventory.export', { format: 'csv' }),
      await ok(harness, 'inventory.export', { format: 'json' }),
      await ok(harness, 'sites.state'),
      await confirm(harness, 'revoke-key', [created.key.id]),
    ];
    await settle(harness);
    await expectNoSecretAnywhere(harness, later);
  });

  it('an own key (owner self) is created and revoked', async () => {
    const before = await ownKeys();
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'self' },
      label: 'Laptop',
      expiresAt: inDays(30),
    });
    expect(created.key).toMatchObject({ ownerType: 'user', ownerId: DEMO_USER_IDS.admin, label: 'Laptop' });
    expect((await ownKeys()).map((k) => k._id)).toEqual([...before.map((k) => k._id), created.key.id]);
    expect((await siteCall(service, 'GET', '/users/self', { secret: secretOf(created.secret!) })).status).toBe(200);

    const confirmation = await confirm(harness, 'revoke-key', [created.key.id]);
    const revoked = await ok(harness, 'keys.revoke', {
      owner: { type: 'self' },
      keyId: created.key.id,
      confirmationId: confirmation.id,
    });
    expect(revoked).toEqual({ alreadyGone: false });
    expect((await ownKeys()).map((k) => k._id)).toEqual(before.map((k) => k._id));
    expect((await load(harness)).inventory?.keys.some((k) => k.id === created.key.id)).toBe(false);
  });
});

describe('revoking a key', () => {
  it('needs a revoke-key confirmation for exactly that key', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'To revoke');
    const other = await createDeviceKey(harness, DEVICE, 'Other');
    expect(await failCode(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id })).toBe('validation');
    expect(
      await failCode(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: 'x'.repeat(20) }),
    ).toBe('confirmation-required');
    const forOther = await confirm(harness, 'revoke-key', [other.key.id]);
    expect(
      await failCode(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: forOther.id }),
    ).toBe('confirmation-required');
    const both = await confirm(harness, 'revoke-key', [created.key.id, other.key.id]);
    expect(await failCode(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: both.id })).toBe(
      'confirmation-required',
    );
    expect((await deviceKeyIds()).sort()).toEqual([created.key.id, other.key.id].sort());

    const confirmation = await confirm(harness, 'revoke-key', [created.key.id]);
    expect(confirmation.title).toContain('To revoke');
    expect(
      await ok(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: confirmation.id }),
    ).toEqual({
      alreadyGone: false,
    });
    expect(await deviceKeyIds()).toEqual([other.key.id]);
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(created.secret!) })).status).toBe(401);
    expect(
      await failCode(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: confirmation.id }),
    ).toBe('confirmation-required');
  });

  it('a key already gone from the site counts as done, with alreadyGone true', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Gone already');
    expect((await siteCall(service, 'DELETE', `/devices/${DEVICE}/key/${created.key.id}`)).status).toBe(204);
    const confirmation = await confirm(harness, 'revoke-key', [created.key.id]);
    expect(
      await ok(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: confirmation.id }),
    ).toEqual({
      alreadyGone: true,
    });
    expect((await load(harness)).inventory?.keys.some((k) => k.id === created.key.id)).toBe(false);
  });

  it('a key the inventory no longer lists is revoked without taking any other key out of it', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Gone from both');
    expect((await siteCall(service, 'DELETE', `/devices/${DEVICE}/key/${created.key.id}`)).status).toBe(204);
    const listed = (await refresh(harness)).inventory?.keys.map((k) => k.id);
    expect(listed).not.toContain(created.key.id);
    const confirmation = await confirm(harness, 'revoke-key', [created.key.id]);
    await ok(harness, 'keys.revoke', { owner: deviceOwner, keyId: created.key.id, confirmationId: confirmation.id });
    expect((await load(harness)).inventory?.keys.map((k) => k.id)).toEqual(listed);
  });
});

describe('rotating a key', () => {
  it('keeps the old key and makes a new one labelled with the date', async () => {
    const old = await createDeviceKey(harness, DEVICE, 'Scanner upload');
    const rotated = await ok<{ created: CreatedKey; oldKeyRevoked: boolean }>(harness, 'keys.rotate', {
      owner: deviceOwner,
      keyId: old.key.id,
      expiresAt: inDays(90),
      compromised: false,
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(rotated.oldKeyRevoked).toBe(false);
    expect(rotated.created.key.label).toBe(`Scanner upload (rotated ${today})`);
    expect(rotated.created.secret).toContain(KEY_CANARY);
    expect((await deviceKeyIds()).sort()).toEqual([old.key.id, rotated.created.key.id].sort());
    // Rotating the rotated key again does not stack dates.
    const again = await ok<{ created: CreatedKey }>(harness, 'keys.rotate', {
      owner: deviceOwner,
      keyId: rotated.created.key.id,
      expiresAt: inDays(90),
      compromised: false,
    });
    expect(again.created.key.label).toBe(`Scanner upload (rotated ${today})`);
  });

  it('a compromised rotation needs a rotate-compromised confirmation and revokes the old key', async () => {
    const old = await createDeviceKey(harness, DEVICE, 'Leaked');
    const rotate = { owner: deviceOwner, keyId: old.key.id, expiresAt: inDays(30), compromised: true };
    expect(await failCode(harness, 'keys.rotate', rotate)).toBe('confirmation-required');
    const revokeConfirmation = await confirm(harness, 'revoke-key', [old.key.id]);
    expect(await failCode(harness, 'keys.rotate', { ...rotate, confirmationId: revokeConfirmation.id })).toBe(
      'confirmation-required',
    );
    expect(await deviceKeyIds()).toEqual([old.key.id]);

    const confirmation = await confirm(harness, 'rotate-compromised', [old.key.id]);
    const rotated = await ok<{ created: CreatedKey; oldKeyRevoked: boolean }>(harness, 'keys.rotate', {
      ...rotate,
      confirmationId: confirmation.id,
    });
    expect(rotated.oldKeyRevoked).toBe(true);
    expect(await deviceKeyIds()).toEqual([rotated.created.key.id]);
    expect((await siteCall(service, 'GET', '/devices/self', { secret: secretOf(old.secret!) })).status).toBe(401);
    const keys = (await load(harness)).inventory!.keys.map((k) => k.id);
    expect(keys).toContain(rotated.created.key.id);
    expect(keys).not.toContain(old.key.id);
  });

  it('rotating a key that is not on the site: not-found, nothing created', async () => {
    const code = await failCode(harness, 'keys.rotate', {
      owner: deviceOwner,
      keyId: 'ffffffffffffffffffffffff',
      expiresAt: inDays(30),
      compromised: false,
    });
    expect(code).toBe('not-found');
    expect(await deviceKeyIds()).toEqual([]);
  });
});

describe('revoking with an owner the key does not belong to', () => {
  // revokeNow takes the owner from the payload and counts the site's 404 as "already gone", without checking
  // the owner the inventory knows for that key: the key is dropped from the list and audited as revoked while
  // it still works on the site.
  it("another user's key revoked as owner self is not reported gone while it still works", async () => {
    const key = (await load(harness)).inventory!.keys.find(
      (k) => k.ownerId === DEMO_USER_IDS.user && k.label === 'Analysis laptop',
    )!;
    const confirmation = await confirm(harness, 'revoke-key', [key.id]);
    const result = await harness.services.dispatch('keys.revoke', {
      owner: { type: 'self' },
      keyId: key.id,
      confirmationId: confirmation.id,
    });
    // The key is alive on the site.
    expect((await siteCall(service, 'GET', '/users/self', { secret: secretOf(service.keys!.user) })).status).toBe(200);
    expect(result.ok ? result.value : result.error.code).not.toEqual({ alreadyGone: true });
    expect((await load(harness)).inventory!.keys.some((k) => k.id === key.id)).toBe(true);
  });

  it('a device key revoked under another device is not reported gone while it still works', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Belongs to the CLI');
    const confirmation = await confirm(harness, 'revoke-key', [created.key.id]);
    const result = await harness.services.dispatch('keys.revoke', {
      owner: { type: 'device', id: DEMO_DEVICE_IDS.importerNoKeys },
      keyId: created.key.id,
      confirmationId: confirmation.id,
    });
    expect(await deviceKeyIds()).toEqual([created.key.id]);
    expect(result.ok ? result.value : result.error.code).not.toEqual({ alreadyGone: true });
    expect((await load(harness)).inventory!.keys.some((k) => k.id === created.key.id)).toBe(true);
  });
});

describe("the app's own key", () => {
  /** The admin's other key (legacy, accepted by this release): a look at the site once the app's old key is revoked. */
  const inspector = () => secretOf(service.keys!.adminLegacy);

  async function appKey() {
    const key = (await load(harness)).inventory!.keys.find((k) => k.isAppKey);
    expect(key).toMatchObject({ ownerType: 'user', ownerId: DEMO_USER_IDS.admin, kind: 'enhanced' });
    return key!;
  }

  async function activeSiteId(): Promise<string> {
    return (await ok<SitesState>(harness, 'sites.state')).activeId!;
  }

  async function ownKeyIdsOnSite(): Promise<string[]> {
    const self = await siteCall<{ api_keys: SiteKey[] }>(service, 'GET', '/users/self', { secret: inspector() });
    return self.body.api_keys.map((k) => k._id);
  }

  async function auditOf(actions: string[]): Promise<AuditEntry[]> {
    return (await ok<AuditEntry[]>(harness, 'audit.list', {})).filter((entry) => actions.includes(entry.action)).reverse();
  }

  /** A second app on the same data folder with the same (fake) keychain: it can only work with what the vault holds. */
  async function expectVaultKeyWorks(): Promise<void> {
    const again = createMainHarness({ dataDir: harness.dataDir });
    const view = await refresh(again);
    expect(view.offline).toBeNull();
    expect(view.inventory?.keys.length).toBeGreaterThan(0);
  }

  it('"Replace this app\'s key": new key, app switched to it, old key revoked; the app still works, the old key is refused', async () => {
    const old = await appKey();
    const confirmation = await confirm(harness, 'rotate-compromised', [old.id]);
    const replaced = await ok<ReplacedAppKey>(harness, 'sites.replaceKey', {
      id: await activeSiteId(),
      expiresAt: inDays(90),
      confirmationId: confirmation.id,
    });
    expect(replaced).toMatchObject({
      oldKeyId: old.id,
      oldKeyLabel: old.label,
      oldKeyGone: true,
      newKey: { ownerType: 'user', ownerId: DEMO_USER_IDS.admin, isAppKey: true, kind: 'enhanced' },
    });
    expect(replaced.newKey.id).not.toBe(old.id);
    expect(Date.parse(replaced.newKey.expiresAt!)).toBeGreaterThan(Date.now() + 89 * DAY_MS);

    // The site: the old key is revoked and refused, the new one is there.
    expect((await siteCall(service, 'GET', '/users/self', { secret: ADMIN_CANARY_SECRET })).status).toBe(401);
    const onSite = await ownKeyIdsOnSite();
    expect(onSite).toContain(replaced.newKey.id);
    expect(onSite).not.toContain(old.id);

    // The app still works, with the new key marked as its own.
    const view = await refresh(harness);
    expect(view.offline).toBeNull();
    expect(view.inventory!.keys.find((k) => k.isAppKey)?.id).toBe(replaced.newKey.id);
    expect(view.inventory!.keys.some((k) => k.id === old.id)).toBe(false);
    await expectVaultKeyWorks();

    // One audit entry per step, in the safe order; the new secret never left main.
    expect((await auditOf(['rotate-key', 'switch-app-key', 'revoke-compromised-key'])).map((e) => [e.action, e.outcome])).toEqual(
      [
        ['rotate-key', 'ok'],
        ['switch-app-key', 'ok'],
        ['revoke-compromised-key', 'ok'],
      ],
    );
    await settle(harness);
    await expectNoSecretAnywhere(harness, [replaced, view]);
  });

  it('replacing needs a rotate-compromised confirmation for exactly the app key: otherwise nothing changes', async () => {
    const old = await appKey();
    const before = await ownKeyIdsOnSite();
    const id = await activeSiteId();
    const wrongAction = await confirm(harness, 'revoke-key', [old.id]);
    expect(await failCode(harness, 'sites.replaceKey', { id, expiresAt: inDays(30), confirmationId: wrongAction.id })).toBe(
      'confirmation-required',
    );
    const otherKey = (await load(harness)).inventory!.keys.find((k) => k.ownerId === DEMO_USER_IDS.admin && !k.isAppKey)!;
    const wrongKey = await confirm(harness, 'rotate-compromised', [otherKey.id]);
    expect(await failCode(harness, 'sites.replaceKey', { id, expiresAt: inDays(30), confirmationId: wrongKey.id })).toBe(
      'confirmation-required',
    );
    expect(await ownKeyIdsOnSite()).toEqual(before);
    expect((await siteCall(service, 'GET', '/users/self', { secret: ADMIN_CANARY_SECRET })).status).toBe(200);
  });

  it('when the app cannot switch to the new key, the old key is not revoked, the new one is removed, and the admin is told', async () => {
    const old = await appKey();
    const before = await ownKeyIdsOnSite();
    const confirmation = await confirm(harness, 'rotate-compromised', [old.id]);
    // The new key's check against the site fails (the only /auth/status call of the replacement is the switch's).
    service.faults.failNext({ method: 'GET', path: /^\/api\/auth\/status$/ }, 401);
    const result = await harness.services.dispatch('sites.replaceKey', {
      id: await activeSiteId(),
      expiresAt: inDays(30),
      confirmationId: confirmation.id,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('unauthorized');
      expect(result.error.message).toMatch(
        /could not switch to the new key.*old key was not revoked.*new key was removed again/s,
      );
    }
    expect((await siteCall(service, 'GET', '/users/self', { secret: ADMIN_CANARY_SECRET })).status).toBe(200);
    expect(await ownKeyIdsOnSite()).toEqual(before);
    expect((await refresh(harness)).offline).toBeNull();
    await expectVaultKeyWorks();
    expect((await auditOf(['switch-app-key', 'revoke-compromised-key'])).map((e) => [e.action, e.outcome])).toEqual([
      ['switch-app-key', 'failed'],
    ]);
  });

  it('keys.rotate of the app key as compromised switches the app first: the app keeps working, the old key is refused', async () => {
    const old = await appKey();
    const confirmation = await confirm(harness, 'rotate-compromised', [old.id]);
    const rotated = await ok<{ created: CreatedKey; oldKeyRevoked: boolean }>(harness, 'keys.rotate', {
      owner: { type: 'self' },
      keyId: old.id,
      expiresAt: inDays(30),
      compromised: true,
      confirmationId: confirmation.id,
    });
    expect(rotated.oldKeyRevoked).toBe(true);
    expect(rotated.created.secret).toContain(KEY_CANARY);
    expect((await siteCall(service, 'GET', '/users/self', { secret: ADMIN_CANARY_SECRET })).status).toBe(401);
    const view = await refresh(harness);
    expect(view.offline).toBeNull();
    expect(view.inventory!.keys.find((k) => k.isAppKey)?.id).toBe(rotated.created.key.id);
    await expectVaultKeyWorks();
  });

  it('keys.rotate of the app key as compromised, when the switch fails: the old key stays and the answer says so', async () => {
    const old = await appKey();
    const confirmation = await confirm(harness, 'rotate-compromised', [old.id]);
    service.faults.failNext({ method: 'GET', path: /^\/api\/auth\/status$/ }, 401);
    const rotated = await ok<{ created: CreatedKey; oldKeyRevoked: boolean }>(harness, 'keys.rotate', {
      owner: { type: 'self' },
      keyId: old.id,
      expiresAt: inDays(30),
      compromised: true,
      confirmationId: confirmation.id,
    });
    expect(rotated.oldKeyRevoked).toBe(false);
    // The admin has the new secret to connect with; the app keeps its old key, which still works.
    expect(rotated.created.secret).toContain(KEY_CANARY);
    expect((await siteCall(service, 'GET', '/users/self', { secret: ADMIN_CANARY_SECRET })).status).toBe(200);
    expect((await refresh(harness)).offline).toBeNull();
  });
});
