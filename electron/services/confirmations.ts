/**
 * Confirmations of destructive and access-changing actions (security.md C6, design.md "Confirmation belongs to
 * main"). Two steps, both needed:
 *
 * 1. A token main issued for exactly one action on exactly these ids, on this site: single use, expiring. The
 *    renderer asks for it (`request`) to show main's own text in its dialog, and presents it with the action.
 * 2. The admin's yes from outside the renderer: after the token is spent and before the site is asked, main puts
 *    its own text (built from its inventory, never from the renderer) to the `Confirmer` port. In the desktop app
 *    that is a native dialog on the app's window; a compromised renderer can ask for a token and spend it at once,
 *    but it cannot click that dialog. A "no" changes nothing; it is audited as a failed action.
 */
import { randomBytes } from 'node:crypto';
import type { Confirmation, ConfirmedAction } from '../../shared/ipc-contract.js';
import type { Clock } from '../ports.js';
import type { AuditLog } from './audit-log.js';
import { confirmRequestOf, type ConfirmationText } from './confirmation-text.js';
import { AppFailure } from './site-error.js';

const LIFETIME_MS = 5 * 60 * 1000;

/** What main asks the admin, in its own words. */
export interface ConfirmRequest {
  /** The question: what, on what (e.g. 'Revoke key "Nightly" of device "MR scanner"?'). */
  readonly title: string;
  /** One line per consequence: which keys and owners, what stops working. */
  readonly lines: readonly string[];
  readonly detail?: string;
  /** The button that says yes (e.g. "Revoke key"); the other one cancels. */
  readonly confirmLabel: string;
  readonly destructive: true;
}

/**
 * The admin's yes, asked outside the renderer. The desktop app shows a native dialog (adapters/electron-confirmer.ts);
 * the web host, a development tool, answers yes because the page's own dialog was the confirmation
 * (composition.ts, `pageConfirmer`). Answers false for anything but an explicit yes.
 */
export interface Confirmer {
  confirm(request: ConfirmRequest): Promise<boolean>;
}

export const NOT_CONFIRMED_MESSAGE = "You did not confirm this in Keywarden's own dialog. Nothing was changed.";

interface Issued {
  readonly siteId: string;
  readonly action: ConfirmedAction;
  readonly targets: string;
  readonly expiresAt: number;
}

export interface ConfirmationsDeps {
  readonly clock: Clock;
  readonly confirmer: Confirmer;
  /** Main's own text for an action, from the site's last inventory. */
  readonly describe: (siteId: string, action: ConfirmedAction, targets: readonly string[]) => ConfirmationText;
  /** Where a "no" is recorded. */
  readonly audit: Pick<AuditLog, 'append'>;
  /** The site's address and who is signed in, for the audit entry of a "no". */
  readonly siteOf: (siteId: string) => { readonly origin: string; readonly userId: string } | undefined;
}

const TARGET_TYPE: Record<ConfirmedAction, string> = {
  'revoke-key': 'key',
  'rotate-compromised': 'key',
  'delete-device': 'device',
  'enable-device': 'device',
  'disable-device': 'device',
  'enable-user': 'user',
  'disable-user': 'user',
  'bulk-rotate': 'key',
};

export class Confirmations {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly deps: ConfirmationsDeps) {}

  /** A token for this action on exactly these targets, with main's text for the renderer's dialog. */
  request(siteId: string, action: ConfirmedAction, targets: readonly string[]): Confirmation {
    this.sweep();
    const text = this.deps.describe(siteId, action, targets);
    const id = randomBytes(18).toString('base64url');
    const expiresAt = this.deps.clock.now().getTime() + LIFETIME_MS;
    this.issued.set(id, { siteId, action, targets: key(targets), expiresAt });
    return { id, action, targets: [...targets], ...text, expiresAt: new Date(expiresAt).toISOString() };
  }

  /**
   * Both steps: spends the token, then asks the admin through the Confirmer. Resolves only on a yes; otherwise
   * throws `confirmation-required` and nothing may be changed. Await it before the operation starts.
   */
  async consume(id: string | undefined, siteId: string, action: ConfirmedAction, targets: readonly string[]): Promise<void> {
    this.spend(id, siteId, action, targets);
    await this.ask(siteId, action, targets);
  }

  /**
   * Step 1 only: uses up the token (at once, so it can never be spent twice); throws unless it was issued for
   * this site, action and exactly these targets, and is still valid. Follow it with `ask` before acting.
   */
  spend(id: string | undefined, siteId: string, action: ConfirmedAction, targets: readonly string[]): void {
    const issued = id === undefined ? undefined : this.issued.get(id);
    if (id !== undefined) this.issued.delete(id);
    if (
      !issued ||
      issued.siteId !== siteId ||
      issued.action !== action ||
      issued.targets !== key(targets) ||
      issued.expiresAt < this.deps.clock.now().getTime()
    ) {
      throw new AppFailure('confirmation-required', 'This action needs your confirmation first. Nothing was changed.');
    }
  }

  /** Step 2 only: one question to the admin for the whole action, in main's words; throws unless the answer is yes. */
  async ask(siteId: string, action: ConfirmedAction, targets: readonly string[]): Promise<void> {
    const text = this.deps.describe(siteId, action, targets);
    let yes = false;
    try {
      yes = (await this.deps.confirmer.confirm(confirmRequestOf(action, targets, text))) === true;
    } catch {
      // A dialog that could not be shown is not a yes.
      yes = false;
    }
    if (yes) return;
    const site = this.deps.siteOf(siteId);
    this.deps.audit.append({
      site: site?.origin ?? siteId,
      actor: site?.userId ?? '',
      action,
      targetType: TARGET_TYPE[action],
      targetId: targets.join(' '),
      targetLabel: text.title,
      keyId: TARGET_TYPE[action] === 'key' ? (targets[0] ?? null) : null,
      outcome: 'failed',
      detail: "Not confirmed: the admin did not confirm in Keywarden's own dialog. Nothing was changed.",
    });
    throw new AppFailure('confirmation-required', NOT_CONFIRMED_MESSAGE);
  }

  private sweep(): void {
    const now = this.deps.clock.now().getTime();
    for (const [id, issued] of this.issued) if (issued.expiresAt < now) this.issued.delete(id);
  }
}

function key(targets: readonly string[]): string {
  return JSON.stringify([...targets].sort());
}
