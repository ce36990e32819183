/**
 * The admin's word where the site's data cannot prove something (a step ticked by hand, other users' keys checked
 * on a site that hides them): a short note, kept by main with the admin's name and the time, and in the audit log.
 */
import { useState, type ReactNode } from 'react';
import { Alert, DialogContent, DialogTitle, Stack, TextField } from '@mui/material';
import { MAX_TICK_NOTE } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { useMainAction } from '../../api/use-main-action.js';
import { DialogButtons } from '../../components/dialog-buttons.js';
import { FormDialog } from '../../components/form-dialog.js';

export const MIN_NOTE = 3;

export interface NoteDialogProps {
  readonly title: string;
  readonly intro: ReactNode;
  readonly confirmLabel: string;
  /** An example of a good note, shown when the note is too short. */
  readonly example: string;
  /** Sends the trimmed note to main; the answer is main's new view. */
  readonly onSubmit: (note: string) => Promise<MigrationSummary | null>;
  readonly onClose: () => void;
  readonly onDone: (view: MigrationSummary | null) => void;
}

export function NoteDialog({ title, intro, confirmLabel, example, onSubmit, onClose, onDone }: NoteDialogProps) {
  const [note, setNote] = useState('');
  const [touched, setTouched] = useState(false);
  const { pending, error, run } = useMainAction();
  const length = note.trim().length;
  const problem = length < MIN_NOTE ? `Write at least ${MIN_NOTE} characters, e.g. "${example}".` : null;

  const submit = async () => {
    setTouched(true);
    if (problem) return;
    const answer = await run(() => onSubmit(note.trim()));
    if (answer !== undefined) onDone(answer);
  };

  return (
    <FormDialog
      onSubmit={() => void submit()}
      canSubmit={!pending}
      onClose={pending ? undefined : onClose}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {intro}
          <TextField
            label="Note"
            required
            autoFocus
            multiline
            minRows={2}
            value={note}
            onChange={(event) => setNote(event.target.value)}
            // A note is a line or two: Enter saves it as in any other field, Shift+Enter starts a new line.
            onKeyDown={(event) => {
              if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing) return;
              event.preventDefault();
              (event.target as HTMLTextAreaElement).form?.requestSubmit();
            }}
            disabled={pending}
            error={touched && problem !== null}
            helperText={(touched && problem) || `What shows it is done (${length} of at most ${MAX_TICK_NOTE} characters).`}
            slotProps={{ htmlInput: { maxLength: MAX_TICK_NOTE } }}
          />
          {error && <Alert severity="error">{error.message}</Alert>}
        </Stack>
      </DialogContent>
      <DialogButtons onCancel={onClose} confirmLabel={confirmLabel} pending={pending} />
    </FormDialog>
  );
}
