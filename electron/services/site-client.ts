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
import { pageCheckOf } from '../../shared/wire-check.js';
import { TransportFailure, type Clock, type HttpMethod, type HttpResponse, type SiteHttp } from '../ports.js';
import { Limiter, type Priority } from './limiter.js';
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelay, type RetryPolicy } from './retry-policy.js';
import { SiteError, statusError, transportError, type SiteErrorDetails } from './site-error.js';

export interface SiteClientOptions {
  readonly http: SiteHttp;
  readonly secret: string;
  readonly clock: Clock;
  /** Total time one call may take, retries included. */
  readonly deadlineMs?: number;
  readonly retry?: RetryPolicy;
  /** Requests in flight at once for this site (security.md D8); one of them is kept for the admin's actions. */
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
  /** Send no Authorization header (a call that does not need the key). */
  readonly withoutKey?: boolean;
  /**
   * Whom the call is for: `action` may use the request slot kept for the admin's actions, `background` never does.
   * By default a GET is background (a refresh's lists), anything else an action; an action's own reads say `action`.
   */
  readonly priority?: Priority;
}

type PageOf<T> = T[] | { total?: number; count?: number; results: T[] };

/** The last item's `_id` of a full page as parsed (not yet validated), or null: a short page ends the list. */
function lastIdOf(data: unknown, pageSize: number): string | null {
  const results: unknown = Array.isArray(data) ? data : (data as { results?: unknown } | null)?.results;
  if (!Array.isArray(results) || results.length < pageSize) return null;
  const id: unknown = (results[results.length - 1] as { _id?: unknown } | null)?._id;
  // The bounds of the wire schema's ids: nothing else goes back to the site as a cursor.
  return typeof id === 'string' && id.length >= 1 && id.length <= 256 ? id : null;
}

/**
 * A list page's schema, built once per item schema: zod schemas are costly to build, and a large site's refresh
 * asks for hundreds of pages of the same two lists.
 */
