/** A user's keys, read only, with their status and usage (the key dialogs act on keys elsewhere). */
import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { KeyRecord } from '../../../shared/inventory.js';
import { statusOfKey, usageOfKey } from '../../../shared/inventory-stats.js';
import { KEY_USAGE_TEXT, type StatusThresholds } from '../../../shared/key-status.js';
import { formatDay, formatExpiry } from '../../components/format.js';
import { KeyStatusChip } from '../../components/key-status-chip.js';
import { HIGHLIGHT_LABEL, highlightedRowSx, revealHighlighted } from '../../components/keys/highlight.js';

export interface UserKeysTableProps {
  readonly keys: readonly KeyRecord[];
  readonly thresholds: StatusThresholds;
  readonly now: Date;
  readonly caption: string;
  /** The key a notification opened: highlighted and scrolled into view. */
  readonly highlightKeyId?: string;
}

export function UserKeysTable({ keys, thresholds, now, caption, highlightKeyId }: UserKeysTableProps) {
  if (keys.length === 0) return <Typography color="text.secondary">This user has no keys.</Typography>;
  return (
    <Table size="small" aria-label={caption}>
      <TableHead>
        <TableRow>
          <TableCell>Label</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Expires</TableCell>
          <TableCell>Last used</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Usage</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {keys.map((key) => (
          <TableRow
            key={key.id}
            selected={key.id === highlightKeyId}
            sx={key.id === highlightKeyId ? highlightedRowSx : undefined}
            ref={key.id === highlightKeyId ? revealHighlighted : undefined}
          >
            <TableCell>
              {key.label}
              {key.id === highlightKeyId && <Chip size="small" color="warning" label={HIGHLIGHT_LABEL} sx={{ ml: 1 }} />}
            </TableCell>
            <TableCell>{key.kind === 'legacy' ? 'Legacy' : 'Enhanced'}</TableCell>
            <TableCell>{formatDay(key.created)}</TableCell>
            <TableCell>{formatExpiry(key)}</TableCell>
            <TableCell>{formatDay(key.lastUsed)}</TableCell>
            <TableCell>
              <KeyStatusChip status={statusOfKey(key, now, thresholds)} />
            </TableCell>
            <TableCell>{KEY_USAGE_TEXT[usageOfKey(key, now, thresholds)]}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
