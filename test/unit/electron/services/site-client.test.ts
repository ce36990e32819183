import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import {
  TransportFailure,
  type HttpRequest,
  type HttpResponse,
  type SiteHttp,
  type TransportFailureKind,
} from '../../../../electron/ports.js';
import { pageSchemaOf, SiteClient, sitePath, type SiteClientOptions } from '../../../../electron/services/site-client.js';
import { SiteError } from '../../../../electron/services/site-error.js';
import { ADMIN_SECRET, CANARY, fixedClock, LEGACY_SECRET } from '../../support.js';

type Reply = HttpResponse | TransportFailure | ((request: HttpRequest) => Promise<HttpResponse>);

const json = (status: number, body: unknown, extra: Partial<HttpResponse> = {}): HttpResponse => ({
  status,
  contentType: 'application/json; charset=utf-8',
  retryAfter: null,
  body: JSON.stringify(body),
  ...extra,
});

const AUTH_OK = { origin: { type: 'user', id: 'ada@example.org' }, user_is_admin: true, is_device: false, roles: [] };

/** A SiteHttp that answers from a script and records every request. */
function fakeHttp(...replies: Reply[]): SiteHttp & { calls: HttpRequest[] } {
  const calls: HttpRequest[] = [];
  const http = async (request: HttpRequest): Promise<HttpResponse> => {
    calls.push(request);
    const reply = replies.shift();
    if (reply === undefined) throw new Error(`unexpected call ${calls.length}: ${request.method} ${request.path}`);
    if (reply instanceof TransportFailure) throw reply;
    if (typeof reply === 'function') return reply(request);
    return reply;
  };
  return Object.assign(http, { calls });
}

function client(http: SiteHttp, overrides: Partial<SiteClientOptions> = {}) {
  const waits: number[] = [];
  const c = new SiteClient({
    http,
    secret: ADMIN_SECRET,
    clock: fixedClock(),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { client: c, waits };
}

async function siteErrorOf(promise: Promise<unknown>): Promise<SiteError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SiteError);
    return error as SiteError;
  }
  throw new Error('expected a SiteError, the call succeeded');
}

function expectNoSecret(error: SiteError): void {
  const everything = JSON.stringify({
    own: { ...error },
    message: error.message,
    code: error.code,
    details: error.details,
    name: error.name,
  });
  expect(everything).not.toContain(CANARY);
  expect(String(error)).not.toContain(CANARY);
  expect(error.stack ?? '').not.toContain(CANARY);
}

describe('SiteClient: headers', () => {
  it('sends "Bearer <secret>" for an enhanced key, and the secret alone', async () => {
    const http = fakeHttp(json(200, AUTH_OK));
    await client(http).client.authStatus();
    expect(http.calls[0]?.headers.Authorization).toBe(`Bearer ${ADMIN_SECRET}`);
    expect(http.calls[0]?.method).toBe('GET');
    expect(http.calls[0]?.path).toBe('/auth/status');
  });

  it('sends "scitran-user <secret>" for a legacy key', async () => {
    const http = fakeHttp(json(200, AUTH_OK));
    await client(http, { secret: LEGACY_SECRET }).client.authStatus();
    expect(http.calls[0]?.headers.Authorization).toBe(`scitran-user ${LEGACY_SECRET}`);
  });

  it('X-Accept-Feature: pagination only on paginated calls', async () => {
    const http = fakeHttp(json(200, { release: '18.4.0' }), json(200, []));
    const { client: c } = client(http);
    await c.version();
    await c.listAll('/users', z.looseObject({ _id: z.string() }));
    expect(http.calls[0]?.headers).not.toHaveProperty('X-Accept-Feature');
    expect(http.calls[1]?.headers['X-Accept-Feature']).toBe('pagination');
  });

  it('passes a signal to every request', async () => {
    const http = fakeHttp(json(200, { release: '18.4.0' }));
    await client(http).client.version();
    expect(http.calls[0]?.signal).toBeInstanceOf(AbortSignal);
  });
});

