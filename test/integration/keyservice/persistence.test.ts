import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startKeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import { call, CANARY_ADMIN_SECRET, inDays, secretOf, type KeyBody, type Page, type UserBody } from './helpers.js';

describe('keyservice persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyservice-'));
  const dbFile = join(dir, 'keys.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Every byte of the database and its WAL/SHM files. */
  const databaseBytes = (): string =>
    readdirSync(dir)
      .map((name) => readFileSync(join(dir, name)).toString('latin1'))
      .join('\n');

  it('stores enhanced secrets only hashed, and keeps data across a restart without reseeding', async () => {
    const first = await startKeyService({ seed: 'demo', dbFile, adminSecret: CANARY_ADMIN_SECRET });
    const keys = first.keys;
    if (!keys) throw new Error('seeded');
    const admin = secretOf(keys.admin);
    const created = await call<KeyBody>(first.baseUrl, 'POST', `/api/devices/${DEMO_DEVICE_IDS.cliNoKeys}/key`, {
      secret: admin,
      body: { label: 'KEYCANARY label', expires_at: inDays(new Date(), 30) },
    });
    expect(created.status).toBe(200);
    const secret = created.body.key ?? '';
    const userKey = await call<KeyBody>(first.baseUrl, 'POST', '/api/users/self/key', {
      secret: secretOf(keys.user),
      body: { label: 'user key', expires_at: inDays(new Date(), 30) },
    });
    const userSecret = userKey.body.key ?? '';
    await call(first.baseUrl, 'POST', '/api/devices', { secret: admin, body: { label: 'Added after seed', type: 'importer' } });
    expect(databaseBytes()).not.toContain(secret);
    expect(databaseBytes()).not.toContain(userSecret);
    expect(databaseBytes()).toContain('KEYCANARY label'); // the check does read the data
    await first.close();
    expect(databaseBytes()).not.toContain(secret);
    expect(databaseBytes()).not.toContain(userSecret);

    const second = await startKeyService({ seed: 'demo', dbFile });
    try {
      // The same seed keys, now on the new port.
      expect(second.keys).not.toBeNull();
      expect(secretOf(second.keys?.admin ?? '')).toBe(CANARY_ADMIN_SECRET);
      expect(secretOf(second.keys?.legacy ?? '')).toBe(secretOf(keys.legacy));
      expect(second.keys?.user).toBe(`127.0.0.1:${second.port}:__force_insecure:${secretOf(keys.user)}`);
      // Not reseeded: still 13 users and the added device is there.
      const users = await call<Page<UserBody>>(second.baseUrl, 'GET', '/api/users?limit=1', {
        secret: admin,
        headers: { 'X-Accept-Feature': 'pagination' },
      });
      expect(users.body.total).toBe(13);
      const devices = await call<Page<UserBody>>(second.baseUrl, 'GET', '/api/devices?filter=label=Added after seed', {
        secret: admin,
        headers: { 'X-Accept-Feature': 'pagination' },
      });
      expect(devices.body.total).toBe(1);
      // Keys created before the restart still work.
      expect((await call(second.baseUrl, 'GET', '/api/devices/self', { secret })).status).toBe(200);
      expect((await call(second.baseUrl, 'GET', '/api/users/self', { secret: userSecret })).status).toBe(200);
      expect((await call(second.baseUrl, 'GET', '/api/devices/self', { secret: secretOf(keys.legacy) })).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('starts empty without a seed, and in memory without a db file', async () => {
    const empty = await startKeyService({ seed: 'none' });
    try {
      expect(empty.keys).toBeNull();
      expect((await call(empty.baseUrl, 'GET', '/api/version')).status).toBe(200);
      expect((await call(empty.baseUrl, 'GET', '/api/auth/status', { secret: 'djE'.padEnd(57, 'a') })).status).toBe(401);
    } finally {
      await empty.close();
    }
    const a = await startKeyService({ seed: 'demo' });
    const b = await startKeyService({ seed: 'demo' });
    try {
      expect(a.port).not.toBe(b.port);
      // The demo seed is deterministic.
      expect(secretOf(a.keys?.user ?? '')).toBe(secretOf(b.keys?.user ?? ''));
      expect(secretOf(a.keys?.admin ?? '')).toMatch(/^djE/);
    } finally {
      await a.close();
      await b.close();
      await b.close(); // closing twice is harmless
    }
  });

  it('refuses bad options', async () => {
    await expect(startKeyService({ release: 'banana' })).rejects.toThrow();
    await expect(startKeyService({ adminSecret: 'too short' })).rejects.toThrow();
    await expect(startKeyService({ port: 70_000 })).rejects.toThrow();
  });
});
