/**
 * The planned upgrade day and the quiet days (main keeps them per site), the countdown to the day, and the
 * forecast main makes from the rate at which legacy keys have gone so far.
 */
import { useId, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Paper, Stack, TextField, Typography } from '@mui/material';
import { MAX_QUIET_DAYS, type Forecast, type MigrationSettings } from '../../../shared/migration.js';
import type { MigrationSummary } from '../../../shared/migration-page.js';
import { countText, groupedNumber } from '../../../shared/count-text.js';
import { updateMigrationSettings } from '../../api/migration.js';
import { useMainAction } from '../../api/use-main-action.js';
import { Detail, Details } from '../../components/details.js';

export interface UpgradePlanProps {
  readonly view: MigrationSummary;
  readonly readOnly: boolean;
  readonly onSaved: (view: MigrationSummary | null) => void;
}

function countdownText(forecast: Forecast): string | null {
  const days = forecast.daysLeft;
  if (days === null) return null;
  if (days > 0) return `${countText(days, 'day')} left`;
  return days === 0 ? 'The upgrade is today' : 'The planned day has passed';
}

function ForecastChip({ onTrack }: { onTrack: boolean | null }) {
  if (onTrack === null) return <Chip size="small" label="Forecast: cannot tell yet" />;
  return onTrack ? (
    <Chip size="small" color="success" label="Forecast: on track" />
  ) : (
    <Chip size="small" color="error" label="Forecast: too late" />
  );
}

function perWeek(value: number | null, empty: string): string {
  return value === null ? empty : `${groupedNumber(value)} a week`;
}

function ForecastFacts({ forecast }: { forecast: Forecast }) {
  const countdown = countdownText(forecast);
  return (
    <Stack spacing={1}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, flexWrap: 'wrap' }}>
        {countdown && (
          <Typography variant="h5" component="p">
            {countdown}
          </Typography>
        )}
        {forecast.upgradeDate !== null && forecast.remaining > 0 && <ForecastChip onTrack={forecast.onTrack} />}
      </Box>
      <Typography variant="body2">{forecast.summary}</Typography>
      <Details>
        <Detail term="Legacy keys left">{groupedNumber(forecast.remaining)}</Detail>
        <Detail term="Deleted so far">{groupedNumber(forecast.retired)}</Detail>
        <Detail term="Rate so far">{perWeek(forecast.ratePerWeek, 'none deleted yet')}</Detail>
        <Detail term="Needed to finish">{perWeek(forecast.neededPerWeek, forecast.upgradeDate ? '—' : 'set the day')}</Detail>
        {forecast.projectedDone && forecast.remaining > 0 && (
          <Detail term="Done at this rate">about {forecast.projectedDone}</Detail>
        )}
      </Details>
    </Stack>
  );
}

function problemsOf(day: string, quietDays: string): { day: string | null; quiet: string | null } {
  const quiet = Number(quietDays);
  return {
    day: day !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(day) ? 'Enter a day, or leave it empty.' : null,
    quiet:
      !/^\d+$/.test(quietDays.trim()) || quiet < 1 || quiet > MAX_QUIET_DAYS
        ? `Enter a whole number of days from 1 to ${MAX_QUIET_DAYS}.`
        : null,
  };
}

interface SettingsFormProps {
  readonly settings: MigrationSettings;
  readonly readOnly: boolean;
  /** Main has just saved these settings (shown until the admin edits again). */
  readonly saved: boolean;
  readonly onSaved: (view: MigrationSummary | null) => void;
  readonly onEdit: () => void;
}

/** The form starts from main's settings; it is remounted (key) when they change. */
function SettingsForm({ settings, readOnly, saved, onSaved, onEdit }: SettingsFormProps) {
  const [day, setDay] = useState(settings.upgradeDate ?? '');
  const [quietDays, setQuietDays] = useState(String(settings.quietDays));
  const { pending, error, run } = useMainAction();
  const problems = problemsOf(day, quietDays);
  const changed = day !== (settings.upgradeDate ?? '') || quietDays.trim() !== String(settings.quietDays);
  const valid = problems.day === null && problems.quiet === null;

  const save = async () => {
    if (!valid || !changed) return;
    const answer = await run(() =>
      updateMigrationSettings({ upgradeDate: day === '' ? null : day, quietDays: Number(quietDays.trim()) }),
    );
    if (answer !== undefined) onSaved(answer);
  };

  return (
    <Stack
      component="form"
      spacing={1.5}
      noValidate
      aria-label="Upgrade plan settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start' }}>
        <TextField
          label="Planned upgrade to 19.0"
          type="date"
          size="small"
          value={day}
          onChange={(event) => {
            setDay(event.target.value);
            onEdit();
          }}
          disabled={readOnly || pending}
          error={problems.day !== null}
          helperText={problems.day ?? 'A UTC day, or empty.'}
          slotProps={{ inputLabel: { shrink: true } }}
          sx={{ width: 220 }}
        />
        <TextField
          label="Quiet days"
          type="number"
          size="small"
          value={quietDays}
          onChange={(event) => {
            setQuietDays(event.target.value);
            onEdit();
          }}
          disabled={readOnly || pending}
          error={problems.quiet !== null}
          helperText={problems.quiet ?? 'Step 3 waits this long.'}
          slotProps={{ htmlInput: { min: 1, max: MAX_QUIET_DAYS, step: 1 } }}
          sx={{ width: 220 }}
        />
      </Box>
      <Typography variant="body2" color="text.secondary">
        Quiet days: how long a legacy key must go unused, once its new key is in use, before it counts as safe to delete.
      </Typography>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Button
          type="submit"
          variant="outlined"
          disabled={readOnly || pending || !changed || !valid}
          startIcon={pending ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
        >
          Save plan
        </Button>
        {saved && !changed && (
          <Typography role="status" variant="body2" color="success.main">
            Saved.
          </Typography>
        )}
      </Box>
      {error && <Alert severity="error">{error.message}</Alert>}
    </Stack>
  );
}

export function UpgradePlan({ view, readOnly, onSaved }: UpgradePlanProps) {
  const headingId = useId();
  const settings = view.settings;
  const [saved, setSaved] = useState(false);
  return (
    <Paper variant="outlined" component="section" aria-labelledby={headingId} sx={{ p: 2, flex: '1 1 440px', minWidth: 0 }}>
      <Typography id={headingId} variant="h6" component="h2" sx={{ mb: 1.5 }}>
        Upgrade plan
      </Typography>
      <Stack spacing={2}>
        <SettingsForm
          key={`${settings.upgradeDate ?? ''}:${settings.quietDays}`}
          settings={settings}
          readOnly={readOnly}
          saved={saved}
          onSaved={(answer) => {
            setSaved(true);
            onSaved(answer);
          }}
          onEdit={() => setSaved(false)}
        />
        <ForecastFacts forecast={view.forecast} />
      </Stack>
    </Paper>
  );
}
