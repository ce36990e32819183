/**
 * Bulk actions on selected keys (issue 10), the same in the inventory and on an owner's key list: "Revoke selected"
 * or "Rotate selected…" (new expiries spread over a range of days, to break an expiry collision), one confirmation
 * with main's text (the count, the owners, what stops working), progress while main works, then a result per key.
 * Main asks the admin once more outside the renderer before it acts (security.md C6).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Stack,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  MAX_BULK_KEYS,
  spreadExpiries,
  summarizeBulk,
  type BulkAction,
  type BulkRevokeResult,
  type BulkRotateResult,
} from '../../../shared/bulk-keys.js';
import { countText, groupedNumber } from '../../../shared/count-text.js';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import { expiryAfterDays, MAX_EXPIRY_DAYS } from '../../../shared/key-expiry.js';
import { bulkRevokeKeys, bulkRotateKeys, useBulkProgress } from '../../api/bulk-keys.js';
import { copySecret, discardSecret, useReloadInventory } from '../../api/inventory.js';
import { toKeyAdminError } from '../../api/key-admin.js';
import { DialogButtons } from '../dialog-buttons.js';
import { formatDay } from '../format.js';
import { ConfirmationDialog } from './confirmation-dialog.js';

/** A selected key, with what the dialogs name it by. */
export interface BulkKey {
  readonly owner: KeyOwner;
  readonly id: string;
  readonly label: string;
  readonly ownerLabel: string;
}

/** A range of days from today: the first new key expires `from` days from now, the last `to` days. */
export interface DayRange {
  readonly from: number;
  readonly to: number;
}

export const BULK_RANGE_PRESETS: readonly DayRange[] = [
  { from: 30, to: 60 },
  { from: 30, to: 90 },
  { from: 60, to: 180 },
  { from: 90, to: 365 },
];
const DEFAULT_RANGE: DayRange = { from: 30, to: 90 };

type BulkResult = BulkRevokeResult | BulkRotateResult;

type Flow =
  | { readonly step: 'revoke'; readonly keys: readonly BulkKey[] }
  | { readonly step: 'rotate-range'; readonly keys: readonly BulkKey[]; readonly range: DayRange }
  | { readonly step: 'rotate-confirm'; readonly keys: readonly BulkKey[]; readonly range: DayRange }
  | {
      readonly step: 'results';
      readonly action: BulkAction;
      readonly keys: readonly BulkKey[];
      readonly results: readonly BulkResult[];
    }
  | null;

export interface BulkActionsProps {
  /** The keys selected now (only keys the admin may revoke or rotate: devices' and their own). */
  readonly selected: readonly BulkKey[];
  /** Offline or nothing to act on: the buttons are shown but disabled. */
  readonly disabled?: boolean;
  /** After an action: the ids of the keys that failed, which stay selected so the admin can try again. */
  readonly onFinished: (failedIds: string[]) => void;
}

/** "Revoke selected" and "Rotate selected…", and the dialogs they lead through. */
export function BulkActions({ selected, disabled = false, onFinished }: BulkActionsProps) {
  const bulk = useBulkActions(onFinished);
  return (
    <>
      {bulk.buttons(selected, disabled)}
      {bulk.dialogs}
    </>
  );
}

/**
 * The buttons and the dialogs apart, for a page whose buttons come and go with the selection: the dialogs stay
 * mounted while the action runs and its results are shown, even once the revoked keys (and the selection) are gone.
 */
