/**
 * The inventory as a page needs it: main's last good snapshot at once, and a fetch from the site on the first
 * visit when main has none yet. `readOnly` is set while the snapshot is offline (product.md, "Works offline").
 */
import { useEffect, useRef } from 'react';
import { useInventory, useRefreshInventory } from '../../api/inventory.js';

export function useLoadedInventory() {
  const query = useInventory();
  const refresh = useRefreshInventory();
  const { mutate: refreshNow } = refresh;
  // Once per mount: a site that cannot be reached answers null again, and must not be asked in a loop.
  const askedSite = useRef(false);

  useEffect(() => {
    if (query.data && query.data.inventory === null && !askedSite.current) {
      askedSite.current = true;
      refreshNow();
    }
  }, [query.data, refreshNow]);

  const view = query.data ?? null;
  return { query, refresh, view, inventory: view?.inventory ?? null, readOnly: view?.offline != null };
}
