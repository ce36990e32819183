/**
 * The composition root shared by both hosts (the Electron main process and the web host): it wires the
 * services from the ports each host provides. Nothing here imports electron.
 */
import path from 'node:path';
import type { Clock, CredentialCipher, KeyValueStore, Logger, SiteHttpFactory, SnapshotWriter } from './ports.js';
import { sharedWorkerSnapshotWriter } from './adapters/worker-snapshot-writer.js';
import { SnapshotSaver, type SaverTimer } from './services/snapshot-saver.js';
import { CredentialVault } from './services/credential-vault.js';
import { SiteProfiles } from './services/site-profiles.js';
import { SitesService } from './services/sites.service.js';
import { createHandlers } from './ipc/handlers.js';
import { AuditLog } from './services/audit-log.js';
import { auditNamer } from './services/audit-names.js';
import { removeLeftoverTempFiles } from './services/atomic-file.js';
import { confirmationText } from './services/confirmation-text.js';
import { Confirmations, type Confirmer } from './services/confirmations.js';
import { DevicesService } from './services/devices.service.js';
import { InventoryService } from './services/inventory.service.js';
import { Journal } from './services/journal.js';
import { KeyOperations } from './services/key-operations.service.js';
import { SecretHandles, type Clipboard } from './services/secret-handles.js';
import { UsersService } from './services/users.service.js';
import { PreferencesService } from './services/preferences.js';
import { createDispatcher, type Dispatch } from './ipc/dispatcher.js';
import { MigrationService } from './services/migration.service.js';
import { EventHub } from './services/event-hub.js';
import { NotificationsService, systemTimer, type Notifier, type Timer } from './services/notifications.service.js';
import type { EventSink } from '../shared/events.js';
import { applyHeapPolicy } from './heap-policy.js';

export interface HostPorts {
  readonly dataDir: string;
  readonly cipher: CredentialCipher | null;
  readonly settings: KeyValueStore;
  readonly httpFactory: SiteHttpFactory;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly clipboard: Clipboard;
  readonly caPem?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * How notifications reach the desktop. Without one (the web host), they go to the page over the event stream,
   * which shows them with the browser's Notification API.
   */
  readonly notifier?: (events: EventSink) => Notifier;
  /**
   * Asks the admin, outside the renderer, before every destructive or access-changing action (a native dialog in the
   * desktop app). Without one (the web host, a development tool), the page's own dialog is the confirmation.
   */
  readonly confirmer?: Confirmer;
  readonly timer?: Timer;
  /** Writes the inventory snapshots; by default the process's worker thread (adapters/worker-snapshot-writer.ts). */
  readonly snapshotWriter?: SnapshotWriter;
  /** The snapshot saver's delay timer (tests give a fake one). */
  readonly saverTimer?: SaverTimer;
}

/**
 * The web host's confirmer: the page itself. Its confirmation dialog (the renderer's, with main's text and a token
 * main issued for exactly those ids) was the admin's yes; nothing outside the page can ask again. The desktop app
 * asks again with a native dialog (adapters/electron-confirmer.ts).
 */
export const pageConfirmer: Confirmer = { confirm: () => Promise.resolve(true) };

/** The web host's notifier: the page shows what main decided, through the event stream. */
export function pageNotifier(events: EventSink): Notifier {
  return {
    show: (notification) => events.publish({ type: 'notification', notification }),
    setAttention: () => undefined,
  };
}

export interface MainServices {
  readonly sites: SitesService;
  readonly inventory: InventoryService;
  readonly keys: KeyOperations;
  readonly migration: MigrationService;
  readonly notifications: NotificationsService;
  /** Main's event stream; each host forwards it to its renderer. */
  readonly events: EventHub;
  readonly secrets: SecretHandles;
  readonly dispatch: Dispatch;
  /** At start: settles operations a crash interrupted on the active site (security.md E3). Never throws. */
  readonly startup: () => Promise<void>;
}

/**
 * Turning TLS verification off process-wide would expose the admin's key to anyone on the path
 * (security.md D1): refuse to run at all.
 */
export function assertTlsVerificationOn(env: Readonly<Record<string, string | undefined>>): void {
  if (env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
    throw new Error('NODE_TLS_REJECT_UNAUTHORIZED=0 turns off TLS verification; Keywarden refuses to run with it. Unset it.');
  }
}

