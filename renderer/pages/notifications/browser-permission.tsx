/**
 * In the web host the page itself shows main's notifications with the browser's Notification API: this line says
 * whether the browser lets it, and asks when it has not been asked. Not shown in the desktop app (main shows the
 * notifications there) nor where the browser has no Notification API.
 */
import { useState } from 'react';
import { Alert, Button } from '@mui/material';
import NotificationsActiveIcon from '@mui/icons-material/NotificationsActive';
import { askNotificationPermission, isDesktopApp, pageNotificationApi } from '../../api/notifications.js';

const PERMISSION_TEXT: Record<NotificationPermission, string> = {
  granted: 'Desktop notifications are allowed in this browser: they appear while this page is open.',
  default: 'This browser has not been allowed to show desktop notifications yet: expiry notices only appear on this page.',
  denied:
    "This browser blocks Keywarden's desktop notifications. To receive them, allow notifications for this address in the browser's site settings.",
};

export function BrowserPermission() {
  const api = pageNotificationApi();
  const [permission, setPermission] = useState<NotificationPermission | null>(() => api?.permission ?? null);
  const [asking, setAsking] = useState(false);
  if (!api || permission === null || isDesktopApp()) return null;

  const ask = async () => {
    setAsking(true);
    try {
      setPermission(await askNotificationPermission());
    } finally {
      setAsking(false);
    }
  };

  return (
    <Alert
      severity={permission === 'granted' ? 'success' : permission === 'denied' ? 'warning' : 'info'}
      icon={<NotificationsActiveIcon aria-hidden />}
      action={
        permission === 'default' ? (
          <Button color="inherit" size="small" disabled={asking} onClick={() => void ask()}>
            Allow desktop notifications
          </Button>
        ) : undefined
      }
    >
      {PERMISSION_TEXT[permission]}
    </Alert>
  );
}
