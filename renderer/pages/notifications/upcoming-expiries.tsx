/**
 * What is coming up: the next 90 days' expiries of every connected site, soonest first, one table per site (the
 * active site first). Per key: the due day and how far away it is, the key and its owner, the threshold it is
 * within, whether and when it was notified, and "Open" (its owner, with the key highlighted) and "Snooze until
 * next threshold", or "Undo snooze" once snoozed (active site only: main snoozes the active site's keys).
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { groupedNumber } from '../../../shared/count-text.js';
import { EXPIRED } from '../../../shared/expiry-notifications.js';
import type { UpcomingExpiry } from '../../../shared/notifications-view.js';
import { formatDateTime, formatDay } from '../../components/format.js';
import { dueText, keysText, stageText } from './notification-text.js';

/** Rows shown per site before "Show all": a large site can have thousands of keys expiring within 90 days. */
export const UPCOMING_PAGE = 50;

export interface UpcomingExpiriesProps {
  readonly upcoming: readonly UpcomingExpiry[];
  /** How many expiries each site has, listed or not (main lists each site's soonest UPCOMING_LISTED). */
  readonly totals: Readonly<Record<string, number>>;
  readonly activeSiteId: string;
  readonly now: Date;
  /** The key being snoozed (or its snooze undone) right now, if any. */
  readonly snoozing: string | null;
  readonly onOpen: (entry: UpcomingExpiry) => void;
  readonly onSnooze: (entry: UpcomingExpiry) => void;
  readonly onUnsnooze: (entry: UpcomingExpiry) => void;
  /**
   * The key whose snooze just changed: its new button ("Undo snooze" after a snooze, and back) takes the focus where
   * it fell to the page with the old one, so the keyboard stays on the row.
   */
  readonly refocus?: string | null;
}

interface SiteGroup {
  readonly siteId: string;
  readonly siteName: string;
  readonly entries: UpcomingExpiry[];
  /** The site's expiries, the listed entries and those beyond them. */
  readonly total: number;
}

function groupBySite(
  upcoming: readonly UpcomingExpiry[],
  totals: Readonly<Record<string, number>>,
  activeSiteId: string,
): SiteGroup[] {
  const groups = new Map<string, SiteGroup>();
  for (const entry of upcoming) {
    let group = groups.get(entry.siteId);
    if (!group) {
      const total = Object.hasOwn(totals, entry.siteId) ? totals[entry.siteId]! : 0;
      group = { siteId: entry.siteId, siteName: entry.siteName, entries: [], total };
      groups.set(entry.siteId, group);
    }
    group.entries.push(entry);
  }
  return [...groups.values()].sort(
    (a, b) => Number(b.siteId === activeSiteId) - Number(a.siteId === activeSiteId) || a.siteName.localeCompare(b.siteName),
  );
}

function ownerText(entry: UpcomingExpiry): string {
  if (entry.isOwnKey) return 'You';
  return entry.ownerLabel;
}

/** The threshold the key is within, whether (and when) it was notified, and whether it is snoozed. */
function Notice({ entry }: { entry: UpcomingExpiry }) {
  return (
    <>
      {stageText(entry)}
      {entry.snoozed && <Chip size="small" variant="outlined" label="Snoozed" sx={{ ml: 1 }} />}
      <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
        {entry.notifiedAt ? `Notified ${formatDateTime(entry.notifiedAt)}` : 'Not notified yet'}
      </Typography>
    </>
  );
}

