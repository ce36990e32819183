/**
 * The inventory and the actions on devices and keys, for the pages. Main keeps the inventory (and patches it
 * after each action) and answers questions about it: a page of the grid, the summary, a page's part of the
 * snapshot (issue 12: the renderer never holds every key). After an action the pages ask main again, without
 * going to the site.
 *
 * Key creation is deliberately not a react-query mutation: the MutationCache keeps each mutation's result,
 * which here holds the secret. The secret lives only in the dialog that shows it.
 */
import { useEffect } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Confirmation, ConfirmedAction, CreatedKey, KeyOwner, SitesState } from '../../shared/ipc-contract.js';
import type { DeviceNotes, RefreshProgress } from '../../shared/inventory.js';
import type { ReportFilter } from '../../shared/credential-report.js';
import { toDate, type DeviceRow, type UserRow } from '../../shared/inventory-stats.js';
import type { UserRowsQuery } from '../../shared/user-rows-query.js';
import type { DeviceRowsQuery } from '../../shared/device-rows-query.js';
import type {
  InventoryFilter,
  InventoryPage,
  InventoryQuery,
  InventoryScope,
  InventorySelection,
  InventorySort,
  MatchingKeys,
  SummaryView,
} from '../../shared/inventory-query.js';
import { useMainEvent, useMainEventBus, useProgressEvents } from './events.js';
import { callKeyAdmin, keyAdminQueryKeys, useSitesState, type KeyAdminError } from './key-admin.js';

export const inventoryQueryKey = ['inventory'] as const;
/** Main's answers about the inventory (a page, the summary): under inventoryQueryKey, so one invalidation reaches all. */
export const inventorySummaryKey = ['inventory', 'summary'] as const;
const inventoryPageKey = (query: InventoryQuery) => ['inventory', 'query', query] as const;
/** This window's own refresh, so an `inventory-changed` event it causes does not reload what it answers anyway. */
const refreshMutationKey = ['inventory-refresh'] as const;

/**
 * Fetches everything from the site again. Main answers its summary (never the whole inventory, issue 12), which
 * replaces the cached one; every other answer about the inventory (pages, scoped views) is asked again.
 */
export function useRefreshInventory() {
  const queryClient = useQueryClient();
  const events = useMainEventBus();
  return useMutation<SummaryView, KeyAdminError, void>({
    mutationKey: refreshMutationKey,
    mutationFn: () => callKeyAdmin((api) => api.inventory.fetch()),
    // The progress main reported for an earlier refresh says nothing about this one.
    onMutate: () => events?.clearProgress(),
    onSuccess: (answer) => {
      // A site fetched by this window is not fetched again by itself, whatever the age its data says.
      if (answer.summary) autoFetchedBy(queryClient).add(answer.summary.siteId);
      queryClient.setQueryData(inventorySummaryKey, answer);
      const isSummary = (key: readonly unknown[]) => key.length === 2 && key[1] === inventorySummaryKey[1];
      void queryClient.invalidateQueries({ queryKey: inventoryQueryKey, predicate: (query) => !isSummary(query.queryKey) });
    },
  });
}

/**
 * Mounted once by the shell: main stored a new snapshot of the active site (a refresh, a background check, the
 * patch after an action, maybe from another window), so the pages reload it from main. A refresh this window is
 * running puts its own answer in the cache, and a reload already on its way is not started again.
 */
export function useInventoryEvents(): void {
  const queryClient = useQueryClient();
  useMainEvent((event) => {
    if (event.type !== 'inventory-changed') return;
    const activeId = queryClient.getQueryData<SitesState>(keyAdminQueryKeys.sitesState)?.activeId ?? null;
    if (event.siteId !== activeId || queryClient.isMutating({ mutationKey: refreshMutationKey }) > 0) return;
    void queryClient.invalidateQueries({ queryKey: inventoryQueryKey }, { cancelRefetch: false });
  });
}

/** When this window opened: a snapshot fetched before it is the last session's data. */
const WINDOW_OPENED = Date.now();

/**
 * The sites the automatic fetch has already fetched or tried, per query client (one per window), so an
 * unreachable site is not asked in a loop. Kept with the client, not in the module, so a new client (a new window,
 * a test) starts afresh whatever ran before it.
 */
