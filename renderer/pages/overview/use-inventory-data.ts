/**
 * The inventory for a page, with its refresh: every page showing keys uses this, so that they all refresh and go
 * offline the same way. When main has no snapshot yet (first visit of a site), it fetches once by itself.
 */
import { useEffect, useRef } from 'react';
import { useInventory, useRefreshInventory } from '../../api/inventory.js';

export function useInventoryData() {
  const query = useInventory();
  const refresh = useRefreshInventory();
  const { mutate } = refresh;
  // Once per mount: a refresh that fails answers a null inventory again, and must not start another one.
  const refreshedOnMount = useRef(false);

  useEffect(() => {
    if (query.data && query.data.inventory === null && !refreshedOnMount.current) {
      refreshedOnMount.current = true;
      mutate();
    }
  }, [query.data, mutate]);

  return { query, refresh, view: query.data };
}

export type InventoryData = ReturnType<typeof useInventoryData>;
