/**
 * In-process stand-ins for the snapshot writer's worker and the saver's timer, for unit tests: the writer records
 * every write and lets the test decide when (and whether) each one ends; the timer runs its tasks only when told.
 */
import type { SnapshotWriter } from '../../electron/ports.js';
import { writeFileAtomic } from '../../electron/services/atomic-file.js';
import type { SaverTimer, SnapshotSink } from '../../electron/services/snapshot-saver.js';

export interface FakeWrite {
  readonly file: string;
  readonly text: string;
  succeed(): void;
  fail(message?: string): void;
}

export class FakeSnapshotWriter implements SnapshotWriter {
  readonly writes: FakeWrite[] = [];
  /** Files as written (each write that succeeded). */
  readonly files = new Map<string, string>();
  /** When set, every write ends at once that way; otherwise each waits for the test. */
  auto: 'succeed' | 'fail' | null = 'succeed';
  closed = 0;

  write(file: string, value: unknown): Promise<void> {
    const text = JSON.stringify(value);
    return new Promise<void>((resolve, reject) => {
      const write: FakeWrite = {
        file,
        text,
        succeed: () => {
          this.files.set(file, text);
          resolve();
        },
        fail: (message = 'disk full') => reject(new Error(message)),
      };
      this.writes.push(write);
      if (this.auto === 'succeed') write.succeed();
      else if (this.auto === 'fail') write.fail();
    });
  }

  async close(): Promise<void> {
    this.closed += 1;
  }
}

export class FakeSaverTimer {
  private tasks: Array<{ at: number; task: () => void; cancelled: boolean }> = [];
  now = 0;

  readonly timer: SaverTimer = (ms, task) => {
    const entry = { at: this.now + ms, task, cancelled: false };
    this.tasks.push(entry);
    return () => {
      entry.cancelled = true;
    };
  };

  /** Timers armed and neither run nor cancelled. */
  armed(): number[] {
    return this.tasks.filter((entry) => !entry.cancelled).map((entry) => entry.at - this.now);
  }

  /** Moves time on by `ms`, running every task that falls due, then lets their promises settle. */
  async advance(ms: number): Promise<void> {
    this.now += ms;
    const due = this.tasks.filter((entry) => !entry.cancelled && entry.at <= this.now);
    this.tasks = this.tasks.filter((entry) => !due.includes(entry));
    for (const entry of due) entry.task();
    await settle();
  }
}

/** Lets every promise chain already started run to its end (a few turns of the microtask queue and one macrotask). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A snapshot sink that writes each stored value at once, atomically, as the services wrote before the saver took
 * their files: a service's unit tests read its file right after each change. The saver's own timing is tested
 * with SnapshotSaver and the fakes above.
 */
export class WriteThroughSink implements SnapshotSink {
  /** Files whose next saved() answers false, as after a failed write. */
  readonly failing = new Set<string>();
  /** Files whose last write failed on disk (a store never throws, as the saver's does not). */
  private readonly unwritten = new Set<string>();
  readonly discarded: string[] = [];

  store(file: string, value: unknown): void {
    try {
      writeFileAtomic(file, JSON.stringify(value));
      this.unwritten.delete(file);
    } catch {
      this.unwritten.add(file);
    }
  }

  async flush(): Promise<void> {}

  async saved(file: string): Promise<boolean> {
    return !this.failing.has(file) && !this.unwritten.has(file);
  }

  async discard(file: string): Promise<void> {
    this.discarded.push(file);
  }
}
