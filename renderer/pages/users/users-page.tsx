/**
 * Every user of the site with a summary of their keys; selecting one shows their keys and lets the admin disable or
 * enable them. Where the site does not list other users' keys, the page says so and shows what it can.
 */
import { useMemo, useState } from 'react';
import { Alert, Stack, Typography } from '@mui/material';
import type { Inventory, InventoryView } from '../../../shared/inventory.js';
import { keysOfOwner } from '../../../shared/inventory-stats.js';
import type { StatusThresholds } from '../../../shared/key-status.js';
import { useSitesState } from '../../api/key-admin.js';
import { useThresholds } from '../../api/preferences.js';
import { DataStatus } from '../../components/data-status.js';
import { InventoryGate } from '../overview/inventory-gate.js';
import { USERS_SCOPE, ownerKeysScope, useScopedInventory, useSiteInventory, useUserRows } from '../../api/inventory.js';
import type { NavigateOptions } from '../../navigation/navigation.js';
import { UserDetail } from './user-detail.js';
import { UsersGrid } from './users-grid.js';

export const SELF_KEYS_ONLY =
  "This site does not let an admin list other users' keys; key counts are shown for your own account only.";
export const USERS_NOT_LISTED = 'This site did not let Keywarden list its users: only your own account is known.';
export const USER_NOT_FOUND = "The user you opened is not among this site's users.";

export interface UsersPageProps {
  /** Renders every row and column at once: for tests (jsdom has no layout), never needed in the app. */
  readonly disableVirtualization?: boolean;
  /** The open user (the page's address, a notification's target); the list of all users without it. */
  readonly userId?: string;
  /** With `userId`: the key to highlight in the user's keys. */
  readonly highlightKeyId?: string;
  /**
   * Opens a user (null: back to the list) by giving the page a new address, so that the browser's back button
   * returns to the list. Without it (a page tested alone), the page keeps the open user itself.
   */
  readonly onOpenUser?: (userId: string | null, options?: NavigateOptions) => void;
}

interface UsersContentProps {
  readonly inventory: Inventory;
  readonly view: InventoryView;
  readonly thresholds: StatusThresholds;
  readonly selfId: string | null;
  readonly disableVirtualization?: boolean;
  readonly userId?: string;
  readonly highlightKeyId?: string;
  readonly onOpenUser?: (userId: string | null, options?: NavigateOptions) => void;
}

function UsersContent(props: UsersContentProps) {
  const { inventory, view, thresholds, selfId, disableVirtualization, userId, highlightKeyId, onOpenUser } = props;
  const [ownSelectedId, setOwnSelectedId] = useState<string | null>(userId ?? null);
  const selectedId = onOpenUser ? (userId ?? null) : ownSelectedId;
  const setSelectedId = (id: string | null, options?: NavigateOptions) =>
    onOpenUser ? onOpenUser(id, options) : setOwnSelectedId(id);
  // Main summarises each user's keys; only an opened user's own keys come to the page (issue 12).
  const userRows = useUserRows();
  const rows = userRows.data ?? [];
  const selected = selectedId === null ? undefined : inventory.users.find((u) => u.id === selectedId);
  const ownKeys = useScopedInventory(ownerKeysScope('user', selected?.id ?? ''), selected !== undefined).data;
  const keys = useMemo(
    () => (ownKeys?.inventory && selected ? keysOfOwner(ownKeys.inventory.keys, 'user', selected.id) : []),
    [ownKeys, selected],
  );

  if (selected) {
    return (
      <UserDetail
        user={selected}
        keys={keys}
        thresholds={thresholds}
        readOnly={view.offline !== null}
        isSelf={selected.id === selfId}
        highlightKeyId={selected.id === userId ? highlightKeyId : undefined}
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
      {selectedId !== null && (
        <Alert severity="info" onClose={() => setSelectedId(null, { replace: true })}>
          {USER_NOT_FOUND}
        </Alert>
      )}
      {userRows.data ? (
        <>
          <Typography variant="body2" color="text.secondary">
            {rows.length === 1 ? '1 user' : `${rows.length} users`}
          </Typography>
          <UsersGrid rows={rows} onOpen={(id) => setSelectedId(id)} disableVirtualization={disableVirtualization} />
        </>
      ) : (
        <Typography role="status" color={userRows.isError ? 'error' : 'text.secondary'}>
          {userRows.isError ? userRows.error.message : 'Loading the users…'}
        </Typography>
      )}
    </Stack>
  );
}

export function UsersPage({ disableVirtualization, userId, highlightKeyId, onOpenUser }: UsersPageProps) {
  // Every user, no key (issue 12).
  const data = useSiteInventory(USERS_SCOPE);
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
            userId={userId}
            highlightKeyId={highlightKeyId}
            onOpenUser={onOpenUser}
          />
        )}
      </InventoryGate>
    </Stack>
  );
}
