/**
 * A long refresh cannot starve the admin's actions (security.md D8): the site client keeps one of its four request
 * slots for them. The services are composed as in the hosts over a fake site whose refresh requests hang; a create
 * and a revoke (with the reads they make) complete while every request of the refresh still hangs. Counts and
 * promise order only, no timing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMainServices, type MainServices } from '../../../../electron/composition.js';
import type { HttpRequest, HttpResponse, SiteHttp } from '../../../../electron/ports.js';
import { MemoryClipboard } from '../../../../electron/services/secret-handles.js';
import type { Confirmation, CreatedKey } from '../../../../shared/ipc-contract.js';
import { ADMIN_SECRET, captureLogger, FakeCipher, fixedClock, MemoryStore } from '../../support.js';

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  contentType: 'application/json',
  retryAfter: null,
  body: JSON.stringify(body),
});

const SELF = { _id: 'ada@example.org', firstname: 'Ada', lastname: 'Lovelace', roles: ['site_admin'], api_keys: [] };
const NEW_KEY = { _id: 'k-new', label: 'Nightly', created: '2026-11-26T10:00:00.000Z', expires_at: '2026-12-26T10:00:00.000Z' };

/** The fake site. While `hang` is on, every GET of the refresh (lists, status, the current user) waits to be released. */
function fakeSite() {
  const state = { hang: false, deviceKeys: [] as Array<Record<string, unknown>> };
  const hanging: HttpRequest[] = [];
  const releases: Array<() => void> = [];
  const refreshPath = (request: HttpRequest) =>
    request.method === 'GET' && ['/devices', '/users', '/devices/status', '/users/self'].includes(request.path);
  const answer = (request: HttpRequest): HttpResponse => {
    if (request.path === '/version') return json(200, { _id: 'version', release: '18.4.0', flywheel_release: '18.4.0' });
    if (request.path === '/auth/status') {
      return json(200, { origin: { type: 'user', id: SELF._id }, user_is_admin: true, is_device: false, roles: [] });
    }
    if (request.path === '/users/self') return json(200, SELF);
    if (request.path === '/devices' || request.path === '/users') return json(200, []);
    if (request.path === '/devices/status') return json(200, {});
    if (request.path === '/devices/d1' && request.method === 'GET') {
      return json(200, { _id: 'd1', label: 'Scanner', api_keys: state.deviceKeys });
    }
    if (request.path === '/devices/d1/key' && request.method === 'POST') {
      state.deviceKeys.push(NEW_KEY);
      return json(200, { ...NEW_KEY, key: `djE${'n'.repeat(54)}` });
    }
    if (request.path === `/devices/d1/key/${NEW_KEY._id}` && request.method === 'DELETE') {
      state.deviceKeys = state.deviceKeys.filter((key) => key._id !== NEW_KEY._id);
      return { status: 204, contentType: '', retryAfter: null, body: '' };
    }
    return json(404, { message: 'not found' });
  };
  const http: SiteHttp = async (request) => {
    if (state.hang && refreshPath(request)) {
      hanging.push(request);
      await new Promise<void>((resolve) => releases.push(resolve));
    }
    return answer(request);
  };
  return { http, state, hanging, releaseAll: () => releases.splice(0).forEach((release) => release()) };
}

let dataDir: string;
let site: ReturnType<typeof fakeSite>;
let services: MainServices;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-priority-'));
  site = fakeSite();
  services = createMainServices({
    dataDir,
    cipher: new FakeCipher(),
    settings: new MemoryStore(),
    httpFactory: () => site.http,
    clock: fixedClock(),
    logger: captureLogger(),
    clipboard: new MemoryClipboard(),
    env: {},
  });
  await services.sites.connect({ keyString: `flywheel.example.org:${ADMIN_SECRET}` });
  expect((await services.dispatch('inventory.refresh', undefined)).ok).toBe(true);
});
afterEach(() => {
  site.releaseAll();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function untilHanging(count: number): Promise<void> {
  for (let i = 0; i < 100 && site.hanging.length < count; i += 1) await new Promise((r) => setImmediate(r));
  expect(site.hanging).toHaveLength(count);
}

describe("the admin's actions while a refresh hangs", () => {
  it('a create (its read of the owner, then the POST) completes while all four requests of the refresh hang', async () => {
    site.state.hang = true;
    let refreshed = false;
    const refreshing = services.dispatch('inventory.refresh', undefined).then((result) => {
      refreshed = true;
      return result;
    });
    // Three of the refresh's four requests hold the background slots; the fourth waits in the client.
    await untilHanging(3);

    const created = await services.dispatch('keys.create', {
      owner: { type: 'device', id: 'd1' },
      label: 'Nightly',
      expiresAt: NEW_KEY.expires_at,
    });
    expect(created.ok && (created.value as CreatedKey).key.id).toBe('k-new');
    expect(refreshed).toBe(false);
    expect(site.hanging).toHaveLength(3);

    // A revoke (a non-GET) gets through as well.
    const confirmation = await services.dispatch('confirmations.request', { action: 'revoke-key', targets: ['k-new'] });
    const revoked = await services.dispatch('keys.revoke', {
      owner: { type: 'device', id: 'd1' },
      keyId: 'k-new',
      confirmationId: (confirmation.ok ? (confirmation.value as Confirmation) : null)?.id,
    });
    expect(revoked).toEqual({ ok: true, value: { alreadyGone: false } });
    expect(refreshed).toBe(false);

    // Once the site answers, the refresh finishes too, its fourth request after the first three.
    site.releaseAll();
    await untilHanging(4);
    site.releaseAll();
    expect((await refreshing).ok).toBe(true);
  });
});
