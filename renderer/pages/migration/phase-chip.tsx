import { Chip, type ChipProps } from '@mui/material';
import { PHASE_TEXT, type LegacyPhase } from '../../../shared/migration.js';

/** What needs doing stands out; what is done or harmless stays quiet. */
const PHASE_COLOR: Readonly<Record<LegacyPhase, ChipProps['color']>> = {
  replace: 'warning',
  'waiting-first-use': 'info',
  quiet: 'info',
  'safe-to-delete': 'success',
  'owner-disabled': 'default',
  rejected: 'error',
  deleted: 'default',
};

/** Where a legacy key stands (shared/migration.ts PHASE_TEXT); the label wraps rather than being cut off. */
export function PhaseChip({ phase }: { phase: LegacyPhase }) {
  return (
    <Chip
      size="small"
      color={PHASE_COLOR[phase]}
      variant={phase === 'deleted' ? 'outlined' : 'filled'}
      label={PHASE_TEXT[phase]}
      sx={{ height: 'auto', maxWidth: '100%', '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 } }}
    />
  );
}
