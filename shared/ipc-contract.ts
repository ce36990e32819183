/**
 * The one contract between renderer and main (design.md, convention 1).
 * Each entry is one user task: its input schema (strict: unknown keys are refused) and its output schema.
 * The preload and the web host's browser bridge both build `window.keyAdmin` from it with `buildKeyAdminApi`,
 * main registers one handler per entry, and the renderer's types come from `KeyAdminApi`.
 */
import { z } from 'zod';
import type { Result } from './result.js';
import { MAX_KEY_STRING_LENGTH } from './key-string.js';
import { siteFeatures } from './site-features.js';
import { notifySettings } from './expiry-notifications.js';
import { globalNotifySettings, notificationsOverview } from './notifications-view.js';
import { calendarDay } from './time.js';
import { migrationSettings, TICKABLE_STEPS, MAX_TICK_NOTE } from './migration.js';
import { userRowsPage, userRowsQuery } from './user-rows-query.js';
import { deviceRowsPage, deviceRowsQuery } from './device-rows-query.js';
import { legacyKeysPage, legacyKeysQuery, migrationSummary, openedLegacyKey } from './migration-page.js';
import { deviceNotes, deviceRecord, inventoryView, keyRecord, refreshProgress, userRecord } from './inventory.js';
import { reportFilter } from './credential-report.js';
import { bulkRevokeResult, bulkRotateResult, MAX_BULK_KEYS } from './bulk-keys.js';
import {
  inventoryFilter,
  inventoryPage,
  inventoryQuery,
  inventoryScope,
  inventorySelection,
  inventorySort,
  matchingKeys,
  summaryView,
} from './inventory-query.js';

const profileId = z.string().regex(/^[a-z0-9-]{1,64}$/);
const shortText = (max: number) => z.string().max(max);

export const credentialStorage = z.enum(['keychain', 'session', 'weak-opt-in']);
export type CredentialStorage = z.infer<typeof credentialStorage>;

export const siteNotice = z.enum(['not-site-admin', 'legacy-admin-key', 'legacy-rejected-soon', 'release-unknown']);
export type SiteNotice = z.infer<typeof siteNotice>;

export const siteSummary = z.object({
  id: profileId,
  name: z.string(),
  origin: z.string(),
  release: z.string().nullable(),
  userId: z.string(),
  userName: z.string(),
  isSiteAdmin: z.boolean(),
  keyKind: z.enum(['enhanced', 'legacy']),
  storage: credentialStorage,
  /** Why the credential is kept the way it is, in words for the admin. */
  storageReason: z.string(),
  /** The credential could not be read (keyring locked or changed): the admin must enter the key again. */
  needsKey: z.boolean(),
  notices: z.array(siteNotice),
  /** What the site's OpenAPI document says it supports; null where it publishes none the app can read. */
  features: siteFeatures.nullable(),
  connectedAt: z.string(),
});
export type SiteSummary = z.infer<typeof siteSummary>;

export const sitesState = z.object({
  sites: z.array(siteSummary),
  activeId: profileId.nullable(),
  /** Whether this machine offers a real OS keychain. */
  keychainAvailable: z.boolean(),
  keychainBackend: z.string(),
  /** Problems found while loading local state (a damaged settings file kept aside, ...). */
  warnings: z.array(z.string()),
});
export type SitesState = z.infer<typeof sitesState>;

export const connectInput = z.strictObject({
  keyString: shortText(MAX_KEY_STRING_LENGTH).optional(),
  siteUrl: shortText(2048).optional(),
  secret: shortText(MAX_KEY_STRING_LENGTH).optional(),
  name: shortText(100).optional(),
  /** The admin accepts storing the key with weak protection where the OS has no keychain (security.md A2). */
  allowWeakStorage: z.boolean().optional(),
});
export type ConnectInput = z.infer<typeof connectInput>;

const none = z.undefined();
/** Ids the site gave us: plain tokens only, so they can be path segments (security.md D2). */
const siteId = z
  .string()
  .regex(/^[A-Za-z0-9._@+-]{1,256}$/)
  .refine((id) => id !== '.' && id !== '..', 'not an id');
const label = z.string().trim().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });

