/**
 * Creating, revoking and rotating keys of devices and of the admin's own account. Each operation is recorded
 * as an intent before the site is asked and cleared after (security.md E3), written to the audit log without
 * its secret (E4), and serialised per owner (D8). A create is never repeated blindly: when its answer is lost or
 * cannot be read, the owner's keys are listed and the one with our label is adopted instead of making a
 * duplicate (D5); a revoke whose answer is an error looks whether the key is gone before it reports anything.
 * The app's own key is replaced in the safe order: new key, switch the app to it, then revoke the old one.
 * Bulk actions (issue 10) run the same one-key paths for each key of a set, after one confirmation for the whole set.
 */
import {
  expiryRangeProblem,
  spreadExpiries,
  type BulkAction,
  type BulkRevokeResult,
  type BulkRotateResult,
} from '../../shared/bulk-keys.js';
import { countText } from '../../shared/count-text.js';
import { differingStretch } from '../../shared/differing-stretch.js';
import type { EventSink } from '../../shared/events.js';
import type { CreatedKey, KeyOwner, ReplacedAppKey } from '../../shared/ipc-contract.js';
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import { expiryProblem, rotatedLabel } from '../../shared/key-expiry.js';
import { keyStringFor } from '../../shared/key-string.js';
import { createdApiKeyWire, deviceWire, userWire, type ApiKeyWire } from '../../shared/wire.schema.js';
import type { Clock } from '../ports.js';
import type { AuditLog } from './audit-log.js';
import type { Confirmations } from './confirmations.js';
import type { InventoryService } from './inventory.service.js';
import { appKeyIdOf, keyRecordOf } from './inventory-mapping.js';
import type { Intent, Journal } from './journal.js';
import { KeyedQueue } from './limiter.js';
import type { SecretHandles } from './secret-handles.js';
import { sitePath, type SiteClient } from './site-client.js';
import { AppFailure, SiteError } from './site-error.js';
import type { ErrorCode } from '../../shared/result.js';
import type { SiteProfile } from './site-profiles.js';
import { displayNameOf, type SitesService } from './sites.service.js';

export interface KeyOperationsDeps {
  readonly sites: SitesService;
  readonly inventory: InventoryService;
  readonly journal: Journal;
  readonly audit: AuditLog;
  readonly confirmations: Confirmations;
  readonly secrets: SecretHandles;
  readonly clock: Clock;
  /** Main's event stream, for the progress of bulk actions (`bulk-progress`). */
  readonly events?: EventSink;
}

/** One key of a bulk action, with its owner as the renderer names it (main checks it against its inventory). */
export interface BulkKey {
  readonly owner: KeyOwner;
  readonly keyId: string;
}

/**
 * Keys of a bulk action worked on at once. Operations on one owner still run one after another (the per-owner
 * queue, security.md D8), and the site client keeps its own cap of requests in flight.
 */
const BULK_CONCURRENCY = 4;

const APP_KEY_LEFT_OUT =
  'Not revoked: Keywarden is connected with this key, and revoking it would disconnect the app. Replace it on My keys (a new key first, then this one is revoked).';
const BULK_UNEXPECTED = 'Something went wrong inside the app with this key. Refresh the inventory to see whether it changed.';

interface OwnerInfo {
  readonly type: 'device' | 'user';
  readonly id: string;
  readonly label: string;
  readonly disabled: boolean;
  readonly keys: readonly ApiKeyWire[];
}

/**
 * A failure after which the site may or may not have done the change: no answer to a request that was sent, a 5xx,
 * or a 2xx the app could not read (a wrong content type, invalid JSON, a wrong shape: the site said yes).
 */
function isAmbiguous(error: unknown): boolean {
  if (!(error instanceof SiteError)) return false;
  const { status, sent } = error.details;
  if (status === null) return sent;
  return (status >= 200 && status < 300) || status >= 500;
}

const SELF: KeyOwner = { type: 'self' };

/** A key this process made: the answer for the renderer, the owner as the site showed it, and the raw secret. */
interface Made {
  readonly created: CreatedKey;
  readonly owner: OwnerInfo;
  /** Null when the key was adopted (its answer was lost or unreadable): nobody has its secret. */
  readonly secret: string | null;
}

export class KeyOperations {
  private readonly queue = new KeyedQueue();
  /** Sites with a bulk action running: one at a time per site, so its progress events are never mixed up. */
  private readonly bulkRunning = new Set<string>();

