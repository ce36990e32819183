import { useSiteInventory } from '../../api/inventory.js';
import { useMemo, useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import type { KeyOwner } from '../../../shared/ipc-contract.js';
import { keysOfOwner } from '../../../shared/inventory-stats.js';
import { useSitesState } from '../../api/key-admin.js';
import { DataStatus } from '../../components/data-status.js';
import { OwnerKeys } from '../../components/keys/owner-keys.js';
import { useNavigation } from '../../navigation/navigation.js';

const SELF: KeyOwner = { type: 'self' };

export interface MyKeysPageProps {
  /** The key a notification opened, highlighted in the table. */
  readonly highlightKeyId?: string;
}

/** The signed-in admin's own keys, including the one Keywarden itself is connected with. */
export function MyKeysPage({ highlightKeyId }: MyKeysPageProps = {}) {
  const sites = useSitesState();
  const { navigate } = useNavigation();
  const { refresh, view, inventory, readOnly } = useSiteInventory();
  // Set when a new key was created while Keywarden still uses an older one: the next step of the safe order.
  const [switchTo, setSwitchTo] = useState<string | null>(null);

  const site = sites.data?.sites.find((s) => s.id === sites.data?.activeId) ?? null;
  const keys = useMemo(() => (inventory && site ? keysOfOwner(inventory.keys, 'user', site.userId) : []), [inventory, site]);
  const appKey = keys.find((k) => k.isAppKey) ?? null;

  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }}>
      <Typography variant="h4" component="h1">
        My keys
      </Typography>
      {site && (
        <Typography color="text.secondary">
          Your own API keys on {site.name}, signed in as {site.userName} ({site.userId}).
        </Typography>
      )}
      {!site && sites.data && <Alert severity="info">Connect a site first: your keys are listed per site.</Alert>}
      <DataStatus view={view} refresh={refresh} />
      {switchTo && appKey && (
        <Alert
          severity="info"
          onClose={() => setSwitchTo(null)}
          action={
            <Button color="inherit" size="small" onClick={() => navigate('connect')}>
              Open the Connect page
            </Button>
          }
        >
          Next: switch Keywarden to the new key {switchTo} on the Connect page (enter the site again with the new key), then
          revoke {appKey.label}.
        </Alert>
      )}
      {site && inventory && (
        <OwnerKeys
          owner={SELF}
          ownerLabel={site.userName}
          keys={keys}
          readOnly={readOnly}
          onKeyCreated={(key) => setSwitchTo(key.label)}
          highlightKeyId={highlightKeyId}
        />
      )}
    </Stack>
  );
}
