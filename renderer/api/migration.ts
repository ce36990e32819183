/**
 * The 19.0 migration of the active site, for the migration page. Main builds the view from its last inventory
 * snapshot and its local progress (settings, hand ticks), so the query lives under the inventory's key: whatever
 * reloads the inventory (a refresh, an action that patched the snapshot) reloads the migration too, and the
 * snapshot's time is part of the key so a new snapshot is never shown with old evidence.
 */
import { useCallback } from 'react';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReadinessFormat } from '../../shared/ipc-contract.js';
import type { MigrationSettings, TickableStep } from '../../shared/migration.js';
import type { LegacyKeysQuery, MigrationSummary } from '../../shared/migration-page.js';
import { inventoryQueryKey } from './inventory.js';
import { callKeyAdmin } from './key-admin.js';

/** Under ['inventory', ...]: invalidating the inventory invalidates this too (prefix match). */
export function migrationQueryKey(fetchedAt: string | null) {
  return [...inventoryQueryKey, 'migration', fetchedAt ?? 'no snapshot'] as const;
}

/**
 * The migration's summary (verdict, plan, counts; no key's entry) for the snapshot fetched at `fetchedAt` (null:
 * none yet); `enabled` once the inventory is loaded. A null summary means main has no data to build it from yet.
 * `put` stores an answer of main (after a tick, an untick or new settings) so the page shows it at once.
 */
export function useMigrationSummary(fetchedAt: string | null, enabled: boolean) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: migrationQueryKey(fetchedAt),
    queryFn: () => callKeyAdmin((api) => api.migration.view()),
    enabled,
    // While a new snapshot's view loads, keep showing the last one rather than a spinner.
    placeholderData: keepPreviousData,
  });
  const put = useCallback(
    (view: MigrationSummary | null) => {
      queryClient.setQueryData(migrationQueryKey(fetchedAt), view);
      // A tick or a new setting changes the keys' phases and steps: their pages and the open key are asked again.
      for (const part of ['keys', 'entry'])
        void queryClient.invalidateQueries({ queryKey: [...migrationQueryKey(fetchedAt), part] });
    },
    [queryClient, fetchedAt],
  );
  return { query, put };
}

/** A page of the legacy keys (or of those gone) as main filters, searches and sorts them. */
export function useLegacyKeys(fetchedAt: string | null, query: LegacyKeysQuery) {
  return useQuery({
    queryKey: [...migrationQueryKey(fetchedAt), 'keys', query],
    queryFn: () => callKeyAdmin((api) => api.migration.keys(query)),
    // The rows stay while the next page, filter or sort is asked: the grid shows its loading bar over them.
    placeholderData: keepPreviousData,
  });
}

/**
 * One legacy key opened, with its steps, its record and its owner's count (null: main's view has no such key);
 * none asked while `keyId` is null or `enabled` false.
 */
export function useLegacyEntry(fetchedAt: string | null, keyId: string | null, enabled = true) {
  return useQuery({
    queryKey: [...migrationQueryKey(fetchedAt), 'entry', keyId],
    queryFn: () => callKeyAdmin((api) => api.migration.entry({ keyId: keyId! })),
    enabled: enabled && keyId !== null,
  });
}

export function updateMigrationSettings(settings: MigrationSettings): Promise<MigrationSummary | null> {
  return callKeyAdmin((api) => api.migration.updateSettings(settings));
}

/** The admin ticks a step the site's data cannot prove; main keeps the note and writes the audit log. */
export function tickMigrationStep(keyId: string, step: TickableStep, note: string): Promise<MigrationSummary | null> {
  return callKeyAdmin((api) => api.migration.tick({ keyId, step, note }));
}

export function untickMigrationStep(keyId: string, step: TickableStep): Promise<MigrationSummary | null> {
  return callKeyAdmin((api) => api.migration.untick({ keyId, step }));
}

/**
 * On a site that hides other users' keys: the admin records, with a note, that every user has replaced their
 * legacy keys; null takes the record back.
 */
export function attestUserKeys(note: string | null): Promise<MigrationSummary | null> {
  return callKeyAdmin((api) => api.migration.attestUserKeys({ note }));
}

/** The readiness report as a file (never a secret), to save as a download. */
export function migrationReport(format: ReadinessFormat) {
  return callKeyAdmin((api) => api.migration.report({ format }));
}
