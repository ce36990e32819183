/**
 * Connecting to a site, end to end below the renderer: the main services and the site client over Node http against a
 * real key service over HTTP, through the same dispatcher the IPC and the web host use. Each case asserts the
 * code the renderer receives.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startKeyService, type KeyService } from '../../../keyservice/index.js';
import type { SiteSummary, SitesState } from '../../../shared/ipc-contract.js';
import type { Result } from '../../../shared/result.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET, filesContaining } from '../../support/canary.js';
import { fakeCipher } from '../../support/fake-cipher.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';

const TLS_DIR = new URL('../../fixtures/tls/', import.meta.url);

let service: KeyService;
let harness: MainHarness;

async function connect(payload: unknown): Promise<Result<SiteSummary>> {
  return (await harness.services.dispatch('sites.connect', payload)) as Result<SiteSummary>;
}

function enhancedSecret(seed: string): string {
  return `djE${seed}${'x'.repeat(57 - 3 - seed.length)}`;
}

function keys() {
  if (!service.keys) throw new Error('the demo seed gave no keys');
  return service.keys;
}

async function state(): Promise<SitesState> {
  const result = await harness.services.dispatch('sites.state', undefined);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as SitesState;
}

beforeAll(async () => {
  service = await startKeyService({ seed: 'demo', adminSecret: ADMIN_CANARY_SECRET });
});
afterAll(async () => {
  await service.close();
});
afterEach(() => harness?.cleanup());

describe('connecting with the demo admin key', () => {
  it('checks the key, stores it in the keychain and reports the site, release and admin', async () => {
    harness = createMainHarness();
    const result = await connect({ keyString: keys().admin, name: 'Demo' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      name: 'Demo',
      origin: service.baseUrl,
      release: '18.4.0',
      isSiteAdmin: true,
      keyKind: 'enhanced',
      storage: 'keychain',
      needsKey: false,
      notices: [],
    });
    expect(result.value.userName.length).toBeGreaterThan(0);
    // Read from the site's /api/openapi.json: the key service serves everything the app uses.
    expect(result.value.features).toEqual({
      deviceRegistry: true,
      deviceHealth: true,
      deviceKeys: true,
      ownKeys: true,
      allUserKeys: true,
    });
    const current = await state();
    expect(current.activeId).toBe(result.value.id);
    expect(current.sites).toHaveLength(1);
  });

  it('accepts the site address and the bare secret as the second form', async () => {
    harness = createMainHarness();
    const result = await connect({ siteUrl: service.baseUrl, secret: ADMIN_CANARY_SECRET });
    expect(result.ok && result.value.isSiteAdmin).toBe(true);
  });

  it('never lets the admin key reach a result, a log line or a file in the clear', async () => {
    harness = createMainHarness();
    const connected = await connect({ keyString: keys().admin });
    const answers = [connected, await harness.services.dispatch('sites.state', undefined)];
    const failed = await connect({ keyString: `${keys().admin.replace(ADMIN_CANARY, 'ADMINCANARZ')}` });
    answers.push(failed);
    for (const answer of answers) expect(JSON.stringify(answer)).not.toContain(ADMIN_CANARY);
    expect(harness.logLines.join('\n')).not.toContain(ADMIN_CANARY);
    expect(filesContaining(harness.dataDir, ADMIN_CANARY)).toEqual([]);
  });

  it('keeps the key for the session only where there is no real keyring, and says why', async () => {
    harness = createMainHarness({ cipher: null });
    const result = await connect({ keyString: keys().admin });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.storage).toBe('session');
    expect(result.value.storageReason).toMatch(/session only/i);
    expect(fs.existsSync(`${harness.dataDir}/credentials/${result.value.id}.key.json`)).toBe(false);
  });

  it('forgets a site and its stored key', async () => {
    harness = createMainHarness();
    const result = await connect({ keyString: keys().admin });
    if (!result.ok) throw new Error(result.error.message);
    const keyFile = `${harness.dataDir}/credentials/${result.value.id}.key.json`;
    expect(fs.existsSync(keyFile)).toBe(true);
    const after = await harness.services.dispatch('sites.forget', { id: result.value.id });
    expect(after.ok && (after.value as SitesState).sites).toEqual([]);
    expect(fs.existsSync(keyFile)).toBe(false);
  });

  it("forgets the site's inventory too, in memory and on disk, even when a refresh of it ends afterwards", async () => {
    harness = createMainHarness();
    const result = await connect({ keyString: keys().admin });
    if (!result.ok) throw new Error(result.error.message);
    const { inventory } = harness.services;
    await inventory.refresh();
    await inventory.flush();
    const snapshotFile = `${harness.dataDir}/snapshots/${result.value.id}.json`;
    expect(fs.existsSync(snapshotFile)).toBe(true);
    // A refresh under way when the admin forgets the site.
    const refreshing = inventory.refreshSite(harness.services.sites.profiles().find((p) => p.id === result.value.id)!);
    const forgotten = await harness.services.dispatch('sites.forget', { id: result.value.id });
    expect(forgotten.ok).toBe(true);
    await refreshing;
    await inventory.flush();
    expect(fs.existsSync(snapshotFile)).toBe(false);
    expect(inventory.snapshot(result.value.id)).toBeNull();
  });
});

describe('each failure gives the renderer its own code and stores nothing', () => {
  async function expectFailure(payload: unknown, code: string): Promise<void> {
    const result = await connect(payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
    expect((await state()).sites).toEqual([]);
    expect(filesContaining(harness.dataDir, 'key.json')).toEqual([]);
  }

  it('a malformed key string', async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: 'not a key at all' }, 'malformed-key');
  });

  it('a host that does not answer', async () => {
    harness = createMainHarness();
    const port = await closedPort();
    await expectFailure({ keyString: `127.0.0.1:${port}:__force_insecure:${enhancedSecret('nobody')}` }, 'unreachable');
  });

  it('a site whose certificate is not trusted', async () => {
    harness = createMainHarness();
    const server = await startTlsSite();
    try {
      await expectFailure({ keyString: `127.0.0.1:${server.port}:${enhancedSecret('tls')}` }, 'tls');
    } finally {
      server.close();
    }
  });

  it('https to a port that answers plain http: told apart from an untrusted certificate', async () => {
    harness = createMainHarness();
    // No "__force_insecure": the app speaks https to the key service's plain-http port.
    const result = await connect({ keyString: `127.0.0.1:${service.port}:${enhancedSecret('plain')}` });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('tls');
    expect(result.error.message).toMatch(/^The address answers plain http, not https/);
    expect(result.error.message).not.toMatch(/certificate/);
    expect((await state()).sites).toEqual([]);
  });

  it('an unknown key (401)', async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: `127.0.0.1:${service.port}:__force_insecure:${enhancedSecret('unknown')}` }, 'unauthorized');
  });

  it('a key of a disabled user (402)', async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: keys().disabledUser }, 'user-disabled');
  });

  it("a device's key", async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: keys().legacy }, 'forbidden');
  });

  it('plain http to a host that is not this computer', async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: `flywheel.example.org:__force_insecure:${enhancedSecret('far')}` }, 'insecure-http');
  });

  it('an invalid payload', async () => {
    harness = createMainHarness();
    await expectFailure({ keyString: keys().admin, extra: true }, 'validation');
  });
});

describe('keys and sites that work with a warning, or not at all', () => {
  it('a key that is not a site admin: connected, with what will not work', async () => {
    harness = createMainHarness();
    const result = await connect({ keyString: keys().user });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.isSiteAdmin).toBe(false);
      expect(result.value.notices).toContain('not-site-admin');
    }
  });

  it('a legacy admin key: connected, with the advice to replace it before 19.0', async () => {
    harness = createMainHarness();
    const result = await connect({ keyString: keys().adminLegacy });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value.keyKind).toBe('legacy');
      expect(result.value.notices).toContain('legacy-admin-key');
    }
  });

  it('an expired key (401 API key expired)', async () => {
    let now = new Date();
    const site = await startKeyService({ seed: 'demo', now: () => now });
    try {
      harness = createMainHarness();
      const user = site.keys!.user;
      const secret = user.split(':').pop()!;
      const created = await fetch(`${site.baseUrl}/api/users/self/key`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ label: 'short-lived', expires_at: new Date(now.getTime() + 3_600_000).toISOString() }),
      });
      const { key } = (await created.json()) as { key: string };
      now = new Date(now.getTime() + 2 * 3_600_000);
      const result = await connect({ keyString: `127.0.0.1:${site.port}:__force_insecure:${key}` });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('key-expired');
    } finally {
      await site.close();
    }
  });

  it('a site older than 16.19.0 is refused before the key is tried', async () => {
    const old = await startKeyService({ seed: 'demo', release: '16.18.2' });
    try {
      harness = createMainHarness();
      const result = await connect({ keyString: old.keys!.admin });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('unsupported-site');
        expect(result.error.message).toContain('16.19.0');
      }
    } finally {
      await old.close();
    }
  });

  it('a legacy key on a site that runs 19.0 is rejected', async () => {
    const upgraded = await startKeyService({ seed: 'demo', release: '19.0.0' });
    try {
      harness = createMainHarness();
      const result = await connect({ keyString: upgraded.keys!.adminLegacy });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('unauthorized');
    } finally {
      await upgraded.close();
    }
  });

  it('a site with a private CA works once its CA file is configured', async () => {
    const server = await startTlsSite();
    try {
      harness = createMainHarness({ caPem: fs.readFileSync(new URL('untrusted-cert.pem', TLS_DIR), 'utf8') });
      const result = await connect({ keyString: `127.0.0.1:${server.port}:${enhancedSecret('privateca')}` });
      expect(result.ok).toBe(true);
      // This site publishes no OpenAPI document: it still connects, and says so.
      if (result.ok) expect(result.value.features).toBeNull();
    } finally {
      server.close();
    }
  });
});

describe('the key goes only to a Flywheel site', () => {
  type Answer = { status: number; type: string; body: string };
  const flywheel: Record<string, unknown> = {
    '/api/version': { _id: 'version', release: '18.4.0' },
    '/api/auth/status': { origin: { type: 'user', id: 'fw@example.org' }, user_is_admin: true, is_device: false, roles: [] },
    '/api/users/self': { _id: 'fw@example.org', firstname: 'Flywheel', lastname: 'Admin' },
  };
  const json = (body: unknown, status = 200): Answer => ({ status, type: 'application/json', body: JSON.stringify(body) });

  it('asks /api/version without the key first, then sends the key to the calls that need it', async () => {
    harness = createMainHarness();
    const site = await startRecordingSite((url) => (flywheel[url] ? json(flywheel[url]) : json({ message: 'not found' }, 404)));
    try {
      const result = await connect({ keyString: `127.0.0.1:${site.port}:__force_insecure:${enhancedSecret('fw')}` });
      expect(result.ok).toBe(true);
      expect(site.requests[0]).toEqual({ url: '/api/version', authorization: null });
      expect(site.requests.slice(1).map((r) => r.url)).toEqual(['/api/auth/status', '/api/users/self', '/api/openapi.json']);
      expect(site.requests.slice(1).every((r) => r.authorization === `Bearer ${enhancedSecret('fw')}`)).toBe(true);
    } finally {
      await site.close();
    }
  });

  it.each<[string, Answer]>([
    ['an HTML page', { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>Intranet</title>' }],
    ['a 404', json({ message: 'not found' }, 404)],
    ['a 404 HTML page', { status: 404, type: 'text/html', body: '<h1>Not Found</h1>' }],
    ['JSON that is not a version document', json({ status: 'ok', service: 'something else' })],
    ['a JSON list', json([])],
  ])('an address that answers /api/version with %s: refused before any request carries the key', async (_name, answer) => {
    harness = createMainHarness();
    const site = await startRecordingSite((url) => (url === '/api/version' ? answer : json(flywheel[url] ?? {})));
    try {
      const result = await connect({ keyString: `127.0.0.1:${site.port}:__force_insecure:${enhancedSecret('nofw')}` });
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('bad-response');
        expect(result.error.message).toMatch(/not answer as a Flywheel site/i);
      }
      expect(site.requests.map((r) => r.url)).toEqual(['/api/version']);
      expect(site.requests.every((r) => r.authorization === null)).toBe(true);
      expect((await state()).sites).toEqual([]);
      expect(filesContaining(harness.dataDir, 'key.json')).toEqual([]);
    } finally {
      await site.close();
    }
  });
});

describe('entering the key again while the keychain is locked', () => {
  it('keeps the still-valid encrypted copy: a wrong key (401) leaves the bytes as they were; the right one works for the session', async () => {
    harness = createMainHarness();
    const first = await connect({ keyString: keys().admin });
    if (!first.ok) throw new Error(first.error.message);
    const keyFile = `${harness.dataDir}/credentials/${first.value.id}.key.json`;
    const stored = fs.readFileSync(keyFile);
    const dataDir = harness.dataDir;
    await harness.services.notifications.settled();

    // The next start, with the keychain locked: the site needs its key again.
    harness = createMainHarness({ dataDir, cipher: fakeCipher('gnome_libsecret', { available: false }) });
    expect((await state()).sites[0]).toMatchObject({ id: first.value.id, needsKey: true });
    const wrong = await connect({ keyString: `127.0.0.1:${service.port}:__force_insecure:${enhancedSecret('wrong')}` });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.code).toBe('unauthorized');
    expect(fs.readFileSync(keyFile).equals(stored)).toBe(true);
    expect((await state()).sites).toHaveLength(1);

    const again = await connect({ keyString: keys().admin });
    expect(again.ok && again.value).toMatchObject({ id: first.value.id, storage: 'session', needsKey: false });
    expect(fs.readFileSync(keyFile).equals(stored)).toBe(true);
    await harness.services.notifications.settled();

    // Unlocked at the start after: the stored key is back.
    harness = createMainHarness({ dataDir });
    expect((await state()).sites[0]).toMatchObject({ id: first.value.id, needsKey: false, storage: 'keychain' });
    const rechecked = await harness.services.dispatch('sites.recheck', { id: first.value.id });
    expect(rechecked.ok).toBe(true);
  });
});

/** A plain-http site on this computer that records each request's path and Authorization header. */
async function startRecordingSite(
  answer: (url: string) => { status: number; type: string; body: string },
): Promise<{ port: number; requests: { url: string; authorization: string | null }[]; close: () => Promise<void> }> {
  const requests: { url: string; authorization: string | null }[] = [];
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push({ url, authorization: req.headers.authorization ?? null });
    const { status, type, body } = answer(url);
    res.writeHead(status, { 'Content-Type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A tiny HTTPS site with a self-signed certificate that answers the three connect calls. */
async function startTlsSite(): Promise<{ port: number; close: () => void }> {
  const server = https.createServer(
    {
      key: fs.readFileSync(new URL('untrusted-key.pem', TLS_DIR)),
      cert: fs.readFileSync(new URL('untrusted-cert.pem', TLS_DIR)),
    },
    (req, res) => {
      const answers: Record<string, unknown> = {
        '/api/version': { _id: 'version', release: '18.4.0' },
        '/api/auth/status': { origin: { type: 'user', id: 'ca@example.org' }, user_is_admin: true, is_device: false, roles: [] },
        '/api/users/self': { _id: 'ca@example.org', firstname: 'Private', lastname: 'CA' },
      };
      const body = answers[req.url ?? ''];
      res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body ?? { message: 'not found' }));
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => server.close() };
}
