import { Stack, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import { EXPIRY_PRESET_DAYS, expiryAfterDays } from '../../../shared/key-expiry.js';
import { formatDay } from '../format.js';

export interface ExpiryPickerProps {
  /** ISO instant, or '' when the admin cleared the date. */
  readonly value: string;
  readonly onChange: (expiresAt: string) => void;
  readonly now: Date;
  readonly error?: string | null;
  readonly disabled?: boolean;
}

/** The UTC day of an ISO instant as the date input wants it (YYYY-MM-DD), or ''. */
function dayOf(iso: string): string {
  const day = formatDay(iso);
  return day === '—' ? '' : day;
}

/**
 * A required expiry: presets (7 to 365 days) or a day. A picked day keeps the current time of day, so that
 * "the day after tomorrow" means the same as the 2-day distance a preset would give.
 */
export function ExpiryPicker({ value, onChange, now, error, disabled }: ExpiryPickerProps) {
  const day = dayOf(value);
  const preset = EXPIRY_PRESET_DAYS.find((days) => dayOf(expiryAfterDays(now, days)) === day) ?? null;
  return (
    <Stack spacing={2}>
      <ToggleButtonGroup
        exclusive
        size="small"
        value={preset}
        disabled={disabled}
        aria-label="Expiry presets"
        onChange={(_event, days: number | null) => {
          if (days !== null) onChange(expiryAfterDays(now, days));
        }}
      >
        {EXPIRY_PRESET_DAYS.map((days) => (
          <ToggleButton key={days} value={days}>
            {days} days
          </ToggleButton>
        ))}
      </ToggleButtonGroup>
      <TextField
        label="Expires on"
        type="date"
        required
        value={day}
        disabled={disabled}
        error={Boolean(error)}
        helperText={error ?? 'UTC day; the key stops working at this time of day.'}
        onChange={(event) => {
          const picked = event.target.value;
          onChange(picked ? `${picked}T${now.toISOString().slice(11)}` : '');
        }}
        slotProps={{ inputLabel: { shrink: true } }}
      />
    </Stack>
  );
}
