/**
 * A Reaper's legacy key: Flywheel's guide says Flywheel staff replace Reaper keys, so the admin sends support a
 * prepared request (site, release, device, key id, last use, the planned upgrade day), ready to copy.
 */
import { useMemo } from 'react';
import { Typography } from '@mui/material';
import { messageText, supportRequest, type MessageContext } from '../../../shared/migration-messages.js';
import type { LegacyEntry } from '../../../shared/migration.js';
import { PreparedText } from '../../components/prepared-text.js';

export function SupportRequest({ entry, context }: { entry: LegacyEntry; context: MessageContext }) {
  const text = useMemo(() => messageText(supportRequest(context, entry)), [context, entry]);
  return (
    <>
      <Typography variant="body2">
        Flywheel support replaces the keys of Reaper devices. Send them this request (for example in a support ticket); it holds
        no secret.
      </Typography>
      <PreparedText label="Support request" text={text} />
    </>
  );
}