const autoFetched = new WeakMap<QueryClient, Set<string>>();

function autoFetchedBy(client: QueryClient): Set<string> {
  let fetched = autoFetched.get(client);
  if (!fetched) {
    fetched = new Set();
    autoFetched.set(client, fetched);
  }
  return fetched;
}

/**
 * Once per site and window, a fetch from the site when main has no snapshot of it or the snapshot is from an
 * earlier session (product.md, "Works offline"). `siteId`/`fetchedAt`: the snapshot's, null when there is none;
 * `loaded`: main has answered whether there is one.
 */
function useAutoFetch(loaded: boolean, siteId: string | null, fetchedAt: string | null, fetch: () => void): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!loaded) return;
    const fetched = autoFetchedBy(queryClient);
    const siteKey = siteId ?? '(no snapshot)';
    const stale = fetchedAt === null || Date.parse(fetchedAt) < WINDOW_OPENED;
    if (stale && !fetched.has(siteKey)) {
      fetched.add(siteKey);
      fetch();
    }
  }, [loaded, siteId, fetchedAt, fetch, queryClient]);
}

/**
 * No record and no key: the snapshot's site, time, coverage and state only. The pages whose grids main answers use
 * it: the Devices and Users lists (their rows come from main, each owner's keys summarised: useDeviceRows,
 * useUserRows) and the migration page (its legacy keys come a page at a time, an opened key with its record and its
 * owner's count: shared/migration-page.ts).
 */
export const STATE_ONLY_SCOPE: InventoryScope = { keys: 'none', devices: false, users: false };
/** An opened device: its record and its keys. */
export const deviceScope = (deviceId: string): InventoryScope => ({
  keys: { ownerType: 'device', ownerId: deviceId },
  devices: { id: deviceId },
  users: false,
});
/** An opened user: their record and their keys. */
export const userScope = (userId: string): InventoryScope => ({
  keys: { ownerType: 'user', ownerId: userId },
  devices: false,
  users: { id: userId },
});

/** A page of the Users grid as main sorts, filters and searches it: the users, each user's keys summarised. */
export interface UserRowsAnswer {
  readonly rows: UserRow[];
  /** How many users the filter and search leave. */
  readonly total: number;
  /** How many users the site has. */
  readonly users: number;
}

