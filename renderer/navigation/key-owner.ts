/**
 * Every key leads to its action (issue 10): a key opens its owner with the key highlighted, where it can be
 * rotated or revoked: a device's key on the device's page, the admin's own key on My keys, another user's key in
 * that user's detail. The same places as a notification's target (shared/expiry-notifications.ts, targetOf).
 */
import { useCallback } from 'react';
import type { KeyRecord } from '../../shared/inventory.js';
import { useSitesState } from '../api/key-admin.js';
import type { Place } from './address.js';
import { useNavigation } from './navigation.js';

export type KeyOfOwner = Pick<KeyRecord, 'id' | 'ownerType' | 'ownerId'>;

export function ownerPlaceOfKey(key: KeyOfOwner, selfUserId: string | null): Place {
  if (key.ownerType === 'device') return { page: 'devices', params: { deviceId: key.ownerId, keyId: key.id } };
  if (key.ownerId === selfUserId) return { page: 'my-keys', params: { keyId: key.id } };
  return { page: 'users', params: { userId: key.ownerId, keyId: key.id } };
}

/** Opens a key's owner on the active site, with the key highlighted. */
export function useOpenKeyOwner(): (key: KeyOfOwner) => void {
  const sites = useSitesState().data;
  const selfUserId = sites?.sites.find((site) => site.id === sites.activeId)?.userId ?? null;
  const { navigate } = useNavigation();
  return useCallback(
    (key: KeyOfOwner) => {
      const { page, params } = ownerPlaceOfKey(key, selfUserId);
      navigate(page, params);
    },
    [navigate, selfUserId],
  );
}
