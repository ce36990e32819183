/**
 * A new key's secret, held in memory only while its dialog is open, so that main can copy it to the clipboard
 * without the renderer sending it back (security.md B1-B2). Never written anywhere; forgotten when the dialog
 * closes, after a time limit, and on quit.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports.js';
import { AppFailure } from './site-error.js';

/** The OS clipboard; Electron 45's clipboard module is asynchronous. */
export interface Clipboard {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  clear(): void;
}

const HOLD_MS = 15 * 60 * 1000;
export const CLIPBOARD_CLEAR_SECONDS = 30;

export class SecretHandles {
  private readonly held = new Map<string, { secret: string; until: number }>();
  private readonly copied = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly clipboard: Clipboard,
    private readonly schedule: (ms: number, task: () => void) => void = (ms, task) => {
      setTimeout(task, ms).unref?.();
    },
  ) {}

  hold(secret: string): string {
    this.sweep();
    const handle = randomBytes(18).toString('base64url');
    this.held.set(handle, { secret, until: this.clock.now().getTime() + HOLD_MS });
    // A dialog that never closes (a crashed renderer) must not keep the secret for the rest of the session.
    this.schedule(HOLD_MS, () => this.held.delete(handle));
    return handle;
  }

  async copy(handle: string): Promise<{ clearsAfterSeconds: number }> {
    this.sweep();
    const entry = this.held.get(handle);
    if (!entry) throw new AppFailure('not-found', 'The secret is gone: it is shown only while its dialog is open.');
    await this.clipboard.writeText(entry.secret);
    this.copied.add(entry.secret);
    const secret = entry.secret;
    this.schedule(CLIPBOARD_CLEAR_SECONDS * 1000, () => void this.clearIfStill(secret));
    return { clearsAfterSeconds: CLIPBOARD_CLEAR_SECONDS };
  }

  discard(handle: string): boolean {
    return this.held.delete(handle);
  }

  /** On quit: forget every secret, and clear the clipboard if it still holds one we put there. */
  async shutdown(): Promise<void> {
    this.held.clear();
    await Promise.all([...this.copied].map((secret) => this.clearIfStill(secret)));
  }

  private async clearIfStill(secret: string): Promise<void> {
    // Only our own secret is cleared: the admin may have copied something else since.
    try {
      if ((await this.clipboard.readText()) === secret) this.clipboard.clear();
    } finally {
      this.copied.delete(secret);
    }
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [handle, entry] of this.held) if (entry.until < now) this.held.delete(handle);
  }
}

/** The web host has no OS clipboard: a process-local one, so the flow stays the same and tests can read it. */
export class MemoryClipboard implements Clipboard {
  private text = '';
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(text: string): Promise<void> {
    this.text = text;
  }
  clear(): void {
    this.text = '';
  }
}
