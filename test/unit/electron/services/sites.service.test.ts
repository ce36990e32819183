import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse, SiteHttpFactory, SiteHttpOptions } from '../../../../electron/ports.js';
import { CredentialVault } from '../../../../electron/services/credential-vault.js';
import type { AuditInput } from '../../../../electron/services/audit-log.js';
import { AppFailure } from '../../../../electron/services/site-error.js';
import { SiteProfiles } from '../../../../electron/services/site-profiles.js';
import { SitesService } from '../../../../electron/services/sites.service.js';
import { ADMIN_SECRET, CANARY, FakeCipher, fixedClock, LEGACY_SECRET, MemoryStore } from '../../support.js';

const json = (status: number, body: unknown): HttpResponse => ({
  status,
  contentType: 'application/json',
  retryAfter: null,
  body: JSON.stringify(body),
});

interface Site {
  version: HttpResponse;
  authStatus: HttpResponse;
  usersSelf: HttpResponse;
}

const adminSite = (overrides: Partial<Site> = {}): Site => ({
  version: json(200, { _id: 'version', release: '18.0.0', flywheel_release: '18.4.2' }),
  authStatus: json(200, {
    origin: { type: 'user', id: 'ada@example.org' },
    user_is_admin: true,
    is_device: false,
    roles: ['site_admin'],
  }),
  usersSelf: json(200, {
    _id: 'ada@example.org',
    firstname: 'Ada',
    lastname: 'Lovelace',
    email: 'ada@example.org',
    roles: ['site_admin'],
  }),
  ...overrides,
});

let dir: string;
let site: Site;
let requests: HttpRequest[];
let factoryCalls: SiteHttpOptions[];
const httpFactory: SiteHttpFactory = (options) => {
  factoryCalls.push(options);
  return async (request) => {
    requests.push(request);
    switch (request.path) {
      case '/version':
        return site.version;
      case '/auth/status':
        return site.authStatus;
      case '/users/self':
        return site.usersSelf;
      default:
        return json(404, { message: 'not found' });
    }
  };
};

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-sites-'));
  site = adminSite();
  requests = [];
  factoryCalls = [];
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function makeService(options: { cipher?: FakeCipher | null; store?: MemoryStore } = {}) {
  const store = options.store ?? new MemoryStore();
  const cipher = options.cipher === undefined ? new FakeCipher() : options.cipher;
  const vault = new CredentialVault(path.join(dir, 'credentials'), cipher);
  const profiles = new SiteProfiles(store);
  const service = new SitesService({ profiles, vault, httpFactory, clock: fixedClock(), deadlineMs: 5_000 });
  return { service, store, vault, profiles };
}

const vaultFiles = () => (fs.existsSync(path.join(dir, 'credentials')) ? fs.readdirSync(path.join(dir, 'credentials')) : []);

async function failureOf(promise: Promise<unknown>): Promise<AppFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AppFailure);
    return error as AppFailure;
  }
  throw new Error('expected a failure');
}

function expectNothingStored(store: MemoryStore): void {
  expect(store.get('sites') ?? []).toEqual([]);
  expect(store.get('activeSiteId')).toBeUndefined();
  expect(vaultFiles()).toEqual([]);
}

const KEY = `flywheel.example.org:${ADMIN_SECRET}`;