describe('SiteClient: retries', () => {
  it('retries a GET after 503 and then succeeds', async () => {
    const http = fakeHttp(json(503, {}), json(200, AUTH_OK));
    const { client: c, waits } = client(http);
    await expect(c.authStatus()).resolves.toMatchObject({ user_is_admin: true });
    expect(http.calls).toHaveLength(2);
    expect(waits).toEqual([150]);
  });

  it.each(['PUT', 'DELETE'] as const)('retries a %s after 502', async (method) => {
    const http = fakeHttp(json(502, {}), json(200, {}));
    await client(http).client.callNoContent(method, '/devices/d1');
    expect(http.calls).toHaveLength(2);
  });

  it.each([429, 502, 503, 504])('never retries a POST (status %i): one call', async (status) => {
    const http = fakeHttp(json(status, {}), json(200, { _id: 'k' }));
    const { client: c, waits } = client(http);
    const error = await siteErrorOf(
      c.call('POST', '/users/self/key', z.looseObject({ _id: z.string() }), { body: { label: 'x' } }),
    );
    expect(http.calls).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(error.details.status).toBe(status);
    expect(error.details.method).toBe('POST');
  });

  it('never retries a POST after a network failure, and keeps "sent"', async () => {
    const http = fakeHttp(new TransportFailure('reset', true), json(200, { _id: 'k' }));
    const error = await siteErrorOf(client(http).client.call('POST', '/users/self/key', z.looseObject({ _id: z.string() })));
    expect(http.calls).toHaveLength(1);
    expect(error.code).toBe('unreachable');
    expect(error.details.sent).toBe(true);
  });

  it('retries a GET after a network failure', async () => {
    const http = fakeHttp(new TransportFailure('unreachable', false), json(200, AUTH_OK));
    const { client: c, waits } = client(http);
    await expect(c.authStatus()).resolves.toBeDefined();
    expect(http.calls).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('honours Retry-After (seconds)', async () => {
    const http = fakeHttp(json(429, {}, { retryAfter: '3' }), json(200, AUTH_OK));
    const { client: c, waits } = client(http);
    await c.authStatus();
    expect(waits).toEqual([3000]);
  });

  it('honours Retry-After (HTTP date)', async () => {
    const http = fakeHttp(json(503, {}, { retryAfter: 'Thu, 26 Nov 2026 10:00:02 GMT' }), json(200, AUTH_OK));
    const { client: c, waits } = client(http, { clock: fixedClock('2026-11-26T10:00:00.000Z') });
    await c.authStatus();
    expect(waits).toEqual([2000]);
  });

  it('gives up without waiting when Retry-After exceeds the budget', async () => {
    const http = fakeHttp(json(429, {}, { retryAfter: '3600' }), json(200, AUTH_OK));
    const { client: c, waits } = client(http);
    const error = await siteErrorOf(c.authStatus());
    expect(error.code).toBe('rate-limited');
    expect(waits).toEqual([]);
    expect(http.calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with the last status code', async () => {
    const http = fakeHttp(json(503, {}), json(503, {}), json(503, {}), json(503, {}), json(200, AUTH_OK));
    const { client: c, waits } = client(http, { retry: { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 100, budgetMs: 10_000 } });
    const error = await siteErrorOf(c.authStatus());
    expect(http.calls).toHaveLength(4);
    expect(waits).toHaveLength(3);
    expect(error.code).toBe('site-error');
    expect(error.details.status).toBe(503);
  });

  it('429 until maxAttempts gives rate-limited', async () => {
    const http = fakeHttp(json(429, {}), json(429, {}));
    const { client: c } = client(http, { retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 100, budgetMs: 10_000 } });
    expect((await siteErrorOf(c.authStatus())).code).toBe('rate-limited');
    expect(http.calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404])('never retries %i', async (status) => {
    const http = fakeHttp(json(status, {}), json(200, AUTH_OK));
    await siteErrorOf(client(http).client.authStatus());
    expect(http.calls).toHaveLength(1);
  });
});

describe('SiteClient: status codes', () => {
  it.each([
    [401, { message: 'API key expired' }, 'key-expired'],
    [401, { message: 'Invalid API key' }, 'unauthorized'],
    [401, 'plain text', 'unauthorized'],
    [402, { message: 'User ada@example.org is disabled.' }, 'user-disabled'],
    [403, { message: 'forbidden' }, 'forbidden'],
    [404, { message: 'not found' }, 'not-found'],
    [409, { message: 'conflict' }, 'conflict'],
    [422, { message: 'User has reached the limit of 5 keys' }, 'limit-reached'],
    [422, { message: 'expires_at is required' }, 'validation'],
    [400, { message: 'bad input' }, 'validation'],
    [500, { message: 'boom' }, 'site-error'],
    [501, { message: 'nope' }, 'site-error'],
  ] as const)('%i %j -> %s', async (status, body, code) => {
    const reply = typeof body === 'string' ? { status, contentType: 'text/plain', retryAfter: null, body } : json(status, body);
    const error = await siteErrorOf(
      client(fakeHttp(reply), { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, budgetMs: 1 } }).client.authStatus(),
    );
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ status, method: 'GET', path: '/auth/status', sent: true });
  });

  it('carries the site request id, not the site message', async () => {
    const error = await siteErrorOf(
      client(fakeHttp(json(403, { message: 'SITE SAYS NO', request_id: 'req-42' }))).client.authStatus(),
    );
    expect(error.details.requestId).toBe('req-42');
    expect(error.message).not.toContain('SITE SAYS NO');
  });

  it('a site echoing the Authorization header in its error body does not leak the key', async () => {
    const echo = { message: `Invalid key: Bearer ${ADMIN_SECRET}`, request_id: `r-${ADMIN_SECRET}`.slice(0, 30) };
    const error = await siteErrorOf(client(fakeHttp(json(401, echo))).client.authStatus());
    expect(error.code).toBe('unauthorized');
    expect(error.message).not.toContain(CANARY);
  });
});

