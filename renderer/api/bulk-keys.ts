/**
 * Bulk actions on keys for the pages (issue 10): revoke or rotate a set of keys after one confirmation main issued
 * for exactly their ids, and main's `bulk-progress` events while it runs. Main answers a result per key; the secrets
 * of a bulk rotation stay in main (each result has a handle main copies the secret with).
 */
import { useState } from 'react';
import type { BulkAction, BulkRevokeResult, BulkRotateResult } from '../../shared/bulk-keys.js';
import type { KeyOwner } from '../../shared/ipc-contract.js';
import { useMainEvent } from './events.js';
import { callKeyAdmin } from './key-admin.js';

export interface BulkKeyInput {
  readonly owner: KeyOwner;
  readonly keyId: string;
}

export function bulkRevokeKeys(keys: readonly BulkKeyInput[], confirmationId: string): Promise<{ results: BulkRevokeResult[] }> {
  return callKeyAdmin((api) => api.keys.bulkRevoke({ keys: keys.map(({ owner, keyId }) => ({ owner, keyId })), confirmationId }));
}

export function bulkRotateKeys(input: {
  readonly keys: readonly BulkKeyInput[];
  readonly expiresFrom: string;
  readonly expiresTo: string;
  readonly confirmationId: string;
}): Promise<{ results: BulkRotateResult[] }> {
  return callKeyAdmin((api) =>
    api.keys.bulkRotate({
      keys: input.keys.map(({ owner, keyId }) => ({ owner, keyId })),
      expiresFrom: input.expiresFrom,
      expiresTo: input.expiresTo,
      confirmationId: input.confirmationId,
    }),
  );
}

export interface BulkProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * How far the running bulk action has come, from main's events (no polling): null until main reports, and while
 * `running` is false. Main runs one bulk action per site at a time, so the action and the count identify it.
 */
export function useBulkProgress(action: BulkAction, total: number, running: boolean): BulkProgress | null {
  const [progress, setProgress] = useState<BulkProgress | null>(null);
  const [wasRunning, setWasRunning] = useState(running);
  if (wasRunning !== running) {
    // A new run starts from nothing (React's "adjust state on prop change").
    setWasRunning(running);
    setProgress(null);
  }
  useMainEvent((event) => {
    if (!running || event.type !== 'bulk-progress' || event.action !== action || event.total !== total) return;
    setProgress({ done: event.done, total: event.total });
  });
  return running ? progress : null;
}