describe('SitesService.connect: success', () => {
  it('checks the key, stores the profile and the key, and answers a summary', async () => {
    const { service, store } = makeService();
    const summary = await service.connect({ keyString: KEY });
    expect(summary).toMatchObject({
      name: 'flywheel.example.org',
      origin: 'https://flywheel.example.org',
      release: '18.4.2',
      userId: 'ada@example.org',
      userName: 'Ada Lovelace',
      isSiteAdmin: true,
      keyKind: 'enhanced',
      storage: 'keychain',
      needsKey: false,
      notices: [],
      connectedAt: '2026-11-26T10:00:00.000Z',
    });
    expect(summary.id).toMatch(/^[a-z0-9-]{1,64}$/);
    expect(requests.map((r) => r.path)).toEqual(['/version', '/auth/status', '/users/self', '/openapi.json']);
    // /api/version goes without the key; every call after it carries it.
    expect(requests[0]?.headers.Authorization).toBeUndefined();
    expect(requests.slice(1).every((r) => r.headers.Authorization === `Bearer ${ADMIN_SECRET}`)).toBe(true);
    expect(factoryCalls[0]?.origin).toBe('https://flywheel.example.org');
    expect(store.get('activeSiteId')).toBe(summary.id);
    expect(vaultFiles()).toEqual([`${summary.id}.key.json`]);
    expect(service.activeSite().id).toBe(summary.id);
  });

  it('neither the summary, the state, the settings nor the vault file contain the key', async () => {
    const { service, store } = makeService();
    const summary = await service.connect({ keyString: KEY });
    expect(JSON.stringify(summary)).not.toContain(CANARY);
    expect(JSON.stringify(service.state())).not.toContain(CANARY);
    expect(store.dump()).not.toContain(CANARY);
    for (const name of vaultFiles()) expect(fs.readFileSync(path.join(dir, 'credentials', name), 'utf8')).not.toContain(CANARY);
  });

  it('uses the name given, trimmed', async () => {
    const { service } = makeService();
    expect((await service.connect({ keyString: KEY, name: '  Production  ' })).name).toBe('Production');
  });

  it('accepts site URL and secret instead of a key string', async () => {
    const { service } = makeService();
    const summary = await service.connect({ siteUrl: 'https://flywheel.example.org:8443/api', secret: ADMIN_SECRET });
    expect(summary.origin).toBe('https://flywheel.example.org:8443');
  });

  it('a site admin recognised by roles only (user_is_admin false) is an admin', async () => {
    site = adminSite({ authStatus: json(200, { origin: { type: 'user', id: 'ada@example.org' }, user_is_admin: false }) });
    const { service } = makeService();
    expect((await service.connect({ keyString: KEY })).isSiteAdmin).toBe(true);
  });

  it('plain http to a loopback test site is allowed', async () => {
    const { service } = makeService();
    const summary = await service.connect({ keyString: `localhost:8080:__force_insecure:${ADMIN_SECRET}` });
    expect(summary.origin).toBe('http://localhost:8080');
  });

  it('falls back to "release" when "flywheel_release" is absent', async () => {
    site = adminSite({ version: json(200, { release: '17.5.0' }) });
    const { service } = makeService();
    expect((await service.connect({ keyString: KEY })).release).toBe('17.5.0');
  });

  it('16.19.0 (the gate itself) is supported', async () => {
    site = adminSite({ version: json(200, { flywheel_release: '16.19.0' }) });
    const { service } = makeService();
    await expect(service.connect({ keyString: KEY })).resolves.toMatchObject({ release: '16.19.0' });
  });
});

describe('SitesService.connect: notices', () => {
  it('a key of a user who is not a site admin -> notice not-site-admin', async () => {
    site = adminSite({
      authStatus: json(200, { origin: { type: 'user', id: 'bob@example.org' }, user_is_admin: false, roles: ['user'] }),
      usersSelf: json(200, { _id: 'bob@example.org', roles: ['user'] }),
    });
    const { service } = makeService();
    const summary = await service.connect({ keyString: KEY });
    expect(summary.isSiteAdmin).toBe(false);
    expect(summary.notices).toEqual(['not-site-admin']);
    expect(summary.userName).toBe('bob@example.org');
  });

  it('a legacy key -> notice legacy-admin-key and the scitran-user header', async () => {
    const { service, store } = makeService();
    const summary = await service.connect({ keyString: `flywheel.example.org:${LEGACY_SECRET}` });
    expect(summary.keyKind).toBe('legacy');
    expect(summary.notices).toEqual(['legacy-admin-key']);
    expect(requests[1]?.headers.Authorization).toBe(`scitran-user ${LEGACY_SECRET}`);
    expect(store.dump()).not.toContain(CANARY);
  });

  it('a legacy key on a 19.0.0 site -> notice legacy-rejected-soon', async () => {
    site = adminSite({ version: json(200, { flywheel_release: '19.0.0' }) });
    const { service } = makeService();
    expect((await service.connect({ keyString: `flywheel.example.org:${LEGACY_SECRET}` })).notices).toEqual([
      'legacy-rejected-soon',
    ]);
  });

  it('an unreadable release -> notice release-unknown, not refused', async () => {
    site = adminSite({ version: json(200, { _id: 'version' }) });
    const { service } = makeService();
    const summary = await service.connect({ keyString: KEY });
    expect(summary.release).toBeNull();
    expect(summary.notices).toEqual(['release-unknown']);
  });
});

