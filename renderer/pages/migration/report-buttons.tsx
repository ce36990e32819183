/**
 * The readiness report: main builds it from the same view (never a secret) as a self-contained HTML page (for the
 * audit file and print), JSON or CSV, and the renderer saves it as a download, like the inventory's export.
 */
import { useState } from 'react';
import { Alert, Button, Stack } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { ReadinessFormat } from '../../../shared/ipc-contract.js';
import { migrationReport } from '../../api/migration.js';
import { toKeyAdminError } from '../../api/key-admin.js';
import { downloadFile } from '../inventory/download-file.js';

const FORMATS: readonly { format: ReadinessFormat; label: string }[] = [
  { format: 'html', label: 'Report HTML' },
  { format: 'json', label: 'Report JSON' },
  { format: 'csv', label: 'Report CSV' },
];

export function ReportButtons({ disabled }: { disabled: boolean }) {
  const [pending, setPending] = useState<ReadinessFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: ReadinessFormat) => {
    setPending(format);
    setError(null);
    try {
      const report = await migrationReport(format);
      downloadFile(report.content, report.fileName, report.mimeType);
    } catch (e) {
      setError(toKeyAdminError(e).message);
    } finally {
      setPending(null);
    }
  };

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
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
