/**
 * One call to main from a dialog or a page: whether it is running, and its error (a KeyAdminError whose message
 * is written for admins). `run` resolves the task's value, or undefined when it failed.
 */
import { useCallback, useState } from 'react';
import { toKeyAdminError, type KeyAdminError } from './key-admin.js';

export function useMainAction() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<KeyAdminError | null>(null);
  const run = useCallback(async <T>(task: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await task();
    } catch (e) {
      setError(toKeyAdminError(e));
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { pending, error, run };
}
