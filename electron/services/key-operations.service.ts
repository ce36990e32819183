/**
 * Creating, revoking and rotating keys of devices and of the admin's own account. Each operation is recorded
 * as an intent before the site is asked and cleared after (security.md E3), written to the audit log without
 * its secret (E4), and serialised per owner (D8). A create is never repeated blindly: when its answer is lost,
 * the owner's keys are listed and the one with our label is adopted instead of making a duplicate (D5).
 */
import type { CreatedKey, KeyOwner } from '../../shared/ipc-contract.js';
import type { Inventory, KeyRecord } from '../../shared/inventory.js';
import { expiryProblem, rotatedLabel } from '../../shared/key-expiry.js';
import { keyStringFor } from '../../shared/key-string.js';
import { createdApiKeyWire, deviceWire, userWire, type ApiKeyWire } from '../../shared/wire.schema.js';
import type { Clock } from '../ports.js';
import type { AuditLog } from './audit-log.js';
import type { Confirmations } from './confirmations.js';
import type { InventoryService } from './inventory.service.js';
import { keyRecordOf } from './inventory-mapping.js';
import type { Intent, Journal } from './journal.js';
import { KeyedQueue } from './limiter.js';
import type { SecretHandles } from './secret-handles.js';
import { sitePath, type SiteClient } from './site-client.js';
import { AppFailure, SiteError } from './site-error.js';
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
}

interface OwnerInfo {
  readonly type: 'device' | 'user';
  readonly id: string;
  readonly label: string;
  readonly disabled: boolean;
  readonly keys: readonly ApiKeyWire[];
}

/** A failure after which the site may or may not have made the key. */
function isAmbiguous(error: unknown): boolean {
  if (!(error instanceof SiteError)) return false;
  if (error.details.status === null) return error.details.sent;
  return error.details.status >= 500;
}

export class KeyOperations {
  private readonly queue = new KeyedQueue();

  constructor(private readonly deps: KeyOperationsDeps) {}

  create(owner: KeyOwner, label: string, expiresAt: string): Promise<CreatedKey> {
    const site = this.deps.sites.activeSite();
    return this.queue.run(queueKey(site, owner), () => this.createNow(site, owner, label, expiresAt, 'create-key'));
  }

  revoke(owner: KeyOwner, keyId: string, confirmationId: string): Promise<{ alreadyGone: boolean }> {
    const site = this.deps.sites.activeSite();
    this.deps.confirmations.consume(confirmationId, site.id, 'revoke-key', [keyId]);
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
    if (compromised) this.deps.confirmations.consume(confirmationId, site.id, 'rotate-compromised', [keyId]);
    return this.queue.run(queueKey(site, owner), async () => {
      const info = await this.ownerInfo(this.deps.sites.client(site.id), owner);
      const old = info.keys.find((key) => key._id === keyId);
      if (!old) throw new AppFailure('not-found', 'The key to rotate is no longer on the site.');
      const created = await this.createNow(
        site,
        owner,
        rotatedLabel(old.label ?? 'Key', this.deps.clock.now()),
        expiresAt,
        'rotate-key',
      );
      if (!compromised) return { created, oldKeyRevoked: false };
      await this.revokeNow(site, owner, keyId, 'revoke-compromised-key');
      return { created, oldKeyRevoked: true };
    });
  }