describe('SiteClient: answers', () => {
  it.each([
    ['a wrong content type', { status: 200, contentType: 'text/html', retryAfter: null, body: JSON.stringify(AUTH_OK) }],
    ['no content type', { status: 200, contentType: '', retryAfter: null, body: JSON.stringify(AUTH_OK) }],
    ['invalid JSON', { status: 200, contentType: 'application/json', retryAfter: null, body: '{"origin":' }],
    ['a missing required field', json(200, { user_is_admin: true })],
    ['a wrong field type', json(200, { ...AUTH_OK, user_is_admin: 'yes' })],
    ['an array instead of an object', json(200, [AUTH_OK])],
  ])('%s -> bad-response', async (_name, reply) => {
    const error = await siteErrorOf(client(fakeHttp(reply)).client.authStatus());
    expect(error.code).toBe('bad-response');
    expect(error.details.status).toBe(200);
  });

  it('tolerates extra fields and fills defaults', async () => {
    const answer = await client(fakeHttp(json(200, { origin: { type: 'user', id: 'a' }, new_field: 1 }))).client.authStatus();
    expect(answer).toMatchObject({ user_is_admin: false, is_device: false, roles: [] });
  });

  it('accepts application/problem+json style types containing "json"', async () => {
    const reply = { ...json(200, AUTH_OK), contentType: 'application/vnd.flywheel+json' };
    await expect(client(fakeHttp(reply)).client.authStatus()).resolves.toBeDefined();
  });
});

describe('SiteClient.callNoContent', () => {
  it('notFoundIsDone: a 404 counts as success, the key already gone', async () => {
    const http = fakeHttp(json(404, {}));
    await expect(client(http).client.callNoContent('DELETE', '/users/self/key/k1', { notFoundIsDone: true })).resolves.toBe(
      'already-gone',
    );
    expect(http.calls).toHaveLength(1);
  });

  it.each([
    ['a 503', json(503, {})],
    ['a connection reset after sending', new TransportFailure('reset', true)],
  ])('notFoundIsDone: a 404 on the retry after %s is this call\'s own work done, not "already gone"', async (_name, first) => {
    const http = fakeHttp(first, json(404, {}));
    await expect(client(http).client.callNoContent('DELETE', '/users/self/key/k1', { notFoundIsDone: true })).resolves.toBe(
      'done',
    );
    expect(http.calls).toHaveLength(2);
  });

  it('notFoundIsDone: a 404 on the retry after a connection that never reached the site is "already gone"', async () => {
    const http = fakeHttp(new TransportFailure('unreachable', false), json(404, {}));
    await expect(client(http).client.callNoContent('DELETE', '/users/self/key/k1', { notFoundIsDone: true })).resolves.toBe(
      'already-gone',
    );
  });

  it('without notFoundIsDone a 404 is not-found', async () => {
    const error = await siteErrorOf(client(fakeHttp(json(404, {}))).client.callNoContent('DELETE', '/users/self/key/k1'));
    expect(error.code).toBe('not-found');
  });

  it('notFoundIsDone does not hide other errors', async () => {
    const error = await siteErrorOf(
      client(fakeHttp(json(403, {}))).client.callNoContent('DELETE', '/users/self/key/k1', { notFoundIsDone: true }),
    );
    expect(error.code).toBe('forbidden');
  });

  it('a 204 with an empty body is fine', async () => {
    const http = fakeHttp({ status: 204, contentType: '', retryAfter: null, body: '' });
    await expect(client(http).client.callNoContent('DELETE', '/devices/d1')).resolves.toBe('done');
  });
});

