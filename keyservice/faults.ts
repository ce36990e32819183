/**
 * Fault injection for client tests: answer an error, delay, lose or garble the answer of the next matching requests.
 * A match is on the method (case-insensitive) and a regular expression tested against the path without the query.
 */
export interface FaultMatch {
  method?: string;
  path?: RegExp;
}

export interface KeyServiceFaults {
  /** The next N requests matching (method, path regex) answer this status (with a proper error body, and Retry-After if given) without doing anything. */
  failNext(match: FaultMatch, status: number, count?: number, retryAfter?: string): void;
  /** The next matching request is delayed by ms before being handled. */
  delayNext(match: FaultMatch, ms: number, count?: number): void;
  /** The next matching request IS fully handled (e.g. the key is created and committed) but its connection is destroyed instead of answering: a lost answer. */
  dropResponseNext(match: FaultMatch, count?: number): void;
  /**
   * The next matching request IS fully handled and committed, then answered wrongly: a 5xx status with an error
   * body (a proxy or the site failing after the work was done), or status 200 with a body the client cannot read.
   * An answer the route itself failed (4xx/5xx) goes out unchanged: nothing was committed then.
   */
  commitThenAnswerNext(match: FaultMatch, answer: GarbledAnswer, count?: number): void;
  /** Forget every pending fault. */
  clear(): void;
}

/**
 * How a committed request is answered: `{ status }` (500..599) with an error body, or status 200 with `html`
 * (a text/html page), `truncated-json` (the real answer cut in half, still labelled JSON) or `wrong-shape`
 * (valid JSON that is not the expected record).
 */
export type GarbledAnswer = { readonly status: number } | { readonly garbage: 'html' | 'truncated-json' | 'wrong-shape' };

interface PendingFault {
  readonly match: FaultMatch;
  remaining: number;
}

export interface FailFault extends PendingFault {
  readonly status: number;
  readonly retryAfter: string | undefined;
}

export interface DelayFault extends PendingFault {
  readonly ms: number;
}

export interface GarbleFault extends PendingFault {
  readonly answer: GarbledAnswer;
}

/** What the server asks before handling a request; each kind of fault is consumed at most once per request. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly fail: { status: number; retryAfter: string | undefined } | null;
  readonly drop: boolean;
  /** Handle the request, then answer this instead. */
  readonly garble: GarbledAnswer | null;
}

function matches(match: FaultMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path !== undefined) {
    match.path.lastIndex = 0; // a /g or /y regex keeps state between tests
    if (!match.path.test(path)) return false;
  }
  return true;
}

function take<T extends PendingFault>(list: T[], method: string, path: string): T | null {
  const index = list.findIndex((fault) => matches(fault.match, method, path));
  if (index < 0) return null;
  const fault = list[index];
  if (!fault) return null;
  fault.remaining -= 1;
  if (fault.remaining <= 0) list.splice(index, 1);
  return fault;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('count must be a positive integer');
}

export class FaultInjector implements KeyServiceFaults {
  private fails: FailFault[] = [];
  private delays: DelayFault[] = [];
  private drops: PendingFault[] = [];
  private garbles: GarbleFault[] = [];

  failNext(match: FaultMatch, status: number, count = 1, retryAfter?: string): void {
    checkCount(count);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError('status must be 400..599');
    this.fails.push({ match, remaining: count, status, retryAfter });
  }

  delayNext(match: FaultMatch, ms: number, count = 1): void {
    checkCount(count);
    if (!(ms >= 0)) throw new RangeError('ms must be >= 0');
    this.delays.push({ match, remaining: count, ms });
  }

  dropResponseNext(match: FaultMatch, count = 1): void {
    checkCount(count);
    this.drops.push({ match, remaining: count });
  }

  commitThenAnswerNext(match: FaultMatch, answer: GarbledAnswer, count = 1): void {
    checkCount(count);
    if ('status' in answer && (!Number.isInteger(answer.status) || answer.status < 500 || answer.status > 599)) {
      throw new RangeError('status must be 500..599');
    }
    if ('garbage' in answer && !['html', 'truncated-json', 'wrong-shape'].includes(answer.garbage)) {
      throw new RangeError('garbage must be html, truncated-json or wrong-shape');
    }
    this.garbles.push({ match, remaining: count, answer });
  }

  clear(): void {
    this.fails = [];
    this.delays = [];
    this.drops = [];
    this.garbles = [];
  }

  /** True when nothing is pending, so the hot path stays cheap for benchmarks. */
  get idle(): boolean {
    return this.fails.length === 0 && this.delays.length === 0 && this.drops.length === 0 && this.garbles.length === 0;
  }

  decide(method: string, path: string): FaultDecision {
    const delay = take(this.delays, method, path);
    const fail = take(this.fails, method, path);
    // A failed request is never handled, so a drop or a garbled answer is not consumed by it; a dropped one has no answer.
    const drop = fail === null && take(this.drops, method, path) !== null;
    const garble = fail === null && !drop ? take(this.garbles, method, path) : null;
    return {
      delayMs: delay?.ms ?? 0,
      fail: fail ? { status: fail.status, retryAfter: fail.retryAfter } : null,
      drop,
      garble: garble?.answer ?? null,
    };
  }
}
