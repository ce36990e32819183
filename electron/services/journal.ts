/**
 * Intents of key and device operations, recorded before the site is asked and cleared after the outcome
 * (security.md E3). What is still here at start was interrupted, and is reconciled against the site.
 * No secret is ever recorded.
 *
 * An intent of an operation still running in this process is in flight: it is not pending, so a refresh during
 * a slow create never settles it as "nothing was created" while the site is making the key. Only intents left by
 * an earlier run of the app, or given up by their operation here (`release`), are pending; settling one claims it
 * first, so two refreshes never settle the same intent twice. One operation, one outcome, one audit entry.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../ports.js';
import { keepAside, writeFileAtomic } from './atomic-file.js';

export const intent = z.object({
  id: z.string(),
  siteId: z.string(),
  operation: z.enum(['create-key', 'revoke-key', 'remove-device']),
  ownerType: z.enum(['device', 'self']),
  ownerId: z.string(),
  label: z.string(),
  keyId: z.string().nullable(),
  /** For creates: the owner's key ids before, so a key that appears afterwards can be recognised. */
  knownKeyIds: z.array(z.string()),
  startedAt: z.string(),
});
export type Intent = z.infer<typeof intent>;

export class Journal {
  private intents: Intent[] = [];
  /** Ids of intents an operation or a settlement of this process is working on; never written to disk. */
  private readonly inFlight = new Set<string>();
  readonly problems: string[] = [];

  constructor(
    private readonly file: string,
    private readonly clock: Clock,
  ) {
    if (!fs.existsSync(file)) return;
    try {
      const parsed = z.array(intent).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (!parsed.success) throw new Error('invalid');
      this.intents = parsed.data;
    } catch {
      const aside = keepAside(file, clock.now());
      this.problems.push(
        `The record of unfinished operations was damaged and kept as ${aside}. Check the audit log and the site for operations interrupted by a crash.`,
      );
    }
  }

  /** Records an operation about to ask the site; it is in flight until `finish` or `release`. */
  begin(entry: Omit<Intent, 'id' | 'startedAt'>): Intent {
    const recorded: Intent = { ...entry, id: randomBytes(8).toString('hex'), startedAt: this.clock.now().toISOString() };
    this.intents.push(recorded);
    this.inFlight.add(recorded.id);
    this.flush();
    return recorded;
  }

  /** The outcome is known (and audited): the intent is gone. */
  finish(id: string): void {
    this.inFlight.delete(id);
    this.intents = this.intents.filter((entry) => entry.id !== id);
    this.flush();
  }

  /** The operation gave up without knowing its outcome: the intent stays, and the next refresh settles it. */
  release(id: string): void {
    this.inFlight.delete(id);
  }

  /** Intents to reconcile: left by an earlier run of the app or released, never one an operation is still running. */
  pending(siteId: string): readonly Intent[] {
    return this.intents.filter((entry) => entry.siteId === siteId && !this.inFlight.has(entry.id));
  }

  /** Takes a pending intent for settling; false when it is in flight (another refresh settles it) or gone. */
  claim(id: string): boolean {
    if (this.inFlight.has(id) || !this.intents.some((entry) => entry.id === id)) return false;
    this.inFlight.add(id);
    return true;
  }

  private flush(): void {
    writeFileAtomic(this.file, JSON.stringify(this.intents));
  }
}
