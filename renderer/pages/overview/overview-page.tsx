/**
 * The site at a glance: how many keys are in each status, the keys expiring in the next 90 days by day (with the
 * days on which many expire together), how old the data is, and what this site does not let the app see. Each
 * number leads to its keys: a status card to the inventory filtered to that status, a day of the chart or of the
 * collision warning to the inventory showing exactly the keys that expire that day (main answers which, when the
 * day is opened).
 */
import { useMemo } from 'react';
import { Alert, Stack, Typography } from '@mui/material';
import { groupedNumber } from '../../../shared/count-text.js';
import type { InventorySummary } from '../../../shared/inventory-query.js';
import { EXPIRY_WINDOW_DAYS, collisionDays, type ExpiryDay } from '../../../shared/inventory-stats.js';
import type { KeyStatus, StatusThresholds } from '../../../shared/key-status.js';
import { useThresholds } from '../../api/preferences.js';
import { CollisionWarning } from './collision-warning.js';
import { CoverageNotes } from './coverage-notes.js';
import { ExpiryAttention } from './expiry-attention.js';
import { DataStatus } from '../../components/data-status.js';
import { ExpiryChart } from './expiry-chart.js';
import { DataGate } from './inventory-gate.js';
import { PageSection } from './page-section.js';
import { StatusCounts } from './status-counts.js';
import { ThresholdsControl } from './thresholds-dialog.js';
import { fetchKeysExpiringOn, useSiteSummary } from '../../api/inventory.js';
import { useMainAction } from '../../api/use-main-action.js';
import { useNavigation } from '../../navigation/navigation.js';

export interface OverviewPageProps {
  /** Opens the Inventory filtered to a status (wired by the navigation); without it the cards only show counts. */
  readonly onOpenInventory?: (status: KeyStatus) => void;
}

function OverviewContent({
  summary,
  thresholds,
  onOpenInventory,
}: {
  summary: InventorySummary;
  thresholds: StatusThresholds;
  onOpenInventory?: (status: KeyStatus) => void;
}) {
  // Main counted and grouped the keys (issue 12); the chart's window starts now.
  const now = useMemo(() => new Date(), [summary]);
  const collisions = useMemo(() => collisionDays(summary.expiries), [summary]);
  const { navigate } = useNavigation();
  const opening = useMainAction();
  const openDay = async (day: ExpiryDay) => {
    const keyIds = await opening.run(() => fetchKeysExpiringOn(day.day));
    if (keyIds) navigate('inventory', { keyIds, keysExpiringOn: day.day });
  };

  return (
    <Stack spacing={4}>
      <ExpiryAttention counts={summary.counts} withinDays={thresholds.expiringWithinDays} onOpenInventory={onOpenInventory} />
      <CoverageNotes coverage={summary.coverage} />
      <PageSection title="Keys by status" action={<ThresholdsControl />}>
        <StatusCounts
          counts={summary.counts}
          neverUsed={summary.neverUsed}
          idle={summary.idle}
          idleAfterDays={thresholds.idleAfterDays}
          onOpenInventory={onOpenInventory}
          onOpenMigration={() => navigate('legacy')}
        />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {groupedNumber(summary.total)} keys in all. Expiring soon means within {thresholds.expiringWithinDays} days.
        </Typography>
      </PageSection>
      <PageSection title={`Expiries in the next ${EXPIRY_WINDOW_DAYS} days`}>
        <Stack spacing={2}>
          <ExpiryChart groups={summary.expiries} now={now} days={EXPIRY_WINDOW_DAYS} onOpenDay={(day) => void openDay(day)} />
          <CollisionWarning collisions={collisions} onOpenDay={(day) => void openDay(day)} />
          {opening.error && <Alert severity="error">{opening.error.message}</Alert>}
        </Stack>
      </PageSection>
    </Stack>
  );
}

export function OverviewPage({ onOpenInventory }: OverviewPageProps) {
  const data = useSiteSummary();
  const thresholds = useThresholds();
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        Overview
      </Typography>
      <DataStatus view={data.view} refresh={data.refresh} />
      <DataGate query={data.query} refreshing={data.refresh.isPending} value={data.summary}>
        {(summary) => <OverviewContent summary={summary} thresholds={thresholds} onOpenInventory={onOpenInventory} />}
      </DataGate>
    </Stack>
  );
}
