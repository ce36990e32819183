/**
 * A per-client fixed one-second window. The client is its Authorization header (each key is its own client), or
 * its address when it sends none. Uses the real clock, not the service clock: tests freeze the service clock to
 * check expiry, and a frozen window would never reopen.
 */
import { createHash } from 'node:crypto';

export interface RateLimitOptions {
  requestsPerSecond: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly clock: () => number = () => Date.now(),
  ) {
    if (!(options.requestsPerSecond > 0)) throw new RangeError('rateLimit.requestsPerSecond must be > 0');
  }

  /** Null when the request may go on, else the seconds to wait (for Retry-After). */
  check(authorization: string | undefined, address: string): number | null {
    // Only a digest of the header is kept in memory, never the secret itself.
    const client = authorization ? createHash('sha256').update(authorization).digest('base64url') : `addr:${address}`;
    const now = this.clock();
    const window = this.windows.get(client);
    if (!window || now - window.start >= 1000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(client, { start: now, count: 1 });
      return null;
    }
    window.count += 1;
    if (window.count <= this.options.requestsPerSecond) return null;
    return Math.max(1, Math.ceil((window.start + 1000 - now) / 1000));
  }
}
