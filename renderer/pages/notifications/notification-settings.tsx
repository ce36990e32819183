/**
 * The notification settings: the thresholds and other users' keys for the active site, how often main checks and
 * whether the desktop app starts at login for the whole app. Saved together with `notifications.updateSettings`.
 */
import { useState, type FormEvent, type KeyboardEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  FormControlLabel,
  FormHelperText,
  IconButton,
  Stack,
  Switch,
  TextField,
  Typography,
} from '@mui/material';
import CloseIcon from '@mui/icons-material/Close';
import { countText } from '../../../shared/count-text.js';
import type { NotifySettings } from '../../../shared/expiry-notifications.js';
import type { GlobalNotifySettings, NotificationsOverview } from '../../../shared/notifications-view.js';
import { updateNotificationSettings } from '../../api/notifications.js';
import { useMainAction } from '../../api/use-main-action.js';

// The same limits as the schemas in shared/expiry-notifications.ts and shared/notifications-view.ts.
const DAYS = { min: 1, max: 365 };
const HOURS = { min: 1, max: 168 };
export const MAX_THRESHOLDS = 8;

function wholeNumber(text: string, range: { min: number; max: number }): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text);
  return value >= range.min && value <= range.max ? value : null;
}

const thresholdText = (days: number) => `${countText(days, 'day')} before`;

const byUrgency = (thresholds: readonly number[]) => [...new Set(thresholds)].sort((a, b) => b - a);

function sameSettings(a: NotifySettings, b: NotifySettings, c: GlobalNotifySettings, d: GlobalNotifySettings): boolean {
  return (
    byUrgency(a.thresholds).join(',') === byUrgency(b.thresholds).join(',') &&
    a.includeOtherUsers === b.includeOtherUsers &&
    c.checkEveryHours === d.checkEveryHours &&
    c.startAtLogin === d.startAtLogin
  );
}

export interface NotificationSettingsProps {
  readonly overview: NotificationsOverview;
  readonly siteName: string;
  /** The desktop app (start at login means something there only). */
  readonly desktop: boolean;
  readonly onSaved: (overview: NotificationsOverview) => void;
}