/** Whose key: a device's, or the signed-in admin's own. */
export const keyOwner = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('device'), id: siteId }),
  z.strictObject({ type: z.literal('self') }),
]);
export type KeyOwner = z.infer<typeof keyOwner>;

/**
 * Actions that need a confirmation main issued for exactly these ids (security.md C6), and then the admin's yes
 * from outside the renderer (main's Confirmer port: a native dialog in the desktop app).
 */
export const confirmedAction = z.enum([
  'revoke-key',
  'rotate-compromised',
  'delete-device',
  'enable-device',
  'disable-device',
  'enable-user',
  'disable-user',
  /** A bulk rotation (the old keys are kept): one confirmation naming every key and owner. */
  'bulk-rotate',
]);
export type ConfirmedAction = z.infer<typeof confirmedAction>;

export const confirmation = z.object({
  id: z.string(),
  action: confirmedAction,
  targets: z.array(z.string()),
  title: z.string(),
  /** What will happen, one line each (e.g. the keys that will work again). */
  lines: z.array(z.string()),
  /** For deleting a device: the text the admin must type. */
  typeToConfirm: z.string().nullable(),
  expiresAt: z.string(),
});
export type Confirmation = z.infer<typeof confirmation>;

const confirmationId = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** The keys of a bulk action: each with its owner (a device, or the admin), at most MAX_BULK_KEYS. */
const bulkKeys = z
  .array(z.strictObject({ owner: keyOwner, keyId: siteId }))
  .min(1)
  .max(MAX_BULK_KEYS);

/** A new key: the secret crosses IPC here once, and main forgets it; `secretHandle` lets main copy it. */
export const createdKey = z.object({
  key: keyRecord,
  secret: z.string().nullable(),
  secretHandle: z.string().nullable(),
  /** The create answer was lost and the key was found on the site afterwards: its secret cannot be shown. */
  adopted: z.boolean(),
});
export type CreatedKey = z.infer<typeof createdKey>;

/**
 * The evidence after "Replace this app's key": the new key Keywarden now uses (its secret never leaves main), and
 * the old key revoked. `oldKeyGone`: the admin's own keys, listed with the new key afterwards, no longer hold the
 * old one (null when that list could not be read).
 */
export const replacedAppKey = z.object({
  site: siteSummary,
  newKey: keyRecord,
  oldKeyId: z.string(),
  oldKeyLabel: z.string(),
  oldKeyGone: z.boolean().nullable(),
  checkedAt: z.string(),
});
export type ReplacedAppKey = z.infer<typeof replacedAppKey>;

export const auditEntry = z.object({
  time: z.string(),
  site: z.string(),
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  targetLabel: z.string(),
  keyId: z.string().nullable(),
  outcome: z.enum(['ok', 'failed', 'adopted', 'reconciled']),
  detail: z.string(),
  /** The name the admin gave the site (`site` is its address); absent in entries written before it was kept. */
  siteName: z.string().optional(),
  /** The name of the device or user whose key or record it was, where the app knew it; absent in older entries. */
  ownerName: z.string().nullable().optional(),
});
export type AuditEntry = z.infer<typeof auditEntry>;

/** The admin's thresholds for key status (shared/key-status.ts). */
export const preferences = z.strictObject({
  expiringWithinDays: z.number().int().min(1).max(365),
  idleAfterDays: z.number().int().min(1).max(3650),
});
export type Preferences = z.infer<typeof preferences>;

export const exportFormat = z.enum(['csv', 'json']);
export type ExportFormat = z.infer<typeof exportFormat>;

/** A credential report: never a secret; cells a spreadsheet would run as formulas are neutralised. */
export const inventoryExport = z.object({ fileName: z.string(), mimeType: z.string(), content: z.string(), rows: z.number() });
export type InventoryExport = z.infer<typeof inventoryExport>;

export const readinessFormat = z.enum(['html', 'json', 'csv']);
export type ReadinessFormat = z.infer<typeof readinessFormat>;

const tickableStep = z.union(TICKABLE_STEPS.map((step) => z.literal(step)));