describe('SitesService.connect: refusals store nothing', () => {
  it.each([
    [401, { message: 'Invalid API key' }, 'unauthorized'],
    [401, { message: 'API key expired' }, 'key-expired'],
    [402, { message: 'User ada@example.org is disabled.' }, 'user-disabled'],
    [403, { message: 'forbidden' }, 'forbidden'],
  ])('/auth/status %i -> %s, no profile, no vault file', async (status, body, code) => {
    site = adminSite({ authStatus: json(status, body) });
    const { service, store } = makeService();
    const failure = await failureOf(service.connect({ keyString: KEY }));
    expect(failure.code).toBe(code);
    expect(failure.message).not.toContain(CANARY);
    expectNothingStored(store);
    expect(service.state().sites).toEqual([]);
  });

  it('a 401 on /users/self stores nothing either', async () => {
    site = adminSite({ usersSelf: json(401, { message: 'nope' }) });
    const { service, store } = makeService();
    expect((await failureOf(service.connect({ keyString: KEY }))).code).toBe('unauthorized');
    expectNothingStored(store);
  });

  it.each(['16.18.0', '16.18.9', '15.0.0'])(
    'release %s -> unsupported-site, the key is not even sent to /auth/status',
    async (release) => {
      site = adminSite({ version: json(200, { flywheel_release: release }) });
      const { service, store } = makeService();
      const failure = await failureOf(service.connect({ keyString: KEY }));
      expect(failure.code).toBe('unsupported-site');
      expect(failure.message).toContain(release);
      expect(requests.map((r) => r.path)).toEqual(['/version']);
      expectNothingStored(store);
    },
  );

  it.each([
    ['origin type device', { origin: { type: 'device', id: 'reaper-1' }, is_device: false }],
    ['is_device', { origin: { type: 'user', id: 'x' }, is_device: true }],
  ])('a device key (%s) -> forbidden, nothing stored', async (_name, status) => {
    site = adminSite({ authStatus: json(200, status) });
    const { service, store } = makeService();
    expect((await failureOf(service.connect({ keyString: KEY }))).code).toBe('forbidden');
    expectNothingStored(store);
  });

  it.each([
    ['a key string', { keyString: `flywheel.example.org:__force_insecure:${ADMIN_SECRET}` }],
    ['a site URL', { siteUrl: 'http://flywheel.example.org', secret: ADMIN_SECRET }],
    ['a key string to a private IP', { keyString: `10.0.0.5:8080:__force_insecure:${ADMIN_SECRET}` }],
  ])('plain http to a non-loopback host via %s is refused before any request', async (_name, input) => {
    const { service, store } = makeService();
    const failure = await failureOf(service.connect(input));
    expect(failure.code).toBe('insecure-http');
    expect(failure.message).not.toContain(CANARY);
    expect(factoryCalls).toEqual([]);
    expect(requests).toEqual([]);
    expectNothingStored(store);
  });

  it('a malformed key string -> malformed-key, the input not echoed', async () => {
    const { service } = makeService();
    const failure = await failureOf(service.connect({ keyString: `not a key ${ADMIN_SECRET}` }));
    expect(failure.code).toBe('malformed-key');
    expect(failure.message).not.toContain(CANARY);
  });

  it.each([{}, { keyString: '   ' }, { siteUrl: 'https://flywheel.example.org' }, { secret: ADMIN_SECRET }])(
    'no usable input %j -> validation',
    async (input) => {
      const { service } = makeService();
      expect((await failureOf(service.connect(input))).code).toBe('validation');
      expect(requests).toEqual([]);
    },
  );
});

