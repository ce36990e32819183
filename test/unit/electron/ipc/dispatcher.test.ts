import { describe, expect, it, vi, type Mock } from 'vitest';
import { createDispatcher, type Handlers } from '../../../../electron/ipc/dispatcher.js';
import { createHandlers, type HandlerServices } from '../../../../electron/ipc/handlers.js';
import { createLogger } from '../../../../electron/services/logger.js';
import { AppFailure, SiteError } from '../../../../electron/services/site-error.js';
import type { SitesService } from '../../../../electron/services/sites.service.js';
import { allChannels } from '../../../../shared/ipc-contract.js';
import { ADMIN_SECRET, CANARY, captureLogger } from '../../support.js';

type FakeHandlers = Record<string, Record<string, Mock<(input: unknown) => unknown>>>;

/** One vi.fn per contract channel, answering `{ channel }` unless told otherwise. */
function fakeHandlers(): { handlers: Handlers; fns: FakeHandlers; all: () => Array<Mock<(input: unknown) => unknown>> } {
  const fns: FakeHandlers = {};
  for (const channel of allChannels()) {
    const [ns, method] = channel.split('.') as [string, string];
    fns[ns] ??= {};
    fns[ns][method] = vi.fn((_input: unknown): unknown => ({ channel }));
  }
  return {
    handlers: fns as unknown as Handlers,
    fns,
    all: () => Object.values(fns).flatMap((group) => Object.values(group)),
  };
}

const siteError = (code: 'forbidden' | 'unauthorized') =>
  new SiteError(code, 'The site does not allow this key to do that.', {
    status: code === 'forbidden' ? 403 : 401,
    method: 'GET',
    path: '/auth/status',
    requestId: 'req-1',
    sent: true,
  });

