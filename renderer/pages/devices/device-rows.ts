/** Plain rows for the devices grid, computed once per inventory so that thousands of rows need no per-cell work. */
import type { DeviceHealth, Inventory, KeyRecord } from '../../../shared/inventory.js';
import { keyFacts } from '../../../shared/inventory-stats.js';
import { isLegacyKey, soonestExpiry } from '../../../shared/key-status.js';

export interface DeviceRow {
  readonly id: string;
  readonly label: string;
  readonly type: string;
  readonly health: DeviceHealth;
  readonly lastSeen: Date | null;
  /** Seconds between the check-ins the site expects (null: none set), to say why a device is missing. */
  readonly interval: number | null;
  readonly location: string;
  readonly modality: string;
  readonly keyCount: number;
  readonly soonestExpiry: Date | null;
  readonly hasLegacyKeys: boolean;
  readonly disabled: boolean;
}

function toDate(iso: string | null): Date | null {
  if (iso === null) return null;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? null : new Date(time);
}

export function toDeviceRows(inventory: Inventory): DeviceRow[] {
  const keysByDevice = new Map<string, KeyRecord[]>();
  for (const key of inventory.keys) {
    if (key.ownerType !== 'device') continue;
    const list = keysByDevice.get(key.ownerId);
    if (list) list.push(key);
    else keysByDevice.set(key.ownerId, [key]);
  }
  return inventory.devices.map((device) => {
    const keys = keysByDevice.get(device.id) ?? [];
    return {
      id: device.id,
      label: device.label,
      type: device.type,
      health: device.health,
      lastSeen: toDate(device.lastSeen),
      interval: device.interval,
      location: device.notes.location,
      modality: device.notes.modality,
      keyCount: keys.length,
      soonestExpiry: toDate(soonestExpiry(keys)),
      hasLegacyKeys: keys.some((key) => isLegacyKey(keyFacts(key))),
      disabled: device.disabled,
    };
  });
}
