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
import { STATE_ONLY_SCOPE, userScope, useSiteInventory } from '../../api/inventory.js';
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
  /** The opened user's record and keys, or for the list no record at all (main summarises each user in a row). */
  readonly inventory: Inventory;
  readonly view: InventoryView;
  readonly thresholds: StatusThresholds;
  readonly selfId: string | null;
  readonly disableVirtualization?: boolean;
  readonly selectedId: string | null;
  readonly setSelectedId: (id: string | null, options?: NavigateOptions) => void;
  readonly userId?: string;
  readonly highlightKeyId?: string;
}

function UsersContent(props: UsersContentProps) {
  const { inventory, view, thresholds, selfId, disableVirtualization, selectedId, setSelectedId, userId, highlightKeyId } =
    props;
  const selected = selectedId === null ? undefined : inventory.users.find((u) => u.id === selectedId);
  const keys = useMemo(
    () => (selected ? keysOfOwner(inventory.keys, 'user', selected.id) : []),
    [inventory, selected],
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
      {/* Mounted only while the list shows: rows kept while a user was open never show stale for a moment. */}
      <UsersGrid onOpen={(id) => setSelectedId(id)} disableVirtualization={disableVirtualization} />
    </Stack>
  );
}

export function UsersPage({ disableVirtualization, userId, highlightKeyId, onOpenUser }: UsersPageProps) {
  const [ownSelectedId, setOwnSelectedId] = useState<string | null>(userId ?? null);
  const selectedId = onOpenUser ? (userId ?? null) : ownSelectedId;
  const setSelectedId = (id: string | null, options?: NavigateOptions) =>
    onOpenUser ? onOpenUser(id, options) : setOwnSelectedId(id);
  const data = useSiteInventory(selectedId === null ? STATE_ONLY_SCOPE : userScope(selectedId));
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
            selectedId={selectedId}
            setSelectedId={setSelectedId}
            userId={userId}
            highlightKeyId={highlightKeyId}
          />
        )}
      </InventoryGate>
    </Stack>
  );
}
