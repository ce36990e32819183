/** The admin's status thresholds (expiring soon, idle): a button and a small dialog with two day counts. */
import { useState, type FormEvent } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import TuneIcon from '@mui/icons-material/Tune';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { useThresholds, useUpdatePreferences } from '../../api/preferences.js';

// The same ranges as the preferences schema in shared/ipc-contract.ts.
const EXPIRING_RANGE = { min: 1, max: 365 };
const IDLE_RANGE = { min: 1, max: 3650 };

function parseDays(text: string, range: { min: number; max: number }): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const days = Number(text);
  return days >= range.min && days <= range.max ? days : null;
}

function ThresholdsForm({ initial, onClose }: { initial: StatusThresholds; onClose: () => void }) {
  const update = useUpdatePreferences();
  const [expiring, setExpiring] = useState(String(initial.expiringWithinDays));
  const [idle, setIdle] = useState(String(initial.idleAfterDays));
  const expiringDays = parseDays(expiring, EXPIRING_RANGE);
  const idleDays = parseDays(idle, IDLE_RANGE);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (expiringDays === null || idleDays === null || update.isPending) return;
    update.mutate({ expiringWithinDays: expiringDays, idleAfterDays: idleDays }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            label="Expiring soon within (days)"
            type="number"
            value={expiring}
            onChange={(e) => setExpiring(e.target.value)}
            error={expiringDays === null}
            helperText={
              expiringDays === null
                ? `A whole number from ${EXPIRING_RANGE.min} to ${EXPIRING_RANGE.max}`
                : 'Flywheel warns at 7 days'
            }
            slotProps={{ htmlInput: EXPIRING_RANGE }}
          />
          <TextField
            label="Idle after (days unused)"
            type="number"
            value={idle}
            onChange={(e) => setIdle(e.target.value)}
            error={idleDays === null}
            helperText={idleDays === null ? `A whole number from ${IDLE_RANGE.min} to ${IDLE_RANGE.max}` : 'Usual: 90 days'}
            slotProps={{ htmlInput: IDLE_RANGE }}
          />
          {update.error && <Alert severity="error">{update.error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="contained" disabled={expiringDays === null || idleDays === null || update.isPending}>
          Save
        </Button>
      </DialogActions>
    </form>
  );
}

export function ThresholdsControl() {
  const thresholds = useThresholds();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" startIcon={<TuneIcon aria-hidden />} onClick={() => setOpen(true)}>
        Thresholds
      </Button>
      <Dialog open={open} onClose={() => setOpen(false)} aria-labelledby="thresholds-dialog-title">
        <DialogTitle id="thresholds-dialog-title">Status thresholds</DialogTitle>
        {/* Mounted only while open, so each opening starts from the saved values. */}
        {open && <ThresholdsForm initial={thresholds} onClose={() => setOpen(false)} />}
      </Dialog>
    </>
  );
}
