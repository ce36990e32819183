/** Ticks one step by hand, with a note: where the site's data cannot prove it, the admin's word can, on record. */
import { Typography } from '@mui/material';
import type { MigrationStep, TickableStep } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { tickMigrationStep } from '../../api/migration.js';
import { NoteDialog } from './note-dialog.js';

export interface TickDialogProps {
  readonly keyId: string;
  readonly step: MigrationStep;
  readonly onClose: () => void;
  readonly onTicked: (view: MigrationSummary | null) => void;
}

export function TickDialog({ keyId, step, onClose, onTicked }: TickDialogProps) {
  return (
    <NoteDialog
      title={`Tick step ${step.step} by hand`}
      intro={
        <Typography>
          <strong>{step.title}.</strong> The site&apos;s data does not show this yet. Tick it only if you know it is done; your
          note, your name and the time are kept with the step and written to the audit log.
        </Typography>
      }
      confirmLabel="Tick step"
      example="the scanner team confirmed the switch"
      onSubmit={(note) => tickMigrationStep(keyId, step.step as TickableStep, note)}
      onClose={onClose}
      onDone={onTicked}
    />
  );
}
