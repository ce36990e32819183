import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dispatch } from '../../../../electron/ipc/dispatcher.js';
import { EventHub } from '../../../../electron/services/event-hub.js';
import { prepareIndex, sessionCookieName, startWebHost, type WebHost } from '../../../../electron/web-host/server.js';
import { captureLogger } from '../../support.js';

const INDEX =
  '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; connect-src \'none\'"><script type="module" src="./assets/a.js"></script></head></html>';

let tmp: string;
let rendererDir: string;
let host: WebHost;
let port: number;
let token: string;
let cookie: string;
let login: Answer;
const logger = captureLogger();
const dispatch = vi.fn<Dispatch>(async (channel) => ({ ok: true, value: { channel } }));

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(options: {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  hostHeader?: string;
  /** Another web host's port; the shared host's by default. */
  port?: number;
}): Promise<Answer> {
  const to = options.port ?? port;
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: to,
        path: options.path,
        method: options.method ?? 'GET',
        headers: { Host: options.hostHeader ?? `127.0.0.1:${to}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    let answered = false;
    req.on('response', () => (answered = true));
    // The server may answer and close before a large body is fully sent: that is not a failure of the test.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    req.end(options.body);
  });
}

/** The `name=value` part of the Set-Cookie of an answer. */
function cookieOf(answer: Answer): string {
  return (answer.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
}

/** Another web host over the same renderer, and the session cookie of its printed address. */
async function anotherHost(events?: EventHub): Promise<{ host: WebHost; port: number; token: string; cookie: string }> {
  const other = await startWebHost({ dispatch, rendererDir, logger, events });
  const url = new URL(other.url);
  const otherPort = Number(url.port);
  const otherToken = url.searchParams.get('token') ?? '';
  const answer = await request({ path: `/?token=${encodeURIComponent(otherToken)}`, port: otherPort });
  return { host: other, port: otherPort, token: otherToken, cookie: cookieOf(answer) };
}

const ipc = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
  request({
    path: `/ipc/${channel}`,
    method: 'POST',
    headers: { Cookie: cookie, Origin: host.origin, 'Content-Type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-web-'));
  rendererDir = path.join(tmp, 'renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(rendererDir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(rendererDir, 'assets', 'a.js'), 'console.log("app");');
  fs.writeFileSync(path.join(rendererDir, 'web-bridge.js'), '/* bridge */');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'OUTSIDECANARY');
  fs.mkdirSync(path.join(tmp, 'renderer2'));
  fs.writeFileSync(path.join(tmp, 'renderer2', 'x.txt'), 'SIBLINGCANARY');
  host = await startWebHost({ dispatch, rendererDir, logger });
  const url = new URL(host.url);
  port = Number(url.port);
  token = url.searchParams.get('token') ?? '';
  login = await request({ path: `/?token=${encodeURIComponent(token)}` });
  cookie = cookieOf(login);
});

afterAll(async () => {
  await host.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => dispatch.mockClear());

describe('web host: address', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL', async () => {
    expect(new URL(host.origin).hostname).toBe('127.0.0.1');
    expect(host.url.startsWith(`${host.origin}/?token=`)).toBe(true);
    expect(token.length).toBeGreaterThanOrEqual(32);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal);
    const targets = ['::1', ...(external ? [external.address] : [])];
    for (const target of targets) {
      const connected = await new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: target, port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      expect(connected, target).toBe(false);
    }
  });

  it('never logs the token', () => {
    expect(logger.text()).not.toContain(token);
  });
});

describe('web host: token and cookie', () => {
  it('no token and no cookie -> 401', async () => {
    expect((await request({ path: '/' })).status).toBe(401);
    expect((await request({ path: '/assets/a.js' })).status).toBe(401);
  });

  it('a wrong token -> 401, no cookie', async () => {
    for (const wrong of ['nope', `${token}x`, token.slice(1), '']) {
      const answer = await request({ path: `/?token=${encodeURIComponent(wrong)}` });
      expect(answer.status, wrong).toBe(401);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
  });

  it('the right token -> 303 to / with an HttpOnly SameSite=Strict cookie', () => {
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const setCookie = login.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/;\s*HttpOnly/i);
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i);
    expect(login.body).not.toContain(token);
  });

  it('the cookie holds a random session value of its own, never the token, under a name with the port', () => {
    const [name, value = ''] = cookie.split('=');
    expect(name).toBe(sessionCookieName(port));
    expect(name).toContain(String(port));
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(value).not.toContain(token);
    expect(token).not.toContain(value);
    expect(login.headers['set-cookie']?.join('\n')).not.toContain(token);
  });

  it('a wrong cookie -> 401', async () => {
    expect((await request({ path: '/', headers: { Cookie: `${sessionCookieName(port)}=wrong` } })).status).toBe(401);
  });

  it('the token presented as the cookie (what another server on 127.0.0.1 saw) -> 401', async () => {
    for (const sent of [`${sessionCookieName(port)}=${token}`, `keywarden_token=${token}`]) {
      expect((await request({ path: '/', headers: { Cookie: sent } })).status, sent).toBe(401);
      expect((await ipc('sites.state', {}, { Cookie: sent })).status, sent).toBe(401);
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('the launch token works once: a second use without the session -> 403 with a clear text, no cookie', async () => {
    const again = await request({ path: `/?token=${encodeURIComponent(token)}` });
    expect(again.status).toBe(403);
    expect(again.body).toMatch(/already used/i);
    expect(again.body).toMatch(/only once/i);
    expect(again.body).not.toContain(token);
    expect(again.headers['set-cookie']).toBeUndefined();
    // Still refused after that, and the first session still works.
    expect((await request({ path: `/?token=${encodeURIComponent(token)}` })).status).toBe(403);
    expect((await request({ path: '/', headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('the address opened again in the browser that holds the session -> on to the app, no new session', async () => {
    const again = await request({ path: `/?token=${encodeURIComponent(token)}`, headers: { Cookie: cookie } });
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/');
    expect(again.headers['set-cookie']).toBeUndefined();
  });

  it('a wrong token is still "invalid", also with a session', async () => {
    const answer = await request({ path: '/?token=nope', headers: { Cookie: cookie } });
    expect(answer.status).toBe(401);
  });
});

describe('web host: two hosts in one browser', () => {
  it('each has its own cookie name and session; a browser sending both cookies reaches both', async () => {
    const other = await anotherHost();
    try {
      const [name, value] = other.cookie.split('=');
      expect(name).toBe(sessionCookieName(other.port));
      expect(name).not.toBe(cookie.split('=')[0]);
      expect(value).not.toBe(cookie.split('=')[1]);
      // Cookies of 127.0.0.1 go to every port: the browser sends both to each host.
      const both = `${cookie}; ${other.cookie}`;
      expect((await request({ path: '/', headers: { Cookie: both } })).status).toBe(200);
      expect((await request({ path: '/', headers: { Cookie: both }, port: other.port })).status).toBe(200);
      // Each host accepts only its own session, under its own name.
      expect((await request({ path: '/', headers: { Cookie: other.cookie } })).status).toBe(401);
      expect((await request({ path: '/', headers: { Cookie: cookie }, port: other.port })).status).toBe(401);
      const swapped = `${sessionCookieName(port)}=${value}`;
      expect((await request({ path: '/', headers: { Cookie: swapped } })).status).toBe(401);
    } finally {
      await other.host.close();
    }
  });
});

describe('web host: /events', () => {
  it('streams main events to the session cookie, and refuses without it', async () => {
    const events = new EventHub();
    const other = await anotherHost(events);
    try {
      expect((await request({ path: '/events', port: other.port })).status).toBe(401);
      const received = await new Promise<{ status: number; type: string; text: string }>((resolve, reject) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port: other.port,
            path: '/events',
            headers: { Host: `127.0.0.1:${other.port}`, Cookie: other.cookie, Accept: 'text/event-stream' },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => {
              text += chunk.toString('utf8');
              if (text.includes(': connected')) events.publish({ type: 'inventory-changed', siteId: 'site-1' });
              if (text.includes('data: ')) {
                resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text });
                req.destroy();
              }
            });
          },
        );
        req.on('error', reject);
      });
      expect(received.status).toBe(200);
      expect(received.type).toMatch(/^text\/event-stream/);
      expect(received.text).toContain('data: {"type":"inventory-changed","siteId":"site-1"}');
    } finally {
      await other.host.close();
    }
  });
});

describe('web host: pages', () => {
  it('the index loads the web bridge before the app script and opens connect-src to self', async () => {
    const answer = await request({ path: '/', headers: { Cookie: cookie } });
    expect(answer.status).toBe(200);
    const bridge = answer.body.indexOf('web-bridge.js');
    const app = answer.body.indexOf('./assets/a.js');
    expect(bridge).toBeGreaterThan(-1);
    expect(app).toBeGreaterThan(bridge);
    expect(answer.body).toContain("connect-src 'self'");
    expect(answer.body).not.toContain("connect-src 'none'");
    expect(answer.headers['content-security-policy']).toContain("connect-src 'self'");
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(answer.body).not.toContain(token);
  });

  it('serves built assets with their type', async () => {
    const answer = await request({ path: '/assets/a.js', headers: { Cookie: cookie } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('a wrong Host header -> 421 (DNS rebinding)', async () => {
    for (const hostHeader of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`]) {
      expect((await request({ path: '/', headers: { Cookie: cookie }, hostHeader })).status, hostHeader).toBe(421);
    }
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..%2frenderer2%2fx.txt',
    '/../package.json',
    '/assets',
    '/nope.js',
  ])('path traversal or a missing file %s -> 404', async (p) => {
    const answer = await request({ path: p, headers: { Cookie: cookie } });
    expect(answer.status).toBe(404);
    expect(answer.body).not.toMatch(/OUTSIDECANARY|SIBLINGCANARY/);
  });

  it('a malformed percent-encoding is refused without leaking and the server keeps working', async () => {
    const answer = await request({ path: '/%E0%A4%A', headers: { Cookie: cookie } });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect((await request({ path: '/assets/a.js', headers: { Cookie: cookie } })).status).toBe(200);
  });
});

