import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import { call, inDays, secretOf, type DeviceBody, type KeyBody } from './helpers.js';

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

  it('delayNext delays the matching request only, and only the next one', async () => {
    // The order of the answers, not milliseconds: a held request is still pending when a request beside it is answered.
    const events: string[] = [];
    const answered = <T>(name: string, answer: Promise<T>): Promise<T> =>
      answer.then((value) => {
        events.push(name);
        return value;
      });
    service.faults.delayNext({ path: /\/api\/version/ }, 1_000);
    const delayed = answered('delayed version', call(service.baseUrl, 'GET', '/api/version'));
    expect((await answered('auth status', call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin }))).status).toBe(200);
    expect((await delayed).status).toBe(200);
    // The fault is used up: the next /api/version is answered while a fresh delay on another path still holds that one.
    service.faults.delayNext({ path: /\/api\/auth\/status/ }, 1_000);
    const held = answered('delayed auth status', call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin }));
    expect((await answered('version', call(service.baseUrl, 'GET', '/api/version'))).status).toBe(200);
    expect((await held).status).toBe(200);
    expect(events).toEqual(['auth status', 'delayed version', 'version', 'delayed auth status']);
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

  describe('commitThenAnswerNext: the change is committed, then the answer is wrong', () => {
    // A fresh device per test: each holds at most 5 keys.
    let device = '';
    beforeEach(async () => {
      device = (
        await call<DeviceBody>(service.baseUrl, 'POST', '/api/devices', {
          secret: admin,
          body: { label: 'garbled', type: 'cli' },
        })
      ).body._id;
    });
    const createKey = (label: string) =>
      fetch(`${service.baseUrl}/api/devices/${device}/key`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label, expires_at: inDays(new Date(), 30) }),
      });
    const labelsOnSite = async () =>
      (
        await call<DeviceBody>(service.baseUrl, 'GET', `/api/devices/${device}?join_keys=true`, { secret: admin })
      ).body.api_keys?.map((key) => key.label);

    it('a 5xx with an error body, and the key exists on the server', async () => {
      service.faults.commitThenAnswerNext({ method: 'POST', path: /\/key$/ }, { status: 500 });
      const answer = await createKey('made, then 500');
      expect(answer.status).toBe(500);
      expect(answer.headers.get('content-type')).toContain('application/json');
      expect(await answer.json()).toMatchObject({ status_code: 500, request_id: expect.any(String) });
      expect(await labelsOnSite()).toContain('made, then 500');
    });

    it.each([
      ['html', 'text/html'],
      ['truncated-json', 'application/json'],
      ['wrong-shape', 'application/json'],
    ] as const)('status 200 with an unreadable body (%s), and the key exists on the server', async (garbage, type) => {
      service.faults.commitThenAnswerNext({ method: 'POST', path: /\/key$/ }, { garbage });
      const answer = await createKey(`made, then ${garbage}`);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain(type);
      const text = await answer.text();
      expect(text).not.toContain('"key"');
      if (garbage !== 'wrong-shape') expect(() => JSON.parse(text) as unknown).toThrow();
      expect(await labelsOnSite()).toContain(`made, then ${garbage}`);
    });

    it('a delete answered 503 after it was done: the key is gone', async () => {
      const made = await call<KeyBody>(service.baseUrl, 'POST', `/api/devices/${device}/key`, {
        secret: admin,
        body: { label: 'deleted, then 503', expires_at: inDays(new Date(), 30) },
      });
      service.faults.commitThenAnswerNext({ method: 'DELETE' }, { status: 503 }, 1);
      const answer = await call(service.baseUrl, 'DELETE', `/api/devices/${device}/key/${made.body._id}`, { secret: admin });
      expect(answer.status).toBe(503);
      expect(await labelsOnSite()).not.toContain('deleted, then 503');
      // Used up: the next delete answers the truth (404, it is gone).
      expect(
        (await call(service.baseUrl, 'DELETE', `/api/devices/${device}/key/${made.body._id}`, { secret: admin })).status,
      ).toBe(404);
    });

    it('a request the route refuses keeps its real answer (nothing was committed)', async () => {
      service.faults.commitThenAnswerNext({ method: 'POST', path: /\/key$/ }, { status: 502 });
      const refused = await call(service.baseUrl, 'POST', `/api/devices/${device}/key`, {
        secret: admin,
        body: { label: 'no expiry' },
      });
      expect(refused.status).toBe(422);
    });

    it('refuses statuses other than 5xx and unknown garbage', () => {
      expect(() => service.faults.commitThenAnswerNext({}, { status: 404 })).toThrow(RangeError);
      expect(() => service.faults.commitThenAnswerNext({}, { garbage: 'xml' as 'html' })).toThrow(RangeError);
    });
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
    // The one-second window reads the real clock (keyservice/rate-limit.ts): with the clock stood still, all 12
    // requests fall in one window whatever the machine's speed, and moving it on opens the next window without a sleep.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })),
      );
      expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
      const limited = answers.filter((answer) => answer.status === 429);
      expect(limited).toHaveLength(7);
      for (const answer of limited) {
        expect(answer.headers.get('retry-after')).toBe('1');
        expect(answer.body).toMatchObject({ status_code: 429 });
      }
      // Another key has its own budget.
      expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: user })).status).toBe(200);
      // Still in the same window, the first key is still refused; in the next one it works again.
      vi.setSystemTime(Date.now() + 999);
      expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })).status).toBe(429);
      vi.setSystemTime(Date.now() + 1);
      expect((await call(service.baseUrl, 'GET', '/api/auth/status', { secret: admin })).status).toBe(200);
    } finally {
      vi.useRealTimers();
    }
  });
});