/** The contract: namespace → method → { input, output }. Channel names are "namespace.method". */
export const ipcContract = {
  sites: {
    state: { input: none, output: sitesState },
    connect: { input: connectInput, output: siteSummary },
    activate: { input: z.strictObject({ id: profileId }), output: sitesState },
    forget: { input: z.strictObject({ id: profileId }), output: sitesState },
    recheck: { input: z.strictObject({ id: profileId }), output: siteSummary },
    /**
     * Replaces the key Keywarden itself uses on the active site: a new key, the app switched to it, then the old
     * key revoked (in that order, so the app is never locked out). Needs main's rotate-compromised confirmation
     * for the old key's id.
     */
    replaceKey: {
      input: z.strictObject({ id: profileId, expiresAt: isoDate, confirmationId }),
      output: replacedAppKey,
    },
  },
  inventory: {
    /** The last good snapshot of the active site, at once and without the network. */
    load: { input: none, output: inventoryView },
    /** Fetch everything again from the site; on failure the snapshot stays and `offline` says why. */
    refresh: { input: none, output: inventoryView },
    /**
     * A page of the active site's keys for a filter, search and sort (shared/inventory-query.ts), and how many match:
     * the grids ask main instead of holding every key (issue 12).
     */
    query: { input: inventoryQuery, output: inventoryPage },
    /**
     * Fetch everything again from the site, as `refresh`, but answer only the summary: the renderer never receives
     * the whole inventory (issue 12). `refresh` and `load` stay for headless commands and tests.
     */
    fetch: { input: none, output: summaryView },
    /** The part of the last good snapshot a page needs (its devices, users and which keys), as `load` answers it. */
    view: { input: inventoryScope, output: inventoryView },
    /**
     * A page of the users, each with a summary of their keys, for the Users grid's sort, column filter and search
     * (no key crosses, and not every user: shared/user-rows-query.ts).
     */
    userRows: { input: userRowsQuery, output: userRowsPage },
    /**
     * A page of the devices, each with a summary of its keys, for the Devices grid's sort, column filter and search
     * (no key crosses, and not every device: shared/device-rows-query.ts).
     */
    deviceRows: { input: deviceRowsQuery, output: deviceRowsPage },
    /** Counts per status, usage, the chart's buckets, the site and the data's age, and whether it is offline. */
    summary: { input: none, output: summaryView },
    /** The keys of one of the chart's days (a UTC day, YYYY-MM-DD): the bar or collision the admin opened. */
    keysExpiringOn: {
      input: z.strictObject({ day: calendarDay }),
      output: z.object({ keyIds: z.array(z.string()) }),
    },
    /** The keys a filter matches that a bulk action may take ("select all that match"): at most MAX_BULK_KEYS. */
    matchingKeys: {
      input: z.strictObject({ filter: inventoryFilter, sort: inventorySort.optional() }),
      output: matchingKeys,
    },
    /** How far the running refresh has come, for a progress bar on large sites (polled while it runs). */
    progress: { input: none, output: refreshProgress },
    /**
     * Export the given keys, the keys a selection matches (the grid's filter and order: the renderer does not hold
     * every row it shows) or all keys of the snapshot. `filter` says how the admin narrowed the rows: main writes it
     * in the file name and the JSON's metadata.
     */
    export: {
      input: z.strictObject({
        format: exportFormat,
        keyIds: z.array(siteId).max(100_000).optional(),
        select: inventorySelection.optional(),
        filter: reportFilter.optional(),
      }),
      output: inventoryExport,
    },
  },
  users: {
    /** Needs main's 'disable-user' or 'enable-user' confirmation for this user (without one: confirmation-required). */
    setDisabled: {
      input: z.strictObject({ userId: siteId, disabled: z.boolean(), confirmationId: confirmationId.optional() }),
      output: userRecord,
    },
  },
  preferences: {
    get: { input: none, output: preferences },
    update: { input: preferences, output: preferences },
  },
  devices: {
    register: {
      input: z.strictObject({ label, type: z.string().trim().min(1).max(64), notes: deviceNotes }),
      output: deviceRecord,
    },
    updateNotes: { input: z.strictObject({ deviceId: siteId, notes: deviceNotes }), output: deviceRecord },
    /** Needs main's 'disable-device' or 'enable-device' confirmation for this device (without one: confirmation-required). */
    setDisabled: {
      input: z.strictObject({ deviceId: siteId, disabled: z.boolean(), confirmationId: confirmationId.optional() }),
      output: deviceRecord,
    },
    /**
     * Needs main's 'delete-device' confirmation, and the label the admin typed: main compares it (trimmed, exactly)
     * with the device's label on the site and deletes nothing when they differ.
     */
    remove: {
      input: z.strictObject({ deviceId: siteId, confirmationId, typedLabel: z.string().max(400) }),
      output: z.object({ removed: z.boolean() }),
    },
  },
  keys: {
    create: { input: z.strictObject({ owner: keyOwner, label, expiresAt: isoDate }), output: createdKey },
    revoke: {
      input: z.strictObject({ owner: keyOwner, keyId: siteId, confirmationId }),
      output: z.object({ alreadyGone: z.boolean() }),
    },
    rotate: {
      input: z.strictObject({
        owner: keyOwner,
        keyId: siteId,
        expiresAt: isoDate,
        compromised: z.boolean(),
        confirmationId: confirmationId.optional(),
      }),
      output: z.object({ created: createdKey, oldKeyRevoked: z.boolean() }),
    },
    /**
     * Revokes up to MAX_BULK_KEYS keys with one 'revoke-key' confirmation for exactly their ids (main asks the admin
     * once). A failure of one key stops nothing else: the answer has a result per key, in the order given. Main
     * publishes `bulk-progress` events while it runs. Refused (`conflict`) while another bulk action runs on the site.
     */
    bulkRevoke: {
      input: z.strictObject({ keys: bulkKeys, confirmationId }),
      output: z.object({ results: z.array(bulkRevokeResult) }),
    },
    /**
     * Rotates up to MAX_BULK_KEYS keys with one 'bulk-rotate' confirmation: each gets a new key, the old ones are
     * kept (a normal rotation). The new expiries are spread evenly from `expiresFrom` (the first key) to `expiresTo`
     * (the last). No secret crosses IPC: each result holds a handle main copies the new secret with.
     */
    bulkRotate: {
      input: z.strictObject({ keys: bulkKeys, expiresFrom: isoDate, expiresTo: isoDate, confirmationId }),
      output: z.object({ results: z.array(bulkRotateResult) }),
    },
  },
  confirmations: {
    request: {
      input: z.strictObject({ action: confirmedAction, targets: z.array(siteId).min(1).max(MAX_BULK_KEYS) }),
      output: confirmation,
    },
  },
  secrets: {
    /** Main writes the clipboard and clears it after 30 s if it still holds that secret (security.md B2). */
    copy: { input: z.strictObject({ handle: confirmationId }), output: z.object({ clearsAfterSeconds: z.number() }) },
    /** The dialog closed: main forgets the secret. */
    discard: { input: z.strictObject({ handle: confirmationId }), output: z.object({ discarded: z.boolean() }) },
  },
  migration: {
    /**
     * The 19.0 migration of the active site, from its last snapshot and main's local progress: the verdict, the
     * plan and the counts, without the keys (a page at a time: `keys`); null before any data.
     */
    view: { input: none, output: migrationSummary.nullable() },
    updateSettings: { input: migrationSettings, output: migrationSummary.nullable() },
    /** A page of the legacy keys on the site, or of those gone, filtered, searched and sorted in main. */
    keys: { input: legacyKeysQuery, output: legacyKeysPage },
    /**
     * One legacy key opened: its four steps, on the site or gone, its record and its owner's number of keys; null
     * when main's view has no key of that id.
     */
    entry: { input: z.strictObject({ keyId: siteId }), output: openedLegacyKey.nullable() },
    /** The admin ticks a step the site's data cannot prove, with a short note (kept locally and in the audit log). */
    tick: {
      input: z.strictObject({ keyId: siteId, step: tickableStep, note: z.string().trim().min(3).max(MAX_TICK_NOTE) }),
      output: migrationSummary.nullable(),
    },
    untick: { input: z.strictObject({ keyId: siteId, step: tickableStep }), output: migrationSummary.nullable() },
    /** Where the site hides other users' keys: the admin records that every user replaced theirs (null takes it back). */
    attestUserKeys: {
      input: z.strictObject({ note: z.string().trim().min(3).max(MAX_TICK_NOTE).nullable() }),
      output: migrationSummary.nullable(),
    },
    /** The readiness report as a file: a self-contained HTML page, JSON or CSV. No secrets. */
    report: { input: z.strictObject({ format: readinessFormat }), output: inventoryExport },
  },
  notifications: {
    /** What is coming up on every site, what was notified on the active one, and the settings. */
    overview: { input: none, output: notificationsOverview },
    updateSettings: {
      input: z.strictObject({ site: notifySettings, global: globalNotifySettings }),
      output: notificationsOverview,
    },
    /** Silences one key of the active site until its next threshold. */
    snooze: { input: z.strictObject({ keyId: siteId }), output: notificationsOverview },
    /** Takes a snooze of one key of the active site back: it is notified and counted again (a snooze clicked by mistake). */
    unsnooze: { input: z.strictObject({ keyId: siteId }), output: notificationsOverview },
    /** Checks every site now (fetching each that answers); answers how many notifications were shown. */
    checkNow: { input: none, output: z.object({ shown: z.number() }) },
    /** The active site's key expiries as an iCalendar file (RFC 5545), one event per key with an alarm a week before. */
    calendar: { input: none, output: inventoryExport },
  },
  clipboard: {
    /**
     * Copies a text that is not a secret (a prepared support request, a message to a key's owner): the desktop
     * window grants the page no clipboard permission. Secrets go through `secrets.copy`, which also clears them.
     */
    copyText: { input: z.strictObject({ text: z.string().min(1).max(20_000) }), output: z.object({ copied: z.boolean() }) },
  },
  audit: {
    list: { input: z.strictObject({ limit: z.number().int().min(1).max(5000).optional() }), output: z.array(auditEntry) },
    /** The whole audit log as a file, newest first: CSV (cells neutralised as in the credential report) or JSON. */
    export: { input: z.strictObject({ format: exportFormat }), output: inventoryExport },
  },
} as const;

