import { describe, expect, it, vi } from 'vitest';
import {
  allChannels,
  buildKeyAdminApi,
  connectInput,
  contractEntry,
  ipcContract,
  type Transport,
} from '../../../shared/ipc-contract.js';
import { MAX_KEY_STRING_LENGTH } from '../../../shared/key-string.js';

describe('allChannels', () => {
  it('lists every namespace.method of the contract exactly once', () => {
    const channels = allChannels();
    expect(channels).toEqual(
      expect.arrayContaining(['sites.state', 'sites.connect', 'sites.activate', 'sites.forget', 'sites.recheck']),
    );
    for (const channel of channels) expect(channel).toMatch(/^[a-z]+\.[A-Za-z]+$/);
    expect(new Set(channels).size).toBe(channels.length);
    const expected = Object.entries(ipcContract).flatMap(([ns, methods]) => Object.keys(methods).map((m) => `${ns}.${m}`));
    expect([...channels].sort()).toEqual(expected.sort());
  });
});

describe('contractEntry', () => {
  it('finds each channel of the contract', () => {
    for (const channel of allChannels()) expect(contractEntry(channel)).toBeDefined();
    expect(contractEntry('sites.connect')).toBe(ipcContract.sites.connect);
  });

  it.each([
    '',
    'sites',
    'sites.',
    '.connect',
    'sites.nope',
    'nope.state',
    '__proto__.x',
    '__proto__.constructor',
    'sites.__proto__',
    'sites.constructor',
    'sites.toString',
    'sites.hasOwnProperty',
    'constructor.name',
    'toString.call',
    'sites.connect.extra',
    'sites.connect.',
  ])('%j is unknown', (channel) => {
    expect(contractEntry(channel)).toBeUndefined();
  });
});

describe('buildKeyAdminApi', () => {
  it('builds one method per channel, each calling the transport with its channel name and payload', async () => {
    const transport = vi.fn<Transport>(async (channel, payload) => ({ channel, payload }));
    const api = buildKeyAdminApi(transport) as unknown as Record<string, Record<string, (input?: unknown) => Promise<unknown>>>;
    const built: string[] = [];
    for (const [ns, methods] of Object.entries(api)) for (const m of Object.keys(methods)) built.push(`${ns}.${m}`);
    expect(built.sort()).toEqual(allChannels().sort());

    for (const channel of allChannels()) {
      const [ns, method] = channel.split('.') as [string, string];
      const payload = { marker: channel };
      await expect(api[ns]![method]!(payload)).resolves.toEqual({ channel, payload });
      expect(transport).toHaveBeenLastCalledWith(channel, payload);
    }
    expect(transport).toHaveBeenCalledTimes(allChannels().length);
  });

  it('a method without input sends undefined', async () => {
    const transport = vi.fn<Transport>(async () => ({ ok: true, value: null }));
    await buildKeyAdminApi(transport).sites.state();
    expect(transport).toHaveBeenCalledWith('sites.state', undefined);
  });

  it('the api and each namespace are frozen: methods cannot be replaced or added', () => {
    const api = buildKeyAdminApi(vi.fn<Transport>());
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.sites)).toBe(true);
    expect(() => {
      (api.sites as unknown as Record<string, unknown>).connect = () => 'hijacked';
    }).toThrow(TypeError);
    expect(() => {
      (api as unknown as Record<string, unknown>).transport = () => undefined;
    }).toThrow(TypeError);
  });

  it('does not expose the transport', () => {
    const transport = vi.fn<Transport>();
    const api = buildKeyAdminApi(transport);
    expect(JSON.stringify(Object.keys(api))).not.toContain('transport');
    expect(Object.values(api.sites)).not.toContain(transport);
  });
});

describe('strict input schemas', () => {
  const connect = ipcContract.sites.connect.input;
  const activate = ipcContract.sites.activate.input;

  it('accept a valid connect input', () => {
    expect(connect.safeParse({ keyString: 'a.example.org:abc', name: 'Site', allowWeakStorage: true }).success).toBe(true);
    expect(connect.safeParse({}).success).toBe(true);
  });

  it('reject unknown keys', () => {
    expect(connect.safeParse({ keyString: 'a:b', extra: 1 }).success).toBe(false);
    expect(activate.safeParse({ id: 'abc', force: true }).success).toBe(false);
  });

  it('reject an own __proto__ key (from JSON.parse)', () => {
    const payload: unknown = JSON.parse('{"__proto__":{"x":1},"keyString":"a:b"}');
    expect(Object.hasOwn(payload as object, '__proto__')).toBe(true);
    expect(connect.safeParse(payload).success).toBe(false);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('reject wrong types', () => {
    expect(connect.safeParse({ keyString: 42 }).success).toBe(false);
    expect(connect.safeParse({ allowWeakStorage: 'yes' }).success).toBe(false);
    expect(connect.safeParse({ name: ['a'] }).success).toBe(false);
    expect(connect.safeParse('a:b').success).toBe(false);
    expect(connect.safeParse(null).success).toBe(false);
    expect(connect.safeParse([]).success).toBe(false);
    expect(activate.safeParse({ id: 1 }).success).toBe(false);
  });

  it(`reject huge strings (keyString over ${MAX_KEY_STRING_LENGTH}, name over 100, 100 000 characters)`, () => {
    expect(connect.safeParse({ keyString: 'a'.repeat(MAX_KEY_STRING_LENGTH) }).success).toBe(true);
    expect(connect.safeParse({ keyString: 'a'.repeat(MAX_KEY_STRING_LENGTH + 1) }).success).toBe(false);
    expect(connect.safeParse({ keyString: 'a'.repeat(100_000) }).success).toBe(false);
    expect(connect.safeParse({ secret: 'a'.repeat(100_000) }).success).toBe(false);
    expect(connect.safeParse({ siteUrl: 'a'.repeat(2049) }).success).toBe(false);
    expect(connect.safeParse({ name: 'a'.repeat(100) }).success).toBe(true);
    expect(connect.safeParse({ name: 'a'.repeat(101) }).success).toBe(false);
  });

  it('profile ids: lower-case letters, digits and dashes, 1 to 64', () => {
    expect(activate.safeParse({ id: 'a'.repeat(64) }).success).toBe(true);
    expect(activate.safeParse({ id: 'a1-b2' }).success).toBe(true);
    for (const id of ['', 'a'.repeat(65), 'ABC', '../x', 'a b', 'a_b', '__proto__']) {
      expect(activate.safeParse({ id }).success, id).toBe(false);
    }
  });

  it('a channel without input accepts only undefined', () => {
    const state = ipcContract.sites.state.input;
    expect(state.safeParse(undefined).success).toBe(true);
    expect(state.safeParse(null).success).toBe(false);
    expect(state.safeParse({}).success).toBe(false);
  });

  it('connectInput is the schema of sites.connect', () => {
    expect(ipcContract.sites.connect.input).toBe(connectInput);
  });
});