describe('SiteClient.listAll', () => {
  const item = z.looseObject({ _id: z.string() });
  const ids = (...list: string[]) => list.map((_id) => ({ _id }));

  it('pages with limit and after_id until a short page', async () => {
    const http = fakeHttp(json(200, ids('a', 'b')), json(200, ids('c', 'd')), json(200, ids('e')));
    const pages: Array<[number, number | null, string[]]> = [];
    const items = await client(http, { pageSize: 2 }).client.listAll('/users', item, {
      query: { filter: 'x' },
      map: (wire) => wire._id.toUpperCase(),
      onPage: (loaded, total, page) => pages.push([loaded, total, [...page]]),
    });
    expect(items).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(http.calls.map((c) => c.query)).toEqual([
      { filter: 'x', limit: 2, after_id: undefined },
      { filter: 'x', limit: 2, after_id: 'b' },
      { filter: 'x', limit: 2, after_id: 'd' },
    ]);
    // Each page's own items, as mapped.
    expect(pages).toEqual([
      [2, null, ['A', 'B']],
      [4, null, ['C', 'D']],
      [5, null, ['E']],
    ]);
  });

  it('stops after an empty page when the last full page ended the list', async () => {
    const http = fakeHttp(json(200, ids('a', 'b')), json(200, []));
    const items = await client(http, { pageSize: 2 }).client.listAll('/users', item);
    expect(items).toHaveLength(2);
    expect(http.calls).toHaveLength(2);
  });

  it('reads the { total, count, results } shape', async () => {
    const http = fakeHttp(
      json(200, { total: 3, count: 2, results: ids('a', 'b') }),
      json(200, { total: 3, count: 1, results: ids('c') }),
    );
    const totals: Array<number | null> = [];
    const items = await client(http, { pageSize: 2 }).client.listAll('/devices', item, { onPage: (_l, t) => totals.push(t) });
    expect(items.map((i) => i._id)).toEqual(['a', 'b', 'c']);
    expect(totals).toEqual([3, 3]);
  });

  it('uses the default page size of 250 (Flywheel SDK parity)', async () => {
    const http = fakeHttp(json(200, []));
    await client(http).client.listAll('/users', item);
    expect(http.calls[0]?.query).toMatchObject({ limit: 250 });
  });

  it('a site that ignores after_id (same page again) -> bad-response, no endless loop', async () => {
    const page = () => Promise.resolve(json(200, ids('a', 'b')));
    const http = fakeHttp(page, page, page, page, page);
    const error = await siteErrorOf(client(http, { pageSize: 2 }).client.listAll('/users', item));
    expect(error.code).toBe('bad-response');
    expect(http.calls.length).toBeLessThanOrEqual(2);
  });

  it('an item repeated on a later page -> bad-response', async () => {
    const http = fakeHttp(json(200, ids('a', 'b')), json(200, ids('c', 'a')), json(200, []));
    const error = await siteErrorOf(client(http, { pageSize: 2 }).client.listAll('/users', item));
    expect(error.code).toBe('bad-response');
  });

  it('an item repeated within a page -> bad-response', async () => {
    const http = fakeHttp(json(200, ids('a', 'a')));
    expect((await siteErrorOf(client(http, { pageSize: 5 }).client.listAll('/users', item))).code).toBe('bad-response');
  });

  it('an item without _id -> bad-response', async () => {
    const http = fakeHttp(json(200, [{ id: 'a' }]));
    expect((await siteErrorOf(client(http).client.listAll('/users', item))).code).toBe('bad-response');
  });
});

