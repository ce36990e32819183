/**
 * The go / no-go for the 19.0 upgrade: ready, or not ready with the blockers in main's order (recently used keys
 * first), the site's release, and on a site already at 19.0 that its legacy keys are rejected now.
 */
import { useId, useState } from 'react';
import { Alert, Box, Button, Link, Paper, Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import { countText, groupedNumber } from '../../../shared/count-text.js';
import type { Blocker } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { attestUserKeys } from '../../api/migration.js';
import { useMainAction } from '../../api/use-main-action.js';
import { formatDateTime } from '../../components/format.js';
import { NoteDialog } from './note-dialog.js';
import { LEGACY_REJECTED_FROM } from '../../../shared/version.js';

/** Blockers listed before "Show all": the most urgent, as main orders them. */
export const BLOCKERS_SHOWN = 5;

/** Where the site hides other users' keys: the admin's record that every user replaced theirs, or the way to make it. */
function UserKeysRecord({ view, readOnly, onChanged }: Omit<VerdictCardProps, 'onOpen'>) {
  const [recording, setRecording] = useState(false);
  const takeBack = useMainAction();
  const record = view.userKeysChecked;
  if (view.userKeysVisible) return null;
  return (
    <Alert
      severity={record ? 'success' : 'info'}
      role="note"
      action={
        record ? (
          <Button
            color="inherit"
            size="small"
            disabled={readOnly || takeBack.pending}
            onClick={() =>
              void takeBack.run(() => attestUserKeys(null)).then((answer) => answer !== undefined && onChanged(answer))
            }
          >
            Take back
          </Button>
        ) : (
          <Button color="inherit" size="small" disabled={readOnly} onClick={() => setRecording(true)}>
            Record it
          </Button>
        )
      }
    >
      {record
        ? `Other users' keys: ${record.actor} recorded on ${formatDateTime(record.time)} that every user replaced theirs: “${record.note}”`
        : "This site does not show other users' keys to Keywarden. Once every user has replaced their legacy keys (each sees their own on their Flywheel profile), record it with a note."}
      {takeBack.error && (
        <Typography variant="body2" color="error" sx={{ mt: 0.5 }}>
          {takeBack.error.message}
        </Typography>
      )}
      {recording && (
        <NoteDialog
          title="Record that every user replaced their legacy keys"
          intro={
            <Typography>
              Keywarden cannot see other users&apos; keys on this site. Record this only once every user has told you their legacy
              keys are gone; your note, your name and the time are kept and written to the audit log.
            </Typography>
          }
          confirmLabel="Record"
          example="all 40 users confirmed by e-mail on 3 March"
          onSubmit={(note) => attestUserKeys(note)}
          onClose={() => setRecording(false)}
          onDone={(answer) => {
            setRecording(false);
            onChanged(answer);
          }}
        />
      )}
    </Alert>
  );
}

function releaseText(view: MigrationSummary): string {
  const release = view.site.release;
  if (release === null) return `${view.site.name} does not report its release, so step 1 cannot be checked from the site.`;
  if (view.upgraded) return `${view.site.name} runs Flywheel ${release}.`;
  return `${view.site.name} runs Flywheel ${release}; Flywheel ${LEGACY_REJECTED_FROM} will reject every legacy key.`;
}

function BlockerItem({ blocker, onOpen }: { blocker: Blocker; onOpen: (keyId: string) => void }) {
  const keyId = blocker.keyId;
  return (
    <Typography component="li" variant="body2" sx={{ mb: 0.5 }}>
      {keyId ? (
        <Link component="button" type="button" variant="body2" onClick={() => onOpen(keyId)} sx={{ textAlign: 'left' }}>
          {blocker.message}
        </Link>
      ) : (
        blocker.message
      )}
    </Typography>
  );
}

export interface VerdictCardProps {
  readonly view: MigrationSummary;
  readonly readOnly: boolean;
  readonly onOpen: (keyId: string) => void;
  /** Main's answer after the admin recorded (or took back) that other users' keys were checked. */
  readonly onChanged: (view: MigrationSummary | null) => void;
}

export function VerdictCard({ view, readOnly, onOpen, onChanged }: VerdictCardProps) {
  const headingId = useId();
  const [showAll, setShowAll] = useState(false);
  // Main sends the first BLOCKERS_SENT; beyond those, every one is a legacy key in the list below, blockers first.
  const shown = showAll ? view.blockers : view.blockers.slice(0, BLOCKERS_SHOWN);
  const notSent = view.blockerCount - view.blockers.length;
  const disabledLeft = view.disabledOwnerKeys;

  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId} sx={{ p: 2, flex: '1 1 480px', minWidth: 0 }}>
      <Typography id={headingId} variant="h6" component="h2" sx={{ mb: 1 }}>
        Verdict
      </Typography>
      <Stack spacing={1.5}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          {view.ready ? <CheckCircleIcon color="success" aria-hidden /> : <ErrorIcon color="error" aria-hidden />}
          <Typography variant="h5" component="p" color={view.ready ? 'success.main' : 'error.main'}>
            {view.ready ? 'Ready for 19.0' : 'Not ready for 19.0'}
          </Typography>
        </Box>
        <Typography variant="body2">{releaseText(view)}</Typography>
        {view.upgraded && view.keyCount > 0 && (
          <Alert severity="error">
            This site already runs Flywheel {LEGACY_REJECTED_FROM} or later: it rejects the {groupedNumber(view.keyCount)} legacy{' '}
            {view.keyCount === 1 ? 'key' : 'keys'} below now. Anything still using one has stopped working; give it a new key,
            then delete the legacy one.
          </Alert>
        )}
        {view.ready && (
          <Typography variant="body2">
            {disabledLeft > 0
              ? `No legacy key blocks the upgrade. ${groupedNumber(disabledLeft)} legacy ${disabledLeft === 1 ? 'key belongs' : 'keys belong'} to disabled owners: nothing can use them, but delete them.`
              : 'No legacy key is left on the site, and the site can make enhanced keys.'}
          </Typography>
        )}
        {view.blockerCount > 0 && (
          <Box>
            <Typography variant="body2" sx={{ fontWeight: 500 }}>
              {countText(view.blockerCount, 'blocker')}
              {view.blockerCount > 1 ? ', the recently used first:' : ':'}
            </Typography>
            <Box component="ul" aria-label="Blockers" sx={{ my: 0.5, pl: 3 }}>
              {shown.map((blocker, index) => (
                <BlockerItem key={`${blocker.code}:${blocker.keyId ?? index}`} blocker={blocker} onOpen={onOpen} />
              ))}
            </Box>
            {showAll && notSent > 0 && (
              <Typography variant="body2" color="text.secondary">
                {notSent === 1 ? 'One more blocker' : `${groupedNumber(notSent)} more blockers`}: the legacy keys in the list
                below, blockers first.
              </Typography>
            )}
            {view.blockers.length > BLOCKERS_SHOWN && (
              <Button size="small" onClick={() => setShowAll((all) => !all)}>
                {showAll
                  ? `Show the first ${BLOCKERS_SHOWN} only`
                  : notSent > 0
                    ? `Show the first ${groupedNumber(view.blockers.length)} blockers`
                    : `Show all ${groupedNumber(view.blockers.length)} blockers`}
              </Button>
            )}
          </Box>
        )}
        <UserKeysRecord view={view} readOnly={readOnly} onChanged={onChanged} />
      </Stack>
    </Paper>
  );
}
