/**
 * One legacy key: who owns it, its dates, who replaces it and what to do next (the guided swap for a device or the
 * admin's own key, a support request for a Reaper, a message to a user), then the four steps with their evidence.
 */
import { useEffect, useId, useMemo, useRef, type ReactNode } from 'react';
import { Alert, Box, Chip, IconButton, Paper, Stack, Typography } from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import type { KeyOwner, SiteSummary } from '../../../shared/ipc-contract.js';
import type { KeyRecord } from '../../../shared/inventory.js';
import type { MessageContext } from '../../../shared/migration-messages.js';
import { RESPONSIBLE_TEXT, type LegacyEntry } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { Detail, Details } from '../../components/details.js';
import { formatDateTime, formatDay } from '../../components/format.js';
import { isOwnKey, ownerKindText, quietText } from './entry-text.js';
import { GuidedSwap } from './guided-swap.js';
import { OwnerMessage } from './owner-message.js';
import { PhaseChip } from './phase-chip.js';
import { StepList } from './step-list.js';
import { SupportRequest } from './support-request.js';

export interface EntryPanelProps {
  readonly entry: LegacyEntry;
  /** The legacy key's record while it is on the site (what a delete acts on). */
  readonly keyRecord: KeyRecord | undefined;
  /** How many keys its owner has. */
  readonly ownerKeyCount: number;
  readonly view: MigrationSummary;
  /** The active site: who the admin is (their own key is swapped as owner `self`). */
  readonly site: SiteSummary | null;
  readonly readOnly: boolean;
  readonly onCheckAgain: () => void;
  readonly checking: boolean;
  readonly onClose: () => void;
  readonly onChanged: (view: MigrationSummary | null) => void;
  readonly onDeleted: (entry: LegacyEntry, outcome: { alreadyGone: boolean }) => void;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Stack component="section" aria-labelledby={id} spacing={1.5}>
      <Typography id={id} variant="subtitle1" component="h4" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {children}
    </Stack>
  );
}

export function EntryPanel(props: EntryPanelProps) {
  const { entry, keyRecord, ownerKeyCount, view, site, readOnly, onCheckAgain, checking, onClose, onChanged, onDeleted } = props;
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement | null>(null);
  const own = isOwnKey(entry, site?.userId ?? null);
  const deleted = entry.phase === 'deleted';

  // A key opened from the grid or from another page: the keyboard lands on its details (the page scrolls them
  // into view, see migration-page.tsx).
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [entry.keyId]);

  const context = useMemo<MessageContext>(
    () => ({
      site: { origin: view.site.origin, release: view.site.release },
      upgradeDate: view.settings.upgradeDate,
      from: site?.userName ?? null,
    }),
    [view.site.origin, view.site.release, view.settings.upgradeDate, site?.userName],
  );

  const swapOwner: KeyOwner | null = own
    ? { type: 'self' }
    : entry.owner.kind === 'device'
      ? { type: 'device', id: entry.owner.id }
      : null;
  const ownerLabel = own && site ? site.userName : entry.owner.name;

  const swap = (canCreate: boolean) =>
    swapOwner && (
      <GuidedSwap
        entry={entry}
        owner={swapOwner}
        ownerLabel={ownerLabel}
        keyRecord={keyRecord}
        ownerKeyCount={ownerKeyCount}
        canCreate={canCreate}
        readOnly={readOnly}
        onCheckAgain={onCheckAgain}
        checking={checking}
        onDeleted={(outcome) => onDeleted(entry, outcome)}
      />
    );

  let action: ReactNode;
  if (deleted) {
    action = null;
  } else if (own || entry.responsible === 'admin') {
    action = <Section title={own ? 'Guided swap of your own key' : 'Guided swap'}>{swap(true)}</Section>;
  } else if (entry.responsible === 'flywheel-support') {
    action = (
      <Section title="Request to Flywheel support">
        <SupportRequest entry={entry} context={context} />
        {swap(false)}
      </Section>
    );
  } else if (entry.owner.disabled) {
    action = (
      <Section title="Who deletes it">
        <Alert severity="info">
          {entry.owner.name} is disabled, so nothing can use this key and it does not block the upgrade. Only its owner can delete
          a user key: if they are enabled again, ask them to delete it. Flywheel 19.0 rejects it in any case.
        </Alert>
      </Section>
    );
  } else {
    action = (
      <Section title="Message to the owner">
        <OwnerMessage entry={entry} context={context} />
      </Section>
    );
  }

  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId} sx={{ p: 2 }}>
      <Stack spacing={2}>
        <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
          <Typography
            id={headingId}
            ref={heading}
            tabIndex={-1}
            variant="h6"
            component="h3"
            sx={{ flexGrow: 1, overflowWrap: 'anywhere', outline: 'none' }}
          >
            Legacy key of {entry.owner.name}
          </Typography>
          <IconButton aria-label="Close the details" onClick={onClose} size="small">
            <CloseIcon fontSize="small" />
          </IconButton>
        </Box>
        <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
          <PhaseChip phase={entry.phase} />
          {entry.owner.disabled && entry.phase !== 'owner-disabled' && (
            <Chip size="small" variant="outlined" label="Owner disabled" />
          )}
          {own && <Chip size="small" variant="outlined" color="primary" label="Your key" />}
          {entry.isAppKey && <Chip size="small" color="info" label="Used by this app" />}
        </Box>
        <Details>
          <Detail term="Owner">
            {ownerKindText(entry)}: {entry.owner.name}
          </Detail>
          <Detail term="Owner id">{entry.owner.id}</Detail>
          {entry.owner.kind === 'user' && <Detail term="E-mail">{entry.owner.email ?? 'not given by the site'}</Detail>}
          <Detail term="Key">
            {entry.label} (id {entry.keyId})
          </Detail>
          <Detail term="Created">{formatDay(entry.created)}</Detail>
          <Detail term="Last used">
            {entry.lastUsed ? `${formatDateTime(entry.lastUsed)} (${quietText(entry.quietForDays)})` : 'Never'}
          </Detail>
          <Detail term="Replaced by">
            {RESPONSIBLE_TEXT[entry.responsible]}
            {own ? ' (you)' : ''}
          </Detail>
          {!deleted && (
            <Detail term="New key">
              {entry.replacement
                ? `${entry.replacement.label} (id ${entry.replacement.keyId}), created ${formatDay(entry.replacement.created)}, ${
                    entry.replacement.lastUsed ? `last used ${formatDateTime(entry.replacement.lastUsed)}` : 'not used yet'
                  }`
                : 'none yet'}
            </Detail>
          )}
          {deleted && <Detail term="Gone from the site">by {formatDateTime(entry.deletedAt)}</Detail>}
        </Details>
        <Typography variant="body2">
          <strong>Next:</strong> {entry.next}
        </Typography>
        {readOnly && !deleted && (
          <Typography variant="body2" color="text.secondary">
            Offline: actions are available again after a successful refresh.
          </Typography>
        )}
        {action}
        <Section title="Steps of Flywheel's guide">
          <StepList entry={entry} readOnly={readOnly} onChanged={onChanged} />
        </Section>
      </Stack>
    </Paper>
  );
}
