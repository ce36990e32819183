import { Stack, TextField, Typography } from '@mui/material';
import type { DeviceNotes } from '../../../shared/inventory.js';
import { LOCAL_NOTES_KEPT } from './device-details.js';

export interface NotesFieldsProps {
  readonly notes: DeviceNotes;
  readonly onChange: (notes: DeviceNotes) => void;
  readonly disabled?: boolean;
}

/** What a technician needs to find the device again; kept by Keywarden per site, not on Flywheel. */
export function NotesFields({ notes, onChange, disabled }: NotesFieldsProps) {
  return (
    <Stack spacing={2}>
      <Typography variant="body2" color="text.secondary">
        The notes below are {LOCAL_NOTES_KEPT}
      </Typography>
      <TextField
        label="Location or room"
        value={notes.location}
        onChange={(e) => onChange({ ...notes, location: e.target.value })}
        disabled={disabled}
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
      <TextField
        label="Modality"
        value={notes.modality}
        onChange={(e) => onChange({ ...notes, modality: e.target.value })}
        disabled={disabled}
        helperText="For example MR, CT, PET"
        slotProps={{ htmlInput: { maxLength: 100 } }}
      />
      <TextField
        label="Contact"
        value={notes.contact}
        onChange={(e) => onChange({ ...notes, contact: e.target.value })}
        disabled={disabled}
        helperText="Who looks after the device"
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
    </Stack>
  );
}