  constructor(private readonly deps: KeyOperationsDeps) {}

  create(owner: KeyOwner, label: string, expiresAt: string): Promise<CreatedKey> {
    const site = this.deps.sites.activeSite();
    return this.queue.run(
      queueKey(site, owner),
      async () => (await this.createNow(site, owner, label, expiresAt, 'create-key')).created,
    );
  }

  async revoke(owner: KeyOwner, keyId: string, confirmationId: string): Promise<{ alreadyGone: boolean }> {
    const site = this.deps.sites.activeSite();
    // The renderer's token, then the admin's yes from outside the renderer (Confirmer), before anything starts.
    await this.deps.confirmations.consume(confirmationId, site.id, 'revoke-key', [keyId]);
    return this.queue.run(queueKey(site, owner), () => this.revokeNow(site, owner, keyId, 'revoke-key'));
  }

  /**
   * Rotation as AWS teaches it: a new key with the same label and the date, the old one kept so the admin can
   * watch its last use stop before revoking it; "compromised" revokes the old key at once.
   */
  async rotate(
    owner: KeyOwner,
    keyId: string,
    expiresAt: string,
    compromised: boolean,
    confirmationId?: string,
  ): Promise<{ created: CreatedKey; oldKeyRevoked: boolean }> {
    const site = this.deps.sites.activeSite();
    if (compromised) await this.deps.confirmations.consume(confirmationId, site.id, 'rotate-compromised', [keyId]);
    return this.queue.run(queueKey(site, owner), async () => {
      const info = await this.ownerInfo(this.deps.sites.client(site.id), owner);
      const old = info.keys.find((key) => key._id === keyId);
      if (!old) throw new AppFailure('not-found', 'The key to rotate is no longer on the site.');
      const appKey = compromised && owner.type === 'self' && this.isAppKey(site, info, keyId);
      const made = await this.createNow(
        site,
        owner,
        rotatedLabel(old.label ?? 'Key', this.deps.clock.now()),
        expiresAt,
        'rotate-key',
      );
      if (!compromised) return { created: made.created, oldKeyRevoked: false };
      // The app's own key: the app moves to the new key first, so revoking the old one never locks it out. When it
      // cannot move, the old key stays (the answer says so) and the admin has the new secret to connect with.
      if (appKey && (await this.switchAppTo(site, made)) !== null) return { created: made.created, oldKeyRevoked: false };
      await this.revokeNow(site, owner, keyId, 'revoke-compromised-key');
      if (appKey) this.markAppKey(site, made.created.key.id);
      return { created: { ...made.created, key: { ...made.created.key, isAppKey: appKey } }, oldKeyRevoked: true };
    });
  }

