import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Alert, Box, Paper, Stack, Typography } from '@mui/material';
import type { SitesState, SiteSummary } from '../../../shared/ipc-contract.js';
import { useActivateSite } from '../../api/key-admin.js';
import { ForgetSiteDialog } from '../../components/forget-site-dialog.js';
import { siteDisplayName } from '../../components/site-labels.js';
import { ConnectForm, type ConnectPreset } from './connect-form.js';
import { SiteCard } from './site-card.js';
import { SiteList } from './site-list.js';

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <Box component="section" aria-labelledby={id}>
      <Typography id={id} variant="h6" component="h2" sx={{ mb: 1.5 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** Connect to a site, see the active one, and manage all connected sites. */
export function ConnectPage({ state }: { state: SitesState }) {
  const activate = useActivateSite();
  const [reconnect, setReconnect] = useState<{ site: SiteSummary; attempt: number } | null>(null);
  const [forgetting, setForgetting] = useState<SiteSummary | null>(null);
  const [justConnected, setJustConnected] = useState<SiteSummary | null>(null);
  const active = state.sites.find((s) => s.id === state.activeId) ?? null;
  // "Connected to" reports the site just connected: it goes once another site is active or that one is forgotten.
  const connected = justConnected && justConnected.id === state.activeId ? justConnected : null;

  // A forgotten site's row goes with its Forget button, which had the focus back from the dialog: the focus would
  // fall to the window's start. It goes to the page's heading instead.
  const heading = useRef<HTMLHeadingElement | null>(null);
  const forgottenId = useRef<string | null>(null);
  useEffect(() => {
    const gone = forgottenId.current;
    if (gone === null || state.sites.some((site) => site.id === gone)) return;
    forgottenId.current = null;
    const focused = document.activeElement;
    if (focused === null || focused === document.body || !focused.isConnected) heading.current?.focus();
  }, [state.sites]);

  // A site whose stored key cannot be read pre-sets the form to enter its key again.
  const reconnectSite = reconnect?.site ?? (active?.needsKey ? active : null);
  const preset: ConnectPreset | undefined = reconnectSite
    ? { siteUrl: reconnectSite.origin, name: reconnectSite.name }
    : undefined;
  // A new preset remounts the form so that it starts from the preset values.
  const formKey = reconnect
    ? `again-${reconnect.site.id}-${reconnect.attempt}`
    : reconnectSite
      ? `needs-${reconnectSite.id}`
      : 'new';

  const enterKeyAgain = (site: SiteSummary) => {
    setJustConnected(null);
    setReconnect((r) => ({ site, attempt: (r?.attempt ?? 0) + 1 }));
  };

  const formTitle = reconnectSite
    ? `Enter the key for ${reconnectSite.name} again`
    : state.sites.length > 0
      ? 'Connect another site'
      : 'Connect a site';

  return (
    <Stack spacing={4} sx={{ maxWidth: 880 }}>
      <Box>
        <Typography variant="h4" component="h1" gutterBottom ref={heading} tabIndex={-1}>
          Sites
        </Typography>
        <Typography color="text.secondary">
          Connect Keywarden to a Flywheel site with an API key. The key stays in Keywarden's background process and
          {state.keychainAvailable ? ' is encrypted by the OS keychain.' : ' is kept as you choose below.'}
        </Typography>
      </Box>

      {connected && (
        <Alert severity="success" role="status" onClose={() => setJustConnected(null)}>
          Connected to {siteDisplayName(connected, state.sites)} ({connected.origin}).
        </Alert>
      )}

      {active && (
        <Section title="Active site">
          <SiteCard site={active} onEnterKey={() => enterKeyAgain(active)} />
        </Section>
      )}

      <Section title={formTitle}>
        <Paper variant="outlined" sx={{ p: 2 }}>
          <ConnectForm
            key={formKey}
            keychainAvailable={state.keychainAvailable}
            keychainBackend={state.keychainBackend}
            preset={preset}
            onConnected={(site) => {
              setReconnect(null);
              setJustConnected(site);
            }}
          />
        </Paper>
      </Section>

      {state.sites.length > 0 && (
        <Section title="Connected sites">
          {activate.error && (
            <Alert severity="error" onClose={() => activate.reset()} sx={{ mb: 1 }}>
              {activate.error.message}
            </Alert>
          )}
          <SiteList
            state={state}
            activating={activate.isPending}
            onActivate={(site) => activate.mutate(site.id)}
            onForget={setForgetting}
            onEnterKey={enterKeyAgain}
          />
        </Section>
      )}

      <ForgetSiteDialog
        site={forgetting}
        onClose={() => {
          forgottenId.current = forgetting?.id ?? null;
          setForgetting(null);
        }}
      />
    </Stack>
  );
}
