/**
 * A user's legacy key: only the owner creates and deletes user keys (Flywheel's docs), so the admin sends them a
 * prepared message: their e-mail, the four steps as they concern a user, the deadline. As a mailto: link for the
 * mail app and as text to copy; the steps below show how far they have come.
 */
import { useMemo } from 'react';
import { Alert, AlertTitle, Box, Link, Stack, Typography } from '@mui/material';
import EmailOutlinedIcon from '@mui/icons-material/EmailOutlined';
import { mailtoHref, messageText, ownerMessage, swapStatus, type MessageContext } from '../../../shared/migration-messages.js';
import type { LegacyEntry } from '../../../shared/migration.js';
import { PreparedText } from '../../components/prepared-text.js';

export function OwnerMessage({ entry, context }: { entry: LegacyEntry; context: MessageContext }) {
  const message = useMemo(() => ownerMessage(context, entry), [context, entry]);
  const status = swapStatus(entry);
  return (
    <Stack spacing={1.5}>
      <Alert severity={status.tone} role="status">
        <AlertTitle>Their progress: {status.text}</AlertTitle>
        {entry.owner.name} replaces this key: only the owner of a user key can create and delete it. The steps below show what the
        site&apos;s data says so far.
      </Alert>
      {entry.phase !== 'deleted' && (
        <>
          {message.to ? (
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
              <EmailOutlinedIcon fontSize="small" color="primary" aria-hidden />
              <Link href={mailtoHref(message)} variant="body2">
                Write to {message.to} in your mail app
              </Link>
            </Box>
          ) : (
            <Typography variant="body2" color="text.secondary">
              The site does not give this user&apos;s e-mail address: copy the message into a mail to them.
            </Typography>
          )}
          <PreparedText label={`Message to ${entry.owner.name}`} text={messageText(message)} />
        </>
      )}
    </Stack>
  );
}