  /**
   * "Replace this app's key": a new key of the admin, the app switched to it (the vault holds it, every later call
   * uses it), then the old key revoked, in this order so the app is never locked out. The new secret never leaves
   * main. Revoking the old key needs main's rotate-compromised confirmation for it (security.md C6). Answers the
   * evidence: the new key, and the admin's keys listed with it afterwards, without the old one.
   */
  async replaceAppKey(siteId: string, expiresAt: string, confirmationId: string): Promise<ReplacedAppKey> {
    const site = this.deps.sites.activeSite();
    if (site.id !== siteId)
      throw new AppFailure('validation', "Switch to this site first: only the active site's key is replaced.");
    const problem = expiryProblem(expiresAt, this.deps.clock.now());
    if (problem) throw new AppFailure('validation', problem);
    const known = this.deps.inventory
      .snapshot(site.id)
      ?.keys.find((key) => key.isAppKey && key.ownerType === 'user' && key.ownerId === site.userId);
    if (!known) {
      throw new AppFailure(
        'not-found',
        'Keywarden cannot tell which of your keys it is connected with. Refresh the inventory, then try again. Nothing was changed.',
      );
    }
    const oldKeyId = known.id;
    await this.deps.confirmations.consume(confirmationId, site.id, 'rotate-compromised', [oldKeyId]);
    return this.queue.run(queueKey(site, SELF), async () => {
      const info = await this.ownerInfo(this.deps.sites.client(site.id), SELF);
      const old = info.keys.find((key) => key._id === oldKeyId);
      if (!old)
        throw new AppFailure('not-found', 'The key Keywarden was connected with is no longer on the site. Nothing was changed.');
      const seen = this.freshAppKeyId(site, info);
      if (seen !== null && seen !== oldKeyId) {
        throw new AppFailure(
          'conflict',
          'Keywarden now seems to use another of your keys. Refresh the inventory and try again. Nothing was changed.',
        );
      }
      const oldLabel = old.label ?? known.label;
      const made = await this.createNow(
        site,
        SELF,
        rotatedLabel(oldLabel || 'Keywarden', this.deps.clock.now()),
        expiresAt,
        'rotate-key',
        {
          reveal: false,
        },
      );
      const newKeyId = made.created.key.id;
      const notSwitched = await this.switchAppTo(site, made);
      if (notSwitched) {
        // Nobody holds the new key's secret: remove it again, with the old key the app still uses.
        const removed = await this.revokeNow(site, SELF, newKeyId, 'revoke-unused-key').then(
          () => true,
          () => false,
        );
        throw new AppFailure(
          notSwitched.code,
          `Keywarden could not switch to the new key: ${notSwitched.message} So the old key was not revoked: Keywarden still works with it. ${
            removed ? 'The new key was removed again.' : `Revoke the unused new key ${newKeyId} on My keys.`
          }`,
        );
      }
      try {
        await this.revokeNow(site, SELF, oldKeyId, 'revoke-compromised-key');
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
        throw new AppFailure(
          error.code,
          `Keywarden now uses the new key ${newKeyId}, but the old key could not be revoked: ${error.message} Revoke it on My keys.`,
        );
      }
      this.markAppKey(site, newKeyId);
      let oldKeyGone: boolean | null = null;
      try {
        const after = await this.ownerInfo(this.deps.sites.client(site.id), SELF);
        oldKeyGone = !after.keys.some((key) => key._id === oldKeyId);
      } catch (error) {
        if (!(error instanceof AppFailure)) throw error;
      }
      const summary = this.deps.sites.state().sites.find((entry) => entry.id === site.id);
      if (!summary) throw new AppFailure('not-found', 'The site was forgotten meanwhile.');
      return {
        site: summary,
        newKey: { ...made.created.key, isAppKey: true },
        oldKeyId,
        oldKeyLabel: oldLabel,
        oldKeyGone,
        checkedAt: this.deps.clock.now().toISOString(),
      };
    });
  }

  /**
   * Revokes a set of keys after one 'revoke-key' confirmation for exactly their ids: main asks the admin once for
   * the whole set. Each key then takes the one-key path (journal, call, reconcile by evidence, one audit entry, one
   * snapshot patch); a failure of one key stops nothing else. The key Keywarden is connected with is not revoked
   * here (the app would lose its access halfway through): its result says why.
   */
  async bulkRevoke(keys: readonly BulkKey[], confirmationId: string): Promise<{ results: BulkRevokeResult[] }> {
    const site = this.deps.sites.activeSite();
    const keyIds = bulkKeyIds(keys);
    const note = `Bulk revoke of ${countText(keys.length, 'key')}.`;
    const results = await this.runBulk(
      site,
      'revoke',
      keys,
      () => this.deps.confirmations.consume(confirmationId, site.id, 'revoke-key', keyIds),
      (key) => this.bulkRevokeOne(site, key, note),
    );
    return { results };
  }

  /**
   * Rotates a set of keys after one 'bulk-rotate' confirmation: each key gets a new key with the same label and the
   * date, the old keys are kept (a normal rotation: the admin revokes each once its client uses the new key). The new
   * expiries are spread evenly from `expiresFrom` (the first key) to `expiresTo` (the last), to break an expiry
   * collision. No secret crosses IPC: each result carries a handle main copies the secret with while the results are
   * open, and forgets after 15 minutes (SecretHandles).
   */
  async bulkRotate(
    keys: readonly BulkKey[],
    expiresFrom: string,
    expiresTo: string,
    confirmationId: string,
  ): Promise<{ results: BulkRotateResult[] }> {
    const site = this.deps.sites.activeSite();
    const keyIds = bulkKeyIds(keys);
    const now = this.deps.clock.now();
    const problem =
      expiryRangeProblem(expiresFrom, expiresTo) ?? expiryProblem(expiresFrom, now) ?? expiryProblem(expiresTo, now);
    if (problem) throw new AppFailure('validation', `${problem} Nothing was rotated.`);
    const expiries = spreadExpiries(expiresFrom, expiresTo, keys.length);
    const note = `Bulk rotation of ${countText(keys.length, 'key')}.`;
    const results = await this.runBulk(
      site,
      'rotate',
      keys,
      () => this.deps.confirmations.consume(confirmationId, site.id, 'bulk-rotate', keyIds),
      (key, index) => this.bulkRotateOne(site, key, expiries[index] ?? expiresTo, note),
    );
    return { results };
  }

