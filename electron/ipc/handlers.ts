/** Main's handlers: each contract entry mapped to one service method. */
import type { AuditLog } from '../services/audit-log.js';
import type { Confirmations } from '../services/confirmations.js';
import type { DevicesService } from '../services/devices.service.js';
import type { InventoryService } from '../services/inventory.service.js';
import type { KeyOperations } from '../services/key-operations.service.js';
import type { MigrationService } from '../services/migration.service.js';
import type { NotificationsService } from '../services/notifications.service.js';
import type { Clipboard, SecretHandles } from '../services/secret-handles.js';
import type { SitesService } from '../services/sites.service.js';
import type { UsersService } from '../services/users.service.js';
import type { PreferencesService } from '../services/preferences.js';
import { credentialReportFile, keysToReport, reportRows } from '../../shared/credential-report.js';
import { auditReportFile } from '../../shared/audit-report.js';
import type { MigrationView } from '../../shared/migration.js';
import { migrationSummaryOf, queryLegacyKeys, type MigrationSummary } from '../../shared/migration-page.js';
import type { Clock } from '../ports.js';
import { AppFailure } from '../services/site-error.js';
import type { Handlers } from './dispatcher.js';

export interface HandlerServices {
  readonly sites: SitesService;
  readonly inventory: InventoryService;
  readonly devices: DevicesService;
  readonly keys: KeyOperations;
  readonly migration: MigrationService;
  readonly notifications: NotificationsService;
  readonly confirmations: Confirmations;
  readonly secrets: SecretHandles;
  readonly audit: AuditLog;
  readonly users: UsersService;
  readonly preferences: PreferencesService;
  readonly clock: Clock;
  readonly clipboard: Pick<Clipboard, 'writeText'>;
}