  /**
   * Finishes or settles operations a crash interrupted, from what the site shows now (security.md E3).
   * An intent the site cannot settle now (down, refusing) is kept for the next refresh.
   */
  async reconcile(siteId: string): Promise<void> {
    const site = this.deps.sites.activeSite();
    if (site.id !== siteId) return;
    const client = this.deps.sites.client(site.id);
    for (const intent of this.deps.journal.pending(siteId)) {
      try {
        await this.settle(site, client, intent);
      } catch (error) {
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

  private async createNow(
    site: SiteProfile,
    owner: KeyOwner,
    label: string,
    expiresAt: string,
    action: string,
  ): Promise<CreatedKey> {
    const problem = expiryProblem(expiresAt, this.deps.clock.now());
    if (problem) throw new AppFailure('validation', problem);
    const client = this.deps.sites.client(site.id);
    const before = await this.ownerInfo(client, owner);
    const intent = this.deps.journal.begin({
      siteId: site.id,
      operation: 'create-key',
      ownerType: owner.type,
      ownerId: before.id,
      label,
      keyId: null,
      knownKeyIds: before.keys.map((key) => key._id),
    });
    try {
      const created = await client.call('POST', this.keysPath(owner), createdApiKeyWire, {
        body: { label, expires_at: new Date(expiresAt).toISOString() },
      });
      const { key: secret, ...metadata } = created;
      this.deps.journal.finish(intent.id);
      const record = this.patchAddKey(site, before, metadata);
      this.audit(site, action, before, record.id, 'ok', `Expires ${record.expiresAt ?? 'never'}.`, label);
      const keyString = keyStringFor(site.origin, secret);
      return { key: record, secret: keyString, secretHandle: this.deps.secrets.hold(keyString), adopted: false };
    } catch (error) {
      if (!isAmbiguous(error)) {
        this.deps.journal.finish(intent.id);
        this.audit(site, action, before, null, 'failed', codeOf(error), label);
        throw error;
      }
      let after: OwnerInfo;
      try {
        after = await this.ownerInfo(client, owner);
      } catch {
        // Whether the site made the key is unknown: the intent stays, and the next refresh settles it.
        this.audit(
          site,
          action,
          before,
          null,
          'failed',
          `${codeOf(error)}; whether a key was made is checked at the next refresh.`,
          label,
        );
        throw new AppFailure(
          'ambiguous-create',
          'The site did not confirm the new key and could not be asked whether it made one. The app checks again at the next refresh: do not create the key again before then.',
        );
      }
      const made = newKeyWithLabel(after.keys, intent);
      this.deps.journal.finish(intent.id);
      if (!made) {
        this.audit(site, action, before, null, 'failed', `${codeOf(error)}; the site shows no new key.`, label);
        throw error;
      }
      const record = this.patchAddKey(site, after, made);
      this.audit(
        site,
        action,
        after,
        record.id,
        'adopted',
        'The answer was lost; the new key was found on the site. Its secret cannot be shown.',
        label,
      );
      return { key: record, secret: null, secretHandle: null, adopted: true };
    }
  }

  private async revokeNow(site: SiteProfile, owner: KeyOwner, keyId: string, action: string): Promise<{ alreadyGone: boolean }> {
    const client = this.deps.sites.client(site.id);
    const known = this.deps.inventory.snapshot(site.id)?.keys.find((key) => key.id === keyId);
    const ownerId = owner.type === 'device' ? owner.id : site.userId;
    // A key revoked under the wrong owner answers 404, which would pass for "already gone" while the key lives on.
    if (known && (known.ownerId !== ownerId || known.ownerType !== (owner.type === 'device' ? 'device' : 'user'))) {
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
    try {
      await client.callNoContent('DELETE', this.keyPath(owner, keyId));
    } catch (error) {
      // A 404 on revoke counts as done (security.md D4): the key is gone either way.
      if (error instanceof SiteError && error.details.status === 404) alreadyGone = true;
      else {
        this.deps.journal.finish(intent.id);
        this.audit(site, action, null, keyId, 'failed', codeOf(error), known?.label ?? '', ownerId, owner.type);
        throw error;
      }
    }
    this.deps.journal.finish(intent.id);
    this.patchRemoveKey(site, keyId);
    this.audit(
      site,
      action,
      null,
      keyId,
      'ok',
      alreadyGone ? 'The key was already gone from the site.' : 'Revoked.',
      known?.label ?? '',
      ownerId,
      owner.type,
    );
    return { alreadyGone };
  }

  async ownerInfo(client: SiteClient, owner: KeyOwner): Promise<OwnerInfo> {
    if (owner.type === 'device') {
      const device = await client.call('GET', sitePath('devices', owner.id), deviceWire, { query: { join_keys: true } });
      return {
        type: 'device',
        id: device._id,
        label: device.label ?? device._id,
        disabled: device.disabled === true,
        keys: device.api_keys ?? [],
      };
    }
    const self = await client.call('GET', '/users/self', userWire);
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

  private patchAddKey(site: SiteProfile, owner: OwnerInfo, key: ApiKeyWire): KeyRecord {
    const record = keyRecordOf(key, owner);
    this.deps.inventory.patch(site.id, (current: Inventory) => ({
      ...current,
      keys: [...current.keys.filter((existing) => existing.id !== record.id), record],
    }));
    return record;
  }

  private patchRemoveKey(site: SiteProfile, keyId: string): void {
    this.deps.inventory.patch(site.id, (current) => ({ ...current, keys: current.keys.filter((key) => key.id !== keyId) }));
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

function queueKey(site: SiteProfile, owner: KeyOwner): string {
  return `${site.id}:${owner.type === 'device' ? `device:${owner.id}` : 'self'}`;
}

function newKeyWithLabel(keys: readonly ApiKeyWire[], intent: Intent): ApiKeyWire | undefined {
  const known = new Set(intent.knownKeyIds);
  return keys.find((key) => !known.has(key._id) && (key.label ?? '') === intent.label);
}

function codeOf(error: unknown): string {
  return error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.';
}
