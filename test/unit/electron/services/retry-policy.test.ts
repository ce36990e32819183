import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isRetryable,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy,
} from '../../../../electron/services/retry-policy.js';
import type { HttpMethod } from '../../../../electron/ports.js';

const IDEMPOTENT: HttpMethod[] = ['GET', 'PUT', 'DELETE'];

describe('isRetryable', () => {
  it.each(IDEMPOTENT.flatMap((m) => [429, 502, 503, 504].map((s) => [m, s] as const)))(
    '%s on %i is retried',
    (method, status) => {
      expect(isRetryable(method, { status })).toBe(true);
    },
  );

  it.each(IDEMPOTENT.flatMap((m) => ['unreachable', 'reset', 'timeout'].map((t) => [m, t] as const)))(
    '%s after a %s network failure is retried',
    (method, transport) => {
      expect(isRetryable(method, { transport })).toBe(true);
    },
  );

  it.each([429, 500, 502, 503, 504])('POST is never retried (status %i)', (status) => {
    expect(isRetryable('POST', { status })).toBe(false);
  });

  it.each(['unreachable', 'reset', 'timeout', 'aborted'])('POST is never retried (transport %s)', (transport) => {
    expect(isRetryable('POST', { transport })).toBe(false);
  });

  it.each(IDEMPOTENT.flatMap((m) => [200, 400, 401, 402, 403, 404, 409, 422, 500, 501].map((s) => [m, s] as const)))(
    '%s on %i is not retried',
    (method, status) => {
      expect(isRetryable(method, { status })).toBe(false);
    },
  );

  it.each(['tls', 'aborted', 'too-large'])('a %s transport failure is not retried', (transport) => {
    expect(isRetryable('GET', { transport })).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2026-11-26T10:00:00.000Z');
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
  });
  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 10:00:05 GMT', now)).toBe(5000);
  });
  it('an HTTP date in the past is zero, never negative', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });
  it.each([null, '', 'soon', '1e3', '9999999999'])('junk %j is null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
  // Date.parse in V8 is lenient: "-5" reads as May 2001 and "1.5" as 5 Jan 2001, so junk becomes a 0 ms wait
  // (an immediate retry with no backoff) instead of null. Only an HTTP-date (RFC 9110 5.6.7) should be read.
  it.each(['-5', '1.5', 'May 1'])('junk %j that Date.parse happens to accept is null, not a 0 ms wait', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe('retryDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, budgetMs: 5000 };
  const one = () => 0.999999;

  it('grows exponentially with full jitter: at most base * 2^(attempt-1)', () => {
    expect(retryDelay(policy, 1, null, 0, () => 1)).toBe(100);
    expect(retryDelay(policy, 2, null, 0, () => 1)).toBe(200);
    expect(retryDelay(policy, 3, null, 0, () => 1)).toBe(400);
  });

  it('jitter spans 0 up to the backoff, using the injected random', () => {
    expect(retryDelay(policy, 3, null, 0, () => 0)).toBe(0);
    expect(retryDelay(policy, 3, null, 0, () => 0.5)).toBe(200);
    expect(retryDelay(policy, 3, null, 0, one)).toBe(400);
  });

  it('is capped at maxDelayMs', () => {
    const many: RetryPolicy = { ...policy, maxAttempts: 20, budgetMs: 1e9 };
    expect(retryDelay(many, 10, null, 0, () => 1)).toBe(1000);
  });

  it('gives up once attempt reaches maxAttempts', () => {
    expect(retryDelay(policy, 3, null, 0, () => 0.5)).not.toBeNull();
    expect(retryDelay(policy, 4, null, 0, () => 0.5)).toBeNull();
    expect(retryDelay(policy, 5, null, 0, () => 0.5)).toBeNull();
  });

  it('honours Retry-After instead of the backoff', () => {
    expect(retryDelay(policy, 1, 3000, 0, () => 0.5)).toBe(3000);
  });

  it('gives up when the wait would overrun the budget (boundary inclusive)', () => {
    expect(retryDelay(policy, 1, 3000, 2000, () => 0.5)).toBe(3000);
    expect(retryDelay(policy, 1, 3001, 2000, () => 0.5)).toBeNull();
    expect(retryDelay(policy, 1, 60_000, 0, () => 0.5)).toBeNull();
  });

  it('the default policy makes at most 4 tries (Flywheel client parity)', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(4);
    expect(retryDelay(DEFAULT_RETRY_POLICY, 3, null, 0, () => 0.5)).not.toBeNull();
    expect(retryDelay(DEFAULT_RETRY_POLICY, 4, null, 0, () => 0.5)).toBeNull();
  });
});
