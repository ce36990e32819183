/**
 * The active site's data on its card (issue 10: "a newly connected site fetches its data at once, with progress"):
 * the fetch starts as soon as the site is connected (main starts one too), its progress shows here, and once the
 * data is in, what was fetched and the way to the overview.
 */
import { Box, Button, Stack, Typography } from '@mui/material';
import { countText } from '../../../shared/count-text.js';
import type { SiteSummary } from '../../../shared/ipc-contract.js';
import { useSiteSummary } from '../../api/inventory.js';
import { DataStatus } from '../../components/data-status.js';
import { useNavigation } from '../../navigation/navigation.js';

export function SiteData({ site }: { site: SiteSummary }) {
  // Main's summary: the counts, without the inventory itself (issue 12).
  const { view, refresh, summary } = useSiteSummary();
  const { navigate } = useNavigation();
  // Right after a switch, the cache may still hold the previous site's data for a moment: not this site's.
  const own = view !== undefined && (summary === null || summary.siteId === site.id);
  const snapshot = own ? summary : null;
  return (
    <Stack spacing={1}>
      <DataStatus view={own ? view : undefined} refresh={refresh} />
      {snapshot && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="body2">
            {`${countText(snapshot.total, 'key')}, ${countText(snapshot.devices, 'device')} and ${countText(snapshot.users, 'user')} from this site.`}
          </Typography>
          <Button size="small" onClick={() => navigate('overview')}>
            Open the overview
          </Button>
        </Box>
      )}
    </Stack>
  );
}
