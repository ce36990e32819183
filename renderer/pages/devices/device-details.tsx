import type { DeviceRecord } from '../../../shared/inventory.js';
import { Detail, Details } from '../../components/details.js';
import { formatDateTime, relativeDays } from '../../components/format.js';
import { HealthChip } from './health-chip.js';

/** What the site reports about a device, and the app's local notes on where to find it. */
export function DeviceDetails({ device, now }: { device: DeviceRecord; now: Date }) {
  return (
    <Details>
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
    </Details>
  );
}
