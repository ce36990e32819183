/** A seed is a plain plan of rows (pure, so tests can compute it too), applied in one transaction. */
import type { DeviceRow, KeyDb, KeyRow, SeedKeyName, UserRow } from '../db.js';
import { hashSecret, type RandomSource, newId } from '../secrets.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface SeedPlan {
  readonly users: UserRow[];
  readonly devices: DeviceRow[];
  readonly keys: KeyRow[];
  /** Plain secrets of the well-known keys (admin, user, legacy, disabledUser, adminLegacy). */
  readonly seedKeys: Readonly<Record<SeedKeyName, string>>;
}

export function applySeedPlan(db: KeyDb, plan: SeedPlan): void {
  db.transaction(() => {
    for (const user of plan.users) db.insertUser(user);
    for (const device of plan.devices) db.insertDevice(device);
    for (const key of plan.keys) db.insertKey(key);
    for (const [name, secret] of Object.entries(plan.seedKeys)) db.saveSeedKey(name as SeedKeyName, secret);
  });
}

export interface KeySpec {
  owner: { type: 'user' | 'device'; id: string };
  label: string;
  /** Exactly one of the two. */
  enhancedSecret?: string;
  legacySecret?: string;
  expiresAt: Date | null;
  lastUsed: Date | null;
  /** Required for a legacy key: see keyRow. */
  created?: Date;
}

/**
 * A key row. An enhanced key's `created` defaults to 60 days before the earliest of last use, expiry and now. A
 * legacy key must say when it was made: legacy keys predate 16.19.0, so a default near now would make one look newer
 * than the enhanced key that replaces it (and the 19.0 migration would not see the replacement). A key is never
 * used before it is made.
 */
export function keyRow(spec: KeySpec, now: Date, random: RandomSource): KeyRow {
  if (spec.legacySecret !== undefined && spec.created === undefined) {
    throw new Error(`A seed's legacy key needs an explicit created date (${spec.owner.type} ${spec.owner.id})`);
  }
  const earliest = Math.min(now.getTime(), spec.lastUsed?.getTime() ?? Infinity, spec.expiresAt?.getTime() ?? Infinity);
  const created = spec.created ?? new Date(earliest - 60 * DAY_MS);
  if (spec.lastUsed && spec.lastUsed.getTime() < created.getTime()) {
    throw new Error(`A seed key is used before it is made (${spec.owner.type} ${spec.owner.id}, ${spec.label})`);
  }
  return {
    id: newId(random),
    label: spec.label,
    origin_type: spec.owner.type,
    origin_id: spec.owner.id,
    secret_hash: spec.enhancedSecret !== undefined ? hashSecret(spec.enhancedSecret) : null,
    legacy_secret: spec.legacySecret ?? null,
    created: created.toISOString(),
    expires_at: spec.expiresAt?.toISOString() ?? null,
    last_used: spec.lastUsed?.toISOString() ?? null,
  };
}
