import Chip from '@mui/material/Chip';
import { groupedNumber } from '../../../shared/count-text.js';
import type { DeviceHealth, DeviceRecord } from '../../../shared/inventory.js';
import { HEALTH_TEXT } from '../../../shared/device-rows-query.js';

const HEALTH_COLOR: Readonly<Record<DeviceHealth, 'success' | 'warning' | 'error' | 'default'>> = {
  ok: 'success',
  missing: 'warning',
  error: 'error',
  unknown: 'default',
};

/** A device's health as the site reports it (status ok / missing / error; unknown when it reports none). */
export function HealthChip({ health }: { health: DeviceHealth }) {
  return (
    <Chip
      size="small"
      label={HEALTH_TEXT[health]}
      color={HEALTH_COLOR[health]}
      variant={health === 'ok' ? 'outlined' : 'filled'}
    />
  );
}

/** How long, as a device's check-in interval or its silence reads: "45 s", "12 min", "2 h", "3 days". */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  const days = Math.round(hours / 24);
  return `${groupedNumber(days)} days`;
}

export interface HealthReason {
  /** Beside the chip in the grid, e.g. "not seen for 2 h". */
  readonly short: string;
  /** The whole reason after the chip, e.g. "not seen for 2 h, expected every 60 s". */
  readonly why: string;
}

/**
 * Why the site calls a device missing (Flywheel's rule, flywheel-api.md "Devices": more than `interval` seconds
 * since `last_seen`), so that "Missing" never stands unexplained beside a last-seen time that reads as recent.
 * Null for any other health.
 */
export function missingReason(device: Pick<DeviceRecord, 'health' | 'lastSeen' | 'interval'>, now: Date): HealthReason | null {
  if (device.health !== 'missing') return null;
  const seen = device.lastSeen === null ? Number.NaN : Date.parse(device.lastSeen);
  if (Number.isNaN(seen)) return { short: 'never seen', why: 'the site has never seen it' };
  const silent = formatDuration(now.getTime() - seen);
  if (device.interval === null) return { short: `not seen for ${silent}`, why: `not seen for ${silent}` };
  const expected = `expected every ${formatDuration(device.interval * 1000)}`;
  // The site judged it late when the inventory was fetched; a check-in since then shows at the next refresh.
  if (now.getTime() - seen <= device.interval * 1000) {
    return { short: 'late at the last refresh', why: `late at the last refresh: last seen ${silent} ago, ${expected}` };
  }
  return { short: `not seen for ${silent}`, why: `not seen for ${silent}, ${expected}` };
}
