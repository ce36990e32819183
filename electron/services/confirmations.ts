/**
 * Confirmations issued by main for exactly one action on exactly these ids (security.md C6): a compromised
 * renderer cannot revoke everything in one call, because each destructive call must present a fresh token
 * that main issued after showing the admin what it covers. Tokens are single-use and expire.
 */
import { randomBytes } from 'node:crypto';
import type { Confirmation, ConfirmedAction } from '../../shared/ipc-contract.js';
import type { Clock } from '../ports.js';
import { AppFailure } from './site-error.js';

const LIFETIME_MS = 5 * 60 * 1000;

interface Issued {
  readonly siteId: string;
  readonly action: ConfirmedAction;
  readonly targets: string;
  readonly expiresAt: number;
}

export class Confirmations {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly clock: Clock) {}

  issue(
    siteId: string,
    action: ConfirmedAction,
    targets: readonly string[],
    text: { title: string; lines: string[]; typeToConfirm: string | null },
  ): Confirmation {
    this.sweep();
    const id = randomBytes(18).toString('base64url');
    const expiresAt = this.clock.now().getTime() + LIFETIME_MS;
    this.issued.set(id, { siteId, action, targets: key(targets), expiresAt });
    return { id, action, targets: [...targets], ...text, expiresAt: new Date(expiresAt).toISOString() };
  }

  /** Uses up the token; throws unless it was issued for this site, action and exactly these targets. */
  consume(id: string | undefined, siteId: string, action: ConfirmedAction, targets: readonly string[]): void {
    const issued = id === undefined ? undefined : this.issued.get(id);
    if (id !== undefined) this.issued.delete(id);
    if (
      !issued ||
      issued.siteId !== siteId ||
      issued.action !== action ||
      issued.targets !== key(targets) ||
      issued.expiresAt < this.clock.now().getTime()
    ) {
      throw new AppFailure('confirmation-required', 'This action needs your confirmation first. Nothing was changed.');
    }
  }

  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [id, issued] of this.issued) if (issued.expiresAt < now) this.issued.delete(id);
  }
}

function key(targets: readonly string[]): string {
  return JSON.stringify([...targets].sort());
}
