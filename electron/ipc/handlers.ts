/** Main's handlers: each contract entry mapped to one service method. */
import type { AuditLog } from '../services/audit-log.js';
import { confirmationText } from '../services/confirmation-text.js';
import type { Confirmations } from '../services/confirmations.js';
import type { DevicesService } from '../services/devices.service.js';
import type { InventoryService } from '../services/inventory.service.js';
import type { KeyOperations } from '../services/key-operations.service.js';
import type { SecretHandles } from '../services/secret-handles.js';
import type { SitesService } from '../services/sites.service.js';
import type { Handlers } from './dispatcher.js';

export interface HandlerServices {
  readonly sites: SitesService;
  readonly inventory: InventoryService;
  readonly devices: DevicesService;
  readonly keys: KeyOperations;
  readonly confirmations: Confirmations;
  readonly secrets: SecretHandles;
  readonly audit: AuditLog;
}

export function createHandlers(services: HandlerServices): Handlers {
  const { sites, inventory, devices, keys, confirmations, secrets, audit } = services;
  return {
    sites: {
      state: () => sites.state(),
      connect: (input) => sites.connect(input),
      activate: ({ id }) => sites.activate(id),
      forget: ({ id }) => sites.forget(id),
      recheck: ({ id }) => sites.recheck(id),
    },
    inventory: {
      load: () => inventory.load(),
      refresh: async () => {
        await keys.reconcile(sites.activeSite().id);
        return inventory.refresh();
      },
    },
    devices: {
      register: ({ label, type, notes }) => devices.register(label, type, notes),
      updateNotes: ({ deviceId, notes }) => devices.updateNotes(deviceId, notes),
      setDisabled: ({ deviceId, disabled, confirmationId }) => devices.setDisabled(deviceId, disabled, confirmationId),
      remove: ({ deviceId, confirmationId }) => devices.remove(deviceId, confirmationId),
    },
    keys: {
      create: ({ owner, label, expiresAt }) => keys.create(owner, label, expiresAt),
      revoke: ({ owner, keyId, confirmationId }) => keys.revoke(owner, keyId, confirmationId),
      rotate: ({ owner, keyId, expiresAt, compromised, confirmationId }) =>
        keys.rotate(owner, keyId, expiresAt, compromised, confirmationId),
    },
    confirmations: {
      request: ({ action, targets }) => {
        const site = sites.activeSite();
        return confirmations.issue(site.id, action, targets, confirmationText(action, targets, inventory.snapshot(site.id)));
      },
    },
    secrets: {
      copy: ({ handle }) => secrets.copy(handle),
      discard: ({ handle }) => ({ discarded: secrets.discard(handle) }),
    },
    audit: {
      list: ({ limit }) => audit.list(limit),
    },
  };
}
