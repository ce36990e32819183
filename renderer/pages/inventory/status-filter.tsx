/** "All" or one key status, with how many keys each has: the first filter an admin reaches for. */
import { memo } from 'react';
import { MenuItem, TextField } from '@mui/material';
import { groupedNumber } from '../../../shared/count-text.js';
import { KEY_STATUSES, KEY_STATUS_TEXT } from '../../../shared/key-status.js';
import type { StatusCounts, StatusFilter } from '../../../shared/inventory-stats.js';

export interface StatusFilterSelectProps {
  readonly value: StatusFilter;
  readonly counts: StatusCounts;
  readonly total: number;
  readonly onChange: (value: StatusFilter) => void;
}

/** Renders only when its value, counts or handler change: not when the grid below it gets new rows. */
export const StatusFilterSelect = memo(function StatusFilterSelect({ value, counts, total, onChange }: StatusFilterSelectProps) {
  return (
    <TextField
      select
      size="small"
      label="Status"
      value={value}
      onChange={(e) => onChange(e.target.value as StatusFilter)}
      sx={{ minWidth: 240 }}
    >
      <MenuItem value="all">All ({groupedNumber(total)})</MenuItem>
      {KEY_STATUSES.map((status) => (
        <MenuItem key={status} value={status}>
          {KEY_STATUS_TEXT[status]} ({groupedNumber(counts[status])})
        </MenuItem>
      ))}
    </TextField>
  );
});