export type IpcContract = typeof ipcContract;
export type Namespace = keyof IpcContract;
export type Method<N extends Namespace> = keyof IpcContract[N] & string;
export type Channel = { [N in Namespace]: `${N}.${Method<N>}` }[Namespace];

type Entry = { input: z.ZodType; output: z.ZodType };
type Call<E extends Entry> = [z.input<E['input']>] extends [undefined]
  ? () => Promise<Result<z.output<E['output']>>>
  : (input: z.input<E['input']>) => Promise<Result<z.output<E['output']>>>;

/** The shape of `window.keyAdmin`: one method per task, each answering a Result. */
export type KeyAdminApi = {
  readonly [N in Namespace]: { readonly [M in Method<N>]: IpcContract[N][M] extends Entry ? Call<IpcContract[N][M]> : never };
};

export type Transport = (channel: Channel, payload: unknown) => Promise<unknown>;

/** Every channel of the contract, for registration and for tests that cover them all. */
export function allChannels(): Channel[] {
  const channels: string[] = [];
  for (const [ns, methods] of Object.entries(ipcContract)) {
    for (const method of Object.keys(methods)) channels.push(`${ns}.${method}`);
  }
  return channels as Channel[];
}

export function contractEntry(channel: string): Entry | undefined {
  const [ns, method, ...rest] = channel.split('.');
  if (!ns || !method || rest.length > 0 || !Object.hasOwn(ipcContract, ns)) return undefined;
  const methods = ipcContract[ns as Namespace] as Record<string, Entry>;
  return Object.hasOwn(methods, method) ? methods[method] : undefined;
}

/**
 * Builds the task-shaped API from a transport. Used by the Electron preload (transport: ipcRenderer.invoke)
 * and by the web host's browser bridge (transport: fetch). The transport itself is never exposed.
 */
export function buildKeyAdminApi(transport: Transport): KeyAdminApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const [ns, methods] of Object.entries(ipcContract)) {
    const group: Record<string, (input?: unknown) => Promise<unknown>> = {};
    for (const method of Object.keys(methods)) {
      const channel = `${ns}.${method}` as Channel;
      group[method] = (input?: unknown) => transport(channel, input);
    }
    api[ns] = Object.freeze(group);
  }
  return Object.freeze(api) as unknown as KeyAdminApi;
}