  /**
   * Runs one bulk action: one at a time per site, the confirmation first (nothing starts without it), then every key,
   * a few at once, with a `bulk-progress` event after each. `one` answers a result and never throws.
   */
  private async runBulk<R>(
    site: SiteProfile,
    action: BulkAction,
    keys: readonly BulkKey[],
    confirm: () => Promise<void>,
    one: (key: BulkKey, index: number) => Promise<R>,
  ): Promise<R[]> {
    if (this.bulkRunning.has(site.id)) {
      throw new AppFailure(
        'conflict',
        'Another bulk action is running on this site. Wait until it has finished, then try again. Nothing was changed.',
      );
    }
    this.bulkRunning.add(site.id);
    try {
      await confirm();
      const total = keys.length;
      const results: R[] = [];
      let done = 0;
      let next = 0;
      const publish = () => this.deps.events?.publish({ type: 'bulk-progress', siteId: site.id, action, done, total });
      publish();
      const worker = async (): Promise<void> => {
        while (next < total) {
          const index = next;
          next += 1;
          const key = keys[index];
          if (!key) continue;
          results[index] = await one(key, index);
          done += 1;
          publish();
        }
      };
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, total) }, worker));
      return results;
    } finally {
      this.bulkRunning.delete(site.id);
    }
  }

  private async bulkRevokeOne(site: SiteProfile, { owner, keyId }: BulkKey, note: string): Promise<BulkRevokeResult> {
    const known = this.deps.inventory.snapshot(site.id)?.keys.find((key) => key.id === keyId);
    const ownerId = owner.type === 'device' ? owner.id : site.userId;
    // Refused here, each with its one audit entry (the one-key path refuses a wrong owner without one).
    const refusal = ownerMismatch(site, owner, known)
      ? new AppFailure('validation', 'This key does not belong to the owner given. Nothing was revoked.')
      : known?.isAppKey && owner.type === 'self'
        ? new AppFailure('conflict', APP_KEY_LEFT_OUT)
        : null;
    if (refusal) {
      this.audit(
        site,
        'revoke-key',
        null,
        keyId,
        'failed',
        `${refusal.message} ${note}`,
        known?.label ?? '',
        ownerId,
        owner.type,
      );
      return bulkFailure(keyId, refusal);
    }
    try {
      const { alreadyGone } = await this.queue.run(queueKey(site, owner), () =>
        this.revokeNow(site, owner, keyId, 'revoke-key', note),
      );
      return { keyId, ok: true, alreadyGone };
    } catch (error) {
      return bulkFailure(keyId, error);
    }
  }

  private async bulkRotateOne(
    site: SiteProfile,
    { owner, keyId }: BulkKey,
    expiresAt: string,
    note: string,
  ): Promise<BulkRotateResult> {
    const known = this.deps.inventory.snapshot(site.id)?.keys.find((key) => key.id === keyId);
    const ownerId = owner.type === 'device' ? owner.id : site.userId;
    // Failures before the create are audited here; the create audits its own outcome: one entry per key either way.
    const refused = (error: unknown) =>
      this.audit(site, 'rotate-key', null, keyId, 'failed', `${codeOf(error)} ${note}`, known?.label ?? '', ownerId, owner.type);
    try {
      return await this.queue.run(queueKey(site, owner), async () => {
        let info: OwnerInfo;
        try {
          info = await this.ownerInfo(this.deps.sites.client(site.id), owner);
        } catch (error) {
          refused(error);
          throw error;
        }
        const old = info.keys.find((key) => key._id === keyId);
        if (!old) {
          const gone = new AppFailure('not-found', 'The key to rotate is no longer on the site. Nothing was created for it.');
          refused(gone);
          throw gone;
        }
        const made = await this.createNow(
          site,
          owner,
          rotatedLabel(old.label ?? 'Key', this.deps.clock.now()),
          expiresAt,
          'rotate-key',
          {
            reveal: 'handle',
            before: info,
            note: `Replaces key ${keyId}, which is kept. ${note}`,
          },
        );
        return { keyId, ok: true as const, newKey: made.created.key, secretHandle: made.created.secretHandle };
      });
    } catch (error) {
      return bulkFailure(keyId, error);
    }
  }

  /**
   * Switches the app to a key it just made. Answers null once it uses it, or why it cannot (audited): the old key
   * must then stay.
   */
  private async switchAppTo(site: SiteProfile, made: Made): Promise<AppFailure | null> {
    const keyId = made.created.key.id;
    const label = made.created.key.label;
    if (made.secret === null) {
      this.audit(
        site,
        'switch-app-key',
        made.owner,
        keyId,
        'failed',
        'The new key was adopted without its secret, so Keywarden cannot use it; the old key was not revoked.',
        label,
      );
      return new AppFailure('bad-response', "The site's answer with the new key's secret was lost.");
    }
    try {
      await this.deps.sites.switchKey(site.id, made.secret);
    } catch (error) {
      if (!(error instanceof AppFailure)) throw error;
      this.audit(site, 'switch-app-key', made.owner, keyId, 'failed', `${codeOf(error)} The old key was not revoked.`, label);
      return error;
    }
    this.audit(
      site,
      'switch-app-key',
      made.owner,
      keyId,
      'ok',
      'Keywarden now uses this key; it is kept as the old one was.',
      label,
    );
    return null;
  }

  /** Whether this own key is the one the app uses: as the inventory marked it, or as the site's last use shows now. */
  private isAppKey(site: SiteProfile, info: OwnerInfo, keyId: string): boolean {
    const known = this.deps.inventory.snapshot(site.id)?.keys.find((key) => key.id === keyId);
    return known?.isAppKey === true || this.freshAppKeyId(site, info) === keyId;
  }

  /** The app's key as the owner's keys just read with it show it (its last use is that read), or null. */
  private freshAppKeyId(site: SiteProfile, info: OwnerInfo): string | null {
    if (info.type !== 'user' || info.id !== site.userId) return null;
    return appKeyIdOf(
      info.keys.map((key) => keyRecordOf(key, info)),
      site.keyKind,
      this.deps.clock.now(),
    );
  }

  private markAppKey(site: SiteProfile, keyId: string): void {
    this.deps.inventory.patch(site.id, (current) => ({
      ...current,
      keys: current.keys.map((key) =>
        key.ownerType === 'user' && key.ownerId === site.userId ? { ...key, isAppKey: key.id === keyId } : key,
      ),
    }));
  }

  /**
   * Finishes or settles operations a crash interrupted, or whose operation gave up without knowing the outcome,
   * from what the site shows now (security.md E3). Never one still running in this process: a refresh during a
   * slow create must not report it as "nothing was created" while the site makes the key. An intent the site
   * cannot settle now (down, refusing) is kept for the next refresh.
   */
  async reconcile(siteId: string): Promise<void> {
    const site = this.deps.sites.activeSite();
    if (site.id !== siteId) return;
    const client = this.deps.sites.client(site.id);
    for (const intent of this.deps.journal.pending(siteId)) {
      // Another refresh running at the same time may be settling it already.
      if (!this.deps.journal.claim(intent.id)) continue;
      try {
        await this.settle(site, client, intent);
      } catch (error) {
        this.deps.journal.release(intent.id);
        if (error instanceof AppFailure) continue;
        throw error;
      }
      this.deps.journal.finish(intent.id);
    }
  }

  private async settle(site: SiteProfile, client: SiteClient, intent: Intent): Promise<void> {
    const owner: KeyOwner = intent.ownerType === 'self' ? { type: 'self' } : { type: 'device', id: intent.ownerId };
    if (intent.operation === 'create-key') {
      let info: OwnerInfo | null;
      try {
        info = await this.ownerInfo(client, owner);
      } catch (error) {
        // The device itself is gone: whatever was made went with it.
        if (!(error instanceof SiteError && error.details.status === 404)) throw error;
        info = null;
      }
      const made = info ? newKeyWithLabel(info.keys, intent) : undefined;
      this.audit(
        site,
        intent.operation,
        info,
        made?._id ?? null,
        made ? 'reconciled' : 'failed',
        made
          ? 'An interrupted create was found on the site afterwards; its secret was never shown. Rotate it if a client needs it.'
          : 'An interrupted create did not reach the site; nothing was created.',
        intent.label,
        intent.ownerId,
        intent.ownerType,
      );
      if (made && info) this.patchAddKey(site, info, made);
    } else if (intent.operation === 'revoke-key' && intent.keyId) {
      // The admin confirmed this revoke before the crash: complete it.
      await client.callNoContent('DELETE', this.keyPath(owner, intent.keyId), { notFoundIsDone: true });
      this.audit(
        site,
        'revoke-key',
        null,
        intent.keyId,
        'reconciled',
        'An interrupted revoke was completed at the next start.',
        intent.label,
        intent.ownerId,
        intent.ownerType,
      );
      this.patchRemoveKey(site, intent.keyId);
    } else if (intent.operation === 'remove-device') {
      await client.callNoContent('DELETE', sitePath('devices', intent.ownerId), { notFoundIsDone: true });
      this.audit(
        site,
        'remove-device',
        null,
        null,
        'reconciled',
        'An interrupted device deletion was completed at the next start.',
        intent.label,
        intent.ownerId,
        'device',
      );
    }
  }

  /**
   * `reveal: false` keeps the secret in main (the app's own new key): the answer then carries none. `reveal:
   * 'handle'` (a bulk rotation) keeps it in main too, with a handle to copy it by. `before`: the owner as just read
   * (saves reading it again); `note` is added to the audit entry.
   */
  private async createNow(
    site: SiteProfile,
    owner: KeyOwner,
    label: string,
    expiresAt: string,
    action: string,
    options: { reveal?: boolean | 'handle'; before?: OwnerInfo; note?: string } = {},
  ): Promise<Made> {
    const problem = expiryProblem(expiresAt, this.deps.clock.now());
    if (problem) throw new AppFailure('validation', problem);
    const client = this.deps.sites.client(site.id);
    const before = options.before ?? (await this.ownerInfo(client, owner));
    const noted = (detail: string) => (options.note ? `${detail} ${options.note}` : detail);
    const intent = this.deps.journal.begin({
      siteId: site.id,
      operation: 'create-key',
      ownerType: owner.type,
      ownerId: before.id,
      label,
      keyId: null,
      knownKeyIds: before.keys.map((key) => key._id),
    });
    // No snapshot stored before the site is asked can hold the key it makes: the patch looks for it only among the
    // keys stored since.
    const keysBefore = this.deps.inventory.snapshot(site.id)?.keys;
    try {
      const created = await client.call('POST', this.keysPath(owner), createdApiKeyWire, {
        body: { label, expires_at: new Date(expiresAt).toISOString() },
      });
      const { key: secret, ...metadata } = created;
      this.deps.journal.finish(intent.id);
      const record = this.patchAddKey(site, before, metadata, keysBefore);
      this.audit(site, action, before, record.id, 'ok', noted(`Expires ${record.expiresAt ?? 'never'}.`), label);
      if (options.reveal === false)
        return { created: { key: record, secret: null, secretHandle: null, adopted: false }, owner: before, secret };
      const keyString = keyStringFor(site.origin, secret);
      if (options.reveal === 'handle') {
        return {
          created: { key: record, secret: null, secretHandle: this.deps.secrets.hold(keyString), adopted: false },
          owner: before,
          secret,
        };
      }
      return {
        created: { key: record, secret: keyString, secretHandle: this.deps.secrets.hold(keyString), adopted: false },
        owner: before,
        secret,
      };
    } catch (error) {
      if (!isAmbiguous(error)) {
        this.deps.journal.finish(intent.id);
        this.audit(site, action, before, null, 'failed', noted(codeOf(error)), label);
        throw error;
      }
      let after: OwnerInfo;
      try {
        after = await this.ownerInfo(client, owner);
      } catch {
        // Whether the site made the key is unknown: the intent stays, and the next refresh settles it and writes
        // this operation's one audit entry (made and found, or not made).
        this.deps.journal.release(intent.id);
        throw new AppFailure(
          'ambiguous-create',
          'The site did not confirm the new key and could not be asked whether it made one. The app checks again at the next refresh: do not create the key again before then.',
        );
      }
      const made = newKeyWithLabel(after.keys, intent);
      this.deps.journal.finish(intent.id);
      if (!made) {
        this.audit(site, action, before, null, 'failed', noted(`${codeOf(error)}; the site shows no new key.`), label);
        throw error;
      }
      const record = this.patchAddKey(site, after, made);
      this.audit(
        site,
        action,
        after,
        record.id,
        'adopted',
        noted('The answer was lost or could not be read; the new key was found on the site. Its secret cannot be shown.'),
        label,
      );
      return { created: { key: record, secret: null, secretHandle: null, adopted: true }, owner: after, secret: null };
    }
  }

  /** `note` is added to the audit entry (e.g. the bulk action it was part of). */
  private async revokeNow(
    site: SiteProfile,
    owner: KeyOwner,
    keyId: string,
    action: string,
    note?: string,
  ): Promise<{ alreadyGone: boolean }> {
    const client = this.deps.sites.client(site.id);
    const known = this.deps.inventory.snapshot(site.id)?.keys.find((key) => key.id === keyId);
    const ownerId = owner.type === 'device' ? owner.id : site.userId;
    const noted = (detail: string) => (note ? `${detail} ${note}` : detail);
    if (ownerMismatch(site, owner, known)) {
      throw new AppFailure('validation', 'This key does not belong to the owner given. Nothing was revoked.');
    }
    const intent = this.deps.journal.begin({
      siteId: site.id,
      operation: 'revoke-key',
      ownerType: owner.type,
      ownerId,
      label: known?.label ?? '',
      keyId,
      knownKeyIds: [],
    });
    let alreadyGone = false;
    let detail = 'Revoked.';
    try {
      // A 404 on revoke counts as done (security.md D4): the key is gone either way. It is "already gone" only when
      // no earlier attempt of this revoke may have reached the site (a retry after a 503 finds its own work done).
      alreadyGone =
        (await client.callNoContent('DELETE', this.keyPath(owner, keyId), { notFoundIsDone: true })) === 'already-gone';
    } catch (error) {
      // An error answer, or none, after the site may have deleted the key: look before reporting anything.
      const gone = isAmbiguous(error) ? await this.keyGone(client, owner, keyId) : false;
      if (gone === null) {
        // Whether the key is gone is unknown: the admin confirmed this revoke, so the next refresh completes it.
        this.deps.journal.release(intent.id);
        throw new AppFailure(
          error instanceof AppFailure ? error.code : 'internal',
          'The site did not confirm the revoke and could not be asked whether the key is gone. Keywarden completes the revoke at the next refresh.',
        );
      }
      if (!gone) {
        this.deps.journal.finish(intent.id);
        this.audit(site, action, null, keyId, 'failed', noted(codeOf(error)), known?.label ?? '', ownerId, owner.type);
        throw error;
      }
      detail = 'Revoked: the site answered with an error, but the key is gone from it.';
    }
    this.deps.journal.finish(intent.id);
    this.patchRemoveKey(site, keyId);
    this.audit(
      site,
      action,
      null,
      keyId,
      'ok',
      noted(alreadyGone ? 'The key was already gone from the site.' : detail),
      known?.label ?? '',
      ownerId,
      owner.type,
    );
    return { alreadyGone };
  }

  /** Whether the owner's keys, as the site lists them now, no longer hold this key; null when they cannot be read. */
  private async keyGone(client: SiteClient, owner: KeyOwner, keyId: string): Promise<boolean | null> {
    try {
      return !(await this.ownerInfo(client, owner)).keys.some((key) => key._id === keyId);
    } catch (error) {
      // A device that is gone took its keys with it.
      if (error instanceof SiteError && error.details.status === 404 && owner.type === 'device') return true;
      if (error instanceof AppFailure) return null;
      throw error;
    }
  }

  async ownerInfo(client: SiteClient, owner: KeyOwner): Promise<OwnerInfo> {
    if (owner.type === 'device') {
      const device = await client.call('GET', sitePath('devices', owner.id), deviceWire, {
        query: { join_keys: true },
        priority: 'action',
      });
      return {
        type: 'device',
        id: device._id,
        label: device.label ?? device._id,
        disabled: device.disabled === true,
        keys: device.api_keys ?? [],
      };
    }
    const self = await client.call('GET', '/users/self', userWire, { priority: 'action' });
    return {
      type: 'user',
      id: self._id,
      label: displayNameOf(self),
      disabled: self.disabled === true,
      keys: self.api_keys ?? [],
    };
  }

  private keysPath(owner: KeyOwner): string {
    return owner.type === 'device' ? sitePath('devices', owner.id, 'key') : '/users/self/key';
  }

  private keyPath(owner: KeyOwner, keyId: string): string {
    return owner.type === 'device' ? sitePath('devices', owner.id, 'key', keyId) : `/users/self/key${sitePath(keyId)}`;
  }

  /** `keysBefore`: keys stored before the site made this key (none of them can be it). */
  private patchAddKey(site: SiteProfile, owner: OwnerInfo, key: ApiKeyWire, keysBefore?: readonly KeyRecord[]): KeyRecord {
    const record = keyRecordOf(key, owner);
    this.deps.inventory.patch(site.id, (current: Inventory) => ({ ...current, keys: withKey(current.keys, record, keysBefore) }));
    return record;
  }

  private patchRemoveKey(site: SiteProfile, keyId: string): void {
    this.deps.inventory.patch(site.id, (current) => {
      // Found, then cut out: a filter called a function for each of a large site's keys, in the action's task.
      const at = current.keys.findIndex((key) => key.id === keyId);
      return { ...current, keys: at < 0 ? current.keys : current.keys.toSpliced(at, 1) };
    });
  }

  private audit(
    site: SiteProfile,
    action: string,
    owner: OwnerInfo | null,
    keyId: string | null,
    outcome: 'ok' | 'failed' | 'adopted' | 'reconciled',
    detail: string,
    keyLabel: string,
    ownerId?: string,
    ownerType?: string,
  ): void {
    this.deps.audit.append({
      site: site.origin,
      actor: site.userId,
      action,
      targetType: owner?.type ?? (ownerType === 'self' ? 'user' : (ownerType ?? 'key')),
      targetId: owner?.id ?? ownerId ?? '',
      targetLabel: owner ? `${owner.label} / ${keyLabel}` : keyLabel,
      keyId,
      outcome,
      detail,
    });
  }
}