/** A page of the Users grid; the page shown stays while the next is on its way. */
export function useUserRows(query: UserRowsQuery) {
  return useQuery({
    queryKey: [...inventoryQueryKey, 'userRows', query] as const,
    queryFn: async (): Promise<UserRowsAnswer> => {
      const page = await callKeyAdmin((api) => api.inventory.userRows(query));
      const rows = page.rows.map((row) => ({ ...row, soonestExpiry: toDate(row.soonestExpiry), lastUse: toDate(row.lastUse) }));
      return { rows, total: page.total, users: page.users };
    },
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
}

/** A page of the Devices grid as main sorts, filters and searches it: the devices, each device's keys summarised. */
export interface DeviceRowsAnswer {
  readonly rows: DeviceRow[];
  /** How many devices the filter and search leave. */
  readonly total: number;
  /** How many devices the site has. */
  readonly devices: number;
}

/** A page of the Devices grid; the page shown stays while the next is on its way. */
export function useDeviceRows(query: DeviceRowsQuery) {
  return useQuery({
    queryKey: [...inventoryQueryKey, 'deviceRows', query] as const,
    queryFn: async (): Promise<DeviceRowsAnswer> => {
      const page = await callKeyAdmin((api) => api.inventory.deviceRows(query));
      const rows = page.rows.map((row) => ({ ...row, lastSeen: toDate(row.lastSeen), soonestExpiry: toDate(row.soonestExpiry) }));
      return { rows, total: page.total, devices: page.devices };
    },
    placeholderData: keepPreviousData,
    gcTime: 0,
  });
}

/** My keys and a site's card: the signed-in admin's own keys only. */
export const OWN_KEYS_SCOPE: InventoryScope = { keys: 'self', devices: false, users: false };

/**
 * The part of main's last good snapshot a page needs (issue 12: a page of one kind of owner never receives every
 * key); without a scope, the whole snapshot (no page asks for that).
 */
export function useScopedInventory(scope?: InventoryScope, enabled = true) {
  return useQuery({
    enabled,
    queryKey: scope ? ([...inventoryQueryKey, 'view', scope] as const) : inventoryQueryKey,
    queryFn: () => callKeyAdmin((api) => (scope ? api.inventory.view(scope) : api.inventory.load())),
    structuralSharing: false,
    // A page's part of the snapshot is dropped once no page shows it (main answers again at once): the pages an
    // admin went through do not pile up in the renderer.
    gcTime: 0,
  });
}

/**
 * The inventory as every page shows it (product.md, "Works offline"): main's last good snapshot at once (the part
 * of it `scope` names); then, once per site and window, a fetch from the site when there is no snapshot or it is
 * from an earlier session. `readOnly` is set while the data shown is an offline snapshot.
 */
export function useSiteInventory(scope?: InventoryScope) {
  const query = useScopedInventory(scope);
  const refresh = useRefreshInventory();
  const view = query.data ?? null;
  const inventory = view?.inventory ?? null;
  useAutoFetch(view !== null, inventory?.siteId ?? null, inventory?.fetchedAt ?? null, refresh.mutate);
  return { query, refresh, view: query.data, inventory, readOnly: view?.offline != null };
}

/**
 * What main says about the active site's inventory without sending it (issue 12): counts, the chart's buckets,
 * the site and the data's age, offline or not. The same automatic fetch as useSiteInventory. `view` has the shape
 * DataStatus reads.
 */
export function useSiteSummary() {
  const query = useQuery({
    queryKey: inventorySummaryKey,
    queryFn: () => callKeyAdmin((api) => api.inventory.summary()),
  });
  const refresh = useRefreshInventory();
  const answer = query.data ?? null;
  const summary = answer?.summary ?? null;
  useAutoFetch(answer !== null, summary?.siteId ?? null, summary?.fetchedAt ?? null, refresh.mutate);
  const view = answer ? { inventory: summary, offline: answer.offline } : undefined;
  return { query, refresh, summary, view, readOnly: answer?.offline != null };
}

export type SiteSummary = ReturnType<typeof useSiteSummary>;

/** A page main answered, with the question it answers (the grid shows the sort and filter of the rows it has). */
export interface AnsweredPage extends InventoryPage {
  readonly query: InventoryQuery;
}

/**
 * An answer asked for at the admin's event (prefetchInventoryPage) is not asked again when the grid starts to show
 * it a moment later. Main announces every change of its data (`inventory-changed`, which invalidates), so a short
 * freshness loses nothing.
 */
const PAGE_FRESH_MS = 2000;

function inventoryPageOptions(query: InventoryQuery) {
  return {
    queryKey: inventoryPageKey(query),
    queryFn: async (): Promise<AnsweredPage> => ({ ...(await callKeyAdmin((api) => api.inventory.query(query))), query }),
    staleTime: PAGE_FRESH_MS,
  };
}

/** One page of keys as main answers it; the previous page stays shown while the next is on its way. */
export function useInventoryPage(query: InventoryQuery, enabled = true) {
  return useQuery({ ...inventoryPageOptions(query), placeholderData: keepPreviousData, enabled });
}

/**
 * Asks main for a page at once, from the admin's event, rather than after React has rendered the change: the
 * question travels and main answers while the page renders. The grid's useInventoryPage then takes that answer.
 */
export function prefetchInventoryPage(queryClient: QueryClient, query: InventoryQuery): void {
  void queryClient.prefetchQuery(inventoryPageOptions(query));
}

/** The keys a filter matches that a bulk action may take (at most MAX_BULK_KEYS), and how many match. */
export function fetchMatchingKeys(filter: InventoryFilter, sort?: InventorySort): Promise<MatchingKeys> {
  return callKeyAdmin((api) => api.inventory.matchingKeys(sort ? { filter, sort } : { filter }));
}

/** The keys of one of the Overview chart's days, asked when the admin opens it (the summary carries counts only). */
export async function fetchKeysExpiringOn(day: string): Promise<string[]> {
  return (await callKeyAdmin((api) => api.inventory.keysExpiringOn({ day }))).keyIds;
}

export type SiteInventory = ReturnType<typeof useSiteInventory>;

/** After an action: reload the inventory main has already patched. */
export function useReloadInventory(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: inventoryQueryKey });
}

