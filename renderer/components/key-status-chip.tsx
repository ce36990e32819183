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

/** An active key's chip is outlined, so the statuses that need the admin stand out filled. */
export const keyStatusVariant = (status: KeyStatus): 'outlined' | 'filled' => (status === 'active' ? 'outlined' : 'filled');

/** Renders only when the status changes: grids render their cells again far more often than a row's status does. */
export const KeyStatusChip = memo(function KeyStatusChip({ status }: { status: KeyStatus }) {
  return (
    <Chip size="small" label={KEY_STATUS_TEXT[status]} color={KEY_STATUS_COLOR[status]} variant={keyStatusVariant(status)} />
  );
});

/** The class of a status badge, which the theme styles in every grid (gridCellStyles). */
export const STATUS_BADGE_CLASS = 'kw-status-badge';

/**
 * A key's status in a grid cell: the chip's look and colours as one plain span, styled by the theme's rules for
 * every grid instead of a styling engine at work per cell. A grid renders its shown cells again whenever its rows
 * change; MUI's Chip in each status cell took about 8 ms of a status filter's 100 (a renderer profile).
 */
export const KeyStatusBadge = memo(function KeyStatusBadge({ status }: { status: KeyStatus }) {
  return (
    <span className={STATUS_BADGE_CLASS} data-color={KEY_STATUS_COLOR[status]} data-variant={keyStatusVariant(status)}>
      {KEY_STATUS_TEXT[status]}
    </span>
  );
});
