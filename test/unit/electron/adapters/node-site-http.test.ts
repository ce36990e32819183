/**
 * The site client's HTTP (security.md D2, D6), against two real local HTTP servers: the site, and "elsewhere", which
 * must never receive anything. No redirect is followed, a path is never taken as an absolute address, each instance
 * is pinned to its own origin, and a body over the cap is a `too-large` failure. Compressed answers are unpacked;
 * a socket that goes quiet, a connection cut mid-answer and the caller's abort are failures of their own kind.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNodeSiteHttp } from '../../../../electron/adapters/node-site-http.js';
import { TransportFailure, type HttpRequest, type SiteHttp } from '../../../../electron/ports.js';
import { ADMIN_SECRET, CANARY } from '../../support.js';

interface Seen {
  readonly url: string;
  readonly authorization: string | null;
}

interface Server {
  readonly origin: string;
  readonly seen: Seen[];
  answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  close(): Promise<void>;
}

async function startServer(): Promise<Server> {
  const state: Server = {
    origin: '',
    seen: [],
    answer: (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    state.seen.push({ url: req.url ?? '', authorization: req.headers.authorization ?? null });
    state.answer(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

const MAX_BODY = 4096;
let site: Server;
let elsewhere: Server;
let siteHttp: SiteHttp;

beforeAll(async () => {
  site = await startServer();
  elsewhere = await startServer();
  siteHttp = createNodeSiteHttp({ origin: site.origin, socketTimeoutMs: 5_000, maxBodyBytes: MAX_BODY });
});
afterAll(async () => {
  await site.close();
  await elsewhere.close();
});
beforeEach(() => {
  site.seen.length = 0;
  elsewhere.seen.length = 0;
  site.answer = (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"ok":true}');
  };
});

const get = (path: string, http = siteHttp): Promise<unknown> =>
  http({
    method: 'GET',
    path,
    headers: { Authorization: `Bearer ${ADMIN_SECRET}` },
    signal: AbortSignal.timeout(5_000),
  } satisfies HttpRequest);

async function failureOf(promise: Promise<unknown>): Promise<TransportFailure> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(TransportFailure);
    return error as TransportFailure;
  }
  throw new Error('expected a transport failure');
}

describe('one origin per instance', () => {
  it('a path goes below /api of its own origin, with the headers given', async () => {
    expect(await get('/version')).toMatchObject({ status: 200, contentType: 'application/json', body: '{"ok":true}' });
    expect(site.seen).toEqual([{ url: '/api/version', authorization: `Bearer ${ADMIN_SECRET}` }]);
    expect(elsewhere.seen).toEqual([]);
  });

  it('two instances each reach only their own site', async () => {
    const other = createNodeSiteHttp({ origin: elsewhere.origin, socketTimeoutMs: 5_000, maxBodyBytes: MAX_BODY });
    await get('/users/self', other);
    await get('/devices');
    expect(elsewhere.seen.map((s) => s.url)).toEqual(['/api/users/self']);
    expect(site.seen.map((s) => s.url)).toEqual(['/api/devices']);
  });
});

describe('no absolute URLs', () => {
  it.each(['an absolute', 'a protocol-relative'])(
    '%s address as the path stays on the site, never reaching elsewhere',
    async (kind) => {
      const target = kind === 'an absolute' ? `${elsewhere.origin}/api/steal` : `//${new URL(elsewhere.origin).host}/api/steal`;
      site.answer = (_req, res) => {
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end('{"message":"not found"}');
      };
      const answer = (await get(target)) as { status: number };
      expect(answer.status).toBe(404);
      expect(elsewhere.seen).toEqual([]);
      expect(site.seen).toHaveLength(1);
      expect(site.seen[0]?.url.startsWith('/api')).toBe(true);
    },
  );
});

describe('no redirects followed', () => {
  it.each([301, 302, 303, 307, 308])('a %i to another origin comes back as the answer; the key never leaves', async (status) => {
    site.answer = (_req, res) => {
      res.writeHead(status, { Location: `${elsewhere.origin}/api/steal`, 'Content-Type': 'text/plain' });
      res.end('moved');
    };
    const answer = (await get('/version')) as { status: number };
    expect(answer.status).toBe(status);
    expect(elsewhere.seen).toEqual([]);
    expect(site.seen).toHaveLength(1);
  });

  it('a redirect to the same origin is not followed either', async () => {
    site.answer = (req, res) => {
      res.writeHead(302, { Location: '/api/other' });
      res.end();
    };
    expect(((await get('/version')) as { status: number }).status).toBe(302);
    expect(site.seen.map((s) => s.url)).toEqual(['/api/version']);
  });
});

describe('the response size cap (maxBodyBytes)', () => {
  const body = (size: number): string => JSON.stringify({ pad: 'x'.repeat(size - 10) }).padEnd(size, ' ');

  it('a body at the cap is answered', async () => {
    site.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body(MAX_BODY));
    };
    expect(((await get('/devices')) as { body: string }).body).toHaveLength(MAX_BODY);
  });

  it.each([
    ['with a Content-Length', true],
    ['streamed without a length', false],
  ])('a body over the cap (%s) is a too-large transport failure, without the key in it', async (_name, withLength) => {
    site.answer = (_req, res) => {
      const text = body(MAX_BODY * 4);
      res.writeHead(200, {
        'Content-Type': 'application/json',
        ...(withLength ? { 'Content-Length': String(Buffer.byteLength(text)) } : {}),
      });
      if (withLength) res.end(text);
      else {
        res.write(text.slice(0, MAX_BODY * 2));
        res.end(text.slice(MAX_BODY * 2));
      }
    };
    const failure = await failureOf(get('/devices'));
    expect(failure.kind).toBe('too-large');
    expect(JSON.stringify({ ...failure, message: failure.message, stack: failure.stack })).not.toContain(CANARY);
  });
});

describe('https to a port that answers plain http', () => {
  it('is a plain-http failure, not an untrusted certificate, and nothing reaches the site', async () => {
    const secure = createNodeSiteHttp({
      origin: site.origin.replace('http:', 'https:'),
      socketTimeoutMs: 5_000,
      maxBodyBytes: MAX_BODY,
    });
    const failure = await failureOf(get('/version', secure));
    expect(failure.kind).toBe('plain-http');
    expect(failure.sent).toBe(false);
    expect(site.seen).toEqual([]);
  });
});

describe('what goes out', () => {
  it('a query without its undefined fields, and a JSON body with its type and length', async () => {
    let received = '';
    let headers: http.IncomingHttpHeaders = {};
    site.answer = (req, res) => {
      headers = req.headers;
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (received += chunk));
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    };
    const answer = await siteHttp({
      method: 'POST',
      path: '/devices/d1/key',
      query: { join_keys: true, limit: 250, after_id: undefined, label: 'a b&c' },
      headers: { Authorization: `Bearer ${ADMIN_SECRET}` },
      body: { label: 'Scanner ✓' },
      signal: AbortSignal.timeout(5_000),
    });
    expect(answer.status).toBe(201);
    expect(site.seen[0]?.url).toBe('/api/devices/d1/key?join_keys=true&limit=250&label=a+b%26c');
    expect(JSON.parse(received)).toEqual({ label: 'Scanner ✓' });
    expect(headers['content-type']).toBe('application/json');
    expect(headers['content-length']).toBe(String(Buffer.byteLength(received)));
  });
});

describe('what comes back', () => {
  it.each([
    ['gzip', (text: string) => zlib.gzipSync(text)],
    ['deflate', (text: string) => zlib.deflateSync(text)],
    ['br', (text: string) => zlib.brotliCompressSync(text)],
  ])('a %s-compressed answer is unpacked', async (encoding, pack) => {
    const text = JSON.stringify({ results: Array.from({ length: 50 }, (_, i) => ({ _id: `d${i}` })) });
    site.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': encoding });
      res.end(pack(text));
    };
    expect(((await get('/devices')) as { body: string }).body).toBe(text);
  });

  it('the size cap counts the unpacked answer, not the bytes on the wire', async () => {
    site.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(zlib.gzipSync(JSON.stringify({ pad: ' '.repeat(MAX_BODY * 8) })));
    };
    expect((await failureOf(get('/devices'))).kind).toBe('too-large');
  });

  it('a compressed answer that does not unpack is a broken one (reset)', async () => {
    site.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end('not gzip at all');
    };
    expect((await failureOf(get('/devices'))).kind).toBe('reset');
  });

  it('a character cut between two pieces of the answer comes whole, in plain and in compressed answers', async () => {
    const text = JSON.stringify({ label: 'Zoë 🔑 鍵'.repeat(40) });
    const bytes = Buffer.from(text);
    // Cuts inside the two-, three- and four-byte characters.
    const cuts = [bytes.indexOf('ë') + 1, bytes.indexOf('🔑') + 2, bytes.indexOf('鍵') + 1];
    for (const encoding of [null, 'gzip']) {
      site.answer = (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', ...(encoding ? { 'Content-Encoding': encoding } : {}) });
        const body = encoding ? zlib.gzipSync(bytes) : bytes;
        const at = encoding ? [1, 9, Math.floor(body.length / 2)] : cuts;
        const pieces = [0, ...at, body.length].slice(1).map((end, i, ends) => body.subarray(i === 0 ? 0 : ends[i - 1], end));
        const next = (): void => {
          const piece = pieces.shift();
          if (!piece) return void res.end();
          res.write(piece);
          setTimeout(next, 5);
        };
        next();
      };
      expect(((await get('/devices')) as { body: string }).body, String(encoding)).toBe(text);
    }
  });

  it('a byte order mark before the JSON is dropped', async () => {
    site.answer = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('\ufeff{"ok":true}');
    };
    expect(((await get('/version')) as { body: string }).body).toBe('{"ok":true}');
  });
});

describe('transport failures', () => {
  it('a site that goes quiet is a timeout once the socket has been idle that long', async () => {
    const quick = createNodeSiteHttp({ origin: site.origin, socketTimeoutMs: 200, maxBodyBytes: MAX_BODY });
    site.answer = () => undefined;
    // A signal that never fires: only the socket timeout can end this.
    const failure = await failureOf(
      quick({ method: 'GET', path: '/version', headers: {}, signal: new AbortController().signal }),
    );
    expect(failure.kind).toBe('timeout');
    expect(failure.sent).toBe(true);
  });

  it('a connection cut in the middle of the answer is a reset', async () => {
    site.answer = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      res.write('{"results":[');
      setTimeout(() => req.socket.destroy(), 20);
    };
    expect((await failureOf(get('/devices'))).kind).toBe('reset');
  });

  it('a compressed answer cut in the middle is a reset too', async () => {
    site.answer = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      const packed = zlib.gzipSync(JSON.stringify({ pad: 'x'.repeat(2000) }));
      res.write(packed.subarray(0, 20));
      setTimeout(() => req.socket.destroy(), 20);
    };
    expect((await failureOf(get('/devices'))).kind).toBe('reset');
  });

  it("the caller's abort is an aborted failure, and its deadline a timeout", async () => {
    site.answer = () => undefined;
    const controller = new AbortController();
    const pending = siteHttp({ method: 'GET', path: '/version', headers: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    expect((await failureOf(pending)).kind).toBe('aborted');
    const late = siteHttp({ method: 'GET', path: '/version', headers: {}, signal: AbortSignal.timeout(50) });
    expect((await failureOf(late)).kind).toBe('timeout');
  });

  it('a port where nothing listens is unreachable, and nothing was sent', async () => {
    const closed = await startServer();
    const origin = closed.origin;
    await closed.close();
    const nowhere = createNodeSiteHttp({ origin, socketTimeoutMs: 5_000, maxBodyBytes: MAX_BODY });
    const failure = await failureOf(get('/version', nowhere));
    expect(failure).toMatchObject({ kind: 'unreachable', sent: false });
  });
});