describe('SiteClient: transport failures', () => {
  it.each([
    ['unreachable', 'unreachable'],
    ['reset', 'unreachable'],
    ['tls', 'tls'],
    ['timeout', 'timeout'],
    ['aborted', 'timeout'],
    ['too-large', 'bad-response'],
  ] as const)('%s -> %s (POST, so no retry)', async (kind: TransportFailureKind, code) => {
    const http = fakeHttp(new TransportFailure(kind, false));
    const error = await siteErrorOf(client(http).client.call('POST', '/devices', z.unknown()));
    expect(error.code).toBe(code);
    expect(error.details.status).toBeNull();
    expect(http.calls).toHaveLength(1);
  });

  it('a GET that keeps failing to connect gives up after maxAttempts as unreachable', async () => {
    const down = new TransportFailure('unreachable', false);
    const http = fakeHttp(down, down, down, down, json(200, AUTH_OK));
    const error = await siteErrorOf(client(http).client.authStatus());
    expect(error.code).toBe('unreachable');
    expect(http.calls).toHaveLength(4);
  });

  it('a tls failure is not retried even for GET', async () => {
    const http = fakeHttp(new TransportFailure('tls', false), json(200, AUTH_OK));
    expect((await siteErrorOf(client(http).client.authStatus())).code).toBe('tls');
    expect(http.calls).toHaveLength(1);
  });

  it('a non-TransportFailure exception from the adapter is passed through unchanged', async () => {
    const boom = new Error('adapter bug');
    const http: SiteHttp = async () => {
      throw boom;
    };
    await expect(client(http).client.authStatus()).rejects.toBe(boom);
  });
});

describe('SiteClient: deadline and cancellation', () => {
  /** A SiteHttp that hangs until its signal aborts, then fails the way the HTTP adapter does. */
  const hanging: SiteHttp = (request) =>
    new Promise((_resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(new TransportFailure('aborted', true)), { once: true });
    });

  it('the deadline aborts a hanging call -> timeout', async () => {
    const error = await siteErrorOf(
      new SiteClient({ http: hanging, secret: ADMIN_SECRET, clock: fixedClock(), deadlineMs: 50 }).authStatus(),
    );
    expect(error.code).toBe('timeout');
  });

  it('the deadline also bounds the waits between retries', async () => {
    const http = fakeHttp(...Array.from({ length: 10 }, () => json(503, {})));
    const c = new SiteClient({
      http,
      secret: ADMIN_SECRET,
      clock: fixedClock(),
      deadlineMs: 50,
      retry: { maxAttempts: 10, baseDelayMs: 5_000, maxDelayMs: 5_000, budgetMs: 60_000 },
      random: () => 1,
    });
    const error = await siteErrorOf(c.authStatus());
    expect(error.code).toBe('timeout');
    // The first 5 s wait between tries is cut short by the 50 ms deadline: no second try is ever sent.
    expect(http.calls).toHaveLength(1);
  });

  it("the caller's signal cancels a call", async () => {
    const controller = new AbortController();
    const pending = new SiteClient({ http: hanging, secret: ADMIN_SECRET, clock: fixedClock(), deadlineMs: 10_000 }).authStatus(
      controller.signal,
    );
    setTimeout(() => controller.abort(), 10);
    const error = await siteErrorOf(pending);
    expect(error.code).toBe('timeout');
  });
});

