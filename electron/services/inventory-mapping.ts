/** The site's wire records turned into the app's inventory records. Pure functions. */
import {
  EMPTY_NOTES,
  type DeviceHealth,
  type DeviceNotes,
  type DeviceRecord,
  type KeyRecord,
  type UserRecord,
} from '../../shared/inventory.js';
import { isLegacyKey } from '../../shared/key-status.js';
import type { ApiKeyWire, DeviceStatusWire, DeviceWire, UserWire } from '../../shared/wire.schema.js';
import { displayNameOf } from './sites.service.js';

const HEALTH: ReadonlySet<string> = new Set(['ok', 'missing', 'error', 'unknown']);

/** Flywheel core's rules, for sites that do not answer /devices/status: error, unknown, missing, ok. */
export function healthOf(device: DeviceWire, status: DeviceStatusWire | null, now: Date): DeviceHealth {
  const reported = status?.[device._id]?.status;
  if (reported && HEALTH.has(reported)) return reported as DeviceHealth;
  if ((device.errors ?? []).length > 0) return 'error';
  if (!device.interval || !device.last_seen) return 'unknown';
  return (now.getTime() - Date.parse(device.last_seen)) / 1000 > device.interval ? 'missing' : 'ok';
}

export function deviceRecordOf(
  device: DeviceWire,
  status: DeviceStatusWire | null,
  notes: DeviceNotes | undefined,
  now: Date,
): DeviceRecord {
  return {
    id: device._id,
    label: device.label || device.name || device._id,
    type: device.type || 'unknown',
    disabled: device.disabled === true,
    version: device.version ?? null,
    health: healthOf(device, status, now),
    lastSeen: status?.[device._id]?.last_seen ?? device.last_seen ?? null,
    errorCount: (status?.[device._id]?.errors ?? device.errors ?? []).length,
    interval: device.interval ?? null,
    notes: notes ?? EMPTY_NOTES,
  };
}

export function userRecordOf(user: UserWire, keysVisible: boolean): UserRecord {
  return {
    id: user._id,
    name: displayNameOf(user),
    email: user.email ?? null,
    disabled: user.disabled === true,
    isSiteAdmin: (user.roles ?? []).includes('site_admin'),
    keysVisible,
    lastLogin: user.lastlogin ?? null,
  };
}

export function keyRecordOf(
  key: ApiKeyWire,
  owner: { type: 'device' | 'user'; id: string; label: string; disabled: boolean },
): KeyRecord {
  const label = key.label ?? '';
  const expiresAt = key.expires_at ?? null;
  return {
    id: key._id,
    label: label || '(no label)',
    kind: isLegacyKey({ label, legacyFlag: key.legacy ?? null, expiresAt }) ? 'legacy' : 'enhanced',
    ownerType: owner.type,
    ownerId: owner.id,
    ownerLabel: owner.label,
    ownerDisabled: owner.disabled,
    created: key.created ?? null,
    expiresAt,
    lastUsed: key.last_used ?? null,
    isAppKey: false,
  };
}

/**
 * Which of the admin's own keys the app is using. The site does not say, but every request sets the key's
 * last_used, and the app has just made one: the own key of the right kind used last, within minutes of the
 * fetch, is ours. Null when that is not clear.
 */
export function appKeyIdOf(ownKeys: readonly KeyRecord[], appKeyKind: 'enhanced' | 'legacy', fetchedAt: Date): string | null {
  const candidates = ownKeys
    .filter((key) => key.kind === appKeyKind && key.lastUsed !== null)
    .filter((key) => Math.abs(fetchedAt.getTime() - Date.parse(key.lastUsed!)) < 10 * 60 * 1000)
    .sort((a, b) => Date.parse(b.lastUsed!) - Date.parse(a.lastUsed!));
  return candidates[0]?.id ?? null;
}
