/** What was notified on the active site and when, newest first; a check that ran offline says so. */
import { useState } from 'react';
import { Button, Chip, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { groupedNumber } from '../../../shared/count-text.js';
import type { NotificationRecord } from '../../../shared/notifications-view.js';
import { formatDateTime } from '../../components/format.js';

export const HISTORY_PAGE = 20;

export function NotificationHistory({ history }: { history: readonly NotificationRecord[] }) {
  const [showAll, setShowAll] = useState(false);
  if (history.length === 0) {
    return <Typography color="text.secondary">Nothing has been notified on this site yet.</Typography>;
  }
  const shown = showAll ? history : history.slice(0, HISTORY_PAGE);
  return (
    <>
      <TableContainer>
        <Table size="small" aria-label="Notifications shown">
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: 190 }}>Time</TableCell>
              <TableCell>Notification</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((record) => (
              <TableRow key={record.id}>
                <TableCell sx={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>{formatDateTime(record.notifiedAt)}</TableCell>
                <TableCell>
                  <Typography variant="body2" component="span" sx={{ fontWeight: 600 }}>
                    {record.title}
                  </Typography>
                  {record.offline && (
                    <Chip size="small" variant="outlined" color="warning" label="from the last data" sx={{ ml: 1 }} />
                  )}
                  <Typography variant="body2" color="text.secondary" sx={{ display: 'block' }}>
                    {record.body}
                  </Typography>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {history.length > shown.length && (
        <Button size="small" sx={{ mt: 1 }} onClick={() => setShowAll(true)}>
          Show all {groupedNumber(history.length)} notifications
        </Button>
      )}
    </>
  );
}
