/**
 * The web host's loopback HTTP bridge: serves the built renderer and answers the IPC contract over HTTP,
 * for development and end-to-end tests in a real browser. It never ships. It binds 127.0.0.1 only, demands the
 * random per-launch token, checks the Host header (DNS rebinding) and the Origin of every call (cross-site
 * requests).
 *
 * The token works once: it is exchanged for a session, an HttpOnly SameSite=Strict cookie holding a different
 * random value. Cookies are not scoped by port, so every other server on 127.0.0.1 receives our cookie: it must
 * not be the token of the printed address, and its name carries our port, so that two web hosts in one browser
 * do not overwrite each other's sessions.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { CONTENT_TYPES } from '../app-protocol.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import type { Logger } from '../ports.js';
import type { MainEvent } from '../../shared/events.js';

export interface WebHostOptions {
  readonly dispatch: Dispatch;
  /** Main's event stream, sent to the page as server-sent events on /events. */
  readonly events?: { subscribe(listener: (event: MainEvent) => void): () => void };
  readonly rendererDir: string;
  readonly logger: Logger;
  readonly port?: number;
}

export interface WebHost {
  /** The address to open, with the token in it. Print it to the admin; never log it. */
  readonly url: string;
  readonly origin: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 256 * 1024;
// The renderer's own CSP, with connect-src opened to this origin only: the bridge talks to the host itself.
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function cookieValue(header: string | undefined, cookie: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === cookie) return value.join('=');
  }
  return null;
}

/** The session cookie's name, per host: cookies of 127.0.0.1 are shared by every port. */
export function sessionCookieName(port: number): string {
  return `keywarden_session_${port}`;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = randomBytes(24).toString('base64url');
  let tokenSpent = false;
  const sessions = new Set<string>();
  let cookie = '';
  const indexHtml = prepareIndex(fs.readFileSync(path.join(options.rendererDir, 'index.html'), 'utf8'));
  const root = path.resolve(options.rendererDir);
  let origin = '';

  const send = (res: http.ServerResponse, status: number, type: string, body: string | Buffer): void => {
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Security-Policy': CSP,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Resource-Policy': 'same-origin',
    });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error');
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.headers.host !== new URL(origin).host) return send(res, 421, 'text/plain; charset=utf-8', 'Wrong host');
    const url = new URL(req.url ?? '/', origin);
    const presented = cookieValue(req.headers.cookie, cookie);
    const inSession = presented !== null && [...sessions].some((session) => sameSecret(presented, session));
    const offered = url.searchParams.get('token');
    if (req.method === 'GET' && offered !== null) {
      if (!sameSecret(offered, token)) return send(res, 401, 'text/plain; charset=utf-8', 'Invalid token');
      // This browser already has its session (the address opened again): on to the app, no second session.
      if (inSession) return redirectHome(res);
      if (tokenSpent) {
        return send(
          res,
          403,
          'text/plain; charset=utf-8',
          'This address was already used to open Keywarden and works only once. Go back to the browser window that opened it, or restart the web host for a new address.',
        );
      }
      tokenSpent = true;
      const session = randomBytes(32).toString('base64url');
      sessions.add(session);
      return redirectHome(res, `${cookie}=${session}; HttpOnly; SameSite=Strict; Path=/`);
    }
    if (!inSession) {
      return send(
        res,
        401,
        'text/plain; charset=utf-8',
        'Open the address printed by the web host (it carries the launch token).',
      );
    }
    if (req.method === 'POST' && url.pathname.startsWith('/ipc/')) return ipc(req, res, url.pathname.slice('/ipc/'.length));
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
    if (url.pathname === '/events') return stream(req, res);
    if (url.pathname === '/' || url.pathname === '/index.html') return send(res, 200, CONTENT_TYPES['.html']!, indexHtml);
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
    send(res, 200, CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
  }

  function redirectHome(res: http.ServerResponse, setCookie?: string): void {
    res.writeHead(303, {
      Location: '/',
      ...(setCookie ? { 'Set-Cookie': setCookie } : {}),
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  /** Server-sent events: one `data:` line of JSON per main event, for as long as the page listens. */
  function stream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    const unsubscribe =
      options.events?.subscribe((event) => res.write(`data: ${JSON.stringify(event)}\n\n`)) ?? (() => undefined);
    req.on('close', unsubscribe);
  }

  async function ipc(req: http.IncomingMessage, res: http.ServerResponse, channel: string): Promise<void> {
    if (req.headers.origin !== origin) return send(res, 403, 'text/plain; charset=utf-8', 'Cross-origin request refused');
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) {
      return send(res, 415, 'text/plain; charset=utf-8', 'JSON expected');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) {
        return send(
          res,
          200,
          'application/json',
          JSON.stringify({
            ok: false,
            error: { code: 'validation', message: 'The request was too large and was not carried out.' },
          }),
        );
      }
      chunks.push(chunk as Buffer);
    }
    let payload: unknown;
    try {
      const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
      payload = (body as { payload?: unknown }).payload;
    } catch {
      return send(
        res,
        200,
        'application/json',
        JSON.stringify({
          ok: false,
          error: { code: 'validation', message: 'The request was not valid and was not carried out.' },
        }),
      );
    }
    const result = await options.dispatch(channel, payload);
    send(res, 200, 'application/json', JSON.stringify(result));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  cookie = sessionCookieName(port);
  options.logger.info('web-host.listening', { origin });
  return {
    url: `${origin}/?token=${token}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Loads the browser bridge before the app's own module and opens connect-src to this origin. */
export function prepareIndex(html: string): string {
  const bridge = '<script type="module" src="./web-bridge.js"></script>';
  const withCsp = html.replace("connect-src 'none'", "connect-src 'self'");
  const at = withCsp.indexOf('<script');
  if (at < 0) throw new Error('The built index.html has no script tag; run the renderer build first.');
  return `${withCsp.slice(0, at)}${bridge}\n    ${withCsp.slice(at)}`;
}
