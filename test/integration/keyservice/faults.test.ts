import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import { call, inDays, secretOf, type DeviceBody } from './helpers.js';

describe('keyservice fault injection', () => {
  let service: KeyService;
  let admin: string;

  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo' });
    admin = secretOf(service.keys?.admin ?? '');
  });
  afterEach(() => service.faults.clear());
  afterAll(async () => {
    await service.close();
  });

  it('failNext answers the status N times with an error body and Retry-After, doing nothing', async () => {
    service.faults.failNext({ method: 'POST', path: /^\/api\/devices$/ }, 503, 2, '3');
    for (let i = 0; i < 2; i++) {
      const failed = await call(service.baseUrl, 'POST', '/api/devices', {
        secret: admin,
        body: { label: 'faulted', type: 'cli' },
      });
      expect(failed.status).toBe(503);
      expect(failed.headers.get('retry-after')).toBe('3');
      expect(failed.body).toMatchObject({ status_code: 503, message: expect.any(String), request_id: expect.any(String) });
    }
    // Other methods and paths were never affected; the third POST works.
    expect((await call(service.baseUrl, 'GET', '/api/devices', { secret: admin })).status).toBe(200);
    const third = await call<DeviceBody>(service.baseUrl, 'POST', '/api/devices', {
      secret: admin,
      body: { label: 'faulted', type: 'cli' },
    });
    expect(third.status).toBe(200);
    const matching = await call<DeviceBody[]>(service.baseUrl, 'GET', '/api/devices?filter=label=faulted', { secret: admin });
    expect(matching.body).toHaveLength(1);
  });

  it('failNext works without authentication too and matches by method alone', async () => {
    service.faults.failNext({ method: 'get' }, 429, 1, 'Wed, 21 Oct 2099 07:28:00 GMT');
    const limited = await call(service.baseUrl, 'GET', '/api/version');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('Wed, 21 Oct 2099 07:28:00 GMT');
    expect((await call(service.baseUrl, 'GET', '/api/version')).status).toBe(200);
  });

  it('delayNext delays the matching request only', async () => {
    service.faults.delayNext({ path: /\/api\/version/ }, 300);
    const started = Date.now();
    const delayed = await call(service.baseUrl, 'GET', '/api/version');
    expect(delayed.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const quick = Date.now();
    await call(service.baseUrl, 'GET', '/api/version');
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('delayNext lets a client time out', async () => {
    service.faults.delayNext({ path: /\/api\/version/ }, 500);
    await expect(fetch(`${service.baseUrl}/api/version`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
  });

  it('dropResponseNext handles the request but loses the answer: the key exists on the server', async () => {
    const device = DEMO_DEVICE_IDS.connectorUnknown;
    service.faults.dropResponseNext({ method: 'POST', path: /\/key$/ });
    await expect(
      fetch(`${service.baseUrl}/api/devices/${device}/key`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'lost answer', expires_at: inDays(new Date(), 30) }),
      }),
    ).rejects.toThrow();
    const listed = await call<DeviceBody>(service.baseUrl, 'GET', `/api/devices/${device}?join_keys=true`, { secret: admin });
    expect(listed.body.api_keys?.map((key) => key.label)).toContain('lost answer');
    // The service keeps serving.
    expect((await call(service.baseUrl, 'GET', '/api/version')).status).toBe(200);
  });

  it('clear forgets pending faults', async () => {
    service.faults.failNext({}, 500, 5);
    service.faults.clear();
    expect((await call(service.baseUrl, 'GET', '/api/version')).status).toBe(200);
    expect(() => service.faults.failNext({}, 200)).toThrow();
    expect(() => service.faults.failNext({}, 500, 0)).toThrow();
  });
});

describe('keyservice rate limit', () => {
  let service: KeyService;
  beforeAll(async () => {
    service = await startKeyService({ seed: 'demo', rateLimit: { requestsPerSecond: 5 } });
  });
  afterAll(async () => {
    await service.close();
  });

  it('answers 429 with Retry-After in seconds once a key exceeds its rate, per key', async () => {
    const admin = secretOf(service.keys?.admin ?? '');
    const user = secretOf(service.keys?.user ?? '');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })),
    );
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(answers.filter((answer) => answer.status === 200).length).toBeGreaterThanOrEqual(1);
    const first = limited[0];
    expect(Number(first?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(first?.body).toMatchObject({ status_code: 429 });
    // Another key has its own budget.
    expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: user })).status).toBe(200);
    // And the first key works again after waiting.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })).status).toBe(200);
  });
});
