/**
 * The 19.0 legacy-key migration (issue 7): the verdict for the upgrade, the plan and its forecast, every legacy key
 * with who replaces it and where it stands, and one key's details with the four steps of Flywheel's guide, the
 * guided swap, the support request or the message to its owner. Main builds the view from its last inventory and
 * its local progress and sends the page a summary, the keys a page at a time and an opened key's steps
 * (shared/migration-page.ts); the page sends the admin's actions back.
 */
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  InputAdornment,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import SearchIcon from '@mui/icons-material/Search';
import { groupedNumber } from '../../../shared/count-text.js';
import type { SiteSummary } from '../../../shared/ipc-contract.js';
import type { Inventory } from '../../../shared/inventory.js';
import { PHASE_TEXT, legacyPhase } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { STATE_ONLY_SCOPE, useSiteInventory, type SiteInventory } from '../../api/inventory.js';
import { useSitesState } from '../../api/key-admin.js';
import { useLegacyEntry, useMigrationSummary } from '../../api/migration.js';
import { DataStatus } from '../../components/data-status.js';
import { InventoryGate } from '../overview/inventory-gate.js';
import { EntryPanel } from './entry-panel.js';
import { LegacyKeysGrid } from './legacy-keys-grid.js';
import { ReportButtons } from './report-buttons.js';
import { UpgradePlan } from './upgrade-plan.js';
import { VerdictCard } from './verdict-card.js';
import { LoadingLine, RetryAlert } from '../../components/load-state.js';

export interface MigrationPageProps {
  /** Opens the page on this legacy key's entry (e.g. from an inventory row). */
  readonly initialKeyId?: string;
  /** Renders every row at once: for tests (jsdom has no layout), never needed in the app. */
  readonly disableVirtualization?: boolean;
}

/** "3 need a new key, 2 safe to delete": how the keys on the site stand, in main's phases. */
function phaseSummary(counts: MigrationSummary['phaseCounts']): string {
  return legacyPhase.options
    .filter((phase) => counts[phase] !== undefined)
    .map((phase) => `${PHASE_TEXT[phase]}: ${groupedNumber(counts[phase] ?? 0)}`)
    .join(' · ');
}

interface ContentProps {
  readonly view: MigrationSummary;
  readonly inventory: Inventory;
  readonly data: SiteInventory;
  readonly site: SiteSummary | null;
  readonly initialKeyId?: string;
  readonly put: (view: MigrationSummary | null) => void;
  readonly disableVirtualization?: boolean;
}

