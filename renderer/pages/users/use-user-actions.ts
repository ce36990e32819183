/**
 * Disabling and enabling a user. Both change who can reach the site: disabling stops every key of the user, their
 * scripts and their web login; enabling brings the keys back. So each first asks main for a confirmation that says
 * what happens (main's own text, for exactly this user); the admin reads it, and the action carries its id. In the
 * desktop app main then asks once more with a native dialog. After either, the inventory is reloaded from main,
 * which has already patched it.
 */
import { useState } from 'react';
import type { Confirmation } from '../../../shared/ipc-contract.js';
import { requestConfirmation, setUserDisabled, useReloadInventory } from '../../api/inventory.js';
import { toKeyAdminError } from '../../api/key-admin.js';

export type UserAccessAction = 'disable-user' | 'enable-user';

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
  const ask = (action: UserAccessAction) => run(async () => setConfirmation(await requestConfirmation(action, [userId])));

  return {
    pending,
    error,
    confirmation,
    askToDisable: () => ask('disable-user'),
    askToEnable: () => ask('enable-user'),
    /** Carries out what the confirmation was issued for (disable or enable), with its id. */
    confirm: (confirmed: Confirmation) =>
      run(async () => {
        try {
          await setUserDisabled(userId, confirmed.action === 'disable-user', confirmed.id);
        } catch (e) {
          // Main spent the confirmation either way (a "no" in its own dialog, a refusal): a fresh one allows a retry.
          await requestConfirmation(confirmed.action, [userId]).then(setConfirmation, () => undefined);
          throw e;
        }
        setConfirmation(null);
        await reload();
      }),
    cancel: () => {
      setConfirmation(null);
      setError(null);
    },
  };
}