export function requestConfirmation(action: ConfirmedAction, targets: string[]): Promise<Confirmation> {
  return callKeyAdmin((api) => api.confirmations.request({ action, targets }));
}

/** Creates a key; the answer holds its secret once. Keep it in component state only, and discard it on close. */
export function createKey(owner: KeyOwner, label: string, expiresAt: string): Promise<CreatedKey> {
  return callKeyAdmin((api) => api.keys.create({ owner, label, expiresAt }));
}

/** Rotates a key; like createKey, the answer holds the new secret once. */
export function rotateKey(input: {
  owner: KeyOwner;
  keyId: string;
  expiresAt: string;
  compromised: boolean;
  confirmationId?: string;
}): Promise<{ created: CreatedKey; oldKeyRevoked: boolean }> {
  return callKeyAdmin((api) => api.keys.rotate(input));
}

export function revokeKey(owner: KeyOwner, keyId: string, confirmationId: string): Promise<{ alreadyGone: boolean }> {
  return callKeyAdmin((api) => api.keys.revoke({ owner, keyId, confirmationId }));
}

/** Main copies the secret and clears the clipboard after the returned number of seconds. */
export function copySecret(handle: string): Promise<{ clearsAfterSeconds: number }> {
  return callKeyAdmin((api) => api.secrets.copy({ handle }));
}

export function discardSecret(handle: string): Promise<{ discarded: boolean }> {
  return callKeyAdmin((api) => api.secrets.discard({ handle }));
}

export function registerDevice(label: string, type: string, notes: DeviceNotes) {
  return callKeyAdmin((api) => api.devices.register({ label, type, notes }));
}

export function updateDeviceNotes(deviceId: string, notes: DeviceNotes) {
  return callKeyAdmin((api) => api.devices.updateNotes({ deviceId, notes }));
}

export function setDeviceDisabled(deviceId: string, disabled: boolean, confirmationId?: string) {
  return callKeyAdmin((api) => api.devices.setDisabled({ deviceId, disabled, confirmationId }));
}

/** Main compares the label the admin typed with the device's label on the site before it deletes anything. */
export function removeDevice(deviceId: string, confirmationId: string, typedLabel: string) {
  return callKeyAdmin((api) => api.devices.remove({ deviceId, confirmationId, typedLabel }));
}

export function useAuditLog(limit = 500) {
  return useQuery({
    queryKey: ['audit', limit],
    queryFn: () => callKeyAdmin((api) => api.audit.list({ limit })),
  });
}

export function setUserDisabled(userId: string, disabled: boolean, confirmationId?: string) {
  return callKeyAdmin((api) => api.users.setDisabled({ userId, disabled, confirmationId }));
}

/**
 * A credential report of the given keys (or all), built by main without any secret. `filter` says how the admin
 * narrowed the rows (main records it in the file name and the JSON's metadata); only sent when something did.
 */
export function exportInventory(format: 'csv' | 'json', keyIds?: string[], filter?: ReportFilter) {
  return callKeyAdmin((api) => api.inventory.export(filter ? { format, keyIds, filter } : { format, keyIds }));
}

/** The credential report of the keys a selection matches (the grid's filter and order), built by main. */
export function exportSelection(format: 'csv' | 'json', select: InventorySelection, filter?: ReportFilter) {
  return callKeyAdmin((api) => api.inventory.export(filter ? { format, select, filter } : { format, select }));
}

/**
 * How far the running refresh of the active site has come, while `running` is true: main's `refresh-progress`
 * events as they arrive (no polling), and until the first of them, one read of where main is now.
 */
export function useRefreshProgress(running: boolean): { readonly data: RefreshProgress | undefined } {
  const activeId = useSitesState().data?.activeId ?? null;
  const reported = useProgressEvents(activeId);
  const initial = useQuery({
    queryKey: ['inventory-progress'],
    queryFn: () => callKeyAdmin((api) => api.inventory.progress()),
    enabled: running,
    staleTime: 0,
    gcTime: 0,
  });
  // While the read is on its way, the answer of an earlier refresh says nothing about this one.
  return { data: running ? (reported ?? (initial.isFetching ? undefined : initial.data)) : undefined };
}
