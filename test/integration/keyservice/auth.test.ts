import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import {
  call,
  CANARY_ADMIN_SECRET,
  inDays,
  manualClock,
  secretOf,
  type DeviceBody,
  type KeyBody,
  type UserBody,
} from './helpers.js';

describe('keyservice authentication', () => {
  const clock = manualClock();
  let service: KeyService;
  let admin: string;
  let user: string;
  let legacy: string;
  let disabledUser: string;

  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo', now: clock.now, adminSecret: CANARY_ADMIN_SECRET });
    if (!service.keys) throw new Error('demo seed has keys');
    admin = secretOf(service.keys.admin);
    user = secretOf(service.keys.user);
    legacy = secretOf(service.keys.legacy);
    disabledUser = secretOf(service.keys.disabledUser);
  });
  afterAll(async () => {
    await service.close();
  });

  it('serves the version without a key', async () => {
    const { status, body } = await call(service.baseUrl, 'GET', '/api/version');
    expect(status).toBe(200);
    expect(body).toEqual({ _id: 'version', release: '18.4.0', flywheel_release: '18.4.0', database: 'sqlite' });
  });

  it('gives loopback key strings in Flywheel form and uses the admin secret override', () => {
    expect(service.baseUrl).toBe(`http://127.0.0.1:${service.port}`);
    expect(service.keys?.admin).toBe(`127.0.0.1:${service.port}:__force_insecure:${CANARY_ADMIN_SECRET}`);
    expect(user).toMatch(/^djE[A-Za-z0-9_-]{54}$/);
    expect(legacy).toMatch(/^[A-Za-z0-9]{18}$/);
  });

  it('reports who a key belongs to', async () => {
    const asAdmin = await call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin });
    expect(asAdmin.body).toEqual({
      origin: { type: 'user', id: DEMO_USER_IDS.admin },
      user_is_admin: true,
      is_device: false,
      roles: ['site_admin'],
    });
    const asUser = await call(service.baseUrl, 'GET', '/api/auth/status', { secret: user });
    expect(asUser.body).toMatchObject({ origin: { type: 'user', id: DEMO_USER_IDS.user }, user_is_admin: false });
    const asAdminLegacy = await call(service.baseUrl, 'GET', '/api/auth/status', {
      secret: secretOf(service.keys?.adminLegacy ?? ''),
    });
    expect(asAdminLegacy.body).toMatchObject({ origin: { type: 'user', id: DEMO_USER_IDS.admin }, user_is_admin: true });
    const asDevice = await call(service.baseUrl, 'GET', '/api/auth/status', { secret: legacy });
    expect(asDevice.body).toMatchObject({
      origin: { type: 'device', id: DEMO_DEVICE_IDS.importerLegacy },
      is_device: true,
      user_is_admin: false,
    });
  });

  it('follows the Authorization header rules exactly', async () => {
    const statusWith = async (authorization?: string) =>
      (await call(service.baseUrl, 'GET', '/api/auth/status', authorization === undefined ? {} : { authorization })).status;
    expect(await statusWith(`Bearer ${admin}`)).toBe(200);
    expect(await statusWith(`scitran-user ${legacy}`)).toBe(200);
    expect(await statusWith()).toBe(401);
    expect(await statusWith(`bearer ${admin}`)).toBe(401); // case-sensitive scheme
    expect(await statusWith(`BEARER ${admin}`)).toBe(401);
    expect(await statusWith(`Bearer  ${admin}`)).toBe(401);
    expect(await statusWith(`Scitran-user ${legacy}`)).toBe(401);
    expect(await statusWith(`scitran-user ${admin}`)).toBe(401); // an enhanced secret under the legacy scheme
    expect(await statusWith(`Bearer ${legacy}`)).toBe(401); // a legacy secret under Bearer
    expect(await statusWith(`Bearer ${admin.slice(0, 56)}`)).toBe(401); // wrong length
    expect(await statusWith(`Bearer ${admin}x`)).toBe(401);
    expect(await statusWith(`Bearer ${'djE'.padEnd(57, 'A')}`)).toBe(401); // well-formed, unknown
    expect(await statusWith(`scitran-user ${'A'.repeat(18)}`)).toBe(401);
    expect(await statusWith(`127.0.0.1:${service.port}:${admin}`)).toBe(401); // the key string is never a header
  });

  it('answers errors as Flywheel does', async () => {
    const { status, body, headers } = await call(service.baseUrl, 'GET', '/api/users/self', { authorization: 'Bearer nope' });
    expect(status).toBe(401);
    expect(headers.get('content-type')).toContain('application/json');
    expect(body).toEqual({ message: expect.any(String), status_code: 401, request_id: expect.stringMatching(/^[0-9a-f]{16,}$/) });
    const other = await call(service.baseUrl, 'GET', '/api/users/self', { authorization: 'Bearer nope' });
    expect(other.body.request_id).not.toBe(body.request_id);
    const missing = await call(service.baseUrl, 'GET', '/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.status_code).toBe(404);
  });

  it('rejects an expired key with "API key expired"', async () => {
    const created = await call<KeyBody>(service.baseUrl, 'POST', '/api/users/self/key', {
      secret: user,
      body: { label: 'short lived', expires_at: inDays(clock.now(), 1 / 24) },
    });
    expect(created.status).toBe(200);
    const secret = created.body.key ?? '';
    expect((await call(service.baseUrl, 'GET', '/api/users/self', { secret })).status).toBe(200);
    clock.advance(2 * 60 * 60 * 1000);
    try {
      const expired = await call(service.baseUrl, 'GET', '/api/users/self', { secret });
      expect(expired.status).toBe(401);
      expect(expired.body.message).toBe('API key expired');
    } finally {
      clock.advance(-2 * 60 * 60 * 1000);
      await call(service.baseUrl, 'DELETE', `/api/users/self/key/${created.body._id}`, { secret: user });
    }
  });

  it('rejects a disabled user with 402 and the exact message, and accepts again once enabled', async () => {
    const rejected = await call(service.baseUrl, 'GET', '/api/users/self', { secret: disabledUser });
    expect(rejected.status).toBe(402);
    expect(rejected.body.message).toBe(`User ${DEMO_USER_IDS.disabled} is disabled.`);
    const enable = await call(service.baseUrl, 'PUT', `/api/users/${encodeURIComponent(DEMO_USER_IDS.disabled)}`, {
      secret: admin,
      body: { disabled: false },
    });
    expect(enable.body).toEqual({ modified: 1 });
    expect((await call(service.baseUrl, 'GET', '/api/users/self', { secret: disabledUser })).status).toBe(200);
    await call(service.baseUrl, 'PUT', `/api/users/${encodeURIComponent(DEMO_USER_IDS.disabled)}`, {
      secret: admin,
      body: { disabled: true },
    });
    expect((await call(service.baseUrl, 'GET', '/api/users/self', { secret: disabledUser })).status).toBe(402);
    const userRow = await call<UserBody>(
      service.baseUrl,
      'GET',
      `/api/users/${encodeURIComponent(DEMO_USER_IDS.disabled)}?join_keys=true`,
      { secret: admin },
    );
    expect(userRow.body.disabled).toBe(true);
    expect(userRow.body.api_keys).toHaveLength(2); // disabling keeps the keys: its enhanced key and its legacy key
  });

  it('rejects a disabled device with 401 and accepts it again once enabled', async () => {
    const id = DEMO_DEVICE_IDS.importerLegacy;
    const off = await call<DeviceBody>(service.baseUrl, 'PUT', `/api/devices/${id}`, { secret: admin, body: { disabled: true } });
    expect(off.status).toBe(200);
    expect(off.body.disabled).toBe(true);
    expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret: legacy })).status).toBe(401);
    const withKeys = await call<DeviceBody>(service.baseUrl, 'GET', `/api/devices/${id}?join_keys=true`, { secret: admin });
    expect(withKeys.body.api_keys?.length).toBe(2);
    const on = await call<DeviceBody>(service.baseUrl, 'PUT', `/api/devices/${id}`, { secret: admin, body: { disabled: false } });
    expect(on.body.disabled).toBe(false);
    const self = await call<DeviceBody>(service.baseUrl, 'GET', '/api/devices/self', { secret: legacy });
    expect(self.status).toBe(200);
    expect(self.body._id).toBe(id);
  });

  it('rejects legacy keys once the release is 19.0.0 or later', async () => {
    try {
      service.setRelease('19.0.0');
      expect((await call<{ release: string }>(service.baseUrl, 'GET', '/api/version')).body.release).toBe('19.0.0');
      expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret: legacy })).status).toBe(401);
      expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })).status).toBe(200);
    } finally {
      service.setRelease('18.4.0');
    }
    expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret: legacy })).status).toBe(200);
    expect(() => service.setRelease('not a release')).toThrow();
  });

  it('lets only site admins manage devices and list users', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/users', undefined],
      ['GET', `/api/users/${encodeURIComponent(DEMO_USER_IDS.admin)}`, undefined],
      ['PUT', `/api/users/${encodeURIComponent(DEMO_USER_IDS.admin)}`, { disabled: true }],
      ['GET', '/api/devices', undefined],
      ['GET', '/api/devices/status', undefined],
      ['POST', '/api/devices', { label: 'x', type: 'reaper' }],
      ['GET', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}`, undefined],
      ['PUT', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}`, { disabled: true }],
      ['DELETE', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}`, undefined],
      ['POST', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}/key`, { label: 'x', expires_at: inDays(clock.now(), 3) }],
    ] as const) {
      const asUser = await call(service.baseUrl, method, path, { secret: user, body });
      expect(asUser.status, `${method} ${path}`).toBe(403);
      const asDevice = await call(service.baseUrl, method, path, { secret: legacy, body });
      expect(asDevice.status, `${method} ${path} as device`).toBe(403);
    }
    expect((await call(service.baseUrl, 'GET', '/api/users/self', { secret: legacy })).status).toBe(403);
    expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret: user })).status).toBe(403);
    // Nothing was changed by the refused calls.
    const device = await call<DeviceBody>(service.baseUrl, 'GET', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}?join_keys=true`, {
      secret: admin,
    });
    expect(device.body.disabled).toBe(false);
    expect(device.body.api_keys).toHaveLength(5);
  });

  it('records last_used on every use, and a device key also sets the device last_seen', async () => {
    clock.advance(60_000);
    try {
      const stamp = clock.now().toISOString();
      await call(service.baseUrl, 'GET', '/api/auth/status', { secret: legacy });
      const device = await call<DeviceBody>(
        service.baseUrl,
        'GET',
        `/api/devices/${DEMO_DEVICE_IDS.importerLegacy}?join_keys=true`,
        { secret: admin },
      );
      expect(device.body.last_seen).toBe(stamp);
      const legacyKey = device.body.api_keys?.find((key) => key.label === 'Legacy Key');
      expect(legacyKey?.last_used).toBe(stamp);
      expect(legacyKey?.expires_at).toBeNull();
      const self = await call<UserBody>(service.baseUrl, 'GET', '/api/users/self', { secret: user });
      expect(self.body.api_keys?.find((key) => key.label === 'Analysis laptop')?.last_used).toBe(stamp);
    } finally {
      clock.advance(-60_000);
    }
  });

  it('returns the current user with the metadata of their own keys', async () => {
    const { status, body } = await call<UserBody>(service.baseUrl, 'GET', '/api/users/self', { secret: admin });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      _id: DEMO_USER_IDS.admin,
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: DEMO_USER_IDS.admin,
      disabled: false,
    });
    expect(body.roles).toContain('site_admin');
    expect(body.api_keys?.map((key) => key.label).sort()).toEqual(['Keywarden admin', 'Legacy Key']);
    for (const key of body.api_keys ?? []) {
      expect(Object.keys(key).sort()).toEqual(['_id', 'created', 'expires_at', 'label', 'last_used', 'origin', 'type']);
      expect(key._id).toMatch(/^[0-9a-f]{24}$/);
    }
    expect(JSON.stringify(body)).not.toContain('ADMINCANARY');
  });
});
