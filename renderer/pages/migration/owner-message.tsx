/**
 * A user's legacy key: only the owner creates and deletes user keys (Flywheel's docs), so the admin sends them a
 * prepared message: their e-mail, the four steps as they concern a user, the deadline. As a mailto: link for the
 * mail app and as text to copy; the steps below show how far they have come.
 */
import { useMemo } from 'react';
import { Alert, AlertTitle, Stack } from '@mui/material';
import { ownerMessage, swapStatus, type MessageContext } from '../../../shared/migration-messages.js';
import type { LegacyEntry } from '../../../shared/migration.js';
import { PreparedMessageView } from '../../components/prepared-message.js';

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
          <PreparedMessageView message={message} recipient={entry.owner.name} />
        </>
      )}
    </Stack>
  );
}
