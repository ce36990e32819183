/**
 * Bulk actions on keys (issue 10, "Every key leads to its action"): revoke many keys, or rotate them with new
 * expiries spread over a range of days to break an expiry collision (product.md, "Expiry collision view"). One
 * confirmation for the whole set, a result per key, and a failure of one key stops nothing else. Pure rules and
 * the answers' schemas; the contract (ipc-contract.ts) and main (key-operations.service.ts) use them.
 */
import { z } from 'zod';
import type { KeyRecord } from './inventory.js';
import { keyRecord } from './inventory.js';
import { ERROR_CODES } from './result.js';
import { DAY_MS } from './time.js';

/**
 * The most keys one bulk action takes, as many as a confirmation can name (security.md C6: a compromised renderer
 * cannot revoke everything in one call). A larger set is refused with `validation`; the admin narrows the filter.
 */
export const MAX_BULK_KEYS = 500;

/** How a bulk action moves on, as main publishes it on its event stream (shared/events.ts, `bulk-progress`). */
export const bulkAction = z.enum(['revoke', 'rotate']);
export type BulkAction = z.infer<typeof bulkAction>;

const failure = {
  keyId: z.string(),
  ok: z.literal(false),
  code: z.enum(ERROR_CODES),
  /** Main's fixed text for the admin, never the site's own words. */
  message: z.string(),
};

/** One key of a bulk revoke: revoked (or already gone from the site), or failed with the reason. */
export const bulkRevokeResult = z.discriminatedUnion('ok', [
  z.object({ keyId: z.string(), ok: z.literal(true), alreadyGone: z.boolean() }),
  z.object(failure),
]);
export type BulkRevokeResult = z.infer<typeof bulkRevokeResult>;

/**
 * One key of a bulk rotation: the new key (the old one is kept, as in a normal rotation), or failed with the reason.
 * The new secret itself never crosses IPC: `secretHandle` lets main copy it to the clipboard while the results are
 * open (security.md B2), as the secret dialog of a single key does. Null when the key was adopted after a lost
 * answer: nobody has its secret.
 */
export const bulkRotateResult = z.discriminatedUnion('ok', [
  z.object({ keyId: z.string(), ok: z.literal(true), newKey: keyRecord, secretHandle: z.string().nullable() }),
  z.object(failure),
]);
export type BulkRotateResult = z.infer<typeof bulkRotateResult>;

/**
 * New expiries for `count` keys, spread evenly from `from` to `to` (ISO instants): the first key gets `from`, the last
 * `to`, the others evenly between, in the order given. One key gets `from`.
 */
export function spreadExpiries(from: string, to: string, count: number): string[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (count <= 0) return [];
  if (count === 1) return [new Date(start).toISOString()];
  const step = (end - start) / (count - 1);
  return Array.from({ length: count }, (_, index) =>
    new Date(index === count - 1 ? end : Math.round(start + step * index)).toISOString(),
  );
}

/** Null when the range may be used (the start not after the end), else the reason in words for the admin. */
export function expiryRangeProblem(from: string, to: string): string | null {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'The range of expiries is not a pair of dates.';
  if (start > end) return 'The first expiry of the range must not be after the last.';
  return null;
}

/** The whole days between the first and the last expiry of a spread, for "one every N days" (null below 2 keys). */
export function spreadStepDays(from: string, to: string, count: number): number | null {
  if (count < 2) return null;
  return (Date.parse(to) - Date.parse(from)) / DAY_MS / (count - 1);
}

/**
 * Which keys an admin can revoke or rotate: a device's, or their own (the site lets only a user manage their own
 * keys, and the app has no call for another user's). The key Keywarden itself is connected with is left out of bulk
 * actions: revoking it would disconnect the app halfway through; it is replaced on My keys in the safe order.
 */
export type BulkEligibility = 'eligible' | 'other-user' | 'app-key';

export function bulkEligibility(
  key: Pick<KeyRecord, 'ownerType' | 'ownerId' | 'isAppKey'>,
  selfUserId: string | null,
): BulkEligibility {
  if (key.ownerType === 'user' && key.ownerId !== selfUserId) return 'other-user';
  if (key.isAppKey) return 'app-key';
  return 'eligible';
}

/** Counts of a bulk action's results, for the summary line. */
export interface BulkSummary {
  readonly done: number;
  readonly alreadyGone: number;
  readonly failed: number;
}

export function summarizeBulk(results: readonly (BulkRevokeResult | BulkRotateResult)[]): BulkSummary {
  let done = 0;
  let alreadyGone = 0;
  let failed = 0;
  for (const result of results) {
    if (!result.ok) failed += 1;
    else if ('alreadyGone' in result && result.alreadyGone) alreadyGone += 1;
    else done += 1;
  }
  return { done, alreadyGone, failed };
}
