/**
 * Disabling and enabling users. Disabling does not revoke a user's keys but every use is rejected (402);
 * enabling brings all of them back, so it needs a confirmation that listed them (security.md C6).
 */
import type { UserRecord } from '../../shared/inventory.js';
import { z } from 'zod';
import type { AuditLog } from './audit-log.js';
import type { Confirmations } from './confirmations.js';
import type { InventoryService } from './inventory.service.js';
import { sitePath } from './site-client.js';
import { AppFailure } from './site-error.js';
import type { SitesService } from './sites.service.js';

// PUT /users/{id} answers { modified } (Flywheel core 2019); the app only needs it to be JSON.
const modifiedAnswer = z.looseObject({});

export class UsersService {
  constructor(
    private readonly sites: SitesService,
    private readonly inventory: InventoryService,
    private readonly confirmations: Confirmations,
    private readonly audit: AuditLog,
  ) {}

  async setDisabled(userId: string, disabled: boolean, confirmationId?: string): Promise<UserRecord> {
    const site = this.sites.activeSite();
    if (!disabled) this.confirmations.consume(confirmationId, site.id, 'enable-user', [userId]);
    if (disabled && userId === site.userId) {
      throw new AppFailure('validation', 'You cannot disable your own account from here: the app would lose its connection.');
    }
    const known = this.inventory.snapshot(site.id)?.users.find((user) => user.id === userId);
    const action = disabled ? 'disable-user' : 'enable-user';
    const entry = {
      site: site.origin,
      actor: site.userId,
      action,
      targetType: 'user',
      targetId: userId,
      targetLabel: known?.name ?? userId,
      keyId: null,
    };
    try {
      await this.sites.client(site.id).call('PUT', sitePath('users', userId), modifiedAnswer, { body: { disabled } });
    } catch (error) {
      this.audit.append({
        ...entry,
        outcome: 'failed',
        detail: error instanceof AppFailure ? `Failed: ${error.code}.` : 'Failed.',
      });
      throw error;
    }
    const updated: UserRecord = known
      ? { ...known, disabled }
      : { id: userId, name: userId, email: null, disabled, isSiteAdmin: false, keysVisible: false, lastLogin: null };
    this.inventory.patch(site.id, (current) => ({
      ...current,
      users: current.users.map((user) => (user.id === userId ? updated : user)),
      keys: current.keys.map((key) =>
        key.ownerType === 'user' && key.ownerId === userId ? { ...key, ownerDisabled: disabled } : key,
      ),
    }));
    this.audit.append({
      ...entry,
      outcome: 'ok',
      detail: disabled ? 'Its keys are rejected until the user is enabled.' : 'Its keys work again.',
    });
    return updated;
  }
}
