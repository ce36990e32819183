/**
 * What the app does with main's events, mounted once inside MainEventsProvider: reload the inventory of the active
 * site when main has a new snapshot, keep the notifications badge and page current, show the web host's
 * notifications with the browser's Notification API, and open a notification's target (main's `open` event from the
 * desktop, or a click on a page notification). A target on a site that cannot be switched to shows why here.
 */
import { Alert } from '@mui/material';
import { useInventoryEvents } from '../api/inventory.js';
import { useNotificationEvents } from '../api/notifications.js';
import { useOpenTarget } from '../pages/notifications/open-target.js';
import { useOpenEvents, usePageNotifications } from './page-notifications.js';

export function MainEventHandlers() {
  useInventoryEvents();
  useNotificationEvents();
  const { open, error, reset } = useOpenTarget();
  usePageNotifications(open);
  useOpenEvents(open);
  if (!error) return null;
  return (
    <Alert severity="error" sx={{ mb: 2 }} onClose={() => reset()}>
      {error.message}
    </Alert>
  );
}
