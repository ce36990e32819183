/** A key's status as a coloured chip: the same colours in every table. */
import { memo } from 'react';
import Chip from '@mui/material/Chip';
import { KEY_STATUS_TEXT, type KeyStatus } from '../../shared/key-status.js';

export const KEY_STATUS_COLOR: Readonly<Record<KeyStatus, 'success' | 'warning' | 'error' | 'secondary' | 'default'>> = {
  active: 'success',
  'expiring-soon': 'warning',
  expired: 'error',
  legacy: 'secondary',
  'owner-disabled': 'default',
};

/** Renders only when the status changes: grids render their cells again far more often than a row's status does. */
export const KeyStatusChip = memo(function KeyStatusChip({ status }: { status: KeyStatus }) {
  return (
    <Chip
      size="small"
      label={KEY_STATUS_TEXT[status]}
      color={KEY_STATUS_COLOR[status]}
      variant={status === 'active' ? 'outlined' : 'filled'}
    />
  );
});
