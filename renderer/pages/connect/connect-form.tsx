import { useId, useState, type FormEvent } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Checkbox,
  CircularProgress,
  FormControlLabel,
  FormHelperText,
  Stack,
  Tab,
  Tabs,
  TextField,
} from '@mui/material';
import type { ConnectInput, SiteSummary } from '../../../shared/ipc-contract.js';
import { useConnectSite } from '../../api/key-admin.js';
import { connectErrorHeading } from './connect-errors.js';
import { SecretField } from './secret-field.js';

type Mode = 'key-string' | 'site-url';
type Field = 'keyString' | 'siteUrl' | 'secret';

/** Values to start from when the admin must enter the key of a known site again. */
export interface ConnectPreset {
  readonly siteUrl: string;
  readonly name: string;
}

export interface ConnectFormProps {
  readonly keychainAvailable: boolean;
  readonly keychainBackend: string;
  readonly preset?: ConnectPreset | undefined;
  readonly onConnected: (site: SiteSummary) => void;
}

const MISSING_TEXT: Readonly<Record<Field, string>> = {
  keyString: 'Paste your API key.',
  siteUrl: 'Enter the address of the Flywheel site.',
  secret: 'Enter the API key.',
};

/**
 * Connects a site with a key string or a site URL and key. The key exists only in this form's state and the
 * connect call; it is cleared after a successful connect and never goes into the query cache.
 */
export function ConnectForm({ keychainAvailable, keychainBackend, preset, onConnected }: ConnectFormProps) {
  const { connect, isPending, error, reset } = useConnectSite();
  const [mode, setMode] = useState<Mode>(preset ? 'site-url' : 'key-string');
  const [keyString, setKeyString] = useState('');
  const [siteUrl, setSiteUrl] = useState(preset?.siteUrl ?? '');
  const [secret, setSecret] = useState('');
  const [name, setName] = useState(preset?.name ?? '');
  const [allowWeakStorage, setAllowWeakStorage] = useState(false);
  const [missing, setMissing] = useState<Field | null>(null);
  const ids = { tabs: useId(), weakHelp: useId() };
  const tabId = (m: Mode) => `${ids.tabs}-tab-${m}`;
  const panelId = `${ids.tabs}-panel`;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (isPending) return;
    const empty: Field | null =
      mode === 'key-string'
        ? keyString.trim() === ''
          ? 'keyString'
          : null
        : siteUrl.trim() === ''
          ? 'siteUrl'
          : secret.trim() === ''
            ? 'secret'
            : null;
    setMissing(empty);
    if (empty) return;

    const input: ConnectInput = mode === 'key-string' ? { keyString } : { siteUrl: siteUrl.trim(), secret: secret.trim() };
    if (name.trim() !== '') input.name = name.trim();
    if (!keychainAvailable) input.allowWeakStorage = allowWeakStorage;

    const site = await connect(input);
    if (site) {
      setKeyString('');
      setSecret('');
      setSiteUrl('');
      setName('');
      setAllowWeakStorage(false);
      onConnected(site);
    }
  };

  const changeMode = (next: Mode) => {
    setMode(next);
    setMissing(null);
    reset();
  };

  const fieldError = (field: Field) => (missing === field ? MISSING_TEXT[field] : undefined);

  return (
    <Box component="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={isPending}>
      <Tabs value={mode} onChange={(_e, next: Mode) => changeMode(next)} aria-label="How to connect" sx={{ mb: 2 }}>
        <Tab value="key-string" label="Paste a key string" id={tabId('key-string')} aria-controls={panelId} />
        <Tab value="site-url" label="Site URL and key" id={tabId('site-url')} aria-controls={panelId} />
      </Tabs>
      <Stack spacing={2} role="tabpanel" id={panelId} aria-labelledby={tabId(mode)}>
        {mode === 'key-string' ? (
          <SecretField
            label="API key string"
            value={keyString}
            onChange={setKeyString}
            disabled={isPending}
            error={missing === 'keyString'}
            helperText={
              fieldError('keyString') ??
              'The whole key from your Flywheel profile, like site.example.org:abc… It names the site and holds the key.'
            }
          />
        ) : (
          <>
            <TextField
              label="Site URL"
              value={siteUrl}
              onChange={(e) => setSiteUrl(e.target.value)}
              type="url"
              placeholder="https://flywheel.example.org"
              autoComplete="off"
              required
              fullWidth
              disabled={isPending}
              error={missing === 'siteUrl'}
              helperText={fieldError('siteUrl') ?? 'The address of your Flywheel site.'}
              slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off', maxLength: 2048 } }}
            />
            <SecretField
              label="API key"
              value={secret}
              onChange={setSecret}
              disabled={isPending}
              autoFocus={preset !== undefined}
              error={missing === 'secret'}
              helperText={fieldError('secret') ?? 'The key from your Flywheel profile.'}
            />
          </>
        )}
        <TextField
          label="Profile name (optional)"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="off"
          fullWidth
          disabled={isPending}
          helperText="How this site is shown in the site switcher."
          slotProps={{ htmlInput: { spellCheck: false, maxLength: 100 } }}
        />
        {!keychainAvailable && (
          <Box>
            <FormControlLabel
              control={
                <Checkbox
                  checked={allowWeakStorage}
                  onChange={(_e, checked) => setAllowWeakStorage(checked)}
                  disabled={isPending}
                  slotProps={{ input: { 'aria-describedby': ids.weakHelp } }}
                />
              }
              label="Store the key with weak protection on this computer"
            />
            <FormHelperText id={ids.weakHelp} sx={{ mt: 0 }}>
              This computer offers no OS keychain{keychainBackend ? ` (found: ${keychainBackend})` : ''}, so Keywarden cannot
              encrypt the key properly. Without this choice the key is kept for this session only and you enter it again next
              time. With it, the key is saved on disk with weak protection: someone who can read your files could recover it.
            </FormHelperText>
          </Box>
        )}
        {error && (
          <Alert severity="error">
            <AlertTitle>{connectErrorHeading(error.code)}</AlertTitle>
            {error.message}
          </Alert>
        )}
        <Box>
          <Button
            type="submit"
            variant="contained"
            disabled={isPending}
            startIcon={isPending ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
          >
            {isPending ? 'Connecting…' : 'Connect'}
          </Button>
        </Box>
      </Stack>
    </Box>
  );
}
