/**
 * The only file that imports axios. One instance per site profile, pinned to the site's origin
 * (security.md D1-D3): baseURL with allowAbsoluteUrls false, no redirects (an auth header must never follow
 * one to another origin), TLS verification always on, a socket timeout, a body cap, and the caller's signal.
 * Every status comes back as a response; transport errors become TransportFailure without the request config,
 * because axios errors carry the request headers (and so the admin's key).
 */
import axios, { AxiosError } from 'axios';
import https from 'node:https';
import http from 'node:http';
import { TransportFailure, type SiteHttp, type SiteHttpFactory, type TransportFailureKind } from '../ports.js';

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

function failureOf(error: unknown): TransportFailure {
  if (!(error instanceof AxiosError) && !(error instanceof Error)) return new TransportFailure('unreachable', false);
  const code = (error as { code?: string }).code ?? '';
  const causeCode = ((error as { cause?: { code?: string } }).cause?.code ?? '') as string;
  const codes = [code, causeCode];
  let kind: TransportFailureKind;
  let sent = true;
  if (axios.isCancel(error) || code === 'ERR_CANCELED') kind = 'aborted';
  else if (codes.some((c) => PLAIN_HTTP_CODES.has(c)) || PLAIN_HTTP_TEXT.test(error.message)) {
    kind = 'plain-http';
    sent = false;
  } else if (codes.some((c) => TLS_CODES.has(c)) || /certificate|SSL|TLS/i.test(error.message)) {
    kind = 'tls';
    sent = false;
  } else if (codes.some((c) => UNREACHABLE_CODES.has(c))) {
    kind = 'unreachable';
    sent = false;
  } else if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || codes.includes('ETIMEDOUT')) kind = 'timeout';
  else if (code === 'ERR_BAD_RESPONSE' && /maxContentLength/i.test(error.message)) kind = 'too-large';
  else if (codes.includes('ECONNRESET') || codes.includes('EPIPE') || /socket hang up/i.test(error.message)) kind = 'reset';
  else kind = 'unreachable';
  return new TransportFailure(kind, sent);
}

export const createAxiosSiteHttp: SiteHttpFactory = (options) => {
  const isHttps = options.origin.startsWith('https:');
  const instance = axios.create({
    baseURL: `${options.origin}/api`,
    allowAbsoluteUrls: false,
    maxRedirects: 0,
    timeout: options.socketTimeoutMs,
    maxContentLength: options.maxBodyBytes,
    maxBodyLength: 1024 * 1024,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    proxy: false,
    httpsAgent: isHttps
      ? new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: true, ca: options.caPem })
      : undefined,
    httpAgent: isHttps ? undefined : new http.Agent({ keepAlive: true, maxSockets: 4 }),
  });
  const request: SiteHttp = async (req) => {
    try {
      const response = await instance.request<string>({
        method: req.method,
        url: req.path,
        params: req.query,
        headers: {
          Accept: 'application/json',
          ...(req.body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...req.headers,
        },
        data: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal: req.signal,
      });
      const header = (name: string): string | null => {
        const value = response.headers[name] as unknown;
        return typeof value === 'string' ? value : null;
      };
      return {
        status: response.status,
        contentType: header('content-type') ?? '',
        retryAfter: header('retry-after'),
        body: typeof response.data === 'string' ? response.data : '',
      };
    } catch (error) {
      if (req.signal.aborted) throw new TransportFailure(timeoutOrAbort(req.signal), true);
      throw failureOf(error);
    }
  };
  return request;
};

function timeoutOrAbort(signal: AbortSignal): TransportFailureKind {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? 'timeout' : 'aborted';
}