/** Mount with `key={overview.siteId}`: the form starts from the saved settings of that site. */
export function NotificationSettings({ overview, siteName, desktop, onSaved }: NotificationSettingsProps) {
  const [thresholds, setThresholds] = useState<number[]>(() => byUrgency(overview.settings.thresholds));
  const [includeOtherUsers, setIncludeOtherUsers] = useState(overview.settings.includeOtherUsers);
  const [hours, setHours] = useState(String(overview.global.checkEveryHours));
  const [startAtLogin, setStartAtLogin] = useState(overview.global.startAtLogin);
  const [newDays, setNewDays] = useState('');
  const [addError, setAddError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMainAction();

  const checkEveryHours = wholeNumber(hours, HOURS);
  const site: NotifySettings = { thresholds, includeOtherUsers };
  const global: GlobalNotifySettings | null = checkEveryHours === null ? null : { checkEveryHours, startAtLogin };
  const dirty = global === null || !sameSettings(site, overview.settings, global, overview.global);
  const edited = () => setSaved(false);

  const add = () => {
    const days = wholeNumber(newDays, DAYS);
    if (days === null) return setAddError(`A whole number of days from ${DAYS.min} to ${DAYS.max}`);
    if (thresholds.includes(days)) return setAddError(`${days} days is already a threshold`);
    if (thresholds.length >= MAX_THRESHOLDS) return setAddError(`At most ${MAX_THRESHOLDS} thresholds`);
    setThresholds(byUrgency([...thresholds, days]));
    setNewDays('');
    setAddError(null);
    edited();
  };

  // Enter in the days field adds the threshold (the field sits inside the settings form, where Enter would save).
  const addOnEnter = (event: KeyboardEvent) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    event.preventDefault();
    // As the Add button: nothing to add while the field is empty.
    if (newDays.trim() !== '') add();
  };

  const submit = async () => {
    if (global === null || !dirty || save.pending) return;
    const answer = await save.run(() => updateNotificationSettings(site, global));
    if (!answer) return;
    setThresholds(byUrgency(answer.settings.thresholds));
    setIncludeOtherUsers(answer.settings.includeOtherUsers);
    setHours(String(answer.global.checkEveryHours));
    setStartAtLogin(answer.global.startAtLogin);
    setSaved(true);
    onSaved(answer);
  };

  const undo = () => {
    setThresholds(byUrgency(overview.settings.thresholds));
    setIncludeOtherUsers(overview.settings.includeOtherUsers);
    setHours(String(overview.global.checkEveryHours));
    setStartAtLogin(overview.global.startAtLogin);
    setNewDays('');
    setAddError(null);
  };

  return (
    // One form: Enter in the hours field saves, as the Save settings button (its submit button) does.
    <Stack
      component="form"
      noValidate
      aria-label="Notification settings"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit();
      }}
      spacing={3}
      sx={{ maxWidth: 760 }}
    >
      <Box role="group" aria-labelledby="notify-thresholds-label">
        <Typography id="notify-thresholds-label" variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
          Thresholds on {siteName}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Days before a key expires to notify at, once each. The day a key expires is always notified.
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 1.5 }} aria-label="Thresholds" role="list">
          {thresholds.map((days) => (
            <Box
              key={days}
              role="listitem"
              sx={{
                display: 'inline-flex',
                alignItems: 'center',
                gap: 0.25,
                height: 32,
                pl: 1.5,
                pr: thresholds.length > 1 ? 0.25 : 1.5,
                border: 1,
                borderColor: 'divider',
                borderRadius: 4,
              }}
            >
              <Typography variant="body2">{thresholdText(days)}</Typography>
              {thresholds.length > 1 && (
                <IconButton
                  size="small"
                  aria-label={`Remove ${thresholdText(days)}`}
                  onClick={() => {
                    setThresholds(thresholds.filter((d) => d !== days));
                    edited();
                  }}
                >
                  <CloseIcon fontSize="small" aria-hidden />
                </IconButton>
              )}
            </Box>
          ))}
        </Stack>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
          <TextField
            label="Days before expiry"
            type="number"
            size="small"
            value={newDays}
            onChange={(e) => {
              setNewDays(e.target.value);
              setAddError(null);
            }}
            onKeyDown={addOnEnter}
            error={addError !== null}
            helperText={addError ?? `${DAYS.min} to ${DAYS.max}, up to ${MAX_THRESHOLDS} thresholds`}
            slotProps={{ htmlInput: DAYS }}
            sx={{ width: 220 }}
          />
          <Button variant="outlined" onClick={add} disabled={newDays.trim() === ''} sx={{ mt: '2px' }}>
            Add threshold
          </Button>
        </Box>
      </Box>

      <Box>
        <FormControlLabel
          control={
            <Switch
              checked={includeOtherUsers}
              onChange={(e) => {
                setIncludeOtherUsers(e.target.checked);
                edited();
              }}
            />
          }
          label="Include other users' keys"
        />
        <FormHelperText sx={{ mt: 0 }}>
          Off by default: device keys and your own keys are always watched. You cannot renew another user's key, but you may want
          to warn its owner before their scripts stop working.
        </FormHelperText>
      </Box>

      <Box>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, mb: 1 }}>
          For every site
        </Typography>
        <Stack spacing={2}>
          <TextField
            label="Check every (hours)"
            type="number"
            size="small"
            value={hours}
            onChange={(e) => {
              setHours(e.target.value);
              edited();
            }}
            error={checkEveryHours === null}
            helperText={
              checkEveryHours === null
                ? `A whole number of hours from ${HOURS.min} to ${HOURS.max}`
                : 'Keywarden fetches every connected site this often; a site that does not answer is checked on its last data.'
            }
            slotProps={{ htmlInput: HOURS }}
            sx={{ maxWidth: 520 }}
          />
          <Box>
            <FormControlLabel
              control={
                <Switch
                  checked={startAtLogin}
                  onChange={(e) => {
                    setStartAtLogin(e.target.checked);
                    edited();
                  }}
                />
              }
              label="Start at login, minimised to the tray"
            />
            <FormHelperText sx={{ mt: 0 }}>
              {desktop
                ? 'So that checks run without opening Keywarden first.'
                : 'Desktop app only: this browser version does not start by itself.'}
            </FormHelperText>
          </Box>
        </Stack>
      </Box>

      {save.error && <Alert severity="error">{save.error.message}</Alert>}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
        <Button type="submit" variant="contained" disabled={!dirty || global === null || save.pending}>
          Save settings
        </Button>
        <Button onClick={undo} disabled={!dirty || save.pending}>
          Undo changes
        </Button>
        {saved && !dirty && (
          <Typography role="status" variant="body2" color="text.secondary">
            Saved.
          </Typography>
        )}
      </Stack>
    </Stack>
  );
}
