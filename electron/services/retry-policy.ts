/**
 * When and how long to wait before trying a site call again (security.md D4, RFC 9110 section 10.2.3).
 * Only idempotent methods are retried, only on network failures and 429/502/503/504, with capped
 * exponential backoff and full jitter, honouring Retry-After (seconds or HTTP date) within a budget.
 */
import type { HttpMethod } from '../ports.js';

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The most the client waits in total across retries of one call. */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 300, maxDelayMs: 8_000, budgetMs: 20_000 };

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);

export function isRetryable(method: HttpMethod, failure: { status: number } | { transport: string }): boolean {
  if (!IDEMPOTENT.has(method)) return false;
  if ('status' in failure) return RETRYABLE_STATUS.has(failure.status);
  return failure.transport === 'unreachable' || failure.transport === 'reset' || failure.transport === 'timeout';
}

/** Milliseconds to wait, from a Retry-After value: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  // Only an IMF-fixdate (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT": Date.parse alone reads junk as dates.
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text)) return null;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now.getTime());
}

/**
 * The wait before attempt number `attempt` (1 = first retry), or null to give up.
 * `spentMs` is what earlier waits of this call already used from the budget.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null,
  spentMs: number,
  random: () => number,
): number | null {
  if (attempt >= policy.maxAttempts) return null;
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const delay = retryAfterMs ?? Math.round(random() * backoff);
  if (spentMs + delay > policy.budgetMs) return null;
  return delay;
}
