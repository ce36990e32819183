/**
 * The site misbehaving, injected in the key service: a create whose answer is lost is adopted, not repeated
 * (security.md D5); idempotent calls are retried on 503 and 429 honouring Retry-After, a create never (D4).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey } from '../../../shared/ipc-contract.js';
import { KEY_CANARY } from '../../support/canary.js';
import type { MainHarness } from '../../support/main-harness.js';
import { connectAdmin, failCode, inDays, ok, refresh, siteDevice, startDemoSite } from './support.js';

const DEVICE = DEMO_DEVICE_IDS.cliNoKeys;

let service: KeyService;
let harness: MainHarness;

beforeEach(async () => {
  service = await startDemoSite();
  harness = (await connectAdmin(service)).harness;
  await refresh(harness);
});
afterEach(async () => {
  service.faults.clear();
  harness.cleanup();
  await service.close();
});

async function deviceKeys(id = DEVICE) {
  return (await siteDevice(service, id))?.api_keys ?? [];
}

describe('a create whose answer is lost after the site made the key', () => {
  it('adopts the key: adopted true, no secret, exactly one new key on the device', async () => {
    service.faults.dropResponseNext({ method: 'POST', path: /\/key$/ });
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Lost answer',
      expiresAt: inDays(30),
    });
    expect(created.adopted).toBe(true);
    expect(created.secret).toBeNull();
    expect(created.secretHandle).toBeNull();
    const keys = await deviceKeys();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ _id: created.key.id, label: 'Lost answer' });
    const inventory = (await ok<{ inventory: { keys: { id: string }[] } }>(harness, 'inventory.load')).inventory;
    expect(inventory.keys.filter((k) => k.id === created.key.id)).toHaveLength(1);
    const audit = await ok<AuditEntry[]>(harness, 'audit.list', {});
    expect(audit[0]).toMatchObject({ action: 'create-key', outcome: 'adopted', keyId: created.key.id });
    expect(JSON.stringify(audit)).not.toContain(KEY_CANARY);
  });

  it('an own key (owner self) whose answer is lost is adopted the same way', async () => {
    service.faults.dropResponseNext({ method: 'POST', path: /\/users\/self\/key$/ });
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'self' },
      label: 'Lost own',
      expiresAt: inDays(30),
    });
    expect(created).toMatchObject({ adopted: true, secret: null });
    const inventory = (await refresh(harness)).inventory!;
    expect(inventory.keys.filter((k) => k.label === 'Lost own')).toHaveLength(1);
  });
});

describe('retries', () => {
  it('a GET answered 503 twice, then normally, succeeds', async () => {
    service.faults.failNext({ method: 'GET', path: /^\/api\/devices$/ }, 503, 2);
    const view = await refresh(harness);
    expect(view.offline).toBeNull();
    expect(view.inventory?.devices).toHaveLength(10);
  });

  it('a create answered 503 is not retried: an error, and no key made', async () => {
    service.faults.failNext({ method: 'POST', path: /\/key$/ }, 503, 1);
    const code = await failCode(harness, 'keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Not twice',
      expiresAt: inDays(30),
    });
    expect(code).toBe('site-error');
    expect(await deviceKeys()).toEqual([]);
    const audit = await ok<AuditEntry[]>(harness, 'audit.list', {});
    expect(audit[0]).toMatchObject({ action: 'create-key', outcome: 'failed', keyId: null });
    // The create went out once: a second injected 503 would have been consumed by a retry.
    service.faults.clear();
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Now it works',
      expiresAt: inDays(30),
    });
    expect((await deviceKeys()).map((k) => k._id)).toEqual([created.key.id]);
  });

  it('a create is sent exactly once when the site answers 503: a pending second fault is left unused', async () => {
    service.faults.failNext({ method: 'POST', path: /\/key$/ }, 503, 2);
    await failCode(harness, 'keys.create', { owner: { type: 'device', id: DEVICE }, label: 'Once', expiresAt: inDays(30) });
    // The second 503 is still pending, so the next create fails too; then the site answers normally.
    expect(
      await failCode(harness, 'keys.create', { owner: { type: 'device', id: DEVICE }, label: 'Twice', expiresAt: inDays(30) }),
    ).toBe('site-error');
    await ok(harness, 'keys.create', { owner: { type: 'device', id: DEVICE }, label: 'Third', expiresAt: inDays(30) });
    expect((await deviceKeys()).map((k) => k.label)).toEqual(['Third']);
  });

  it('a GET answered 429 with Retry-After: 1 waits about a second and then succeeds', async () => {
    service.faults.failNext({ method: 'GET', path: /^\/api\/devices\/status$/ }, 429, 1, '1');
    const started = Date.now();
    const view = await refresh(harness);
    const elapsed = Date.now() - started;
    expect(view.offline).toBeNull();
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("a 401 is not retried: one injected 401 on a GET leaves the refresh offline with 'unauthorized'", async () => {
    service.faults.failNext({ method: 'GET', path: /^\/api\/users\/self$/ }, 401, 1);
    const view = await ok<{ offline: { code: string } | null }>(harness, 'inventory.refresh');
    expect(view.offline?.code).toBe('unauthorized');
  });
});
