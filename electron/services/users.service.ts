/**
 * Disabling and enabling users. Disabling does not revoke a user's keys but every use is rejected (402), and their
 * scripts and web login stop; enabling brings all of them back. Either needs main's confirmation for that user, which
 * says so, and then the admin's yes outside the renderer (security.md C6).
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
    if (disabled && userId === site.userId) {
      throw new AppFailure('validation', 'You cannot disable your own account from here: the app would lose its connection.');
    }
    const action = disabled ? 'disable-user' : 'enable-user';
    await this.confirmations.consume(confirmationId, site.id, action, [userId]);
    const known = this.inventory.snapshot(site.id)?.users.find((user) => user.id === userId);
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
