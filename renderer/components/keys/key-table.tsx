import { useMemo } from 'react';
import {
  Button,
  Checkbox,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { KeyRecord } from '../../../shared/inventory.js';
import { statusOfKey } from '../../../shared/inventory-stats.js';
import { KEY_USAGE_TEXT, keyUsage } from '../../../shared/key-status.js';
import { useThresholds } from '../../api/preferences.js';
import { LEGACY_EXPIRY_TEXT, formatDay, relativeDays } from '../format.js';
import { KeyStatusChip } from '../key-status-chip.js';
import { replacedKeyIds } from './replaced-keys.js';
import { HIGHLIGHT_LABEL, highlightedRowSx, revealHighlighted } from './highlight.js';

export interface KeyTableProps {
  /** Names the table for assistive technology, e.g. "Keys of MR scanner 3". */
  readonly ariaLabel: string;
  readonly keys: readonly KeyRecord[];
  /** Offline: the keys are shown, the actions are not offered. */
  readonly readOnly: boolean;
  readonly onRotate: (key: KeyRecord) => void;
  readonly onRevoke: (key: KeyRecord) => void;
  /** The key a notification opened: highlighted, scrolled into view, its Rotate button focused. */
  readonly highlightKeyId?: string;
  /** Checkboxes to select keys for a bulk action (not offered read only). */
  readonly selection?: KeyTableSelection;
}

export interface KeyTableSelection {
  readonly selected: ReadonlySet<string>;
  readonly onChange: (next: ReadonlySet<string>) => void;
  /** Why a key cannot be selected (shown on its disabled checkbox), or null when it can. */
  readonly whyNot: (key: KeyRecord) => string | null;
}

/** The header's box selects every key that can be selected, or none. */
function SelectAllBox({ keys, selection }: { keys: readonly KeyRecord[]; selection: KeyTableSelection }) {
  const selectable = keys.filter((key) => selection.whyNot(key) === null);
  const chosen = selectable.filter((key) => selection.selected.has(key.id)).length;
  return (
    <Checkbox
      size="small"
      checked={selectable.length > 0 && chosen === selectable.length}
      indeterminate={chosen > 0 && chosen < selectable.length}
      disabled={selectable.length === 0}
      onChange={(event) => selection.onChange(new Set(event.target.checked ? selectable.map((key) => key.id) : []))}
      slotProps={{ input: { 'aria-label': 'Select all keys' } }}
    />
  );
}

function SelectKeyBox({ keyRecord, selection }: { keyRecord: KeyRecord; selection: KeyTableSelection }) {
  const whyNot = selection.whyNot(keyRecord);
  return (
    <Checkbox
      size="small"
      checked={whyNot === null && selection.selected.has(keyRecord.id)}
      disabled={whyNot !== null}
      title={whyNot ?? undefined}
      onChange={(event) => {
        const next = new Set(selection.selected);
        if (event.target.checked) next.add(keyRecord.id);
        else next.delete(keyRecord.id);
        selection.onChange(next);
      }}
      slotProps={{
        input: { 'aria-label': whyNot ? `${keyRecord.label} cannot be selected: ${whyNot}` : `Select ${keyRecord.label}` },
      }}
    />
  );
}

function DayWithDistance({ iso, now, empty }: { iso: string | null; now: Date; empty: string }) {
  if (!iso) return <>{empty}</>;
  return (
    <>
      {formatDay(iso)}
      <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {relativeDays(iso, now)}
      </Typography>
    </>
  );
}

/** One owner's keys (at most five): dates, status, usage and the per-key actions. */
export function KeyTable({ ariaLabel, keys, readOnly, onRotate, onRevoke, highlightKeyId, selection }: KeyTableProps) {
  const thresholds = useThresholds();
  const now = useMemo(() => new Date(), []);
  const replaced = useMemo(() => replacedKeyIds(keys), [keys]);

  if (keys.length === 0) return <Typography color="text.secondary">No keys yet.</Typography>;
  const selecting = selection !== undefined && !readOnly;

  return (
    <TableContainer>
      <Table size="small" aria-label={ariaLabel}>
        <TableHead>
          <TableRow>
            {selecting && (
              <TableCell padding="checkbox">
                <SelectAllBox keys={keys} selection={selection} />
              </TableCell>
            )}
            <TableCell>Label</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Expires</TableCell>
            <TableCell>Last used</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Usage</TableCell>
            <TableCell>Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {keys.map((key) => (
            <TableRow
              key={key.id}
              selected={key.id === highlightKeyId}
              sx={key.id === highlightKeyId ? highlightedRowSx : undefined}
            >
              {selecting && (
                <TableCell padding="checkbox">
                  <SelectKeyBox keyRecord={key} selection={selection} />
                </TableCell>
              )}
              <TableCell>
                {key.label}
                {key.id === highlightKeyId && <Chip size="small" color="warning" label={HIGHLIGHT_LABEL} sx={{ ml: 1 }} />}
                <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                  {key.id}
                </Typography>
                {key.isAppKey && <Chip size="small" color="info" label="Used by this app" sx={{ mt: 0.5 }} />}
                {replaced.has(key.id) && (
                  // In the text colour: warning.main text falls below 4.5:1 on a light background (axe's color-contrast).
                  <Typography component="span" variant="caption" color="text.primary" sx={{ display: 'block' }}>
                    Replaced by a rotation: revoke the old key once its last use stops changing.
                  </Typography>
                )}
              </TableCell>
              <TableCell>{formatDay(key.created)}</TableCell>
              <TableCell>
                <DayWithDistance iso={key.expiresAt} now={now} empty={key.kind === 'legacy' ? LEGACY_EXPIRY_TEXT : 'Never'} />
              </TableCell>
              <TableCell>
                <DayWithDistance iso={key.lastUsed} now={now} empty="Never" />
              </TableCell>
              <TableCell>
                <KeyStatusChip status={statusOfKey(key, now, thresholds)} />
              </TableCell>
              <TableCell>{KEY_USAGE_TEXT[keyUsage(key, now, thresholds)]}</TableCell>
              <TableCell>
                <Stack direction="row" spacing={1}>
                  <Button
                    size="small"
                    onClick={() => onRotate(key)}
                    disabled={readOnly}
                    ref={key.id === highlightKeyId ? revealHighlighted : undefined}
                  >
                    Rotate
                  </Button>
                  <Button size="small" color="error" onClick={() => onRevoke(key)} disabled={readOnly}>
                    Revoke
                  </Button>
                </Stack>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
