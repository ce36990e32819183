import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { routeTable } from '../../../keyservice/routes/index.js';
import { openApiPath } from '../../../keyservice/openapi.js';
import {
  DEMO_DEVICE_IDS,
  DEMO_DEVICE_STATUS,
  DEMO_SHARED_EXPIRY_DAY_OFFSET,
  DEMO_USER_IDS,
  demoSeedPlan,
} from '../../../keyservice/seed/demo.js';
import { call, manualClock, secretOf, type DeviceBody, type ErrorBody, type Page, type UserBody } from './helpers.js';

const PAGINATION = { 'X-Accept-Feature': 'pagination' };

describe('keyservice lists, device status and OpenAPI', () => {
  const clock = manualClock();
  let service: KeyService;
  let admin: string;
  const get = <T = ErrorBody>(path: string, headers?: Record<string, string>) =>
    call<T>(service.baseUrl, 'GET', path, { secret: admin, ...(headers ? { headers } : {}) });

  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo', now: clock.now });
    admin = secretOf(service.keys?.admin ?? '');
  });
  afterAll(async () => {
    await service.close();
  });

  it('pages users with limit and after_id, ordered by _id, across 3 pages', async () => {
    const all = await get<UserBody[]>('/api/users');
    expect(Array.isArray(all.body)).toBe(true);
    const ids = all.body.map((user) => user._id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.length).toBe(13);
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const query: string = after === null ? '?limit=5' : `?limit=5&after_id=${encodeURIComponent(after)}`;
      const page = await get<Page<UserBody>>(`/api/users${query}`, PAGINATION);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(13);
      expect(page.body.count).toBe(page.body.results.length);
      if (page.body.results.length === 0) break;
      pages += 1;
      seen.push(...page.body.results.map((user) => user._id));
      after = page.body.results[page.body.results.length - 1]?._id ?? null;
      if (page.body.results.length < 5) break;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);
  });

  it('pages devices the same way, as a bare array without the pagination header', async () => {
    const first = await get<DeviceBody[]>('/api/devices?limit=4');
    expect(first.body.map((device) => device._id)).toEqual(Object.values(DEMO_DEVICE_IDS).sort().slice(0, 4));
    const second = await get<DeviceBody[]>(`/api/devices?limit=4&after_id=${first.body[3]?._id}`);
    const third = await get<DeviceBody[]>(`/api/devices?limit=4&after_id=${second.body[3]?._id}`);
    expect([...first.body, ...second.body, ...third.body].map((device) => device._id)).toEqual(
      Object.values(DEMO_DEVICE_IDS).sort(),
    );
    expect(third.body).toHaveLength(2);
  });

  it('refuses bad list parameters with 400', async () => {
    expect((await get('/api/users?after_id=a&sort=lastname:asc')).status).toBe(400);
    expect((await get('/api/devices?after_id=a&sort=label')).status).toBe(400);
    expect((await get('/api/devices?limit=0')).status).toBe(400);
    expect((await get('/api/devices?limit=1001')).status).toBe(400);
    expect((await get('/api/devices?limit=abc')).status).toBe(400);
    expect((await get('/api/devices?sort=secret_hash:asc')).status).toBe(400);
    expect((await get('/api/devices?sort=label:sideways')).status).toBe(400);
    expect((await get('/api/devices?filter=secret_hash=1')).status).toBe(400);
    expect((await get('/api/devices?filter=label=~(')).status).toBe(400);
    expect((await get('/api/devices?join_keys=maybe')).status).toBe(400);
    const error = await get('/api/users?after_id=a&sort=lastname:asc');
    expect(error.body.message).toMatch(/after_id/);
  });

  it('sorts and filters', async () => {
    const byLabel = await get<DeviceBody[]>('/api/devices?sort=label:desc');
    const labels = byLabel.body.map((device) => device.label);
    expect(labels).toEqual([...labels].sort().reverse());
    const reapers = await get<Page<DeviceBody>>('/api/devices?filter=type=reaper', PAGINATION);
    expect(reapers.body.total).toBe(3);
    expect(reapers.body.results.every((device) => device.type === 'reaper')).toBe(true);
    const importers = await get<DeviceBody[]>('/api/devices?filter=label=~importer,disabled=false');
    expect(importers.body.map((device) => device.label).sort()).toEqual([
      'Cardiology Importer',
      'Clinical Trials Importer',
      'Research PACS Importer',
      'Ultrasound Importer',
    ]);
    const disabled = await get<UserBody[]>('/api/users?filter=disabled=true');
    expect(disabled.body.map((user) => user._id)).toEqual([DEMO_USER_IDS.disabled]);
    const byName = await get<UserBody[]>('/api/users?sort=lastname:asc&limit=2');
    expect(byName.body.map((user) => user.lastname)).toEqual(['Allen', 'Backus']);
  });

  it('joins key metadata with join_keys=true', async () => {
    const devices = await get<DeviceBody[]>('/api/devices?join_keys=true');
    const byId = new Map(devices.body.map((device) => [device._id, device]));
    expect(byId.get(DEMO_DEVICE_IDS.reaperOk)?.api_keys).toHaveLength(5);
    expect(byId.get(DEMO_DEVICE_IDS.cliNoKeys)?.api_keys).toEqual([]);
    const plain = await get<DeviceBody[]>('/api/devices');
    expect(plain.body[0]).not.toHaveProperty('api_keys');
    const users = await get<UserBody[]>('/api/users?join_keys=true');
    const keys = users.body.flatMap((user) => user.api_keys ?? []);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.every((key) => key.type === 'user' && users.body.some((user) => user._id === key.origin.id))).toBe(true);
  });

  it('holds the demo seed as described: shared expiry day, near expiries, legacy keys, unused keys', async () => {
    const devices = await get<DeviceBody[]>('/api/devices?join_keys=true');
    const users = await get<UserBody[]>('/api/users?join_keys=true');
    const keys = [...devices.body, ...users.body].flatMap((owner) => owner.api_keys ?? []);
    const now = clock.now().getTime();
    const day = 86_400_000;
    const shared = new Date(
      Date.UTC(clock.now().getUTCFullYear(), clock.now().getUTCMonth(), clock.now().getUTCDate()) +
        DEMO_SHARED_EXPIRY_DAY_OFFSET * day,
    )
      .toISOString()
      .slice(0, 10);
    expect(keys.filter((key) => key.expires_at?.startsWith(shared)).length).toBeGreaterThanOrEqual(4);
    const expiries = keys.flatMap((key) => (key.expires_at ? [Date.parse(key.expires_at) - now] : []));
    expect(expiries.some((ms) => ms < 0)).toBe(true);
    expect(expiries.filter((ms) => ms > 0 && ms <= 7 * day).length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...expiries)).toBeGreaterThanOrEqual(364 * day);
    const legacy = keys.filter((key) => key.label === 'Legacy Key');
    expect(legacy.every((key) => key.expires_at === null)).toBe(true);
    expect(new Set(legacy.map((key) => key.type))).toEqual(new Set(['user', 'device']));
    expect(keys.some((key) => key.last_used === null)).toBe(true);
    expect(keys.some((key) => key.last_used !== null && now - Date.parse(key.last_used) < 60 * 60 * 1000)).toBe(true);
    expect(new Set(devices.body.map((device) => device.type))).toEqual(new Set(['reaper', 'importer', 'connector', 'cli']));
    // The pure plan describes the same service.
    const plan = demoSeedPlan(clock.now());
    expect(plan.keys).toHaveLength(keys.length);
    expect(plan.users.map((user) => user.id).sort()).toEqual(users.body.map((user) => user._id));
  });

  it('reports device status by the 2019 rules and moves with the clock', async () => {
    const status =
      await get<Record<string, { status: string; last_seen: string | null; errors: unknown[] }>>('/api/devices/status');
    expect(status.status).toBe(200);
    for (const [name, id] of Object.entries(DEMO_DEVICE_IDS)) {
      expect(status.body[id]?.status, name).toBe(DEMO_DEVICE_STATUS[name as keyof typeof DEMO_DEVICE_IDS]);
    }
    expect(status.body[DEMO_DEVICE_IDS.importerError]?.errors).toHaveLength(1);
    expect(status.body[DEMO_DEVICE_IDS.cliNoKeys]?.last_seen).toBeNull();
    // The ok reaper checks in every 60 s and was seen 30 s before seed time: 31 s later it is missing.
    clock.advance(31_000);
    try {
      const later = await get<Record<string, { status: string }>>('/api/devices/status');
      expect(later.body[DEMO_DEVICE_IDS.reaperOk]?.status).toBe('missing');
      // A request with one of its keys counts as a check-in, and it is ok again... for the legacy importer.
      await call(service.baseUrl, 'GET', '/api/devices/self', { secret: secretOf(service.keys?.legacy ?? '') });
      const seen = await get<Record<string, { status: string; last_seen: string }>>('/api/devices/status');
      expect(seen.body[DEMO_DEVICE_IDS.importerLegacy]).toMatchObject({ status: 'ok', last_seen: clock.now().toISOString() });
    } finally {
      clock.advance(-31_000);
    }
  });

  it('serves an OpenAPI document listing every route it serves', async () => {
    const doc = await call<{ openapi: string; paths: Record<string, Record<string, unknown>>; servers: { url: string }[] }>(
      service.baseUrl,
      'GET',
      '/api/openapi.json',
    );
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.servers[0]?.url).toBe('/api');
    const listed = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const served = routeTable().map((route) => `${route.method} ${openApiPath(route.path)}`);
    expect(listed.sort()).toEqual(served.sort());
    for (const expected of [
      'GET /version',
      'GET /auth/status',
      'GET /openapi.json',
      'GET /users/self',
      'POST /users/self/key',
      'DELETE /users/self/key/{key_id}',
      'GET /users',
      'GET /users/{id}',
      'PUT /users/{id}',
      'GET /devices',
      'POST /devices',
      'GET /devices/status',
      'GET /devices/self',
      'GET /devices/{id}',
      'PUT /devices/{id}',
      'DELETE /devices/{id}',
      'POST /devices/{id}/key',
      'DELETE /devices/{id}/key/{key_id}',
    ]) {
      expect(listed).toContain(expected);
    }
    // Every listed operation answers something other than "no such route".
    for (const entry of listed) {
      const [method = 'GET', path = ''] = entry.split(' ');
      const concrete = path.replace(/\{[a-z_]+\}/g, 'ffffffffffffffffffffffff');
      const answer = await call(service.baseUrl, method, `/api${concrete}`, {
        secret: admin,
        ...(method === 'PUT' || method === 'POST' ? { body: {} } : {}),
      });
      expect(answer.body.message ?? '', entry).not.toMatch(/^No such call/);
    }
  });
});
