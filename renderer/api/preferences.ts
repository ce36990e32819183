/** The admin's status thresholds (expiring soon, idle), kept by main. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Preferences } from '../../shared/ipc-contract.js';
import { DEFAULT_THRESHOLDS, type StatusThresholds } from '../../shared/key-status.js';
import { callKeyAdmin, type KeyAdminError } from './key-admin.js';

const preferencesKey = ['preferences'] as const;

export function usePreferences() {
  return useQuery({ queryKey: preferencesKey, queryFn: () => callKeyAdmin((api) => api.preferences.get()) });
}

/** The thresholds to apply now: the admin's, or the site's defaults until they are loaded. */
export function useThresholds(): StatusThresholds {
  return usePreferences().data ?? DEFAULT_THRESHOLDS;
}

export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation<Preferences, KeyAdminError, Preferences>({
    mutationFn: (next) => callKeyAdmin((api) => api.preferences.update(next)),
    onSuccess: (saved) => {
      queryClient.setQueryData(preferencesKey, saved);
      // Main classifies keys with these thresholds: its answers about the inventory (pages, counts) change with them.
      void queryClient.invalidateQueries({ queryKey: ['inventory'], predicate: (query) => query.queryKey.length > 1 });
    },
  });
}
