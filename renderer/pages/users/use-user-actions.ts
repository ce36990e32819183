/**
 * Disabling and enabling a user. Disabling is immediate (it stops every key of the user, and can be undone);
 * enabling first asks main for a confirmation listing the keys that will work again. After either, the inventory
 * is reloaded from main, which has already patched it.
 */
import { useState } from 'react';
import type { Confirmation } from '../../../shared/ipc-contract.js';
import { requestConfirmation, setUserDisabled, useReloadInventory } from '../../api/inventory.js';
import { toKeyAdminError } from '../../api/key-admin.js';

export function useUserActions(userId: string) {
  const reload = useReloadInventory();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);

  const run = async (action: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(toKeyAdminError(e).message);
    } finally {
      setPending(false);
    }
  };

  return {
    pending,
    error,
    confirmation,
    disable: () =>
      run(async () => {
        await setUserDisabled(userId, true);
        await reload();
      }),
    askToEnable: () => run(async () => setConfirmation(await requestConfirmation('enable-user', [userId]))),
    enable: (confirmed: Confirmation) =>
      run(async () => {
        await setUserDisabled(userId, false, confirmed.id);
        setConfirmation(null);
        await reload();
      }),
    cancel: () => {
      setConfirmation(null);
      setError(null);
    },
  };
}
