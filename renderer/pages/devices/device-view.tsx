import { useMemo, useRef, useState } from 'react';
import { Alert, Box, Button, Chip, Paper, Stack, Typography } from '@mui/material';
import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import type { DeviceRecord, KeyRecord } from '../../../shared/inventory.js';
import { removeDevice, setDeviceDisabled, useReloadInventory } from '../../api/inventory.js';
import { ConfirmationDialog } from '../../components/keys/confirmation-dialog.js';
import { OwnerKeys } from '../../components/keys/owner-keys.js';
import { useFocusWhenLost } from '../../components/focus-when-lost.js';
import { DeviceDetails, DeviceNotesDetails } from './device-details.js';
import { EditNotesDialog } from './edit-notes-dialog.js';

export interface DeviceViewProps {
  readonly device: DeviceRecord;
  readonly keys: readonly KeyRecord[];
  readonly readOnly: boolean;
  readonly onBack: () => void;
  readonly onDeleted: (device: DeviceRecord) => void;
  /** The key a notification opened, highlighted in the device's keys. */
  readonly highlightKeyId?: string;
}

type OpenDialog = 'notes' | 'disable' | 'enable' | 'delete' | null;

/** One device: its details and notes, disable / enable / delete, and its keys. */
export function DeviceView({ device, keys, readOnly, onBack, onDeleted, highlightKeyId }: DeviceViewProps) {
  const reload = useReloadInventory();
  const now = useMemo(() => new Date(), []);
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const owner = useMemo(() => ({ type: 'device' as const, id: device.id }), [device.id]);
  const heading = useRef<HTMLHeadingElement | null>(null);
  useFocusWhenLost(heading);

  return (
    <Stack spacing={3}>
      <Box>
        <Button startIcon={<ArrowBackIcon aria-hidden />} onClick={onBack}>
          Back
        </Button>
      </Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1" ref={heading} tabIndex={-1}>
          {device.label}
        </Typography>
        {device.disabled && <Chip label="Disabled" color="warning" />}
      </Box>
      {device.disabled && <Alert severity="warning">This device is disabled: the site rejects every use of its keys.</Alert>}

      <Paper variant="outlined" sx={{ p: 2 }}>
        <DeviceDetails device={device} now={now} />
        <DeviceNotesDetails device={device} />
        <Stack direction="row" spacing={1} sx={{ mt: 2, flexWrap: 'wrap' }}>
          {/* The notes are kept on this computer, not on the site: they stay editable offline. */}
          <Button onClick={() => setDialog('notes')}>Edit notes</Button>
          {device.disabled ? (
            <Button onClick={() => setDialog('enable')} disabled={readOnly}>
              Enable device
            </Button>
          ) : (
            <Button color="warning" onClick={() => setDialog('disable')} disabled={readOnly}>
              Disable device
            </Button>
          )}
          <Button color="error" onClick={() => setDialog('delete')} disabled={readOnly}>
            Delete device
          </Button>
        </Stack>
      </Paper>

      <OwnerKeys owner={owner} ownerLabel={device.label} keys={keys} readOnly={readOnly} highlightKeyId={highlightKeyId} />

      {dialog === 'notes' && <EditNotesDialog device={device} onClose={() => setDialog(null)} />}
      {/* Disabling stops the device and rejects its keys; enabling brings them back: main confirms both. */}
      {dialog === 'disable' && (
        <ConfirmationDialog
          action="disable-device"
          targets={[device.id]}
          fallbackTitle={`Disable ${device.label}`}
          confirmLabel="Disable device"
          confirmColor="warning"
          linesIntro="What stops working:"
          onConfirm={async (confirmation) => {
            await setDeviceDisabled(device.id, true, confirmation.id);
            await reload();
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        >
          <Typography>
            The site rejects every key of a disabled device, so the device stops sending data. Its keys are kept and work again
            after enabling.
          </Typography>
        </ConfirmationDialog>
      )}
      {dialog === 'enable' && (
        <ConfirmationDialog
          action="enable-device"
          targets={[device.id]}
          fallbackTitle={`Enable ${device.label}`}
          confirmLabel="Enable device"
          confirmColor="primary"
          onConfirm={async (confirmation) => {
            await setDeviceDisabled(device.id, false, confirmation.id);
            await reload();
            setDialog(null);
          }}
          onClose={() => setDialog(null)}
        >
          {/* Main's lines list the keys that come back (and the expired ones that do not): said once, there. */}
          <Typography>
            The site accepts the device&apos;s keys again as soon as it is enabled, except keys that have expired.
          </Typography>
        </ConfirmationDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmationDialog
          action="delete-device"
          targets={[device.id]}
          fallbackTitle={`Delete ${device.label}`}
          confirmLabel="Delete device"
          onConfirm={async (confirmation, typed) => {
            await removeDevice(device.id, confirmation.id, typed);
            await reload();
            onDeleted(device);
          }}
          onClose={() => setDialog(null)}
        >
          <Typography>The device and all its keys are removed from the site. This cannot be undone.</Typography>
        </ConfirmationDialog>
      )}
    </Stack>
  );
}