function SiteExpiries({
  group,
  active,
  now,
  snoozing,
  onOpen,
  onSnooze,
  onUnsnooze,
  refocus,
}: { group: SiteGroup; active: boolean } & Omit<UpcomingExpiriesProps, 'upcoming' | 'totals' | 'activeSiteId'>) {
  const headingId = useId();
  const section = useRef<HTMLElement>(null);
  const [showAll, setShowAll] = useState(false);
  const shown = showAll ? group.entries : group.entries.slice(0, UPCOMING_PAGE);
  // The button that showed them goes away: the keyboard goes on from the first key it showed.
  const [focusShown, setFocusShown] = useState(false);
  useEffect(() => {
    if (!focusShown) return;
    setFocusShown(false);
    section.current?.querySelectorAll<HTMLElement>('tbody tr')[UPCOMING_PAGE]?.querySelector('button')?.focus();
  }, [focusShown]);

  useEffect(() => {
    if (!refocus) return;
    const focused = document.activeElement;
    if (focused !== null && focused !== document.body && focused.isConnected) return;
    const buttons = section.current?.querySelectorAll<HTMLElement>('[data-snooze-key]') ?? [];
    [...buttons].find((button) => button.dataset.snoozeKey === refocus)?.focus();
  }, [refocus, group.entries]);

  return (
    <Box component="section" ref={section} aria-labelledby={headingId}>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'baseline', flexWrap: 'wrap', mb: 0.5 }}>
        <Typography id={headingId} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          {group.siteName}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {keysText(Math.max(group.total, group.entries.length))}
          {active ? ' · active site' : ' · switch to this site to snooze its keys'}
        </Typography>
      </Stack>
      <TableContainer>
        <Table size="small" aria-labelledby={headingId}>
          <TableHead>
            <TableRow>
              <TableCell>Due</TableCell>
              <TableCell>Key</TableCell>
              <TableCell>Owner</TableCell>
              <TableCell>Threshold and notice</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {shown.map((entry) => {
              const overdue = entry.stage === EXPIRED;
              return (
                <TableRow key={entry.keyId}>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    {formatDay(entry.due)}
                    <Typography
                      component="span"
                      variant="caption"
                      color={overdue ? 'error.main' : 'text.secondary'}
                      sx={{ display: 'block' }}
                    >
                      {dueText(entry, now)}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {entry.label}
                    {entry.legacy && <Chip size="small" color="warning" label="19.0 upgrade" sx={{ ml: 1 }} />}
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {entry.legacy ? 'Legacy key: rejected from the planned 19.0 upgrade' : entry.keyId}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    {ownerText(entry)}
                    <Typography component="span" variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                      {entry.ownerType === 'device' ? `Device${entry.location ? ` · ${entry.location}` : ''}` : 'User'}
                    </Typography>
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <Notice entry={entry} />
                  </TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      <Button size="small" variant="outlined" aria-label={`Open ${entry.label}`} onClick={() => onOpen(entry)}>
                        Open
                      </Button>
                      {active && (entry.snoozed || entry.stage !== null) && (
                        // One button that turns into its undo: data-snooze-key finds it again for the focus.
                        <Button
                          size="small"
                          sx={{ whiteSpace: 'nowrap' }}
                          aria-label={
                            entry.snoozed ? `Undo snooze: ${entry.label}` : `Snooze until next threshold: ${entry.label}`
                          }
                          data-snooze-key={entry.keyId}
                          disabled={snoozing !== null}
                          onClick={() => (entry.snoozed ? onUnsnooze(entry) : onSnooze(entry))}
                        >
                          {entry.snoozed ? 'Undo snooze' : 'Snooze until next threshold'}
                        </Button>
                      )}
                    </Stack>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {group.entries.length > shown.length && (
        <Button
          size="small"
          sx={{ mt: 1 }}
          onClick={() => {
            setShowAll(true);
            setFocusShown(true);
          }}
        >
          {group.total > group.entries.length
            ? `Show the first ${groupedNumber(group.entries.length)} keys of ${group.siteName}`
            : `Show all ${groupedNumber(group.entries.length)} keys of ${group.siteName}`}
        </Button>
      )}
      {showAll && group.total > group.entries.length && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {`These are the soonest ${groupedNumber(group.entries.length)} of ${groupedNumber(group.total)} keys. The key inventory lists every key: sort it by Expires.`}
        </Typography>
      )}
    </Box>
  );
}

export function UpcomingExpiries({ upcoming, totals, activeSiteId, ...rest }: UpcomingExpiriesProps) {
  const groups = useMemo(() => groupBySite(upcoming, totals, activeSiteId), [upcoming, totals, activeSiteId]);
  if (groups.length === 0) {
    return <Typography color="text.secondary">No key of any connected site is due in the next 90 days.</Typography>;
  }
  return (
    <Stack spacing={3}>
      {groups.map((group) => (
        <SiteExpiries key={group.siteId} group={group} active={group.siteId === activeSiteId} {...rest} />
      ))}
    </Stack>
  );
}