export function useBulkActions(onFinished: (failedIds: string[]) => void, focusAfter?: () => HTMLElement | null) {
  const [flow, setFlow] = useState<Flow>(null);
  // The buttons that opened the dialogs go with the selection (a revoked key leaves the list): once the results
  // close, the focus that had nowhere to return to goes to the page's next control instead of the window's start.
  const closedResults = useRef(false);
  useEffect(() => {
    if (flow !== null || !closedResults.current) return;
    closedResults.current = false;
    const focused = document.activeElement;
    if (focused === null || focused === document.body || !focused.isConnected) focusAfter?.()?.focus();
  });
  const finish = (action: BulkAction, keys: readonly BulkKey[], results: readonly BulkResult[]) =>
    setFlow({ step: 'results', action, keys, results });

  const buttons = (selected: readonly BulkKey[], disabled = false) => {
    const off = disabled || selected.length === 0 || selected.length > MAX_BULK_KEYS;
    return (
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button
          variant="outlined"
          color="error"
          size="small"
          disabled={off}
          onClick={() => setFlow({ step: 'revoke', keys: selected })}
        >
          Revoke selected
        </Button>
        <Button
          variant="outlined"
          size="small"
          disabled={off}
          onClick={() => setFlow({ step: 'rotate-range', keys: selected, range: DEFAULT_RANGE })}
        >
          Rotate selected…
        </Button>
      </Stack>
    );
  };

  const dialogs = (
    <>
      {flow?.step === 'revoke' && (
        <BulkRevokeDialog
          keys={flow.keys}
          onClose={() => setFlow(null)}
          onDone={(results) => finish('revoke', flow.keys, results)}
        />
      )}
      {flow?.step === 'rotate-range' && (
        <BulkRotateRangeDialog
          keys={flow.keys}
          initial={flow.range}
          onCancel={() => setFlow(null)}
          onContinue={(range) => setFlow({ step: 'rotate-confirm', keys: flow.keys, range })}
        />
      )}
      {flow?.step === 'rotate-confirm' && (
        <BulkRotateConfirmDialog
          keys={flow.keys}
          range={flow.range}
          onBack={() => setFlow({ step: 'rotate-range', keys: flow.keys, range: flow.range })}
          onDone={(results) => finish('rotate', flow.keys, results)}
        />
      )}
      {flow?.step === 'results' && (
        <BulkResultsDialog
          action={flow.action}
          keys={flow.keys}
          results={flow.results}
          onClose={() => {
            onFinished(flow.results.filter((result) => !result.ok).map((result) => result.keyId));
            closedResults.current = true;
            setFlow(null);
          }}
        />
      )}
    </>
  );
  return { buttons, dialogs };
}

/** Main's progress while it works through the keys (its `bulk-progress` events). */
function BulkRunning({ action, total, running }: { action: BulkAction; total: number; running: boolean }) {
  const progress = useBulkProgress(action, total, running);
  if (!running) return null;
  const verb = action === 'revoke' ? 'Revoking' : 'Rotating';
  const label = progress
    ? `${verb}: ${groupedNumber(progress.done)} of ${countText(total, 'key')} done`
    : `${verb} ${countText(total, 'key')}…`;
  return (
    <Box>
      <Typography role="status" variant="body2" sx={{ mb: 0.5 }}>
        {label}
      </Typography>
      <LinearProgress
        aria-label={label}
        variant={progress ? 'determinate' : 'indeterminate'}
        value={progress && total > 0 ? Math.round((progress.done / total) * 100) : undefined}
      />
    </Box>
  );
}

function BulkRevokeDialog({
  keys,
  onClose,
  onDone,
}: {
  keys: readonly BulkKey[];
  onClose: () => void;
  onDone: (results: BulkRevokeResult[]) => void;
}) {
  const reload = useReloadInventory();
  const [running, setRunning] = useState(false);
  const targets = useMemo(() => keys.map((key) => key.id), [keys]);
  return (
    <ConfirmationDialog
      action="revoke-key"
      targets={targets}
      fallbackTitle={`Revoke ${countText(keys.length, 'key')}`}
      confirmLabel={`Revoke ${countText(keys.length, 'key')}`}
      onConfirm={async (confirmation) => {
        setRunning(true);
        try {
          const { results } = await bulkRevokeKeys(
            keys.map((key) => ({ owner: key.owner, keyId: key.id })),
            confirmation.id,
          );
          void reload();
          onDone(results);
        } finally {
          setRunning(false);
        }
      }}
      onClose={onClose}
    >
      <Typography>A failure of one key stops nothing else: you get a result for each key.</Typography>
      <BulkRunning action="revoke" total={keys.length} running={running} />
    </ConfirmationDialog>
  );
}

