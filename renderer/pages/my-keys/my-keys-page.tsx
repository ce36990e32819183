import { OWN_KEYS_SCOPE, useSiteInventory } from '../../api/inventory.js';
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
  // The admin's own keys only (issue 12).
  const { refresh, view, inventory, readOnly } = useSiteInventory(OWN_KEYS_SCOPE);
  // Set when a new key was created as the first step of replacing the key Keywarden uses (the safe order).
  const [replacement, setReplacement] = useState<{ newKeyId: string; oldKeyId: string } | null>(null);

  const site = sites.data?.sites.find((s) => s.id === sites.data?.activeId) ?? null;
  const keys = useMemo(() => (inventory && site ? keysOfOwner(inventory.keys, 'user', site.userId) : []), [inventory, site]);
  // The next step follows the site's data: switch while Keywarden still uses the old key, then revoke the old key;
  // nothing once the old key is gone, or the new key is.
  const newKey = replacement ? (keys.find((k) => k.id === replacement.newKeyId) ?? null) : null;
  const oldKey = replacement ? (keys.find((k) => k.id === replacement.oldKeyId) ?? null) : null;
  const nextStep = newKey && oldKey ? (newKey.isAppKey ? 'revoke' : oldKey.isAppKey ? 'switch' : null) : null;

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
      {nextStep === 'switch' && newKey && oldKey && (
        <Alert
          severity="info"
          onClose={() => setReplacement(null)}
          action={
            <Button color="inherit" size="small" onClick={() => navigate('connect')}>
              Open the Connect page
            </Button>
          }
        >
          Next: switch Keywarden to the new key {newKey.label} on the Connect page (enter the site again with the new key), then
          revoke {oldKey.label}.
        </Alert>
      )}
      {nextStep === 'revoke' && newKey && oldKey && (
        <Alert severity="info" onClose={() => setReplacement(null)}>
          Keywarden now uses {newKey.label}. Last step: revoke {oldKey.label} below.
        </Alert>
      )}
      {site && inventory && (
        <OwnerKeys
          owner={SELF}
          ownerLabel={site.userName}
          keys={keys}
          readOnly={readOnly}
          onKeyCreated={(key, replacing) => setReplacement(replacing ? { newKeyId: key.id, oldKeyId: replacing.id } : null)}
          highlightKeyId={highlightKeyId}
        />
      )}
    </Stack>
  );
}
