/**
 * One Flywheel site, seen through the admin's key. A plain class over the SiteHttp port: it chooses the
 * Authorization header by key kind, bounds every call with a deadline, retries what may be retried, parses every
 * answer with zod, and turns every failure into a SiteError (the one place errors are converted).
 */
import type { z } from 'zod';
import { authorizationHeader } from '../../shared/key-string.js';
import {
  authStatusWire,
  errorBodyWire,
  pageWire,
  userWire,
  versionWire,
  type AuthStatusWire,
  type UserWire,
  type VersionWire,
} from '../../shared/wire.schema.js';
import { TransportFailure, type Clock, type HttpMethod, type HttpResponse, type SiteHttp } from '../ports.js';
import { Limiter } from './limiter.js';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelay, type RetryPolicy } from './retry-policy.js';
import { SiteError, statusError, transportError, type SiteErrorDetails } from './site-error.js';

export interface SiteClientOptions {
  readonly http: SiteHttp;
  readonly secret: string;
  readonly clock: Clock;
  /** Total time one call may take, retries included. */
  readonly deadlineMs?: number;
  readonly retry?: RetryPolicy;
  readonly maxInFlight?: number;
  readonly pageSize?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
}

export interface CallOptions {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Ask for the { total, count, results } list shape. */
  readonly paginated?: boolean;
}

const SEGMENT = /^[A-Za-z0-9._@+-]{1,256}$/;

/** Builds a path below /api from segments; ids must be plain tokens and are URL-encoded (security.md D2). */
export function sitePath(...segments: string[]): string {
  for (const segment of segments) {
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw new SiteError('validation', 'An id given to the site is not valid.', {
        status: null,
        method: 'GET',
        path: '(invalid id)',
        requestId: null,
        sent: false,
      });
    }
  }
  return `/${segments.map(encodeURIComponent).join('/')}`;
}

const defaultSleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportFailure('aborted', false));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new TransportFailure('timeout', false));
      },
      { once: true },
    );
  });

