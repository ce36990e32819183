import { useId, useState } from 'react';
import { Alert, Button, Card, CardActions, CardContent, Chip, CircularProgress, Stack, Typography } from '@mui/material';
import type { SiteSummary } from '../../../shared/ipc-contract.js';
import { SITE_NOTICE_TEXT } from '../../../shared/site-notices.js';
import { Detail, Details } from '../../components/details.js';
import { SiteData } from './site-data.js';
import { SiteFeaturesList } from './site-features-list.js';
import { useRecheckSite } from '../../api/key-admin.js';
import { OWN_KEYS_SCOPE, useScopedInventory } from '../../api/inventory.js';
import { ReplaceAppKeyDialog } from './replace-app-key-dialog.js';
import { KEY_KIND_LABEL, NEEDS_KEY_TEXT, STORAGE_LABEL, siteAdminLabel } from '../../components/site-labels.js';

export interface SiteCardProps {
  readonly site: SiteSummary;
  /** Pre-sets the connect form to enter this site's key again. */
  readonly onEnterKey: () => void;
}

/** Everything the admin should know about a connected site and the key Keywarden uses for it. */
export function SiteCard({ site, onEnterKey }: SiteCardProps) {
  const recheck = useRecheckSite();
  const titleId = useId();
  const [replacing, setReplacing] = useState(false);
  // The key Keywarden uses, as the last inventory of this site marks it (the site itself does not say).
  const view = useScopedInventory(OWN_KEYS_SCOPE).data;
  const snapshot = view?.inventory?.siteId === site.id ? view.inventory : null;
  const appKey = snapshot?.keys.find((key) => key.isAppKey && key.ownerType === 'user' && key.ownerId === site.userId) ?? null;
  const canReplace = appKey !== null && !site.needsKey && view?.offline == null;

  return (
    <Card variant="outlined" component="article" aria-labelledby={titleId}>
      <CardContent>
        <Typography id={titleId} variant="h6" component="h3">
          {site.name}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {site.origin}
        </Typography>
        <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }}>
          <Chip
            label={siteAdminLabel(site)}
            color={site.isSiteAdmin ? 'success' : 'warning'}
            size="small"
            variant={site.isSiteAdmin ? 'filled' : 'outlined'}
          />
          <Chip label={KEY_KIND_LABEL[site.keyKind]} size="small" variant="outlined" />
        </Stack>
        <Details>
          <Detail term="Flywheel release">{site.release ?? 'Not reported'}</Detail>
          <Detail term="Signed in as">
            {site.userName}{' '}
            <Typography component="span" variant="body2" color="text.secondary">
              ({site.userId})
            </Typography>
          </Detail>
          <Detail term="Key">{KEY_KIND_LABEL[site.keyKind]}</Detail>
          <Detail term="Key kept">
            {STORAGE_LABEL[site.storage]}
            {site.storageReason && (
              <Typography component="span" variant="body2" color="text.secondary" sx={{ display: 'block' }}>
                {site.storageReason}
              </Typography>
            )}
          </Detail>
          <Detail term="Supported here">
            <SiteFeaturesList features={site.features} isSiteAdmin={site.isSiteAdmin} />
          </Detail>
        </Details>
        <Stack spacing={1} sx={{ mt: 2 }}>
          {!site.needsKey && <SiteData site={site} />}
          {site.needsKey && (
            <Alert
              severity="warning"
              action={
                <Button color="inherit" size="small" onClick={onEnterKey}>
                  Enter the key
                </Button>
              }
            >
              {NEEDS_KEY_TEXT}
            </Alert>
          )}
          {site.notices.map((notice) => (
            <Alert key={notice} severity="warning">
              {SITE_NOTICE_TEXT[notice]}
            </Alert>
          ))}
          {recheck.error && (
            <Alert severity="error" onClose={() => recheck.reset()}>
              {recheck.error.message}
            </Alert>
          )}
          {view && !site.needsKey && !appKey && (
            <Typography variant="body2" color="text.secondary">
              Keywarden cannot tell yet which of your keys it uses, so it cannot replace it: refresh the inventory first.
            </Typography>
          )}
        </Stack>
      </CardContent>
      <CardActions>
        <Button
          onClick={() => recheck.mutate(site.id)}
          disabled={recheck.isPending}
          startIcon={recheck.isPending ? <CircularProgress size={16} color="inherit" aria-hidden /> : undefined}
        >
          {recheck.isPending ? 'Checking…' : 'Check again'}
        </Button>
        <Button color="warning" onClick={() => setReplacing(true)} disabled={!canReplace}>
          Replace this app&apos;s key
        </Button>
      </CardActions>
      {replacing && appKey && <ReplaceAppKeyDialog site={site} appKey={appKey} onClose={() => setReplacing(false)} />}
    </Card>
  );
}
