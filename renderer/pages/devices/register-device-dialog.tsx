import { DialogButtons } from '../../components/dialog-buttons.js';
import { useState } from 'react';
import {
  Alert,
  Autocomplete,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { EMPTY_NOTES, type DeviceNotes, type DeviceRecord } from '../../../shared/inventory.js';
import { registerDevice, useReloadInventory } from '../../api/inventory.js';
import { useMainAction } from '../../api/use-main-action.js';
import { FormDialog } from '../../components/form-dialog.js';
import { NotesFields } from './notes-fields.js';

/** Flywheel's own device types; the site accepts others, typed by the admin. */
export const KNOWN_DEVICE_TYPES = ['reaper', 'importer'] as const;

export interface RegisterDeviceDialogProps {
  readonly onClose: () => void;
  /** The admin chose to give the new device its first key now. */
  readonly onCreateFirstKey: (device: DeviceRecord) => void;
}

/** Registers a device (label, type, local notes), then offers its first key at once. */
export function RegisterDeviceDialog({ onClose, onCreateFirstKey }: RegisterDeviceDialogProps) {
  const reload = useReloadInventory();
  const [label, setLabel] = useState('');
  const [type, setType] = useState('');
  const [notes, setNotes] = useState<DeviceNotes>(EMPTY_NOTES);
  const [touched, setTouched] = useState(false);
  const { pending, error, run } = useMainAction();
  const [registered, setRegistered] = useState<DeviceRecord | null>(null);

  const labelProblem = label.trim() === '' ? 'Enter a label.' : null;
  const typeProblem = type.trim() === '' ? 'Choose a type or type one.' : null;

  const submit = async () => {
    setTouched(true);
    if (labelProblem || typeProblem) return;
    const device = await run(() =>
      registerDevice(label.trim(), type.trim(), {
        location: notes.location.trim(),
        modality: notes.modality.trim(),
        contact: notes.contact.trim(),
      }),
    );
    if (!device) return;
    setRegistered(device);
    void reload();
  };

  if (registered) {
    return (
      <Dialog open onClose={onClose} maxWidth="sm" fullWidth>
        <DialogTitle>Device registered</DialogTitle>
        <DialogContent>
          <Typography>
            <strong>{registered.label}</strong> ({registered.type}) is registered. It needs a key to reach the site: create its
            first key now?
          </Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Later</Button>
          <Button variant="contained" onClick={() => onCreateFirstKey(registered)}>
            Create first key
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  return (
    <FormDialog
      onSubmit={() => void submit()}
      canSubmit={!pending}
      onClose={pending ? undefined : onClose}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>Register a device</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <TextField
            label="Label"
            required
            autoFocus
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            disabled={pending}
            error={touched && Boolean(labelProblem)}
            helperText={(touched && labelProblem) || 'How the device is named on the site, e.g. "MR scanner 3 Reaper".'}
            slotProps={{ htmlInput: { maxLength: 200 } }}
          />
          <Autocomplete
            freeSolo
            options={KNOWN_DEVICE_TYPES}
            inputValue={type}
            onInputChange={(_event, value) => setType(value)}
            disabled={pending}
            renderInput={(params) => (
              <TextField
                {...params}
                label="Type"
                required
                error={touched && Boolean(typeProblem)}
                helperText={(touched && typeProblem) || 'reaper, importer, or another type'}
                slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, maxLength: 64 } }}
              />
            )}
          />
          <NotesFields notes={notes} onChange={setNotes} disabled={pending} />
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel="Register" pending={pending} />
    </FormDialog>
  );
}
