import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import { call, inDays, manualClock, secretOf, type DeviceBody, type KeyBody, type UserBody } from './helpers.js';

describe('keyservice keys', () => {
  const clock = manualClock();
  let service: KeyService;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo', now: clock.now });
    if (!service.keys) throw new Error('demo seed has keys');
    admin = secretOf(service.keys.admin);
    user = secretOf(service.keys.user);
  });
  afterAll(async () => {
    await service.close();
  });

  const createDevice = async (label: string): Promise<string> => {
    const created = await call<DeviceBody>(service.baseUrl, 'POST', '/api/devices', {
      secret: admin,
      body: { label, type: 'importer' },
    });
    expect(created.status).toBe(200);
    return created.body._id;
  };

  it('registers a device with the documented fields', async () => {
    const created = await call<DeviceBody>(service.baseUrl, 'POST', '/api/devices', {
      secret: admin,
      body: { label: 'Scanner 7', type: 'custom-type', unknown_field: 1 },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      label: 'Scanner 7',
      type: 'custom-type',
      version: null,
      name: null,
      errors: [],
      info: {},
      interval: null,
      last_seen: null,
      disabled: false,
    });
    expect(created.body._id).toMatch(/^[0-9a-f]{24}$/);
    expect((await call(service.baseUrl, 'POST', '/api/devices', { secret: admin, body: { label: 'x' } })).status).toBe(400);
    expect((await call(service.baseUrl, 'POST', '/api/devices', { secret: admin, body: { label: 'x', type: '' } })).status).toBe(
      400,
    );
    expect((await call(service.baseUrl, 'POST', '/api/devices', { secret: admin, body: [1] })).status).toBe(400);
    expect((await call(service.baseUrl, 'GET', `/api/devices/${created.body._id}`, { secret: admin })).body).toEqual(
      created.body,
    );
  });

  it('validates a new key: label, and expires_at required, ISO 8601 and in the future (422)', async () => {
    const id = await createDevice('validation');
    const post = (body: unknown) => call(service.baseUrl, 'POST', `/api/devices/${id}/key`, { secret: admin, body });
    const missing = await post({ label: 'k' });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toMatch(/expires_at/);
    expect((await post({ label: 'k', expires_at: null })).status).toBe(422);
    expect((await post({ label: 'k', expires_at: inDays(clock.now(), -1) })).status).toBe(422);
    expect((await post({ label: 'k', expires_at: clock.now().toISOString() })).status).toBe(422);
    expect((await post({ label: 'k', expires_at: 'next tuesday' })).status).toBe(422);
    expect((await post({ label: 'k', expires_at: 1893456000000 })).status).toBe(422);
    expect((await post({ expires_at: inDays(clock.now(), 30) })).status).toBe(400);
    expect((await post({ label: 'x'.repeat(257), expires_at: inDays(clock.now(), 30) })).status).toBe(400);
    expect((await post({ label: 'x'.repeat(256), expires_at: inDays(clock.now(), 30) })).status).toBe(200);
    const oversized = await call(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
      secret: admin,
      body: { label: 'k', expires_at: inDays(clock.now(), 30), padding: 'x'.repeat(70 * 1024) },
    });
    expect(oversized.status).toBe(413);
    expect(oversized.body.status_code).toBe(413);
    const notJson = await fetch(`${service.baseUrl}/api/devices/${id}/key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(notJson.status).toBe(400);
    expect(
      (
        await call(service.baseUrl, 'POST', '/api/devices/000000000000000000000000/key', {
          secret: admin,
          body: { label: 'k', expires_at: inDays(clock.now(), 30) },
        })
      ).status,
    ).toBe(404);
  });

  it('returns the secret once, 57 characters, and never again', async () => {
    const id = await createDevice('secret once');
    const expires = new Date(clock.now().getTime() + 30 * 86_400_000);
    const created = await call<KeyBody>(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
      secret: admin,
      body: { label: 'Primary', expires_at: expires.toISOString() },
    });
    expect(created.status).toBe(200);
    const secret = created.body.key ?? '';
    expect(secret).toMatch(/^djE[A-Za-z0-9_-]{54}$/);
    expect(created.body).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      label: 'Primary',
      type: 'device',
      origin: { type: 'device', id },
      created: clock.now().toISOString(),
      expires_at: expires.toISOString(),
      last_used: null,
      key: secret,
    });
    expect(created.body._id).not.toContain(secret.slice(3, 20));
    // The new key works, as the device.
    const self = await call<DeviceBody>(service.baseUrl, 'GET', '/api/devices/self', { secret });
    expect(self.body._id).toBe(id);
    for (const path of [
      `/api/devices/${id}?join_keys=true`,
      '/api/devices?join_keys=true',
      '/api/users?join_keys=true',
      '/api/devices/status',
    ]) {
      const listed = await call(service.baseUrl, 'GET', path, { secret: admin });
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(secret);
      expect(JSON.stringify(listed.body)).not.toContain('"key"');
    }
    const listed = await call<DeviceBody>(service.baseUrl, 'GET', `/api/devices/${id}?join_keys=true`, { secret: admin });
    expect(listed.body.api_keys?.[0]).toEqual({ ...created.body, key: undefined, last_used: clock.now().toISOString() });
  });

  it('refuses a sixth key with 422 naming the limit of 5 keys', async () => {
    const full = await call(service.baseUrl, 'POST', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}/key`, {
      secret: admin,
      body: { label: 'sixth', expires_at: inDays(clock.now(), 30) },
    });
    expect(full.status).toBe(422);
    expect(full.body.message).toMatch(/limit of 5 keys is reached/);
    const id = await createDevice('five');
    for (let i = 1; i <= 5; i++) {
      const created = await call(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
        secret: admin,
        body: { label: `k${i}`, expires_at: inDays(clock.now(), i) },
      });
      expect(created.status).toBe(200);
    }
    const sixth = await call(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
      secret: admin,
      body: { label: 'k6', expires_at: inDays(clock.now(), 6) },
    });
    expect(sixth.status).toBe(422);
    expect(sixth.body.message).toMatch(/limit of 5 keys is reached/);
  });

  it('deletes a device key (404 when gone) and a device with its keys', async () => {
    const id = await createDevice('to delete');
    const created = await call<KeyBody>(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
      secret: admin,
      body: { label: 'k', expires_at: inDays(clock.now(), 3) },
    });
    const secret = created.body.key ?? '';
    const other = await call<KeyBody>(service.baseUrl, 'POST', `/api/devices/${id}/key`, {
      secret: admin,
      body: { label: 'k2', expires_at: inDays(clock.now(), 3) },
    });
    // A key id under the wrong device is not found.
    expect(
      (
        await call(service.baseUrl, 'DELETE', `/api/devices/${DEMO_DEVICE_IDS.reaperOk}/key/${created.body._id}`, {
          secret: admin,
        })
      ).status,
    ).toBe(404);
    const deleted = await call(service.baseUrl, 'DELETE', `/api/devices/${id}/key/${created.body._id}`, { secret: admin });
    expect(deleted.status).toBe(204);
    expect((await call(service.baseUrl, 'DELETE', `/api/devices/${id}/key/${created.body._id}`, { secret: admin })).status).toBe(
      404,
    );
    expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret })).status).toBe(401);
    expect((await call(service.baseUrl, 'DELETE', `/api/devices/${id}`, { secret: admin })).status).toBe(204);
    expect((await call(service.baseUrl, 'GET', `/api/devices/${id}`, { secret: admin })).status).toBe(404);
    expect((await call(service.baseUrl, 'DELETE', `/api/devices/${id}`, { secret: admin })).status).toBe(404);
    expect((await call(service.baseUrl, 'GET', '/api/devices/self', { secret: other.body.key })).status).toBe(401);
  });

  it('lets a user create and delete only their own keys', async () => {
    const created = await call<KeyBody>(service.baseUrl, 'POST', '/api/users/self/key', {
      secret: user,
      body: { label: 'New laptop', expires_at: inDays(clock.now(), 30) },
    });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ type: 'user', origin: { type: 'user', id: 'grace.hopper@example.org' } });
    const secret = created.body.key ?? '';
    expect(secret).toHaveLength(57);
    const self = await call<UserBody>(service.baseUrl, 'GET', '/api/users/self', { secret });
    expect(self.body.api_keys?.map((key) => key._id)).toContain(created.body._id);
    expect(JSON.stringify(self.body)).not.toContain(secret);
    // Someone else (the admin) cannot delete it through their own self route.
    expect((await call(service.baseUrl, 'DELETE', `/api/users/self/key/${created.body._id}`, { secret: admin })).status).toBe(
      404,
    );
    expect((await call(service.baseUrl, 'DELETE', `/api/users/self/key/${created.body._id}`, { secret: user })).status).toBe(204);
    expect((await call(service.baseUrl, 'DELETE', `/api/users/self/key/${created.body._id}`, { secret: user })).status).toBe(404);
    expect((await call(service.baseUrl, 'GET', '/api/users/self', { secret })).status).toBe(401);
    // User keys obey the same rules.
    expect((await call(service.baseUrl, 'POST', '/api/users/self/key', { secret: user, body: { label: 'x' } })).status).toBe(422);
    // Grace holds 3 keys in the demo seed (two enhanced, one legacy): the limit counts them all.
    const held = (await call<UserBody>(service.baseUrl, 'GET', '/api/users/self', { secret: user })).body.api_keys ?? [];
    expect(held).toHaveLength(3);
    for (let i = held.length; i < 5; i++) {
      expect(
        (
          await call(service.baseUrl, 'POST', '/api/users/self/key', {
            secret: user,
            body: { label: `k${i}`, expires_at: inDays(clock.now(), 9) },
          })
        ).status,
      ).toBe(200);
    }
    const sixth = await call(service.baseUrl, 'POST', '/api/users/self/key', {
      secret: user,
      body: { label: 'k6', expires_at: inDays(clock.now(), 9) },
    });
    expect(sixth.status).toBe(422);
    expect(sixth.body.message).toMatch(/limit of 5 keys is reached/);
  });
});