describe('SitesService: profiles over time', () => {
  it('reconnecting the same origin and user reuses the profile id', async () => {
    const { service, store } = makeService();
    const first = await service.connect({ keyString: KEY, name: 'Prod' });
    const second = await service.connect({ keyString: `https://flywheel.example.org:${ADMIN_SECRET}` });
    expect(second.id).toBe(first.id);
    expect(second.name).toBe('Prod');
    expect((store.get('sites') as unknown[]).length).toBe(1);
    expect(vaultFiles()).toEqual([`${first.id}.key.json`]);
  });

  it('another user on the same site gets another profile', async () => {
    const { service } = makeService();
    const first = await service.connect({ keyString: KEY });
    site = adminSite({
      authStatus: json(200, { origin: { type: 'user', id: 'bob@example.org' }, user_is_admin: true }),
      usersSelf: json(200, { _id: 'bob@example.org' }),
    });
    const second = await service.connect({ keyString: KEY });
    expect(second.id).not.toBe(first.id);
    expect(service.state().sites).toHaveLength(2);
    expect(service.state().activeId).toBe(second.id);
  });

  it('forget removes the profile and the vault file', async () => {
    const { service, store } = makeService();
    const { id } = await service.connect({ keyString: KEY });
    const state = service.forget(id);
    expect(state.sites).toEqual([]);
    expect(state.activeId).toBeNull();
    expect(vaultFiles()).toEqual([]);
    expect(store.get('sites')).toEqual([]);
    expect(() => service.client(id)).toThrow(AppFailure);
  });

  it('forget or activate of an unknown id -> not-found', () => {
    const { service } = makeService();
    expect(() => service.forget('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => service.activate('nope')).toThrow(expect.objectContaining({ code: 'not-found' }));
  });

  it('activate switches the active site', async () => {
    const { service } = makeService();
    const a = await service.connect({ keyString: KEY });
    const b = await service.connect({ keyString: `other.example.org:${ADMIN_SECRET}` });
    expect(service.state().activeId).toBe(b.id);
    expect(service.activate(a.id).activeId).toBe(a.id);
    expect(service.activeSite().id).toBe(a.id);
  });

  it('activeSite without any site -> no-site', () => {
    expect(() => makeService().service.activeSite()).toThrow(expect.objectContaining({ code: 'no-site' }));
  });

  it('state() marks needsKey when the vault cannot decrypt the key after a restart', async () => {
    const store = new MemoryStore();
    const { id } = await makeService({ store }).service.connect({ keyString: KEY });
    const locked = new FakeCipher();
    locked.failDecrypt = true;
    const state = makeService({ store, cipher: locked }).service.state();
    expect(state.sites).toHaveLength(1);
    expect(state.sites[0]).toMatchObject({ id, needsKey: true, storage: 'keychain' });
    expect(state.sites[0]?.storageReason).toMatch(/enter the key again/i);
    expect(vaultFiles()).toEqual([`${id}.key.json`]);
  });

  it('state() marks needsKey when the keyring backend changed', async () => {
    const store = new MemoryStore();
    await makeService({ store }).service.connect({ keyString: KEY });
    expect(makeService({ store, cipher: new FakeCipher('kwallet6') }).service.state().sites[0]?.needsKey).toBe(true);
  });

  it('a session-only key is gone after a restart: needsKey, and using the site asks for the key', async () => {
    const store = new MemoryStore();
    const { id, storage } = await makeService({ store, cipher: new FakeCipher('basic_text') }).service.connect({
      keyString: KEY,
    });
    expect(storage).toBe('session');
    expect(vaultFiles()).toEqual([]);
    const restarted = makeService({ store, cipher: new FakeCipher('basic_text') }).service;
    expect(restarted.state().sites[0]).toMatchObject({ needsKey: true, storage: 'session' });
    expect(() => restarted.client(id)).toThrow(expect.objectContaining({ code: 'keyring-locked' }));
  });

  it('state() after a restart with a working keychain does not need the key', async () => {
    const store = new MemoryStore();
    await makeService({ store }).service.connect({ keyString: KEY });
    const state = makeService({ store }).service.state();
    expect(state.sites[0]?.needsKey).toBe(false);
    expect(state.keychainAvailable).toBe(true);
    expect(state.keychainBackend).toBe('gnome_libsecret');
  });

  it('state() reports the problems found while loading settings', () => {
    const store = new MemoryStore(['The settings file was damaged.']);
    store.set('sites', [{ id: 'BAD' }]);
    const warnings = makeService({ store }).service.state().warnings;
    expect(warnings[0]).toBe('The settings file was damaged.');
    expect(warnings).toHaveLength(2);
  });

  it('recheck uses the stored key and refreshes what was learnt', async () => {
    const store = new MemoryStore();
    const { id } = await makeService({ store }).service.connect({ keyString: KEY });
    site = adminSite({ version: json(200, { flywheel_release: '19.1.0' }) });
    requests = [];
    const rechecked = await makeService({ store }).service.recheck(id);
    expect(rechecked.release).toBe('19.1.0');
    expect(requests[0]?.headers.Authorization).toBeUndefined();
    expect(requests[1]?.headers.Authorization).toBe(`Bearer ${ADMIN_SECRET}`);
    expect(JSON.stringify(rechecked)).not.toContain(CANARY);
  });

  it('recheck with a key the vault cannot read -> keyring-locked, the file untouched', async () => {
    const store = new MemoryStore();
    const { id } = await makeService({ store }).service.connect({ keyString: KEY });
    const file = path.join(dir, 'credentials', `${id}.key.json`);
    const before = fs.readFileSync(file);
    const cipher = new FakeCipher('kwallet6');
    await expect(makeService({ store, cipher }).service.recheck(id)).rejects.toMatchObject({ code: 'keyring-locked' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});

describe('SitesService.switchKey (the app moves to a new key of the same account)', () => {
  const NEW_SECRET = `djENEWKEY${'y'.repeat(57 - 'djENEWKEY'.length)}`;

  it('checks the new key first, then keeps it in the vault, and every later call uses it', async () => {
    const store = new MemoryStore();
    const { service, vault } = makeService({ store });
    const { id } = await service.connect({ keyString: KEY });
    requests = [];
    const summary = await service.switchKey(id, NEW_SECRET);
    expect(summary).toMatchObject({ id, storage: 'keychain', needsKey: false, userId: 'ada@example.org' });
    // Checked with the new key before anything was kept.
    expect(requests.some((r) => r.path === '/auth/status' && r.headers.Authorization === `Bearer ${NEW_SECRET}`)).toBe(true);
    expect(vault.read(id)).toMatchObject({ kind: 'ok', secret: NEW_SECRET });
    requests = [];
    await service.client(id).currentUser();
    expect(requests[0]?.headers.Authorization).toBe(`Bearer ${NEW_SECRET}`);
    // A new process on the same files reads the new key.
    expect(makeService({ store }).vault.read(id)).toMatchObject({ kind: 'ok', secret: NEW_SECRET });
  });

  it('a new key the site refuses changes nothing: the old key stays in the vault and in use', async () => {
    const store = new MemoryStore();
    const { service, vault } = makeService({ store });
    const { id } = await service.connect({ keyString: KEY });
    const file = path.join(dir, 'credentials', `${id}.key.json`);
    const before = fs.readFileSync(file);
    site = adminSite({ authStatus: json(401, { message: 'Invalid API key' }) });
    await expect(service.switchKey(id, NEW_SECRET)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(vault.read(id)).toMatchObject({ kind: 'ok', secret: ADMIN_SECRET });
    site = adminSite();
    requests = [];
    await service.client(id).currentUser();
    expect(requests[0]?.headers.Authorization).toBe(`Bearer ${ADMIN_SECRET}`);
  });

  it('a key of another account is refused: the app must not silently become someone else', async () => {
    const { service, vault } = makeService();
    const { id } = await service.connect({ keyString: KEY });
    site = adminSite({
      usersSelf: json(200, { _id: 'grace@example.org', firstname: 'Grace', lastname: 'Hopper', roles: ['site_admin'] }),
    });
    const failure = await failureOf(service.switchKey(id, NEW_SECRET));
    expect(failure.code).toBe('forbidden');
    expect(vault.read(id)).toMatchObject({ kind: 'ok', secret: ADMIN_SECRET });
  });

  it('keeps the storage the admin chose (weak storage opted in stays opted in)', async () => {
    const cipher = new FakeCipher('basic_text');
    const { service, vault } = makeService({ cipher });
    const { id } = await service.connect({ keyString: KEY, allowWeakStorage: true });
    expect(vault.read(id)).toMatchObject({ storage: 'weak-opt-in' });
    await service.switchKey(id, NEW_SECRET);
    expect(vault.read(id)).toMatchObject({ kind: 'ok', secret: NEW_SECRET, storage: 'weak-opt-in' });
  });
});

describe('SitesService: connecting and forgetting a site are audited (issue 10)', () => {
  function audited() {
    const entries: AuditInput[] = [];
    const vault = new CredentialVault(path.join(dir, 'credentials'), new FakeCipher());
    const profiles = new SiteProfiles(new MemoryStore());
    const service = new SitesService({
      profiles,
      vault,
      httpFactory,
      clock: fixedClock(),
      deadlineMs: 5_000,
      audit: { append: (entry) => entries.push(entry) },
    });
    return { service, entries };
  }

  it('a connect writes one entry: the site, its name, who, how the key is kept; never the key', async () => {
    const { service, entries } = audited();
    await service.connect({ keyString: KEY, name: 'Research site' });
    expect(entries).toEqual([
      {
        site: 'https://flywheel.example.org',
        actor: 'ada@example.org',
        action: 'connect-site',
        targetType: 'site',
        targetId: 'https://flywheel.example.org',
        targetLabel: 'Research site',
        keyId: null,
        outcome: 'ok',
        detail: 'Connected as Ada Lovelace; the key is kept in the OS keychain.',
        siteName: 'Research site',
        ownerName: null,
      },
    ]);
    await service.connect({ keyString: KEY });
    expect(entries[1]?.detail).toBe('Connected again as Ada Lovelace; the key is kept in the OS keychain.');
    expect(JSON.stringify(entries)).not.toContain(CANARY);
  });

  it('a key the site refuses writes a failed entry with the code only, and stores nothing', async () => {
    const { service, entries } = audited();
    site.authStatus = json(401, { message: `bad key ${CANARY}` });
    await failureOf(service.connect({ keyString: KEY }));
    expect(entries).toEqual([
      expect.objectContaining({
        site: 'https://flywheel.example.org',
        actor: '',
        action: 'connect-site',
        targetType: 'site',
        outcome: 'failed',
        detail: expect.stringMatching(/^Failed: [a-z-]+\. Nothing was stored\.$/),
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(CANARY);
  });

  it('a key string that cannot be read writes nothing: no site was asked', async () => {
    const { service, entries } = audited();
    await failureOf(service.connect({ keyString: 'not a key' }));
    expect(entries).toEqual([]);
  });

  it('forgetting a site writes one entry naming it', async () => {
    const { service, entries } = audited();
    const { id } = await service.connect({ keyString: KEY, name: 'Research site' });
    service.forget(id);
    expect(entries.map((entry) => entry.action)).toEqual(['connect-site', 'forget-site']);
    expect(entries[1]).toMatchObject({
      site: 'https://flywheel.example.org',
      actor: 'ada@example.org',
      targetType: 'site',
      targetLabel: 'Research site',
      siteName: 'Research site',
      outcome: 'ok',
      keyId: null,
    });
    expect(entries[1]?.detail).toContain('removed from this computer');
  });
});