describe('createDispatcher', () => {
  it('a valid call runs its handler with the parsed input and answers an ok Result', async () => {
    const { handlers, fns } = fakeHandlers();
    fns.sites!.activate!.mockReturnValue({ active: 'abc' });
    const dispatch = createDispatcher(handlers, captureLogger());
    await expect(dispatch('sites.activate', { id: 'abc' })).resolves.toEqual({ ok: true, value: { active: 'abc' } });
    expect(fns.sites!.activate).toHaveBeenCalledExactlyOnceWith({ id: 'abc' });
  });

  it('an async handler is awaited', async () => {
    const { handlers, fns } = fakeHandlers();
    fns.sites!.state!.mockResolvedValue({ sites: [] });
    const dispatch = createDispatcher(handlers, captureLogger());
    await expect(dispatch('sites.state', undefined)).resolves.toEqual({ ok: true, value: { sites: [] } });
  });

  it.each([
    ['unknown keys', 'sites.connect', { keyString: 'a:b', admin: true }],
    ['wrong types', 'sites.connect', { keyString: 42 }],
    ['a huge string', 'sites.connect', { keyString: 'a'.repeat(100_000) }],
    ['an own __proto__ key', 'sites.connect', JSON.parse('{"__proto__":{"x":1},"keyString":"a:b"}') as unknown],
    ['a bad id', 'sites.forget', { id: '../../etc' }],
    ['a missing id', 'sites.forget', {}],
    ['a payload for a channel without input', 'sites.state', { anything: 1 }],
    ['null', 'sites.activate', null],
    ['an array', 'sites.activate', [{ id: 'abc' }]],
  ])('%s: validation error and no handler runs', async (_name, channel, payload) => {
    const { handlers, all } = fakeHandlers();
    const logger = captureLogger();
    const result = await createDispatcher(handlers, logger)(channel, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('validation');
    for (const fn of all()) expect(fn).not.toHaveBeenCalled();
  });

  it.each(['sites.nope', 'nope.state', '__proto__.x', 'sites.__proto__', 'sites.constructor', 'sites.connect.extra', ''])(
    'unknown channel %j: validation error and no handler runs',
    async (channel) => {
      const { handlers, all } = fakeHandlers();
      const result = await createDispatcher(handlers, captureLogger())(channel, undefined);
      expect(result).toEqual({ ok: false, error: { code: 'validation', message: expect.any(String) } });
      for (const fn of all()) expect(fn).not.toHaveBeenCalled();
    },
  );

  it('an invalid payload carrying a secret is not logged', async () => {
    const { handlers } = fakeHandlers();
    const logger = captureLogger();
    await createDispatcher(handlers, logger)('sites.connect', {
      keyString: `h.example.org:${ADMIN_SECRET}`,
      bogus: ADMIN_SECRET,
    });
    await createDispatcher(handlers, logger)(`sites.${ADMIN_SECRET}`, ADMIN_SECRET);
    expect(logger.text()).not.toContain(CANARY);
  });

  it('a handler throwing SiteError answers its code and fixed message', async () => {
    const { handlers, fns } = fakeHandlers();
    fns.sites!.recheck!.mockRejectedValue(siteError('forbidden'));
    const logger = captureLogger();
    const result = await createDispatcher(handlers, logger)('sites.recheck', { id: 'abc' });
    expect(result).toEqual({ ok: false, error: { code: 'forbidden', message: 'The site does not allow this key to do that.' } });
    expect(logger.lines.some((l) => l.fields.code === 'forbidden' && l.fields.requestId === 'req-1')).toBe(true);
  });

  it('a handler throwing AppFailure answers its code and message', async () => {
    const { handlers, fns } = fakeHandlers();
    fns.sites!.activate!.mockImplementation(() => {
      throw new AppFailure('not-found', 'There is no saved site with this id.');
    });
    const result = await createDispatcher(handlers, captureLogger())('sites.activate', { id: 'abc' });
    expect(result).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no saved site with this id.' } });
  });

  it.each([
    ['an Error', () => new Error(`request failed with Authorization: Bearer ${ADMIN_SECRET}`)],
    ['a TypeError', () => new TypeError(`cannot read ${ADMIN_SECRET}`)],
    ['a string', () => `boom ${ADMIN_SECRET}`],
    ['an object', () => ({ headers: { Authorization: `Bearer ${ADMIN_SECRET}` } })],
  ])('a handler throwing %s with a secret: internal, fixed message, the secret in no log line', async (_name, make) => {
    const { handlers, fns } = fakeHandlers();
    fns.sites!.connect!.mockImplementation(() => {
      throw make();
    });
    const captured = captureLogger();
    const written: string[] = [];
    const real = createLogger((line) => written.push(line));
    const logger = {
      info: (e: string, f?: Readonly<Record<string, string | number | boolean | null>>) => (captured.info(e, f), real.info(e, f)),
      warn: (e: string, f?: Readonly<Record<string, string | number | boolean | null>>) => (captured.warn(e, f), real.warn(e, f)),
      error: (e: string, f?: Readonly<Record<string, string | number | boolean | null>>) => (
        captured.error(e, f),
        real.error(e, f)
      ),
    };
    const result = await createDispatcher(handlers, logger)('sites.connect', { keyString: `h.example.org:${ADMIN_SECRET}` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('internal');
    expect(result.error.message).toBe('Something went wrong inside the app. The action was not completed; try again.');
    expect(JSON.stringify(result)).not.toContain(CANARY);
    expect(captured.lines.length).toBeGreaterThan(0);
    expect(captured.text()).not.toContain(CANARY);
    expect(written.join('\n')).not.toContain(CANARY);
  });
});

describe('createHandlers', () => {
  it('maps each sites channel to the SitesService method with the right argument', async () => {
    const sites = {
      state: vi.fn(() => 'state'),
      connect: vi.fn(async () => ({ id: 'new-site' })),
      activate: vi.fn(() => 'activated'),
      forget: vi.fn(() => 'forgotten'),
      recheck: vi.fn(async () => 'rechecked'),
    };
    const notifications = { afterConnect: vi.fn(), forget: vi.fn() };
    const migration = { forget: vi.fn() };
    const inventory = { forget: vi.fn(async () => undefined) };
    const dispatch = createDispatcher(
      createHandlers({ sites, notifications, migration, inventory } as unknown as HandlerServices),
      captureLogger(),
    );
    await expect(dispatch('sites.state', undefined)).resolves.toEqual({ ok: true, value: 'state' });
    await expect(dispatch('sites.connect', { keyString: 'a.example.org:abc' })).resolves.toEqual({
      ok: true,
      value: { id: 'new-site' },
    });
    // A new site is fetched and checked at once; forgetting one drops its inventory, migration progress and ledger.
    expect(notifications.afterConnect).toHaveBeenCalledWith('new-site');
    await expect(dispatch('sites.activate', { id: 'one' })).resolves.toEqual({ ok: true, value: 'activated' });
    await expect(dispatch('sites.forget', { id: 'two' })).resolves.toEqual({ ok: true, value: 'forgotten' });
    await expect(dispatch('sites.recheck', { id: 'three' })).resolves.toEqual({ ok: true, value: 'rechecked' });
    expect(sites.connect).toHaveBeenCalledWith({ keyString: 'a.example.org:abc' });
    expect(sites.activate).toHaveBeenCalledWith('one');
    expect(sites.forget).toHaveBeenCalledWith('two');
    expect(migration.forget).toHaveBeenCalledWith('two');
    expect(notifications.forget).toHaveBeenCalledWith('two');
    expect(inventory.forget).toHaveBeenCalledWith('two');
    expect(sites.recheck).toHaveBeenCalledWith('three');
  });

  it('has a handler for every channel of the contract', () => {
    const handlers = createHandlers({ sites: {} as SitesService } as unknown as HandlerServices) as unknown as Record<
      string,
      Record<string, unknown>
    >;
    for (const channel of allChannels()) {
      const [ns, method] = channel.split('.') as [string, string];
      expect(typeof handlers[ns]?.[method], channel).toBe('function');
    }
  });
});
