/**
 * Every user of the site with a summary of their keys; selecting one shows their keys and lets the admin disable or
 * enable them. Where the site does not list other users' keys, the page says so and shows what it can.
 */
import { useMemo, useState } from 'react';
import { Alert, Stack, Typography } from '@mui/material';
import type { Inventory, InventoryView } from '../../../shared/inventory.js';
import { keysOfOwner, toUserRows } from '../../../shared/inventory-stats.js';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { useSitesState } from '../../api/key-admin.js';
import { useThresholds } from '../../api/preferences.js';
import { DataStatus } from '../../components/data-status.js';
import { InventoryGate } from '../overview/inventory-gate.js';
import { useSiteInventory } from '../../api/inventory.js';
import { UserDetail } from './user-detail.js';
import { UsersGrid } from './users-grid.js';

export const SELF_KEYS_ONLY =
  "This site does not let an admin list other users' keys; key counts are shown for your own account only.";
export const USERS_NOT_LISTED = 'This site did not let Keywarden list its users: only your own account is known.';

export interface UsersPageProps {
  /** Renders every row and column at once: for tests (jsdom has no layout), never needed in the app. */
  readonly disableVirtualization?: boolean;
}

interface UsersContentProps {
  readonly inventory: Inventory;
  readonly view: InventoryView;
  readonly thresholds: StatusThresholds;
  readonly selfId: string | null;
  readonly disableVirtualization?: boolean;
}

function UsersContent({ inventory, view, thresholds, selfId, disableVirtualization }: UsersContentProps) {
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const rows = useMemo(() => toUserRows(inventory.users, inventory.keys), [inventory]);
  const selected = selectedId === null ? undefined : inventory.users.find((u) => u.id === selectedId);

  if (selected) {
    return (
      <UserDetail
        user={selected}
        keys={keysOfOwner(inventory.keys, 'user', selected.id)}
        thresholds={thresholds}
        readOnly={view.offline !== null}
        isSelf={selected.id === selfId}
        onBack={() => setSelectedId(null)}
      />
    );
  }
  return (
    <Stack spacing={2}>
      {inventory.coverage.userKeys === 'self' && (
        <Alert severity="info" role="note">
          {SELF_KEYS_ONLY}
        </Alert>
      )}
      {!inventory.coverage.users && (
        <Alert severity="info" role="note">
          {USERS_NOT_LISTED}
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary">
        {rows.length === 1 ? '1 user' : `${rows.length} users`}
      </Typography>
      <UsersGrid rows={rows} onOpen={setSelectedId} disableVirtualization={disableVirtualization} />
    </Stack>
  );
}

export function UsersPage({ disableVirtualization }: UsersPageProps) {
  const data = useSiteInventory();
  const thresholds = useThresholds();
  const sites = useSitesState();
  const selfId = sites.data?.sites.find((s) => s.id === sites.data?.activeId)?.userId ?? null;
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        Users
      </Typography>
      <DataStatus view={data.view} refresh={data.refresh} />
      <InventoryGate data={data}>
        {(inventory, view) => (
          <UsersContent
            inventory={inventory}
            view={view}
            thresholds={thresholds}
            selfId={selfId}
            disableVirtualization={disableVirtualization}
          />
        )}
      </InventoryGate>
    </Stack>
  );
}
