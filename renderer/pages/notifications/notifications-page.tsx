/**
 * Expiry notifications (issue 8): what is coming up on every connected site, what was notified on the active one
 * and when, the settings, "Check now" and the calendar export. Main decides and remembers what to notify; this
 * page shows its overview and sends the admin's changes back.
 */
import { useMemo, useState } from 'react';
import { Alert, Box, Button, CircularProgress, Stack, Typography } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import NotificationsIcon from '@mui/icons-material/NotificationsActive';
import { useQueryClient } from '@tanstack/react-query';
import { countText } from '../../../shared/count-text.js';
import { ATTENTION_DAYS } from '../../../shared/expiry-notifications.js';
import type { UpcomingExpiry } from '../../../shared/notifications-view.js';
import { inventoryQueryKey } from '../../api/inventory.js';
import { useSitesState } from '../../api/key-admin.js';
import {
  checkNotificationsNow,
  isDesktopApp,
  notificationsCalendar,
  notificationsQueryKeys,
  putOverview,
  snoozeKey,
  unsnoozeKey,
  useNotificationsOverview,
} from '../../api/notifications.js';
import { useMainAction } from '../../api/use-main-action.js';
import { formatDateTime } from '../../components/format.js';
import { downloadFile } from '../inventory/download-file.js';
import { PageSection } from '../overview/page-section.js';
import { BrowserPermission } from './browser-permission.js';
import { keysText } from './notification-text.js';
import { NotificationHistory } from './notification-history.js';
import { NotificationSettings } from './notification-settings.js';
import { useOpenTarget } from './open-target.js';
import { UpcomingExpiries } from './upcoming-expiries.js';
import { LoadingLine, RetryAlert } from '../../components/load-state.js';

export function NotificationsPage() {
  const queryClient = useQueryClient();
  const overview = useNotificationsOverview();
  const sites = useSitesState();
  const target = useOpenTarget();
  const check = useMainAction();
  const calendar = useMainAction();
  const snooze = useMainAction();
  const [notice, setNotice] = useState<string | null>(null);
  const [snoozing, setSnoozing] = useState<string | null>(null);
  const [refocus, setRefocus] = useState<string | null>(null);
  const data = overview.data;
  const now = useMemo(() => new Date(), [data]);
  const siteName = sites.data?.sites.find((s) => s.id === data?.siteId)?.name ?? 'this site';
  const desktop = isDesktopApp();

  const checkNow = async () => {
    setNotice(null);
    const answer = await check.run(checkNotificationsNow);
    if (!answer) return;
    setNotice(
      answer.shown === 0
        ? 'Checked every site: nothing new to notify.'
        : `Checked every site: ${countText(answer.shown, 'notification')} shown.`,
    );
    // The check fetched the sites that answered: their inventories and what is coming up are new.
    void queryClient.invalidateQueries({ queryKey: notificationsQueryKeys.overview });
    void queryClient.invalidateQueries({ queryKey: inventoryQueryKey });
  };

  const exportCalendar = async () => {
    setNotice(null);
    const file = await calendar.run(notificationsCalendar);
    if (!file) return;
    downloadFile(file.content, file.fileName, file.mimeType);
    const expiries = countText(file.rows, 'key expiry', 'key expiries');
    setNotice(`Saved ${file.fileName}: ${expiries}, each with an alarm a week before.`);
  };

  // One snooze or undo at a time; each answer is the new overview.
  const changeSnooze = async (entry: UpcomingExpiry, snoozed: boolean) => {
    setSnoozing(entry.keyId);
    setNotice(null);
    const answer = await snooze.run(() => (snoozed ? snoozeKey(entry.keyId) : unsnoozeKey(entry.keyId)));
    setSnoozing(null);
    if (!answer) return;
    putOverview(queryClient, answer);
    setRefocus(entry.keyId);
    setNotice(
      snoozed
        ? `${entry.label} is snoozed until its next threshold.`
        : `${entry.label} is no longer snoozed: it is notified and counted again.`,
    );
  };

  const error = check.error ?? calendar.error ?? snooze.error ?? target.error;

  return (
    <Stack spacing={3}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
          Notifications
        </Typography>
        <Button
          variant="outlined"
          startIcon={<DownloadIcon aria-hidden />}
          disabled={calendar.pending || !data}
          onClick={() => void exportCalendar()}
        >
          Export calendar (.ics)
        </Button>
        <Button
          variant="contained"
          startIcon={
            check.pending ? <CircularProgress size={16} color="inherit" aria-hidden /> : <NotificationsIcon aria-hidden />
          }
          disabled={check.pending}
          onClick={() => void checkNow()}
        >
          {check.pending ? 'Checking…' : 'Check now'}
        </Button>
      </Box>

      {data && (
        <Typography variant="body2" color="text.secondary">
          {data.lastCheck
            ? `Last check of ${siteName}: ${formatDateTime(data.lastCheck.at)}${data.lastCheck.offline ? ', on the last data (the site did not answer)' : ''}.`
            : `${siteName} has not been checked yet.`}{' '}
          {data.attention === 0
            ? 'No key needs attention now.'
            : `${keysText(data.attention)} on your sites ${data.attention === 1 ? 'needs' : 'need'} attention (expired or due within ${ATTENTION_DAYS} days).`}
        </Typography>
      )}
      <BrowserPermission />
      {notice && (
        <Alert severity="success" role="status" onClose={() => setNotice(null)}>
          {notice}
        </Alert>
      )}
      {error && <Alert severity="error">{error.message}</Alert>}

      {overview.isPending && <LoadingLine text="Loading the notifications…" />}
      {overview.isError && <RetryAlert message={overview.error.message} onRetry={overview.refetch} />}

      {data && (
        <Stack spacing={4}>
          <PageSection title="Coming up in the next 90 days">
            <UpcomingExpiries
              upcoming={data.upcoming}
              totals={data.upcomingTotals}
              activeSiteId={data.siteId}
              now={now}
              snoozing={snoozing}
              onOpen={(entry) => void target.open(entry.siteId, entry.target)}
              onSnooze={(entry) => void changeSnooze(entry, true)}
              onUnsnooze={(entry) => void changeSnooze(entry, false)}
              refocus={refocus}
            />
          </PageSection>
          <PageSection title={`Notified on ${siteName}`}>
            <NotificationHistory history={data.history} />
          </PageSection>
          <PageSection title="Settings">
            <NotificationSettings
              key={data.siteId}
              overview={data}
              siteName={siteName}
              desktop={desktop}
              onSaved={(answer) => putOverview(queryClient, answer)}
            />
          </PageSection>
        </Stack>
      )}
    </Stack>
  );
}
