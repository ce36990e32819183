/** Short texts about a legacy key that the table and the details panel share. */
import { countText } from '../../../shared/count-text.js';
import type { LegacyEntry } from '../../../shared/migration.js';

/** "User", or "Device (importer)". */
export function ownerKindText(entry: Pick<LegacyEntry, 'owner' | 'deviceType'>): string {
  if (entry.owner.kind === 'user') return 'User';
  return entry.deviceType ? `Device (${entry.deviceType})` : 'Device';
}

/** How long the legacy key has not been used: "quiet for 12 days", "used today", "never used". */
export function quietText(quietForDays: number | null): string {
  if (quietForDays === null) return 'never used';
  if (quietForDays === 0) return 'used today';
  return `quiet for ${countText(quietForDays, 'day')}`;
}

/** Whether the key belongs to the signed-in admin (then the admin swaps it, as owner `self`). */
export function isOwnKey(entry: Pick<LegacyEntry, 'owner'>, userId: string | null): boolean {
  return entry.owner.kind === 'user' && userId !== null && entry.owner.id === userId;
}