export function createHandlers(services: HandlerServices): Handlers {
  const { sites, inventory, devices, keys, migration, notifications, confirmations, secrets, audit, users, preferences, clock } =
    services;
  return {
    sites: {
      state: () => sites.state(),
      connect: async (input) => {
        const site = await sites.connect(input);
        // A new site is fetched at once and checked for expiries, without holding up this answer.
        notifications.afterConnect(site.id);
        return site;
      },
      activate: ({ id }) => sites.activate(id),
      forget: async ({ id }) => {
        const state = sites.forget(id);
        await Promise.all([notifications.forget(id), migration.forget(id), inventory.forget(id)]);
        return state;
      },
      recheck: ({ id }) => sites.recheck(id),
      replaceKey: ({ id, expiresAt, confirmationId }) => keys.replaceAppKey(id, expiresAt, confirmationId),
    },
    inventory: {
      load: () => inventory.load(),
      refresh: async () => {
        await keys.reconcile(sites.activeSite().id);
        return inventory.refresh();
      },
      progress: () => inventory.progress(),
      fetch: async () => {
        await keys.reconcile(sites.activeSite().id);
        await inventory.refresh();
        return inventory.summary(preferences.get());
      },
      view: (scope) => inventory.scoped(scope),
      userRows: (query) => inventory.userRows(query, preferences.get()),
      deviceRows: (query) => inventory.deviceRows(query, preferences.get()),
      query: (query) => inventory.query(query, preferences.get()),
      summary: () => inventory.summary(preferences.get()),
      keysExpiringOn: async ({ day }) => ({ keyIds: await inventory.keysExpiringOn(day, preferences.get()) }),
      matchingKeys: ({ filter, sort }) => inventory.matchingKeys(filter, sort, preferences.get()),
      export: ({ format, keyIds, select, filter }) => {
        const site = sites.activeSite();
        const snapshot = inventory.snapshot(site.id);
        if (!snapshot) throw new AppFailure('not-found', 'There is no inventory to export yet. Refresh first.');
        const now = clock.now();
        const chosen = select ? (inventory.selectedIds(select, preferences.get()) ?? []) : keyIds;
        const rows = reportRows(snapshot, keysToReport(snapshot, chosen), now, preferences.get());
        // The filter the renderer describes is recorded (file name, JSON metadata); the rows are chosen by keyIds or select.
        return credentialReportFile(format, rows, {
          site: snapshot.origin,
          siteName: site.name,
          dataFetchedAt: snapshot.fetchedAt,
          generatedAt: now.toISOString(),
          filter: filter ?? null,
        });
      },
    },
    users: {
      setDisabled: ({ userId, disabled, confirmationId }) => users.setDisabled(userId, disabled, confirmationId),
    },
    preferences: {
      get: () => preferences.get(),
      update: (next) => preferences.update(next),
    },
    devices: {
      register: ({ label, type, notes }) => devices.register(label, type, notes),
      updateNotes: ({ deviceId, notes }) => devices.updateNotes(deviceId, notes),
      setDisabled: ({ deviceId, disabled, confirmationId }) => devices.setDisabled(deviceId, disabled, confirmationId),
      remove: ({ deviceId, confirmationId, typedLabel }) => devices.remove(deviceId, confirmationId, typedLabel),
    },
    keys: {
      create: ({ owner, label, expiresAt }) => keys.create(owner, label, expiresAt),
      revoke: ({ owner, keyId, confirmationId }) => keys.revoke(owner, keyId, confirmationId),
      rotate: ({ owner, keyId, expiresAt, compromised, confirmationId }) =>
        keys.rotate(owner, keyId, expiresAt, compromised, confirmationId),
      bulkRevoke: ({ keys: items, confirmationId }) => keys.bulkRevoke(items, confirmationId),
      bulkRotate: ({ keys: items, expiresFrom, expiresTo, confirmationId }) =>
        keys.bulkRotate(items, expiresFrom, expiresTo, confirmationId),
    },
    confirmations: {
      // Main's text from its own inventory; the action itself then asks the admin again (Confirmations.consume).
      request: ({ action, targets }) => confirmations.request(sites.activeSite().id, action, targets),
    },
    secrets: {
      copy: ({ handle }) => secrets.copy(handle),
      discard: ({ handle }) => ({ discarded: secrets.discard(handle) }),
    },
    migration: {
      view: async () => summaryOf(await migration.viewInTasks()),
      updateSettings: (settings) => whenSaved(summaryOf(migration.updateSettings(settings)), migration),
      keys: async (query) => {
        const view = await migration.viewInTasks();
        return view ? queryLegacyKeys(view, query) : { rows: [], total: 0 };
      },
      entry: ({ keyId }) => migration.opened(keyId),
      tick: ({ keyId, step, note }) => whenSaved(summaryOf(migration.tick(keyId, step, note)), migration),
      untick: ({ keyId, step }) => whenSaved(summaryOf(migration.untick(keyId, step)), migration),
      attestUserKeys: ({ note }) => whenSaved(summaryOf(migration.attestUserKeys(note)), migration),
      report: ({ format }) => migration.report(format),
    },
    notifications: {
      overview: () => notifications.overview(),
      // The admin's change is answered once it is on disk.
      updateSettings: ({ site, global }) => whenSaved(notifications.updateSettings(site, global), notifications),
      snooze: ({ keyId }) => whenSaved(notifications.snooze(keyId), notifications),
      unsnooze: ({ keyId }) => whenSaved(notifications.unsnooze(keyId), notifications),
      checkNow: async () => ({ shown: await notifications.checkAll() }),
      calendar: () => notifications.calendar(),
    },
    clipboard: {
      copyText: async ({ text }) => {
        await services.clipboard.writeText(text);
        return { copied: true };
      },
    },
    audit: {
      list: ({ limit }) => audit.list(limit),
      export: ({ format }) => auditReportFile(format, audit.list(Number.POSITIVE_INFINITY), clock.now().toISOString()),
    },
  };
}

/** What the page gets of main's migration view: no key's entry (those come a page at a time). */
function summaryOf(view: MigrationView | null): MigrationSummary | null {
  return view && migrationSummaryOf(view);
}

/** The answer to an admin's change, once the service has it on disk (its persisted() fails where it could not). */
async function whenSaved<T>(answer: T, service: { persisted(): Promise<void> }): Promise<T> {
  await service.persisted();
  return answer;
}