function MigrationContent({ view, inventory, data, site, initialKeyId, put, disableVirtualization }: ContentProps) {
  const [selectedId, setSelectedId] = useState<string | null>(initialKeyId ?? null);
  const [search, setSearch] = useState('');
  const [showDeleted, setShowDeleted] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // The open key's entry, with its steps, from main: the grids hold only a page of rows without them.
  const fetchedAt = inventory.fetchedAt;
  const opened = useLegacyEntry(fetchedAt, selectedId);
  const selected = opened.data?.entry ?? null;
  const unknown = selectedId !== null && opened.isSuccess && opened.data === null;
  // A key opened from elsewhere that is gone from the site: its row is among the deleted ones.
  const openedGone = selected !== null && selected.keyId === initialKeyId && selected.deletedAt !== null;
  useEffect(() => {
    if (openedGone) setShowDeleted(true);
  }, [openedGone]);
  const open = useCallback((keyId: string) => {
    setNotice(null);
    setSelectedId(keyId);
  }, []);
  const userId = site?.userId ?? null;
  const keysHeadingId = useId();
  const split = useRef<HTMLDivElement | null>(null);
  const shownId = selected?.keyId ?? null;

  // The grid and the details side by side, filling the window, whenever another key is opened.
  useEffect(() => {
    if (shownId !== null) split.current?.scrollIntoView?.({ block: 'start' });
  }, [shownId]);

  return (
    <Stack spacing={3}>
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'stretch' }}>
        <VerdictCard view={view} readOnly={data.readOnly} onOpen={open} onChanged={put} />
        <UpgradePlan view={view} readOnly={data.readOnly} onSaved={put} />
      </Box>

      <Box component="section" aria-labelledby={keysHeadingId}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1.5 }}>
          <Typography id={keysHeadingId} variant="h6" component="h2" sx={{ flexGrow: 1 }}>
            Legacy keys on the site ({groupedNumber(view.keyCount)})
          </Typography>
          <TextField
            label="Search legacy keys"
            type="search"
            size="small"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            sx={{ width: 320 }}
            slotProps={{
              input: {
                startAdornment: (
                  <InputAdornment position="start">
                    <SearchIcon aria-hidden />
                  </InputAdornment>
                ),
              },
            }}
          />
        </Box>
        {view.keyCount > 0 && (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {phaseSummary(view.phaseCounts)}. Open a key to see its steps and what to do.
          </Typography>
        )}
        {notice && (
          <Alert severity="success" role="status" onClose={() => setNotice(null)} sx={{ mb: 1.5 }}>
            {notice}
          </Alert>
        )}
        {opened.isError && (
          <Alert severity="error" onClose={() => setSelectedId(null)} sx={{ mb: 1.5 }}>
            Key {selectedId} could not be opened: {opened.error.message}
          </Alert>
        )}
        {unknown && (
          <Alert severity="info" onClose={() => setSelectedId(null)} sx={{ mb: 1.5 }}>
            Key {selectedId} is not a legacy key Keywarden knows on this site.
          </Alert>
        )}
        <Box
          ref={split}
          sx={{
            display: 'flex',
            flexDirection: { xs: 'column', lg: 'row' },
            gap: 2,
            alignItems: 'flex-start',
            scrollMarginTop: 80,
          }}
        >
          <Stack spacing={2} sx={{ flex: 1, minWidth: 0, width: '100%' }}>
            {view.keyCount === 0 ? (
              <Typography color="text.secondary">No legacy key is left on the site.</Typography>
            ) : (
              <LegacyKeysGrid
                label="Legacy keys on the site"
                fetchedAt={fetchedAt}
                count={view.keyCount}
                selectedId={selectedId}
                userId={userId}
                search={search}
                compact={selected !== null}
                onOpen={open}
                disableVirtualization={disableVirtualization}
              />
            )}
            {view.deletedCount > 0 && (
              <Accordion
                expanded={showDeleted}
                onChange={(_event, expanded) => setShowDeleted(expanded)}
                variant="outlined"
                disableGutters
                slots={{ heading: 'h2' }}
                slotProps={{ transition: { unmountOnExit: true } }}
              >
                <AccordionSummary expandIcon={<ExpandMoreIcon />}>
                  <Typography variant="h6" component="span">
                    Deleted ({groupedNumber(view.deletedCount)})
                  </Typography>
                </AccordionSummary>
                <AccordionDetails>
                  <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                    Legacy keys Keywarden saw on the site and that are gone since: they count as retired in the forecast.
                  </Typography>
                  <LegacyKeysGrid
                    label="Deleted legacy keys"
                    fetchedAt={fetchedAt}
                    count={view.deletedCount}
                    deleted
                    selectedId={selectedId}
                    userId={userId}
                    search={search}
                    onOpen={open}
                    disableVirtualization={disableVirtualization}
                  />
                </AccordionDetails>
              </Accordion>
            )}
          </Stack>
          {selected && (
            <Box
              sx={{
                width: { xs: '100%', lg: 440 },
                flexShrink: 0,
                position: { lg: 'sticky' },
                top: { lg: 80 },
                maxHeight: { lg: 'calc(100vh - 96px)' },
                overflowY: { lg: 'auto' },
              }}
            >
              <EntryPanel
                key={selected.keyId}
                entry={selected}
                keyRecord={opened.data?.key ?? undefined}
                ownerKeyCount={opened.data?.ownerKeyCount ?? 0}
                view={view}
                site={site}
                readOnly={data.readOnly}
                onCheckAgain={() => data.refresh.mutate()}
                checking={data.refresh.isPending}
                onClose={() => setSelectedId(null)}
                onChanged={put}
                onDeleted={(entry, outcome) =>
                  setNotice(
                    outcome.alreadyGone
                      ? `The legacy key of ${entry.owner.name} was already gone from the site.`
                      : `The legacy key of ${entry.owner.name} is deleted.`,
                  )
                }
              />
            </Box>
          )}
        </Box>
      </Box>
    </Stack>
  );
}

export function MigrationPage({ initialKeyId, disableVirtualization }: MigrationPageProps) {
  // The snapshot's time and state, no key: the keys come from main a page at a time (issue 12).
  const data = useSiteInventory(STATE_ONLY_SCOPE);
  const sites = useSitesState();
  const site = sites.data?.sites.find((s) => s.id === sites.data?.activeId) ?? null;
  const { query, put } = useMigrationSummary(data.inventory?.fetchedAt ?? null, data.query.isSuccess);
  // A key the page opens on is asked for with the summary, not after it: its details show as soon as they can.
  useLegacyEntry(data.inventory?.fetchedAt ?? null, initialKeyId ?? null, data.query.isSuccess && data.inventory !== null);
  const view = query.data ?? null;

  return (
    <Stack spacing={3}>
      <Box>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="h4" component="h1" sx={{ flexGrow: 1 }}>
            Legacy migration
          </Typography>
          <ReportButtons disabled={!view} />
        </Box>
        <Typography color="text.secondary" sx={{ mt: 0.5 }}>
          Flywheel 19.0 rejects every legacy API key. Replace each one with an enhanced key, check that the old key is no longer
          used, then delete it.
        </Typography>
      </Box>
      <DataStatus view={data.view} refresh={data.refresh} />
      <InventoryGate data={data}>
        {(inventory) => {
          if (query.isPending) {
            return <LoadingLine text="Checking the legacy keys…" />;
          }
          if (query.isError) {
            return <RetryAlert message={query.error.message} onRetry={query.refetch} />;
          }
          if (!view) {
            return <Typography color="text.secondary">Nothing to show yet: refresh to fetch the inventory.</Typography>;
          }
          return (
            <MigrationContent
              view={view}
              inventory={inventory}
              data={data}
              site={site}
              initialKeyId={initialKeyId}
              put={put}
              disableVirtualization={disableVirtualization}
            />
          );
        }}
      </InventoryGate>
    </Stack>
  );
}
