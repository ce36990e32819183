import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';
import type { DeviceRecord } from '../../../shared/inventory.js';
import { formatDateTime, relativeDays } from '../../components/format.js';
import { HealthChip } from './health-chip.js';

function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {term}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0 }}>
        {children}
      </Typography>
    </>
  );
}

/** What the site reports about a device, and the app's local notes on where to find it. */
export function DeviceDetails({ device, now }: { device: DeviceRecord; now: Date }) {
  return (
    <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.75, m: 0 }}>
      <Detail term="Type">{device.type}</Detail>
      <Detail term="Health">
        <HealthChip health={device.health} />
        {device.errorCount > 0 && ` ${device.errorCount} error${device.errorCount === 1 ? '' : 's'} reported`}
      </Detail>
      <Detail term="Last seen">
        {device.lastSeen ? `${formatDateTime(device.lastSeen)} (${relativeDays(device.lastSeen, now)})` : 'Never'}
      </Detail>
      <Detail term="Version">{device.version ?? 'Not reported'}</Detail>
      <Detail term="Location or room">{device.notes.location || '—'}</Detail>
      <Detail term="Modality">{device.notes.modality || '—'}</Detail>
      <Detail term="Contact">{device.notes.contact || '—'}</Detail>
    </Box>
  );
}