/** Null when the range may be used, else why not. */
export function dayRangeProblem(range: { from: number; to: number }): string | null {
  const whole = (days: number) => Number.isInteger(days) && days >= 1 && days <= MAX_EXPIRY_DAYS;
  if (!whole(range.from) || !whole(range.to)) return `Give whole days from 1 to ${MAX_EXPIRY_DAYS}.`;
  if (range.from > range.to) return 'The first expiry must not come after the last.';
  return null;
}

function BulkRotateRangeDialog({
  keys,
  initial,
  onCancel,
  onContinue,
}: {
  keys: readonly BulkKey[];
  initial: DayRange;
  onCancel: () => void;
  onContinue: (range: DayRange) => void;
}) {
  const now = useMemo(() => new Date(), []);
  const [from, setFrom] = useState(String(initial.from));
  const [to, setTo] = useState(String(initial.to));
  const range = { from: Number(from), to: Number(to) };
  const problem = from.trim() === '' || to.trim() === '' ? 'Give both days.' : dayRangeProblem(range);
  const preset = BULK_RANGE_PRESETS.findIndex((p) => p.from === range.from && p.to === range.to);
  const expiries = problem ? [] : spreadExpiries(expiryAfterDays(now, range.from), expiryAfterDays(now, range.to), keys.length);
  const step = keys.length > 1 && !problem ? (range.to - range.from) / (keys.length - 1) : null;
  const shown = keys.slice(0, 10);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!problem) onContinue(range);
  };

  return (
    <Dialog open onClose={onCancel} maxWidth="sm" fullWidth aria-labelledby="bulk-rotate-title">
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle id="bulk-rotate-title">Rotate {countText(keys.length, 'key')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography>
              Each key gets a new key with the same label and today&apos;s date. The new expiries are spread evenly over the days
              you choose, so they no longer fall on one day. The old keys keep working until you revoke them.
            </Typography>
            <Alert severity="info">
              The new secrets are not shown. After the rotation, Keywarden copies each one for you from the results, while they
              are open. To see a secret, rotate that key on its own instead.
            </Alert>
            <ToggleButtonGroup
              exclusive
              size="small"
              aria-label="Expiry range presets"
              value={preset === -1 ? null : preset}
              onChange={(_event, index: number | null) => {
                const chosen = index === null ? undefined : BULK_RANGE_PRESETS[index];
                if (!chosen) return;
                setFrom(String(chosen.from));
                setTo(String(chosen.to));
              }}
            >
              {BULK_RANGE_PRESETS.map((p, index) => (
                <ToggleButton key={index} value={index}>
                  {p.from}–{p.to} days
                </ToggleButton>
              ))}
            </ToggleButtonGroup>
            <Stack direction="row" spacing={2}>
              <TextField
                label="First new key expires in (days)"
                type="number"
                value={from}
                onChange={(event) => setFrom(event.target.value)}
                error={Boolean(problem)}
                slotProps={{ htmlInput: { min: 1, max: MAX_EXPIRY_DAYS, step: 1 } }}
                fullWidth
              />
              <TextField
                label="Last new key expires in (days)"
                type="number"
                value={to}
                onChange={(event) => setTo(event.target.value)}
                error={Boolean(problem)}
                slotProps={{ htmlInput: { min: 1, max: MAX_EXPIRY_DAYS, step: 1 } }}
                fullWidth
              />
            </Stack>
            {problem ? (
              <Alert severity="error">{problem}</Alert>
            ) : (
              <Box>
                <Typography role="status">
                  {keys.length === 1
                    ? `The new key expires on ${formatDay(expiries[0] ?? null)}.`
                    : `From ${formatDay(expiries[0] ?? null)} to ${formatDay(expiries.at(-1) ?? null)}: one every ${
                        step !== null && Number.isInteger(step) ? countText(step, 'day') : `${step?.toFixed(1)} days`
                      }.`}
                </Typography>
                <Box component="ul" aria-label="New expiries" sx={{ my: 0.5, pl: 3 }}>
                  {shown.map((key, index) => (
                    <Typography component="li" variant="body2" key={key.id}>
                      {key.label} ({key.ownerLabel}): {formatDay(expiries[index] ?? null)}
                    </Typography>
                  ))}
                  {keys.length > shown.length && (
                    <Typography component="li" variant="body2">
                      …and {countText(keys.length - shown.length, 'more key')}
                    </Typography>
                  )}
                </Box>
              </Box>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={Boolean(problem)}>
            Continue
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

function BulkRotateConfirmDialog({
  keys,
  range,
  onBack,
  onDone,
}: {
  keys: readonly BulkKey[];
  range: DayRange;
  onBack: () => void;
  onDone: (results: BulkRotateResult[]) => void;
}) {
  const reload = useReloadInventory();
  const [running, setRunning] = useState(false);
  const targets = useMemo(() => keys.map((key) => key.id), [keys]);
  return (
    <ConfirmationDialog
      action="bulk-rotate"
      targets={targets}
      fallbackTitle={`Rotate ${countText(keys.length, 'key')}`}
      confirmLabel={`Rotate ${countText(keys.length, 'key')}`}
      confirmColor="primary"
      onConfirm={async (confirmation) => {
        setRunning(true);
        try {
          // The range counts from the moment main is asked, so the first expiry is never in the past.
          const now = new Date();
          const { results } = await bulkRotateKeys({
            keys: keys.map((key) => ({ owner: key.owner, keyId: key.id })),
            expiresFrom: expiryAfterDays(now, range.from),
            expiresTo: expiryAfterDays(now, range.to),
            confirmationId: confirmation.id,
          });
          void reload();
          onDone(results);
        } finally {
          setRunning(false);
        }
      }}
      onClose={onBack}
    >
      <Typography>
        New expiries from {range.from} to {range.to} days from today. A failure of one key stops nothing else: you get a result
        for each key.
      </Typography>
      <BulkRunning action="rotate" total={keys.length} running={running} />
    </ConfirmationDialog>
  );
}

function summaryLine(action: BulkAction, results: readonly BulkResult[]): string {
  const { done, alreadyGone, failed } = summarizeBulk(results);
  const parts =
    action === 'revoke'
      ? [`${groupedNumber(done)} revoked`, ...(alreadyGone ? [`${groupedNumber(alreadyGone)} already gone`] : [])]
      : [`${groupedNumber(done)} rotated`];
  if (failed) parts.push(`${groupedNumber(failed)} failed`);
  return `${parts.join(', ')}.`;
}

function BulkResultsDialog({
  action,
  keys,
  results,
  onClose,
}: {
  action: BulkAction;
  keys: readonly BulkKey[];
  results: readonly BulkResult[];
  onClose: () => void;
}) {
  const byId = useMemo(() => new Map(keys.map((key) => [key.id, key])), [keys]);
  const handles = results.flatMap((result) => ('secretHandle' in result && result.secretHandle ? [result.secretHandle] : []));
  const failed = results.filter((result) => !result.ok).length;
  const [closing, setClosing] = useState(false);
  const [copied, setCopied] = useState<{ keyId: string; seconds: number } | null>(null);
  const [copyError, setCopyError] = useState<string | null>(null);

  const close = () => {
    // Main forgets the secrets too (it would after 15 minutes anyway).
    for (const handle of handles) discardSecret(handle).catch(() => undefined);
    onClose();
  };
  const askToClose = () => (handles.length > 0 ? setClosing(true) : close());

  const copy = async (keyId: string, handle: string) => {
    setCopyError(null);
    try {
      const answer = await copySecret(handle);
      setCopied({ keyId, seconds: answer.clearsAfterSeconds });
    } catch (e) {
      setCopyError(toKeyAdminError(e).message);
    }
  };

  const title = action === 'revoke' ? 'Bulk revoke: result per key' : 'Bulk rotation: result per key';
  return (
    <Dialog open onClose={askToClose} maxWidth="md" fullWidth aria-labelledby="bulk-results-title">
      <DialogTitle id="bulk-results-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2}>
          <Alert severity={failed ? 'warning' : 'success'} role="status">
            {summaryLine(action, results)}
            {failed === 1 && ' The key that failed stays selected, to try again.'}
            {failed > 1 && ` The ${groupedNumber(failed)} keys that failed stay selected, to try again.`}
          </Alert>
          {action === 'rotate' && handles.length > 0 && (
            <Typography variant="body2">
              The new secrets are not shown. Copy each one where its client needs it: Keywarden copies it and clears the clipboard
              after 30 s. The old keys keep working until you revoke them.
            </Typography>
          )}
          <Box component="ul" aria-label="Result per key" sx={{ m: 0, pl: 0, listStyle: 'none' }}>
            {results.map((result) => {
              const key = byId.get(result.keyId);
              return (
                <Box
                  component="li"
                  key={result.keyId}
                  sx={{ py: 1, borderBottom: 1, borderColor: 'divider', display: 'flex', gap: 2, alignItems: 'flex-start' }}
                >
                  <Box sx={{ flexGrow: 1, minWidth: 0 }}>
                    <Typography sx={{ fontWeight: 500 }}>
                      {key?.label ?? result.keyId}
                      <Typography component="span" color="text.secondary">
                        {' '}
                        — {key?.ownerLabel ?? 'unknown owner'}
                      </Typography>
                    </Typography>
                    {!result.ok && (
                      <Typography variant="body2" color="error">
                        {result.message}
                      </Typography>
                    )}
                    {result.ok && 'newKey' in result && (
                      <Typography variant="body2" color="text.secondary">
                        New key “{result.newKey.label}”, expires {formatDay(result.newKey.expiresAt)}.
                        {result.secretHandle === null && ' Its secret was lost on the way: rotate this key again on its own.'}
                      </Typography>
                    )}
                    {copied?.keyId === result.keyId && (
                      <Typography variant="body2" color="success.main" role="status">
                        Copied; the clipboard is cleared in {copied.seconds} s.
                      </Typography>
                    )}
                  </Box>
                  <ResultChip result={result} />
                  {result.ok && 'secretHandle' in result && result.secretHandle && (
                    <Button
                      size="small"
                      variant="outlined"
                      startIcon={<ContentCopyIcon aria-hidden />}
                      aria-label={`Copy the new secret for ${key?.label ?? result.keyId}`}
                      onClick={() => void copy(result.keyId, result.secretHandle as string)}
                    >
                      Copy secret
                    </Button>
                  )}
                </Box>
              );
            })}
          </Box>
          {copyError && <Alert severity="error">{copyError}</Alert>}
          {closing && (
            <Alert severity="warning">
              Keywarden forgets the new secrets when this list closes. A key whose secret you did not copy can be rotated again on
              its own.
            </Alert>
          )}
        </Stack>
      </DialogContent>
      {closing ? (
        <DialogButtons
          onCancel={() => setClosing(false)}
          onConfirm={close}
          confirmLabel="Close and forget the secrets"
          pending={false}
          color="warning"
        />
      ) : (
        <DialogActions>
          <Button variant="contained" onClick={askToClose}>
            Close
          </Button>
        </DialogActions>
      )}
    </Dialog>
  );
}

function ResultChip({ result }: { result: BulkResult }) {
  if (!result.ok) return <Chip size="small" color="error" label="Failed" />;
  if ('alreadyGone' in result) {
    return result.alreadyGone ? (
      <Chip size="small" label="Already gone" />
    ) : (
      <Chip size="small" color="success" label="Revoked" />
    );
  }
  return <Chip size="small" color="success" label="Rotated" />;
}
