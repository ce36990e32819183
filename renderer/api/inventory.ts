/**
 * The inventory and the actions on devices and keys, for the pages. Main keeps the inventory (and patches it
 * after each action), so after an action the pages reload it from main without going to the site.
 *
 * Key creation is deliberately not a react-query mutation: the MutationCache keeps each mutation's result,
 * which here holds the secret. The secret lives only in the dialog that shows it.
 */
import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Confirmation, ConfirmedAction, CreatedKey, KeyOwner, SitesState } from '../../shared/ipc-contract.js';
import type { DeviceNotes, InventoryView, RefreshProgress } from '../../shared/inventory.js';
import type { ReportFilter } from '../../shared/credential-report.js';
import { useMainEvent, useMainEventBus, useProgressEvents } from './events.js';
import { callKeyAdmin, keyAdminQueryKeys, useSitesState, type KeyAdminError } from './key-admin.js';

export const inventoryQueryKey = ['inventory'] as const;
/** This window's own refresh, so an `inventory-changed` event it causes does not reload what it answers anyway. */
const refreshMutationKey = ['inventory-refresh'] as const;

/** The last good inventory of the active site, straight from main (no network). */
export function useInventory() {
  return useQuery({
    queryKey: inventoryQueryKey,
    queryFn: () => callKeyAdmin((api) => api.inventory.load()),
    // Tens of thousands of keys: comparing every new answer with the old one deeply costs more than it saves.
    structuralSharing: false,
  });
}

/** Fetches everything from the site again; the result (or the snapshot with the reason it is offline) replaces the cache. */
export function useRefreshInventory() {
  const queryClient = useQueryClient();
  const events = useMainEventBus();
  return useMutation<InventoryView, KeyAdminError, void>({
    mutationKey: refreshMutationKey,
    mutationFn: () => callKeyAdmin((api) => api.inventory.refresh()),
    // The progress main reported for an earlier refresh says nothing about this one.
    onMutate: () => events?.clearProgress(),
    onSuccess: (view) => {
      // A site fetched by this window is not fetched again by itself, whatever the age its data says.
      if (view.inventory) autoFetchedBy(queryClient).add(view.inventory.siteId);
      queryClient.setQueryData(inventoryQueryKey, view);
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
 * The inventory as every page shows it (product.md, "Works offline"): main's last good snapshot at once; then,
 * once per site and window, a fetch from the site when there is no snapshot or it is from an earlier session.
 * `readOnly` is set while the data shown is an offline snapshot.
 */
export function useSiteInventory() {
  const queryClient = useQueryClient();
  const query = useInventory();
  const refresh = useRefreshInventory();
  const { mutate } = refresh;
  const view = query.data ?? null;
  const inventory = view?.inventory ?? null;

  useEffect(() => {
    if (!view) return;
    const fetched = autoFetchedBy(queryClient);
    const siteKey = inventory?.siteId ?? '(no snapshot)';
    const stale = inventory === null || Date.parse(inventory.fetchedAt) < WINDOW_OPENED;
    if (stale && !fetched.has(siteKey)) {
      fetched.add(siteKey);
      mutate();
    }
  }, [view, inventory, mutate, queryClient]);

  return { query, refresh, view: query.data, inventory, readOnly: view?.offline != null };
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