/**
 * Whether the inventory knows this key under another owner. A key revoked under the wrong owner answers 404, which
 * would pass for "already gone" while the key lives on.
 */
function ownerMismatch(site: SiteProfile, owner: KeyOwner, known: KeyRecord | undefined): boolean {
  if (!known) return false;
  const ownerId = owner.type === 'device' ? owner.id : site.userId;
  return known.ownerId !== ownerId || known.ownerType !== (owner.type === 'device' ? 'device' : 'user');
}

/** The ids of a bulk action's keys; a key listed twice is refused before anything starts. */
function bulkKeyIds(keys: readonly BulkKey[]): string[] {
  const ids = keys.map((key) => key.keyId);
  if (new Set(ids).size !== ids.length) {
    throw new AppFailure('validation', 'A key is listed more than once. Nothing was changed.');
  }
  return ids;
}

function bulkFailure(keyId: string, error: unknown): { keyId: string; ok: false; code: ErrorCode; message: string } {
  if (error instanceof AppFailure) return { keyId, ok: false, code: error.code, message: error.message };
  // An unexpected exception may carry anything: its text never reaches the renderer.
  return { keyId, ok: false, code: 'internal', message: BULK_UNEXPECTED };
}

function queueKey(site: SiteProfile, owner: KeyOwner): string {
  return `${site.id}:${owner.type === 'device' ? `device:${owner.id}` : 'self'}`;
}

/** Most keys a snapshot may have gained since `keysBefore` for `withKey` to look at those alone. */
const MAX_KEYS_SINCE = 1000;

/**
 * The keys with `record` last, in place of any key of its id. When `keysBefore` cannot hold the record, only the
 * keys that differ from it are looked at (compared by identity): on a large site, reading every key of the list
 * would be most of an action's time on the main thread.
 */
export function withKey(keys: readonly KeyRecord[], record: KeyRecord, keysBefore?: readonly KeyRecord[]): KeyRecord[] {
  const since = keysBefore ? differingStretch(keysBefore, keys, MAX_KEYS_SINCE) : null;
  if (since && !since.added.some((key) => key.id === record.id)) return keys.concat([record]);
  return [...keys.filter((existing) => existing.id !== record.id), record];
}

function newKeyWithLabel(keys: readonly ApiKeyWire[], intent: Intent): ApiKeyWire | undefined {
  const known = new Set(intent.knownKeyIds);
  return keys.find((key) => !known.has(key._id) && (key.label ?? '') === intent.label);
}

function codeOf(error: unknown): string {
  return error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.';
}