describe('web host: /ipc', () => {
  it('with our Origin, the cookie and JSON -> the dispatch Result', async () => {
    const answer = await ipc('sites.activate', { payload: { id: 'abc' } });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ ok: true, value: { channel: 'sites.activate' } });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('sites.activate', { id: 'abc' });
  });

  it('no payload sends undefined', async () => {
    await ipc('sites.state', {});
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('sites.state', undefined);
  });

  it.each([
    ['no Origin', { Origin: '' }],
    ['another Origin', { Origin: 'http://evil.example' }],
    ['localhost instead of 127.0.0.1', { Origin: 'http://localhost:PORT' }],
    ['another port', { Origin: 'http://127.0.0.1:1' }],
    ['the null origin', { Origin: 'null' }],
  ])('%s -> 403 and dispatch not called', async (_name, headers) => {
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace('PORT', String(port))]));
    const requestHeaders: Record<string, string> = { Cookie: cookie, 'Content-Type': 'application/json' };
    if (fixed.Origin) requestHeaders.Origin = fixed.Origin;
    const answer = await request({ path: '/ipc/sites.state', method: 'POST', headers: requestHeaders, body: '{}' });
    expect(answer.status).toBe(403);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('without the cookie -> 401 and dispatch not called', async () => {
    const answer = await ipc('sites.state', {}, { Cookie: '' });
    expect(answer.status).toBe(401);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a non-JSON content type (a cross-site "simple" request) -> 415, dispatch not called', async () => {
    const answer = await ipc('sites.state', '{}', { 'Content-Type': 'text/plain' });
    expect(answer.status).toBe(415);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('GET on /ipc is not a call', async () => {
    const answer = await request({ path: '/ipc/sites.state', headers: { Cookie: cookie, Origin: host.origin } });
    expect(answer.status).toBe(404);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    ['invalid JSON', '{"payload":'],
    ['an array', '[1]'],
    ['null', 'null'],
  ])('%s -> validation Result, dispatch not called', async (_name, body) => {
    const answer = await ipc('sites.state', body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a body over 256 KiB -> validation Result, dispatch not called', async () => {
    const body = JSON.stringify({ payload: { keyString: 'a'.repeat(300 * 1024) } });
    const answer = await ipc('sites.connect', body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, error: { code: 'validation' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('a body just under 256 KiB reaches dispatch', async () => {
    const filler = 'a'.repeat(256 * 1024 - 100);
    const answer = await ipc('sites.connect', JSON.stringify({ payload: { keyString: filler } }));
    expect(answer.status).toBe(200);
    expect(dispatch).toHaveBeenCalledTimes(1);
  });
});

describe('prepareIndex', () => {
  it('inserts the bridge before the first script and opens connect-src', () => {
    const out = prepareIndex(INDEX);
    expect(out.indexOf('web-bridge.js')).toBeLessThan(out.indexOf('./assets/a.js'));
    expect(out).toContain("connect-src 'self'");
  });
  it('refuses an index without a script', () => {
    expect(() => prepareIndex('<html></html>')).toThrow();
  });
});