export function createMainServices(ports: HostPorts): MainServices {
  assertTlsVerificationOn(ports.env);
  applyHeapPolicy();
  const events = new EventHub();
  const vault = new CredentialVault(path.join(ports.dataDir, 'credentials'), ports.cipher);
  const profiles = new SiteProfiles(ports.settings);
  // The log names each entry's site and owner from the profiles and the last snapshot (read when an entry is written).
  const audit = new AuditLog(
    path.join(ports.dataDir, 'audit', 'audit.jsonl'),
    ports.clock,
    auditNamer({ profiles: () => profiles.list(), snapshot: (siteId) => inventory.snapshot(siteId) }),
  );
  const sites: SitesService = new SitesService({
    profiles,
    vault,
    httpFactory: ports.httpFactory,
    clock: ports.clock,
    caPem: ports.caPem,
    problems: (): string[] => [
      ...journal.problems,
      ...inventory.problems,
      ...migration.problems,
      ...notifications.problems,
      ...audit.problems,
    ],
    audit,
  });
  // Large files (each site's snapshot, migration progress and notification ledger) are written by one saver, off the
  // main thread.
  const saver = new SnapshotSaver({
    writer: ports.snapshotWriter ?? sharedWorkerSnapshotWriter(),
    logger: ports.logger,
    timer: ports.saverTimer,
  });
  const inventory: InventoryService = new InventoryService(
    sites,
    path.join(ports.dataDir, 'snapshots'),
    ports.settings,
    ports.clock,
    events,
    saver,
  );
  const migration: MigrationService = new MigrationService({
    dir: path.join(ports.dataDir, 'migration'),
    clock: ports.clock,
    audit,
    activeSite: () => sites.activeSite(),
    snapshot: (siteId) => inventory.snapshot(siteId),
    saver,
  });
  inventory.subscribe((snapshot) => migration.observe(snapshot));
  const notifications: NotificationsService = new NotificationsService({
    dir: path.join(ports.dataDir, 'notifications'),
    clock: ports.clock,
    settings: ports.settings,
    notifier: (ports.notifier ?? pageNotifier)(events),
    publish: (event) => events.publish(event),
    timer: ports.timer ?? systemTimer,
    sites: () => sites.profiles(),
    activeSite: () => sites.activeSite(),
    snapshot: (siteId) => inventory.snapshot(siteId),
    refreshSite: async (siteId) => {
      const profile = sites.profiles().find((site) => site.id === siteId);
      if (!profile) return false;
      const online = (await inventory.refreshSite(profile)).offline === null;
      // The check reads the upgrade day: the migration's observation of the new snapshot ends first, in tasks.
      await migration.observedInTasks(siteId);
      return online;
    },
    upgradeDate: (siteId) => migration.upgradeDateOf(siteId),
    saver,
  });
  const journal = new Journal(path.join(ports.dataDir, 'journal.json'), ports.clock);
  const confirmations = new Confirmations({
    clock: ports.clock,
    confirmer: ports.confirmer ?? pageConfirmer,
    describe: (siteId, action, targets) => confirmationText(action, targets, inventory.snapshot(siteId), ports.clock.now()),
    audit,
    siteOf: (siteId) => sites.profiles().find((site) => site.id === siteId),
  });
  const secrets = new SecretHandles(ports.clock, ports.clipboard);
  const keys = new KeyOperations({ sites, inventory, journal, audit, confirmations, secrets, clock: ports.clock, events });
  const devices = new DevicesService({ sites, inventory, journal, audit, confirmations, clock: ports.clock });
  const dispatch = createDispatcher(
    createHandlers({
      sites,
      inventory,
      devices,
      keys,
      migration,
      notifications,
      confirmations,
      secrets,
      audit,
      users: new UsersService(sites, inventory, confirmations, audit),
      preferences: new PreferencesService(ports.settings),
      clock: ports.clock,
      clipboard: ports.clipboard,
    }),
    ports.logger,
  );
  const startup = async (): Promise<void> => {
    // Temporary files of atomic writes that a crash left behind (the settings file and the journal live in
    // the data folder itself; electron-store names its own temp files differently and is left alone).
    try {
      const removed = removeLeftoverTempFiles([
        ports.dataDir,
        ...['credentials', 'snapshots', 'migration', 'notifications', 'audit'].map((name) => path.join(ports.dataDir, name)),
      ]);
      if (removed > 0) ports.logger.info('startup.temp-files-removed', { count: removed });
    } catch {
      ports.logger.warn('startup.temp-files-kept');
    }
    const site = profiles.active();
    if (!site || journal.pending(site.id).length === 0) return;
    try {
      await keys.reconcile(site.id);
    } catch {
      // The site could not be asked now; the intents stay and the next refresh settles them.
      ports.logger.warn('startup.reconcile-deferred', { site: site.id });
    }
  };
  return { sites, inventory, keys, migration, notifications, events, secrets, dispatch, startup };
}
