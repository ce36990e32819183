/**
 * Where a notification leads (issue 8: "Clicking it opens the owner's page with the key highlighted, ready to
 * rotate"): the page and parameters of a target, and opening it, on its own site (switching to it first when
 * another site is active). Used by the shell for main's `open` events and the page's own notifications, and by
 * the Notifications page's "Open" buttons.
 */
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { NotificationTarget } from '../../../shared/expiry-notifications.js';
import type { SitesState } from '../../../shared/ipc-contract.js';
import { keyAdminQueryKeys, useActivateSite } from '../../api/key-admin.js';
import { useNavigation, type PageId, type PageParams } from '../../navigation/navigation.js';

export function pageOfTarget(target: NotificationTarget): { page: PageId; params: PageParams } {
  switch (target.page) {
    case 'devices':
      return { page: 'devices', params: { deviceId: target.deviceId, keyId: target.keyId } };
    case 'my-keys':
      return { page: 'my-keys', params: { keyId: target.keyId } };
    case 'users':
      return { page: 'users', params: { userId: target.userId, keyId: target.keyId } };
    case 'legacy':
      return { page: 'legacy', params: { keyId: target.keyId } };
    case 'inventory':
      return { page: 'inventory', params: { keyIds: target.keyIds } };
  }
}

/**
 * `open(siteId, target)` switches to the site when it is not the active one, then opens the target; it resolves
 * false when the switch failed (the reason is in `error`).
 */
export function useOpenTarget() {
  const queryClient = useQueryClient();
  const { mutateAsync: activate, error, reset, isPending } = useActivateSite();
  const { navigate } = useNavigation();
  const open = useCallback(
    async (siteId: string, target: NotificationTarget): Promise<boolean> => {
      const state = queryClient.getQueryData<SitesState>(keyAdminQueryKeys.sitesState);
      if (state?.activeId !== siteId) {
        try {
          await activate(siteId);
        } catch {
          return false;
        }
      }
      const { page, params } = pageOfTarget(target);
      navigate(page, params);
      return true;
    },
    [queryClient, activate, navigate],
  );
  return { open, error, reset, pending: isPending };
}
