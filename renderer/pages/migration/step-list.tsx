/**
 * The four steps of Flywheel's guide for one legacy key, each with its state and the evidence it rests on. A step
 * shows as done only when main says its state is done; a hand tick says so, with its note, who and when.
 */
import { useState } from 'react';
import { Alert, Box, Button, Stack, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import DoNotDisturbOnOutlinedIcon from '@mui/icons-material/DoNotDisturbOnOutlined';
import { stepStateText } from '../../../shared/migration-messages.js';
import type { LegacyEntry, MigrationStep, TickableStep } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { untickMigrationStep } from '../../api/migration.js';
import { useMainAction } from '../../api/use-main-action.js';
import { formatDateTime } from '../../components/format.js';
import { TickDialog } from './tick-dialog.js';

export interface StepListProps {
  readonly entry: LegacyEntry;
  readonly readOnly: boolean;
  readonly onChanged: (view: MigrationSummary | null) => void;
}

function StateIcon({ step }: { step: MigrationStep }) {
  if (step.state === 'done') return <CheckCircleIcon color="success" fontSize="small" aria-hidden />;
  if (step.state === 'pending') return <RadioButtonUncheckedIcon color="warning" fontSize="small" aria-hidden />;
  return <DoNotDisturbOnOutlinedIcon color="disabled" fontSize="small" aria-hidden />;
}

// A pending step's words in the text colour (its icon carries the warning colour): warning.dark text fell below
// 4.5:1 on the panel (axe's color-contrast).
const STATE_COLOR = { done: 'success.main', pending: 'text.primary', 'not-applicable': 'text.secondary' } as const;

export function StepList({ entry, readOnly, onChanged }: StepListProps) {
  const [ticking, setTicking] = useState<MigrationStep | null>(null);
  const untick = useMainAction();

  const removeTick = async (step: MigrationStep) => {
    const answer = await untick.run(() => untickMigrationStep(entry.keyId, step.step as TickableStep));
    if (answer !== undefined) onChanged(answer);
  };

  return (
    <Stack spacing={1}>
      <Box component="ol" aria-label="Steps of Flywheel's guide" sx={{ m: 0, p: 0, listStyle: 'none' }}>
        {entry.steps.map((step) => (
          <Box
            component="li"
            key={step.step}
            aria-label={`Step ${step.step}: ${stepStateText(step)}`}
            sx={{ display: 'flex', gap: 1, py: 1, borderTop: 1, borderColor: 'divider' }}
          >
            <Box sx={{ pt: 0.25 }}>
              <StateIcon step={step} />
            </Box>
            <Box sx={{ minWidth: 0, flexGrow: 1 }}>
              <Typography variant="body2" sx={{ fontWeight: 500 }}>
                {step.step}. {step.title}
              </Typography>
              <Typography variant="body2" sx={{ color: STATE_COLOR[step.state], fontWeight: 500 }}>
                {stepStateText(step)}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {step.evidence}
              </Typography>
              {step.manual && (
                <Typography variant="caption" color="text.secondary" component="p" sx={{ overflowWrap: 'anywhere' }}>
                  {step.source === 'manual'
                    ? `Ticked by ${step.manual.actor} on ${formatDateTime(step.manual.time)}.`
                    : `Also ticked by hand by ${step.manual.actor} on ${formatDateTime(step.manual.time)}: “${step.manual.note}”`}
                </Typography>
              )}
              {step.tickable && (
                <Box sx={{ mt: 0.5 }}>
                  {step.manual ? (
                    <Button size="small" onClick={() => void removeTick(step)} disabled={readOnly || untick.pending}>
                      Remove tick
                    </Button>
                  ) : (
                    step.state !== 'done' && (
                      <Button size="small" variant="outlined" onClick={() => setTicking(step)} disabled={readOnly}>
                        Tick by hand
                      </Button>
                    )
                  )}
                </Box>
              )}
            </Box>
          </Box>
        ))}
      </Box>
      {untick.error && <Alert severity="error">{untick.error.message}</Alert>}
      {ticking && (
        <TickDialog
          keyId={entry.keyId}
          step={ticking}
          onClose={() => setTicking(null)}
          onTicked={(view) => {
            setTicking(null);
            onChanged(view);
          }}
        />
      )}
    </Stack>
  );
}