describe('SiteClient: concurrency', () => {
  it('at most maxInFlight calls reach the site at once', async () => {
    let inFlight = 0;
    let peak = 0;
    const releases: Array<() => void> = [];
    const http: SiteHttp = () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      return new Promise((resolve) => {
        releases.push(() => {
          inFlight -= 1;
          resolve(json(200, { _id: 'd1' }));
        });
      });
    };
    const c = new SiteClient({ http, secret: ADMIN_SECRET, clock: fixedClock(), maxInFlight: 2 });
    const calls = Array.from({ length: 6 }, () => c.call('PUT', '/devices/d1', z.unknown(), { body: { disabled: true } }));
    for (let done = 0; done < 6; done += 1) {
      await new Promise((r) => setTimeout(r, 5));
      expect(inFlight).toBeLessThanOrEqual(2);
      releases.shift()?.();
    }
    await Promise.all(calls);
    expect(peak).toBe(2);
  });

  /**
   * A refresh whose list pages hang (a slow site) must not hold the admin's create: one of the four request slots
   * is kept for actions (today a create waited 14.5 s behind a hanging refresh).
   */
  describe("one slot is kept for the admin's actions", () => {
    const KEY = { _id: 'k1', key: 'x'.repeat(57), label: 'New', created: '2026-11-26T10:00:00Z', expires_at: null };

    function hangingLists() {
      const listRequests: HttpRequest[] = [];
      const releaseLists: Array<() => void> = [];
      const http: SiteHttp = async (request) => {
        if (request.method === 'GET' && (request.path === '/devices' || request.path === '/users')) {
          listRequests.push(request);
          return new Promise((resolve) => releaseLists.push(() => resolve(json(200, []))));
        }
        if (request.method === 'POST') return json(200, KEY);
        return json(200, { _id: 'd1', api_keys: [] });
      };
      return { http, listRequests, releaseLists };
    }

    it('an action completes while four list pages hang; the lists finish once the site answers', async () => {
      const { http, listRequests, releaseLists } = hangingLists();
      const c = new SiteClient({ http, secret: ADMIN_SECRET, clock: fixedClock() });
      const item = z.looseObject({ _id: z.string() });
      let listsDone = 0;
      const lists = ['/devices', '/users', '/devices', '/users'].map((path) =>
        c.listAll(path, item).then(() => {
          listsDone += 1;
        }),
      );
      await new Promise((r) => setTimeout(r, 5));
      // Three of the four pages hold the background slots; the fourth waits for one of them.
      expect(listRequests).toHaveLength(3);

      // The action's own read (the owner's keys before a create) and the create go through the kept slot.
      await expect(
        c.call('GET', '/devices/d1', z.looseObject({ _id: z.string() }), { priority: 'action' }),
      ).resolves.toMatchObject({ _id: 'd1' });
      await expect(c.call('POST', '/devices/d1/key', z.looseObject({ _id: z.string() }), { body: {} })).resolves.toMatchObject({
        _id: 'k1',
      });
      expect(listsDone).toBe(0);
      expect(listRequests).toHaveLength(3);

      while (listsDone < 4) {
        releaseLists.shift()?.();
        await new Promise((r) => setTimeout(r, 1));
      }
      await Promise.all(lists);
      expect(listRequests).toHaveLength(4);
    });

    it('a GET without a priority is background: it waits behind the hanging pages', async () => {
      const { http, releaseLists } = hangingLists();
      const c = new SiteClient({ http, secret: ADMIN_SECRET, clock: fixedClock() });
      const item = z.looseObject({ _id: z.string() });
      const lists = ['/devices', '/users', '/devices'].map((path) => c.listAll(path, item));
      await new Promise((r) => setTimeout(r, 5));
      let answered = false;
      const background = c.call('GET', '/devices/d1', z.unknown()).then(() => {
        answered = true;
      });
      await new Promise((r) => setTimeout(r, 5));
      expect(answered).toBe(false);
      releaseLists.shift()?.();
      await background;
      expect(answered).toBe(true);
      for (const release of releaseLists.splice(0)) release();
      await Promise.all(lists);
    });
  });
});

describe('sitePath', () => {
  it('joins and URL-encodes segments', () => {
    expect(sitePath('devices', 'd1', 'key', 'k-2')).toBe('/devices/d1/key/k-2');
    expect(sitePath('users', 'ada+test@example.org')).toBe('/users/ada%2Btest%40example.org');
  });

  it.each(['..', '.', '', 'a/b', '../admin', 'a\\b', 'a b', '%2e%2e', 'a?b', 'a#b', 'x'.repeat(257)])('rejects %j', (segment) => {
    expect(() => sitePath('users', segment)).toThrow(SiteError);
    try {
      sitePath('users', segment);
    } catch (error) {
      expect((error as SiteError).code).toBe('validation');
    }
  });

  it('the error does not echo the bad segment', () => {
    try {
      sitePath('users', `${CANARY}/x`);
      expect.unreachable();
    } catch (error) {
      expect(JSON.stringify({ m: (error as SiteError).message, d: (error as SiteError).details })).not.toContain(CANARY);
    }
  });
});

