/**
 * Intents of key and device operations, recorded before the site is asked and cleared after the outcome
 * (security.md E3). What is still here at start was interrupted, and is reconciled against the site.
 * No secret is ever recorded.
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

  begin(entry: Omit<Intent, 'id' | 'startedAt'>): Intent {
    const recorded: Intent = { ...entry, id: randomBytes(8).toString('hex'), startedAt: this.clock.now().toISOString() };
    this.intents.push(recorded);
    this.flush();
    return recorded;
  }

  finish(id: string): void {
    this.intents = this.intents.filter((entry) => entry.id !== id);
    this.flush();
  }

  pending(siteId: string): readonly Intent[] {
    return this.intents.filter((entry) => entry.siteId === siteId);
  }

  private flush(): void {
    writeFileAtomic(this.file, JSON.stringify(this.intents));
  }
}