export class SiteClient {
  private readonly limiter: Limiter;
  private readonly retry: RetryPolicy;
  private readonly deadlineMs: number;
  private readonly pageSize: number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: SiteClientOptions) {
    this.limiter = new Limiter(options.maxInFlight ?? 4);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.pageSize = options.pageSize ?? 250;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  version(signal?: AbortSignal): Promise<VersionWire> {
    return this.call('GET', '/version', versionWire, { signal });
  }

  authStatus(signal?: AbortSignal): Promise<AuthStatusWire> {
    return this.call('GET', '/auth/status', authStatusWire, { signal });
  }

  currentUser(signal?: AbortSignal): Promise<UserWire> {
    return this.call('GET', '/users/self', userWire, { signal });
  }

  /** One call: deadline, retries where allowed, a parsed answer or a SiteError. */
  async call<S extends z.ZodType>(method: HttpMethod, path: string, schema: S, options: CallOptions = {}): Promise<z.output<S>> {
    const response = await this.send(method, path, options);
    return this.parse(method, path, response, schema);
  }

  /** A call whose answer has no body the app needs (DELETE); `notFoundIsDone` makes a 404 count as success. */
  async callNoContent(method: HttpMethod, path: string, options: CallOptions & { notFoundIsDone?: boolean } = {}): Promise<void> {
    try {
      await this.send(method, path, options);
    } catch (error) {
      if (options.notFoundIsDone && error instanceof SiteError && error.details.status === 404) return;
      throw error;
    }
  }

  /**
   * Every item of a list, paging with limit and after_id (the last id of the previous page) until a short page.
   * A cursor that does not advance is a broken answer, not an endless loop (security.md D6).
   */
  async listAll<S extends z.ZodType<{ _id: string }>>(
    path: string,
    itemSchema: S,
    options: { query?: CallOptions['query']; signal?: AbortSignal; onPage?: (loaded: number, total: number | null) => void } = {},
  ): Promise<Array<z.output<S>>> {
    const items: Array<z.output<S>> = [];
    const seen = new Set<string>();
    let afterId: string | undefined;
    for (;;) {
      const page = await this.call('GET', path, pageWire(itemSchema), {
        query: { ...options.query, limit: this.pageSize, after_id: afterId },
        signal: options.signal,
        paginated: true,
      });
      const results = (Array.isArray(page) ? page : page.results) as Array<z.output<S>>;
      const total = Array.isArray(page) ? null : (page.total ?? null);
      for (const item of results) {
        if (seen.has(item._id)) throw this.brokenList(path);
        seen.add(item._id);
        items.push(item);
      }
      options.onPage?.(items.length, total);
      if (results.length < this.pageSize) return items;
      const last = results[results.length - 1];
      if (!last || last._id === afterId) throw this.brokenList(path);
      afterId = last._id;
    }
  }

  private brokenList(path: string): SiteError {
    return new SiteError('bad-response', 'The site sent a list that repeats itself; the last good data was kept.', {
      status: 200,
      method: 'GET',
      path,
      requestId: null,
      sent: true,
    });
  }

  private async send(method: HttpMethod, path: string, options: CallOptions): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const headers: Record<string, string> = { Authorization: authorizationHeader(this.options.secret) };
    if (options.paginated) headers['X-Accept-Feature'] = 'pagination';
    let spentMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      const details = (status: number | null, requestId: string | null, sent: boolean): SiteErrorDetails => ({
        status,
        method,
        path,
        requestId,
        sent,
      });
      let response: HttpResponse;
      try {
        response = await this.limiter.run(() =>
          this.options.http({ method, path, query: options.query, headers, body: options.body, signal }),
        );
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        const kind = signal.aborted && error.kind === 'aborted' && deadline.aborted ? 'timeout' : error.kind;
        const wait =
          isRetryable(method, { transport: kind }) && !signal.aborted
            ? retryDelay(this.retry, attempt, null, spentMs, this.random)
            : null;
        if (wait === null) throw transportError(kind, details(null, null, error.sent));
        spentMs += wait;
        await this.wait(wait, signal, details(null, null, error.sent));
        continue;
      }
      if (response.status >= 200 && response.status < 300) return response;
      const body = this.errorBody(response);
      const failure = statusError(response.status, body.message, details(response.status, body.requestId, true));
      const retryAfterMs = parseRetryAfter(response.retryAfter, this.options.clock.now());
      const wait = isRetryable(method, { status: response.status })
        ? retryDelay(this.retry, attempt, retryAfterMs, spentMs, this.random)
        : null;
      if (wait === null) throw failure;
      spentMs += wait;
      await this.wait(wait, signal, details(response.status, body.requestId, true));
    }
  }

  private async wait(ms: number, signal: AbortSignal, details: SiteErrorDetails): Promise<void> {
    try {
      await this.sleep(ms, signal);
    } catch {
      throw transportError('timeout', details);
    }
  }

  private errorBody(response: HttpResponse): { message: string; requestId: string | null } {
    try {
      const parsed = errorBodyWire.safeParse(JSON.parse(response.body));
      if (parsed.success) return { message: parsed.data.message ?? '', requestId: parsed.data.request_id ?? null };
    } catch {
      // Not JSON: Flywheel's client falls back to the raw text; we only need the message to classify 401/422.
    }
    return { message: response.body.slice(0, 200), requestId: null };
  }

  private parse<S extends z.ZodType>(method: HttpMethod, path: string, response: HttpResponse, schema: S): z.output<S> {
    const bad = (): SiteError =>
      new SiteError('bad-response', 'The site gave an answer the app does not understand; nothing was changed locally.', {
        status: response.status,
        method,
        path,
        requestId: null,
        sent: true,
      });
    if (!/\bjson\b/i.test(response.contentType)) throw bad();
    let data: unknown;
    try {
      data = JSON.parse(response.body);
    } catch {
      throw bad();
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw bad();
    return parsed.data;
  }
}
