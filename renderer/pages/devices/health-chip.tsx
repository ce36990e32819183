import Chip from '@mui/material/Chip';
import type { DeviceHealth } from '../../../shared/inventory.js';

export const HEALTH_TEXT: Readonly<Record<DeviceHealth, string>> = {
  ok: 'OK',
  missing: 'Missing',
  error: 'Error',
  unknown: 'Unknown',
};

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
