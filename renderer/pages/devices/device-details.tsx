import { useId } from 'react';
import { Box, Typography } from '@mui/material';
import { countText } from '../../../shared/count-text.js';
import type { DeviceRecord } from '../../../shared/inventory.js';
import { Detail, Details } from '../../components/details.js';
import { formatDateTime, relativeDays } from '../../components/format.js';
import { HealthChip, missingReason } from './health-chip.js';

/** Where a device's notes are kept, said wherever they are shown or edited. */
export const LOCAL_NOTES_KEPT =
  'kept by Keywarden on this computer, not on Flywheel: the site and other admins do not see them, and they can be edited offline.';

/** What the site reports about a device. */
export function DeviceDetails({ device, now }: { device: DeviceRecord; now: Date }) {
  const missing = missingReason(device, now);
  return (
    <Details>
      <Detail term="Type">{device.type}</Detail>
      <Detail term="Health">
        <HealthChip health={device.health} />
        {missing && ` ${missing.why}`}
        {device.errorCount > 0 && ` ${countText(device.errorCount, 'error')} reported`}
      </Detail>
      <Detail term="Last seen">
        {device.lastSeen ? `${formatDateTime(device.lastSeen)} (${relativeDays(device.lastSeen, now)})` : 'Never'}
      </Detail>
      <Detail term="Version">{device.version ?? 'Not reported'}</Detail>
    </Details>
  );
}

/** The app's own notes on where to find a device: they live on this computer only, and the admin is told so. */
export function DeviceNotesDetails({ device }: { device: DeviceRecord }) {
  const headingId = useId();
  return (
    <Box component="section" aria-labelledby={headingId} sx={{ mt: 2 }}>
      <Typography id={headingId} variant="subtitle1" component="h2">
        Local notes
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        These notes are {LOCAL_NOTES_KEPT}
      </Typography>
      <Details>
        <Detail term="Location or room">{device.notes.location || '—'}</Detail>
        <Detail term="Modality">{device.notes.modality || '—'}</Detail>
        <Detail term="Contact">{device.notes.contact || '—'}</Detail>
      </Details>
    </Box>
  );
}
