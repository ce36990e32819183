/**
 * The only file that talks HTTP to a site, with Node's own http and https modules. One instance per site profile,
 * pinned to the site's origin (security.md D1-D3): every path goes below the origin's /api (a path is never taken as
 * an address of its own), no redirect is followed (an auth header must never follow one to another origin), TLS
 * verification is always on (with the site's own CA where one is configured), no proxy from the environment, a
 * socket timeout, a cap on the answer's size, and the caller's signal. Every status comes back as a response;
 * transport errors become TransportFailure, which carries no request detail, so never the admin's key.
 *
 * Why not a client library: axios, used before, cost about 1 ms of main-thread CPU per request beyond this, a sixth
 * of a large site's whole refresh (about 300 ms of 1,850 at 250,000 keys), for nothing the app uses.
 */
import http from 'node:http';
import https from 'node:https';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import {
  TransportFailure,
  type HttpRequest,
  type HttpResponse,
  type SiteHttp,
  type SiteHttpFactory,
  type TransportFailureKind,
} from '../ports.js';

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
/**
 * https to a port that answers plain http: OpenSSL reads the http answer as a TLS record of an unknown version
 * ("wrong version number", code EPROTO on Node 20). Not a certificate problem, so it is told apart.
 */
const PLAIN_HTTP_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER']);
const PLAIN_HTTP_TEXT = /wrong version number/i;
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
/** The largest request body the app sends (it sends small JSON documents only). */
const MAX_REQUEST_BYTES = 1024 * 1024;

/** The failure a transport error stands for; `sent`: whether the request may have reached the site. */
export function failureOf(error: unknown): TransportFailure {
  if (error instanceof TransportFailure) return error;
  if (!(error instanceof Error)) return new TransportFailure('unreachable', false);
  const code = (error as { code?: string }).code ?? '';
  const causeCode = (error as { cause?: { code?: string } }).cause?.code ?? '';
  const codes = [code, causeCode];
  let kind: TransportFailureKind;
  let sent = true;
  if (error.name === 'AbortError' || code === 'ABORT_ERR') kind = 'aborted';
  else if (codes.some((c) => PLAIN_HTTP_CODES.has(c)) || PLAIN_HTTP_TEXT.test(error.message)) {
    kind = 'plain-http';
    sent = false;
  } else if (codes.some((c) => TLS_CODES.has(c)) || /certificate|SSL|TLS/i.test(error.message)) {
    kind = 'tls';
    sent = false;
  } else if (codes.some((c) => UNREACHABLE_CODES.has(c))) {
    kind = 'unreachable';
    sent = false;
  } else if (codes.includes('ETIMEDOUT')) kind = 'timeout';
  else if (
    codes.includes('ECONNRESET') ||
    codes.includes('EPIPE') ||
    // A compressed answer that does not unpack was broken on the way.
    codes.some((c) => c.startsWith('Z_')) ||
    /socket hang up|aborted/i.test(error.message)
  ) {
    kind = 'reset';
  } else kind = 'unreachable';
  return new TransportFailure(kind, sent);
}

/** The query string of a request: `?a=1&b=true`, without the fields left undefined; '' for none. */
export function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.append(name, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export const createNodeSiteHttp: SiteHttpFactory = (options) => {
  const origin = new URL(options.origin);
  const isHttps = origin.protocol === 'https:';
  // Agents of our own: no proxy, kept-alive connections, certificates always checked.
  const agent = isHttps
    ? new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: true, ca: options.caPem })
    : new http.Agent({ keepAlive: true, maxSockets: 4 });
  const send = isHttps ? https.request : http.request;

  const request: SiteHttp = (req) =>
    new Promise<HttpResponse>((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown): void => {
        if (settled) return;
        settled = true;
        reject(req.signal.aborted ? new TransportFailure(timeoutOrAbort(req.signal), true) : failureOf(error));
      };
      const body = req.body === undefined ? undefined : JSON.stringify(req.body);
      if (body !== undefined && Buffer.byteLength(body) > MAX_REQUEST_BYTES) {
        fail(new TransportFailure('too-large', false));
        return;
      }
      let outgoing: http.ClientRequest;
      try {
        outgoing = send(
          {
            protocol: origin.protocol,
            hostname: origin.hostname,
            port: origin.port,
            // Appended to the origin's /api, whatever it holds: "https://elsewhere/x" is a path on this site.
            path: `/api${req.path}${queryString(req.query)}`,
            method: req.method,
            agent,
            headers: {
              Accept: 'application/json',
              'Accept-Encoding': 'gzip, deflate, br',
              ...(body === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }),
              ...req.headers,
            },
            signal: req.signal,
            timeout: options.socketTimeoutMs,
          },
          (response) => {
            const tooLarge = (): void => {
              if (!settled) {
                settled = true;
                reject(new TransportFailure('too-large', true));
              }
              outgoing.destroy();
            };
            if (Number(response.headers['content-length']) > options.maxBodyBytes) {
              tooLarge();
              return;
            }
            const stream = decoded(response);
            // The text is decoded chunk by chunk (a character cut between two chunks is kept for the next one), not
            // joined into one buffer first: a large page's buffer, freed, stayed with the C allocator, which then
            // kept later pages' buffers too and gave little back (about 50 MiB held at 10x the scale site).
            const utf8 = new StringDecoder('utf8');
            let text = '';
            let size = 0;
            stream.on('data', (chunk: Buffer) => {
              size += chunk.length;
              if (size > options.maxBodyBytes) tooLarge();
              else text += utf8.write(chunk);
            });
            stream.on('end', () => {
              if (settled) return;
              settled = true;
              const header = (name: string): string | null => {
                const value = response.headers[name];
                return typeof value === 'string' ? value : null;
              };
              resolve({
                status: response.statusCode ?? 0,
                contentType: header('content-type') ?? '',
                retryAfter: header('retry-after'),
                body: withoutBom(text + utf8.end()),
              });
            });
            // A connection closed before the whole answer came is an error of the response (ECONNRESET), which a
            // pipe does not pass on to the unpacking stream: both are listened to.
            response.on('error', fail);
            if (stream !== response) stream.on('error', fail);
          },
        );
      } catch (error) {
        // Refused before anything was sent (a path Node will not put on the wire).
        settled = true;
        reject(new TransportFailure(failureOf(error).kind, false));
        return;
      }
      outgoing.on('timeout', () => outgoing.destroy(Object.assign(new Error('socket timeout'), { code: 'ETIMEDOUT' })));
      outgoing.on('error', fail);
      outgoing.end(body);
    });
  return request;
};

/** The answer's body as sent, unpacked where the site compressed it. */
function decoded(response: http.IncomingMessage): NodeJS.ReadableStream {
  switch (response.headers['content-encoding']?.trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return response.pipe(zlib.createGunzip());
    case 'deflate':
      return response.pipe(zlib.createInflate());
    case 'br':
      return response.pipe(zlib.createBrotliDecompress());
    default:
      return response;
  }
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function timeoutOrAbort(signal: AbortSignal): TransportFailureKind {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? 'timeout' : 'aborted';
}