describe('SiteClient: no secret in any error', () => {
  const cases: Array<[string, Reply]> = [
    ['401', json(401, { message: `bad key ${ADMIN_SECRET}` })],
    ['402', json(402, { message: 'disabled' })],
    ['500', json(500, `trace with Authorization: Bearer ${ADMIN_SECRET}`)],
    ['bad-response', { status: 200, contentType: 'text/html', retryAfter: null, body: ADMIN_SECRET }],
    ['tls', new TransportFailure('tls', false)],
    ['reset', new TransportFailure('reset', true)],
  ];
  it.each(cases)('%s', async (_name, reply) => {
    const error = await siteErrorOf(
      client(fakeHttp(reply)).client.call('POST', '/users/self/key', z.looseObject({ _id: z.string() })),
    );
    expectNoSecret(error);
  });
});

describe('SiteClient.listAll parses each page once, with a schema built once', () => {
  const item = z.looseObject({ _id: z.string(), api_keys: z.array(z.string()).optional() });
  afterEach(() => vi.restoreAllMocks());

  it('builds the page schema once per item schema, and every page is parsed and validated exactly once with it', async () => {
    expect(pageSchemaOf(item)).toBe(pageSchemaOf(item));
    expect(pageSchemaOf(z.looseObject({ _id: z.string() }))).not.toBe(pageSchemaOf(item));
    const validate = vi.spyOn(pageSchemaOf(item), 'safeParse');
    const parse = vi.spyOn(JSON, 'parse');
    const http = fakeHttp(
      json(200, [{ _id: 'a' }, { _id: 'b' }]),
      json(200, [{ _id: 'c' }, { _id: 'd' }]),
      json(200, [{ _id: 'e' }]),
    );
    await client(http, { pageSize: 2 }).client.listAll('/users', item);
    expect(validate).toHaveBeenCalledTimes(3);
    expect(parse).toHaveBeenCalledTimes(3);
  });

  it('with map, keeps what map makes of each item, in order, and not the wire items', async () => {
    const http = fakeHttp(
      json(200, [{ _id: 'a', api_keys: ['k1', 'k2'] }, { _id: 'b' }]),
      json(200, [{ _id: 'c', api_keys: ['k3'] }]),
    );
    const seen: string[] = [];
    const rows = await client(http, { pageSize: 2 }).client.listAll('/users', item, {
      map: (user) => {
        seen.push(user._id);
        return { id: user._id, keys: user.api_keys?.length ?? 0 };
      },
    });
    expect(rows).toEqual([
      { id: 'a', keys: 2 },
      { id: 'b', keys: 0 },
      { id: 'c', keys: 1 },
    ]);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('asks for the next page before validating and mapping this one, and drops it when this one is broken', async () => {
    const http = fakeHttp(json(200, [{ _id: 'a' }, { _id: 'b' }]), json(200, [{ _id: 'c' }]));
    const callsWhenMapped: number[] = [];
    await client(http, { pageSize: 2 }).client.listAll('/users', item, {
      map: (user) => callsWhenMapped.push(http.calls.length) && user._id,
    });
    expect(callsWhenMapped).toEqual([2, 2, 2]);
    expect(http.calls.map((c) => c.query?.after_id)).toEqual([undefined, 'b']);

    const broken = fakeHttp(json(200, [{ _id: 'a' }, { _id: 'b', api_keys: 'not a list' }]), json(500, {}));
    const error = await siteErrorOf(client(broken, { pageSize: 2 }).client.listAll('/users', item));
    expect(error.code).toBe('bad-response');
    expect(error.details.status).toBe(200);
  });

  it('never sends an unvalidated cursor that is not an id', async () => {
    const http = fakeHttp(json(200, [{ _id: 'a' }, { _id: 'x'.repeat(300) }]));
    const error = await siteErrorOf(client(http, { pageSize: 2 }).client.listAll('/users', item));
    expect(error.code).toBe('bad-response');
    expect(http.calls).toHaveLength(1);
  });

  it('with map, a repeated item is still a broken list', async () => {
    const http = fakeHttp(json(200, [{ _id: 'a' }, { _id: 'b' }]), json(200, [{ _id: 'a' }]));
    const error = await siteErrorOf(client(http, { pageSize: 2 }).client.listAll('/users', item, { map: (user) => user._id }));
    expect(error.code).toBe('bad-response');
  });
});
