/**
 * The active site's data on its card (issue 10: "a newly connected site fetches its data at once, with progress"):
 * the fetch starts as soon as the site is connected (main starts one too), its progress shows here, and once the
 * data is in, what was fetched and the way to the overview.
 */
import { Box, Button, Stack, Typography } from '@mui/material';
import type { SiteSummary } from '../../../shared/ipc-contract.js';
import { useSiteInventory } from '../../api/inventory.js';
import { DataStatus } from '../../components/data-status.js';
import { useNavigation } from '../../navigation/navigation.js';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function SiteData({ site }: { site: SiteSummary }) {
  const { view, refresh } = useSiteInventory();
  const { navigate } = useNavigation();
  // Right after a switch, the cache may still hold the previous site's data for a moment: not this site's.
  const ownView = view && (view.inventory === null || view.inventory.siteId === site.id) ? view : undefined;
  const snapshot = ownView?.inventory ?? null;
  return (
    <Stack spacing={1}>
      <DataStatus view={ownView} refresh={refresh} />
      {snapshot && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="body2">
            {`${count(snapshot.keys.length, 'key', 'keys')}, ${count(snapshot.devices.length, 'device', 'devices')} and ${count(snapshot.users.length, 'user', 'users')} from this site.`}
          </Typography>
          <Button size="small" onClick={() => navigate('overview')}>
            Open the overview
          </Button>
        </Box>
      )}
    </Stack>
  );
}
