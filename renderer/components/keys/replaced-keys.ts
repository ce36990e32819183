/**
 * Which keys a normal rotation has replaced: main labels the new key "<old label> (rotated YYYY-MM-DD)"
 * (shared/key-expiry.ts, rotatedLabel), so an older key with the same base label is the one still to revoke.
 * Derived from the inventory, so the hint survives a restart of the app.
 */
import type { KeyRecord } from '../../../shared/inventory.js';

const ROTATED_SUFFIX = /\s*\(rotated \d{4}-\d{2}-\d{2}\)$/;

function baseLabel(label: string): string {
  return label.replace(ROTATED_SUFFIX, '').trim();
}

function createdTime(key: KeyRecord): number {
  const time = key.created === null ? Number.NaN : Date.parse(key.created);
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
}

/** Ids of the keys (of one owner) for which a newer rotated key exists. */
export function replacedKeyIds(keys: readonly KeyRecord[]): ReadonlySet<string> {
  const replaced = new Set<string>();
  for (const newer of keys) {
    if (!ROTATED_SUFFIX.test(newer.label)) continue;
    const base = baseLabel(newer.label);
    for (const older of keys) {
      if (older.id !== newer.id && baseLabel(older.label) === base && createdTime(older) < createdTime(newer)) {
        replaced.add(older.id);
      }
    }
  }
  return replaced;
}
