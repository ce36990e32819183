/**
 * The readiness report: main builds it from the same view (never a secret) as a self-contained HTML page (for the
 * audit file and print), JSON or CSV, and the renderer saves it as a download, like the inventory's export.
 */
import { Alert, Button, Stack } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { ReadinessFormat } from '../../../shared/ipc-contract.js';
import { migrationReport } from '../../api/migration.js';
import { useFileDownload } from '../inventory/use-file-download.js';

const FORMATS: readonly { format: ReadinessFormat; label: string }[] = [
  { format: 'html', label: 'Report HTML' },
  { format: 'json', label: 'Report JSON' },
  { format: 'csv', label: 'Report CSV' },
];

export function ReportButtons({ disabled }: { disabled: boolean }) {
  const { pending, error, run, clearError } = useFileDownload<ReadinessFormat>(migrationReport);

  return (
    <Stack spacing={1} sx={{ alignItems: 'flex-end' }}>
      <Stack direction="row" spacing={1} role="group" aria-label="Export the readiness report">
        {FORMATS.map(({ format, label }) => (
          <Button
            key={format}
            size="small"
            variant="outlined"
            startIcon={<DownloadIcon aria-hidden />}
            disabled={disabled || pending !== null}
            onClick={() => void run(format)}
          >
            {label}
          </Button>
        ))}
      </Stack>
      {error && (
        <Alert severity="error" onClose={clearError}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
