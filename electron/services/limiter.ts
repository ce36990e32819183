/**
 * Who a request is for. `action`: the admin is waiting on it (a create, rotate, revoke, disable, delete, and the
 * reads such an action makes). `background`: work nobody waits on call by call (a refresh's list pages).
 */
export type Priority = 'action' | 'background';

/**
 * At most `limit` tasks run at once; the rest wait in order (security.md D8: a few requests in flight per site).
 * `reserved` of the slots are kept for `action` tasks: background tasks never hold more than `limit - reserved`,
 * so a refresh whose pages hang cannot starve the admin's actions. Waiting actions get a freed slot first.
 */
export class Limiter {
  private running = 0;
  private runningBackground = 0;
  private readonly waiting: Record<Priority, Array<() => void>> = { action: [], background: [] };

  constructor(
    private readonly limit: number,
    private readonly reserved = 0,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit must be a positive integer');
    if (!Number.isInteger(reserved) || reserved < 0 || reserved >= limit) {
      throw new RangeError('reserved must leave at least one slot for background tasks');
    }
  }

  async run<T>(task: () => Promise<T>, priority: Priority = 'action'): Promise<T> {
    // A slot is taken here, or handed over by `release` before the waiter wakes: never counted twice.
    if (this.canStart(priority)) this.take(priority);
    else await new Promise<void>((resolve) => this.waiting[priority].push(resolve));
    try {
      return await task();
    } finally {
      this.release(priority);
    }
  }

  private canStart(priority: Priority): boolean {
    if (this.running >= this.limit) return false;
    return priority === 'action' || this.runningBackground < this.limit - this.reserved;
  }

  private take(priority: Priority): void {
    this.running += 1;
    if (priority === 'background') this.runningBackground += 1;
  }

  private release(priority: Priority): void {
    this.running -= 1;
    if (priority === 'background') this.runningBackground -= 1;
    for (const next of ['action', 'background'] as const) {
      while (this.waiting[next].length > 0 && this.canStart(next)) {
        this.take(next);
        this.waiting[next].shift()?.();
      }
    }
  }
}

/** Tasks with the same key run one after another (security.md D8: operations on the same key are serialised). */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
