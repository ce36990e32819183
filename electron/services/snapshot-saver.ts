/**
 * When the inventory snapshots go to disk. Storing a snapshot only remembers it (the latest one per file) and arms a
 * timer; the write happens later, through the SnapshotWriter port (a worker), so neither a refresh nor an action
 * ever waits on a large file. Several stores within the delay make one write. A write that fails is logged and
 * tried again later (the newest snapshot of that file wins); flush writes everything now (on quit).
 */
import path from 'node:path';
import type { Logger, SnapshotWriter } from '../ports.js';

/** A one-shot timer; answers a cancel function. */
export type SaverTimer = (ms: number, task: () => void) => () => void;

export const systemSaverTimer: SaverTimer = (ms, task) => {
  const handle = setTimeout(task, ms);
  // A pending save must not keep a process alive: every host flushes before it quits.
  handle.unref?.();
  return () => clearTimeout(handle);
};

export interface SnapshotSaverOptions {
  readonly writer: SnapshotWriter;
  readonly logger: Logger;
  readonly timer?: SaverTimer;
  /** How long after the first unsaved store the write starts. */
  readonly delayMs?: number;
  /** How long after a failed write it is tried again. */
  readonly retryMs?: number;
}

/** Where large state goes to disk off the main thread (SnapshotSaver): `store` never waits, `flush` writes now. */
export interface SnapshotSink {
  store(file: string, value: unknown): void;
  flush(): Promise<void>;
  /** Writes now; answers whether `file`'s last write succeeded (a failed one is tried again later). */
  saved(file: string): Promise<boolean>;
  /** Drops the file's unsaved snapshot; resolves once no write of it is under way. */
  discard(file: string): Promise<void>;
}

export const SAVE_DELAY_MS = 1000;
export const SAVE_RETRY_MS = 10_000;

export class SnapshotSaver implements SnapshotSink {
  private readonly pending = new Map<string, unknown>();
  private readonly failures = new Map<string, number>();
  private cancelTimer: (() => void) | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: SaverTimer;
  private readonly delayMs: number;
  private readonly retryMs: number;

  constructor(private readonly options: SnapshotSaverOptions) {
    this.timer = options.timer ?? systemSaverTimer;
    this.delayMs = options.delayMs ?? SAVE_DELAY_MS;
    this.retryMs = options.retryMs ?? SAVE_RETRY_MS;
  }

  /** Remembers `value` as the next content of `file` and returns at once; the write follows within the delay. */
  store(file: string, value: unknown): void {
    this.pending.set(file, value);
    this.arm(this.delayMs);
  }

  /**
   * Forgets `file`'s unsaved snapshot and its failed tries (its site was forgotten); resolves once no write of it
   * is under way, so the caller may remove the file and no write brings it back.
   */
  discard(file: string): Promise<void> {
    this.pending.delete(file);
    this.failures.delete(file);
    return this.writing;
  }

  /** Files whose latest snapshot is not on disk yet. */
  unsaved(): number {
    return this.pending.size;
  }

  /** Writes every remembered snapshot now, after any write under way; resolves once each is written or logged. */
  flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    return this.drain();
  }

  /**
   * Writes every remembered snapshot now; answers false where `file`'s write failed (it stays pending and is tried
   * again). What the admin just did is then known to be on disk, or known not to be.
   */
  async saved(file: string): Promise<boolean> {
    await this.flush();
    return !this.failures.has(file);
  }

  /** Waits for the writer's work under way, then lets it stop. */
  async close(): Promise<void> {
    await this.flush();
    await this.options.writer.close();
  }

  private arm(ms: number): void {
    if (this.cancelTimer) return;
    this.cancelTimer = this.timer(ms, () => {
      this.cancelTimer = null;
      void this.drain();
    });
  }

  /** One batch at a time, in order: a later batch never overtakes an earlier write of the same file. */
  private drain(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBatch());
    return this.writing;
  }

  private async writeBatch(): Promise<void> {
    const batch = [...this.pending];
    this.pending.clear();
    for (const [file, value] of batch) {
      try {
        await this.options.writer.write(file, value);
        if (this.failures.delete(file)) this.options.logger.info('snapshot.write-recovered', { file: path.basename(file) });
      } catch (error) {
        const attempts = (this.failures.get(file) ?? 0) + 1;
        this.failures.set(file, attempts);
        this.options.logger.warn('snapshot.write-failed', {
          file: path.basename(file),
          attempts,
          reason: error instanceof Error ? error.message : 'unknown',
        });
        // Kept for the next try, unless a newer snapshot of the file came meanwhile.
        if (!this.pending.has(file)) this.pending.set(file, value);
        this.arm(this.retryMs);
      }
    }
  }
}
