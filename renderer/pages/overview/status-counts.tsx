/**
 * One card per key status with its count; a card opens the Inventory filtered to that status when wired. The
 * Legacy card also leads to the migration page, where each legacy key is replaced before the 19.0 upgrade.
 */
import { Button, Card, CardActionArea, CardActions, CardContent, Chip, Stack, Typography } from '@mui/material';
import { countText, groupedNumber } from '../../../shared/count-text.js';
import { KEY_STATUSES, KEY_STATUS_TEXT, KEY_USAGE_TEXT, type KeyStatus } from '../../../shared/key-status.js';
import type { StatusCounts } from '../../../shared/inventory-stats.js';
import { KEY_STATUS_COLOR } from '../../components/key-status-chip.js';

export interface StatusCountsProps {
  readonly counts: StatusCounts;
  readonly neverUsed: number;
  readonly idle: number;
  readonly idleAfterDays: number;
  readonly onOpenInventory?: (status: KeyStatus) => void;
  /** Opens the migration page (its checklist and readiness verdict), offered on the Legacy card. */
  readonly onOpenMigration?: () => void;
}

/** The name of the Legacy card's way to the migration page. */
export const OPEN_MIGRATION_PAGE = 'Open the migration page';

interface StatusCardProps {
  readonly status: KeyStatus;
  readonly count: number;
  readonly onOpen?: () => void;
  readonly onOpenMigration?: () => void;
}

function StatusCard({ status, count, onOpen, onOpenMigration }: StatusCardProps) {
  const color = KEY_STATUS_COLOR[status];
  const name = `${KEY_STATUS_TEXT[status]}: ${countText(count, 'key')}`;
  // The status comes first in the card's text, the count above it on screen: the name ("Legacy: 1 key. Show in the
  // inventory") then holds the visible words in their order, as speech input needs (axe's
  // label-content-name-mismatch, which found "1 Legacy" missing from it).
  const content = (
    <CardContent sx={{ display: 'flex', flexDirection: 'column-reverse' }}>
      <Typography variant="body2">{KEY_STATUS_TEXT[status]}</Typography>
      {/* A space between the words (a flex container does not draw it): "Legacy 1", not "Legacy1". */}{' '}
      <Typography variant="h4" component="p" color={color === 'default' ? 'text.primary' : `${color}.main`}>
        {groupedNumber(count)}
      </Typography>
    </CardContent>
  );
  return (
    <Card variant="outlined" sx={{ minWidth: 150, flex: '1 1 150px' }}>
      {onOpen ? (
        <CardActionArea onClick={onOpen} aria-label={`${name}. Show in the inventory`}>
          {content}
        </CardActionArea>
      ) : (
        <div role="group" aria-label={name}>
          {content}
        </div>
      )}
      {onOpenMigration && (
        <CardActions sx={{ pt: 0 }}>
          <Button size="small" onClick={onOpenMigration}>
            {OPEN_MIGRATION_PAGE}
          </Button>
        </CardActions>
      )}
    </Card>
  );
}

export function StatusCounts({ counts, neverUsed, idle, idleAfterDays, onOpenInventory, onOpenMigration }: StatusCountsProps) {
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1.5 }}>
        {KEY_STATUSES.map((status) => (
          <StatusCard
            key={status}
            status={status}
            count={counts[status]}
            onOpen={onOpenInventory ? () => onOpenInventory(status) : undefined}
            onOpenMigration={status === 'legacy' ? onOpenMigration : undefined}
          />
        ))}
      </Stack>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap' }}>
        <Chip variant="outlined" size="small" label={`${KEY_USAGE_TEXT['never-used']}: ${countText(neverUsed, 'key')}`} />
        <Chip
          variant="outlined"
          size="small"
          label={`${KEY_USAGE_TEXT.idle} (unused for ${groupedNumber(idleAfterDays)} days or more): ${countText(idle, 'key')}`}
        />
      </Stack>
    </Stack>
  );
}
