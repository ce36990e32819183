import { DialogButtons } from '../../components/dialog-buttons.js';
import { useState } from 'react';
import { Alert, DialogContent, DialogTitle, Stack } from '@mui/material';
import { FormDialog } from '../../components/form-dialog.js';
import type { DeviceNotes, DeviceRecord } from '../../../shared/inventory.js';
import { updateDeviceNotes, useReloadInventory } from '../../api/inventory.js';
import { useMainAction } from '../../api/use-main-action.js';
import { NotesFields } from './notes-fields.js';

export function EditNotesDialog({ device, onClose }: { device: DeviceRecord; onClose: () => void }) {
  const reload = useReloadInventory();
  const [notes, setNotes] = useState<DeviceNotes>(device.notes);
  const { pending, error, run } = useMainAction();

  const save = async () => {
    const saved = await run(() => updateDeviceNotes(device.id, notes));
    if (!saved) return;
    await reload();
    onClose();
  };

  return (
    <FormDialog onSubmit={() => void save()} canSubmit={!pending} onClose={pending ? undefined : onClose} maxWidth="sm" fullWidth>
      <DialogTitle>Notes for {device.label}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <NotesFields notes={notes} onChange={setNotes} disabled={pending} />
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel="Save notes" pending={pending} />
    </FormDialog>
  );
}
