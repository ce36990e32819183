/**
 * The site misbehaving, injected in the key service: a create whose answer is lost, or cannot be read, or is a 5xx
 * after the key was made, is adopted, not repeated (security.md D5); a revoke answered with an error looks before
 * it reports; idempotent calls are retried on 503 and 429 honouring Retry-After, a create never (D4).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey } from '../../../shared/ipc-contract.js';
import { KEY_CANARY } from '../../support/canary.js';
import type { MainHarness } from '../../support/main-harness.js';
import {
  confirm,
  connectAdmin,
  createDeviceKey,
  failCode,
  inDays,
  journalEntries,
  load,
  ok,
  refresh,
  siteCall,
  siteDevice,
  startDemoSite,
} from './support.js';

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

describe('a create whose answer cannot be read after the site made the key', () => {
  async function expectAdopted(created: CreatedKey, label: string, keys: { _id: string; label: string }[]) {
    expect(created).toMatchObject({ adopted: true, secret: null, secretHandle: null });
    expect(keys.filter((key) => key.label === label)).toEqual([expect.objectContaining({ _id: created.key.id })]);
    const inventory = (await ok<{ inventory: { keys: { id: string }[] } }>(harness, 'inventory.load')).inventory;
    expect(inventory.keys.filter((k) => k.id === created.key.id)).toHaveLength(1);
    const audit = (await ok<AuditEntry[]>(harness, 'audit.list', {})).filter((entry) => entry.action === 'create-key');
    expect(audit).toEqual([expect.objectContaining({ outcome: 'adopted', keyId: created.key.id })]);
    expect(JSON.stringify([created, audit])).not.toContain(KEY_CANARY);
    expect(journalEntries(harness)).toEqual([]);
  }

  it.each([
    ['a 500', { status: 500 }],
    ['a 502', { status: 502 }],
    ['an HTML page with status 200', { garbage: 'html' }],
    ['truncated JSON with status 200', { garbage: 'truncated-json' }],
    ['JSON of the wrong shape with status 200', { garbage: 'wrong-shape' }],
  ] as const)('answered %s: the key is adopted, never "nothing was changed"', async (_name, answer) => {
    service.faults.commitThenAnswerNext({ method: 'POST', path: /\/key$/ }, answer);
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'device', id: DEVICE },
      label: 'Unreadable answer',
      expiresAt: inDays(30),
    });
    await expectAdopted(created, 'Unreadable answer', await deviceKeys());
  });

  it('an own key (owner self) answered with HTML is adopted the same way', async () => {
    service.faults.commitThenAnswerNext({ method: 'POST', path: /\/users\/self\/key$/ }, { garbage: 'html' });
    const created = await ok<CreatedKey>(harness, 'keys.create', {
      owner: { type: 'self' },
      label: 'Own, unreadable',
      expiresAt: inDays(30),
    });
    const own = (await siteCall<{ api_keys: { _id: string; label: string }[] }>(service, 'GET', '/users/self')).body.api_keys;
    await expectAdopted(created, 'Own, unreadable', own);
  });
});

describe('a revoke whose answer is an error after the site deleted the key', () => {
  async function revoke(keyId: string) {
    const confirmation = await confirm(harness, 'revoke-key', [keyId]);
    return harness.services.dispatch('keys.revoke', {
      owner: { type: 'device', id: DEVICE },
      keyId,
      confirmationId: confirmation.id,
    });
  }
  const revokeAudit = async () =>
    (await ok<AuditEntry[]>(harness, 'audit.list', {})).filter((entry) => entry.action === 'revoke-key');

  it('answered 500 (not retried): the next look shows the key gone, so it is reported revoked, not failed', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Deleted, then 500');
    service.faults.commitThenAnswerNext({ method: 'DELETE' }, { status: 500 });
    const result = await revoke(created.key.id);
    expect(result).toEqual({ ok: true, value: { alreadyGone: false } });
    expect(await deviceKeys()).toEqual([]);
    expect((await load(harness)).inventory?.keys.some((key) => key.id === created.key.id)).toBe(false);
    expect(await revokeAudit()).toEqual([expect.objectContaining({ outcome: 'ok', keyId: created.key.id })]);
    expect(journalEntries(harness)).toEqual([]);
  });

  it('answered 503 and retried (the retry finds it gone): revoked by this call, not "already gone"', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Deleted, then 503');
    service.faults.commitThenAnswerNext({ method: 'DELETE' }, { status: 503 });
    const result = await revoke(created.key.id);
    expect(result).toEqual({ ok: true, value: { alreadyGone: false } });
    expect(await deviceKeys()).toEqual([]);
    expect(await revokeAudit()).toEqual([expect.objectContaining({ outcome: 'ok', keyId: created.key.id, detail: 'Revoked.' })]);
  });

  it('answered 500 without deleting anything: the look shows the key, so it is reported failed and stays listed', async () => {
    const created = await createDeviceKey(harness, DEVICE, 'Still here');
    service.faults.failNext({ method: 'DELETE' }, 500);
    const result = await revoke(created.key.id);
    expect(result.ok ? 'ok' : result.error.code).toBe('site-error');
    expect((await deviceKeys()).map((key) => key._id)).toEqual([created.key.id]);
    expect((await load(harness)).inventory?.keys.some((key) => key.id === created.key.id)).toBe(true);
    expect(await revokeAudit()).toEqual([expect.objectContaining({ outcome: 'failed', keyId: created.key.id })]);
    expect(journalEntries(harness)).toEqual([]);
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

  it('a GET answered 429 with Retry-After: 7 waits the 7 seconds the site asked for, then succeeds', async () => {
    // The wait the client asks the timer for, not the time that passed: the 7 s wait is recorded and run at once.
    const realSetTimeout = globalThis.setTimeout;
    const waits: number[] = [];
    const timers = vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
      handler: (...args: unknown[]) => void,
      ms?: number,
      ...args: unknown[]
    ) => {
      if (typeof ms === 'number') waits.push(ms);
      return realSetTimeout(handler, ms === 7_000 ? 0 : ms, ...args);
    }) as typeof setTimeout);
    try {
      service.faults.failNext({ method: 'GET', path: /^\/api\/devices\/status$/ }, 429, 1, '7');
      const view = await refresh(harness);
      expect(view.offline).toBeNull();
    } finally {
      timers.mockRestore();
    }
    // Once, for the one 429: not the backoff's jitter (at most 300 ms before a first retry), and never more.
    expect(waits.filter((ms) => ms === 7_000)).toHaveLength(1);
  });

  it("a 401 is not retried: one injected 401 on a GET leaves the refresh offline with 'unauthorized'", async () => {
    service.faults.failNext({ method: 'GET', path: /^\/api\/users\/self$/ }, 401, 1);
    const view = await ok<{ offline: { code: string } | null }>(harness, 'inventory.refresh');
    expect(view.offline?.code).toBe('unauthorized');
  });
});