const pageSchemas = new WeakMap<z.ZodType, z.ZodType>();
export function pageSchemaOf(itemSchema: z.ZodType): z.ZodType {
  let schema = pageSchemas.get(itemSchema);
  if (!schema) {
    schema = pageWire(itemSchema);
    pageSchemas.set(itemSchema, schema);
  }
  return schema;
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
    const maxInFlight = options.maxInFlight ?? 4;
    // One slot is kept for the admin's actions, so a refresh whose pages hang cannot make a create wait.
    this.limiter = new Limiter(maxInFlight, maxInFlight > 1 ? 1 : 0);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.deadlineMs = options.deadlineMs ?? 30_000;
    this.pageSize = options.pageSize ?? 250;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /**
   * GET /api/version needs no key (flywheel-api.md): it goes without the Authorization header, so an address that
   * is not a Flywheel site never receives the admin's key.
   */
  version(signal?: AbortSignal): Promise<VersionWire> {
    return this.call('GET', '/version', versionWire, { signal, withoutKey: true });
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

  /**
   * A call whose answer has no body the app needs (DELETE); `notFoundIsDone` makes a 404 count as success.
   * Answers `already-gone` for a 404 that no earlier attempt of this call may have caused (none reached the site
   * before), `done` otherwise: a retried DELETE whose first answer was a 503 finds its own work done.
   */
  async callNoContent(
    method: HttpMethod,
    path: string,
    options: CallOptions & { notFoundIsDone?: boolean } = {},
  ): Promise<'done' | 'already-gone'> {
    const trace = { mayHaveReachedSite: false };
    try {
      await this.send(method, path, options, trace);
      return 'done';
    } catch (error) {
      if (options.notFoundIsDone && error instanceof SiteError && error.details.status === 404) {
        return trace.mayHaveReachedSite ? 'done' : 'already-gone';
      }
      throw error;
    }
  }

  /**
   * Every item of a list, paging with limit and after_id (the last id of the previous page) until a short page.
   * A cursor that does not advance is a broken answer, not an endless loop (security.md D6). With `map`, each page's
   * items are turned into what the caller keeps as the page arrives, so the wire objects of a large list are never
   * all held at once.
   */
  async listAll<S extends z.ZodType<{ _id: string }>, R = z.output<S>>(
    path: string,
    itemSchema: S,
    options: {
      query?: CallOptions['query'];
      signal?: AbortSignal;
      priority?: Priority;
      /** After each page: the items so far, the total the site reported, and this page's items as mapped. */
      onPage?: (loaded: number, total: number | null, page: readonly R[]) => void;
      map?: (item: z.output<S>) => R;
    } = {},
  ): Promise<R[]> {
    const map = options.map ?? ((item: z.output<S>) => item as unknown as R);
    const schema = pageSchemaOf(itemSchema);
    // Devices and users are checked where they lie (wire-check.ts), not copied by zod.
    const inPlace = pageCheckOf(itemSchema);
    const items: R[] = [];
    const seen = new Set<string>();
    const fetchPage = async (afterId: string | undefined) => {
      const response = await this.send('GET', path, {
        query: { ...options.query, limit: this.pageSize, after_id: afterId },
        signal: options.signal,
        priority: options.priority,
        paginated: true,
      });
      return this.json('GET', path, response);
    };
    let afterId: string | undefined;
    let next = fetchPage(afterId);
    for (;;) {
      const answer = await next;
      // The next page is asked for as soon as this one's last id is known, so the site works on it while this one
      // is validated and mapped. The id is checked against the validated page below.
      const nextAfter = lastIdOf(answer.data, this.pageSize);
      let ahead: typeof next | null = null;
      if (nextAfter !== null && nextAfter !== afterId) {
        ahead = fetchPage(nextAfter);
        // Should this page prove broken, the one asked ahead is dropped: its failure is not this list's answer.
        ahead.catch(() => undefined);
      }
      const { results, total } = this.pageItems<z.output<S>>(path, answer, schema, inPlace);
      const mapped: R[] = [];
      for (const item of results) {
        if (seen.has(item._id)) throw this.brokenList(path);
        seen.add(item._id);
        mapped.push(map(item));
      }
      for (const item of mapped) items.push(item);
      options.onPage?.(items.length, total, mapped);
      if (results.length < this.pageSize) return items;
      const last = results[results.length - 1];
      if (!last || last._id === afterId || last._id !== nextAfter || ahead === null) throw this.brokenList(path);
      afterId = last._id;
      next = ahead;
    }
  }

  /** A list page's items and reported total, checked in place where the item has such a check, else by zod. */
  private pageItems<T>(
    path: string,
    answer: { status: number; data: unknown },
    schema: z.ZodType,
    inPlace: ReturnType<typeof pageCheckOf>,
  ): { results: T[]; total: number | null } {
    if (inPlace) {
      const checked = inPlace(answer.data);
      if (!checked) throw this.badResponse('GET', path, answer.status);
      return { results: checked.items as T[], total: checked.total };
    }
    const page = this.validate('GET', path, answer, schema) as PageOf<T>;
    return Array.isArray(page) ? { results: page, total: null } : { results: page.results, total: page.total ?? null };
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

  /** `trace.mayHaveReachedSite` is set once an attempt that is retried may have been carried out by the site. */
  private async send(
    method: HttpMethod,
    path: string,
    options: CallOptions,
    trace: { mayHaveReachedSite: boolean } = { mayHaveReachedSite: false },
  ): Promise<HttpResponse> {
    const deadline = AbortSignal.timeout(this.deadlineMs);
    const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
    const headers: Record<string, string> = options.withoutKey ? {} : { Authorization: authorizationHeader(this.options.secret) };
    if (options.paginated) headers['X-Accept-Feature'] = 'pagination';
    const priority = options.priority ?? (method === 'GET' ? 'background' : 'action');
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
        response = await this.limiter.run(
          () => this.options.http({ method, path, query: options.query, headers, body: options.body, signal }),
          priority,
        );
      } catch (error) {
        if (!(error instanceof TransportFailure)) throw error;
        const kind = signal.aborted && error.kind === 'aborted' && deadline.aborted ? 'timeout' : error.kind;
        const wait =
          isRetryable(method, { transport: kind }) && !signal.aborted
            ? retryDelay(this.retry, attempt, null, spentMs, this.random)
            : null;
        if (wait === null) throw transportError(kind, details(null, null, error.sent));
        if (error.sent) trace.mayHaveReachedSite = true;
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
      // A 5xx does not prove the site did nothing.
      if (response.status >= 500) trace.mayHaveReachedSite = true;
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
    return this.validate(method, path, this.json(method, path, response), schema);
  }

  private badResponse(method: HttpMethod, path: string, status: number): SiteError {
    return new SiteError('bad-response', 'The site gave an answer the app does not understand; nothing was changed locally.', {
      status,
      method,
      path,
      requestId: null,
      sent: true,
    });
  }

  /** The answer's JSON, parsed once; the body text is not kept. */
  private json(method: HttpMethod, path: string, response: HttpResponse): { status: number; data: unknown } {
    if (!/\bjson\b/i.test(response.contentType)) throw this.badResponse(method, path, response.status);
    try {
      return { status: response.status, data: JSON.parse(response.body) as unknown };
    } catch {
      throw this.badResponse(method, path, response.status);
    }
  }

  private validate<S extends z.ZodType>(
    method: HttpMethod,
    path: string,
    answer: { status: number; data: unknown },
    schema: S,
  ): z.output<S> {
    const parsed = schema.safeParse(answer.data);
    if (!parsed.success) throw this.badResponse(method, path, answer.status);
    return parsed.data;
  }
}
