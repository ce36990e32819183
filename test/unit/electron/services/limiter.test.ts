import { describe, expect, it } from 'vitest';
import { KeyedQueue, Limiter } from '../../../../electron/services/limiter.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Limiter', () => {
  it('runs at most `limit` tasks at once and all of them eventually, in order', async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const gates = Array.from({ length: 8 }, () => deferred());
    const results = gates.map((gate, i) =>
      limiter.run(async () => {
        started.push(i);
        running += 1;
        peak = Math.max(peak, running);
        await gate.promise;
        running -= 1;
        return i;
      }),
    );
    await tick();
    expect(started).toEqual([0, 1, 2]);
    for (const gate of gates) {
      gate.resolve();
      await tick();
    }
    await expect(Promise.all(results)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('keeps the reserved slots for actions: background tasks never hold more than limit - reserved', async () => {
    const limiter = new Limiter(4, 1);
    const started: string[] = [];
    const hang = deferred();
    const background = Array.from({ length: 5 }, (_, i) =>
      limiter.run(async () => {
        started.push(`bg${i}`);
        await hang.promise;
      }, 'background'),
    );
    await tick();
    expect(started).toEqual(['bg0', 'bg1', 'bg2']);
    // The admin's action runs at once in the kept slot, and finishes while the background tasks still hang.
    await expect(limiter.run(async () => 'created', 'action')).resolves.toBe('created');
    expect(started).toEqual(['bg0', 'bg1', 'bg2']);
    hang.resolve();
    await Promise.all(background);
    expect(started).toEqual(['bg0', 'bg1', 'bg2', 'bg3', 'bg4']);
  });

  it('actions may use every slot, and a freed slot goes to a waiting action before a waiting background task', async () => {
    const limiter = new Limiter(2, 1);
    const order: string[] = [];
    const gates = [deferred(), deferred()];
    const first = limiter.run(async () => {
      order.push('a0');
      await gates[0]!.promise;
    }, 'action');
    const second = limiter.run(async () => {
      order.push('a1');
      await gates[1]!.promise;
    }, 'action');
    await tick();
    expect(order).toEqual(['a0', 'a1']);
    const background = limiter.run(async () => {
      order.push('bg');
    }, 'background');
    const third = limiter.run(async () => {
      order.push('a2');
    }, 'action');
    await tick();
    expect(order).toEqual(['a0', 'a1']);
    gates[0]!.resolve();
    await third;
    gates[1]!.resolve();
    await Promise.all([first, second, background]);
    expect(order).toEqual(['a0', 'a1', 'a2', 'bg']);
  });

  it('refuses a reservation that would leave no slot for background tasks', () => {
    expect(() => new Limiter(1, 1)).toThrow(RangeError);
    expect(() => new Limiter(0)).toThrow(RangeError);
  });

  it('a rejected task frees its slot', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await expect(limiter.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('KeyedQueue', () => {
  it('runs tasks with the same key one after another', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const first = deferred();
    const a = queue.run('k', async () => {
      order.push('a:start');
      await first.promise;
      order.push('a:end');
    });
    const b = queue.run('k', async () => {
      order.push('b:start');
      order.push('b:end');
    });
    await tick();
    expect(order).toEqual(['a:start']);
    first.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });

  it('runs tasks with other keys concurrently', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const started: string[] = [];
    const a = queue.run('k1', async () => {
      started.push('k1');
      await gate.promise;
    });
    const b = queue.run('k2', async () => {
      started.push('k2');
    });
    await b;
    expect(started).toEqual(['k1', 'k2']);
    gate.resolve();
    await a;
  });

  it('continues with the next task after a rejection, and reports the rejection to its caller', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('k', async () => {
      throw new Error('revoke failed');
    });
    const next = queue.run('k', async () => 'done');
    await expect(failing).rejects.toThrow('revoke failed');
    await expect(next).resolves.toBe('done');
  });

  it('returns each task its own value', async () => {
    const queue = new KeyedQueue();
    await expect(Promise.all([queue.run('k', async () => 1), queue.run('k', async () => 2)])).resolves.toEqual([1, 2]);
  });
});
