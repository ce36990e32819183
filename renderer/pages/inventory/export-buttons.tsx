/**
 * "Export CSV" and "Export JSON": main builds the credential report (never a secret) of exactly the keys the admin
 * sees, and the renderer saves it as a download.
 */
import { useState } from 'react';
import { Alert, Button, Stack } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import type { ExportFormat } from '../../../shared/ipc-contract.js';
import { exportInventory } from '../../api/inventory.js';
import { toKeyAdminError } from '../../api/key-admin.js';
import { downloadFile } from './download-file.js';

export interface ExportButtonsProps {
  /** The ids of the keys to export, read when a button is pressed (the grid's filtered, sorted rows). */
  readonly visibleIds: () => string[];
}

export function ExportButtons({ visibleIds }: ExportButtonsProps) {
  const [pending, setPending] = useState<ExportFormat | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: ExportFormat) => {
    setPending(format);
    setError(null);
    try {
      const report = await exportInventory(format, visibleIds());
      downloadFile(report.content, report.fileName, report.mimeType);
    } catch (e) {
      setError(toKeyAdminError(e).message);
    } finally {
      setPending(null);
    }
  };

  return (
    <Stack spacing={1}>
      <Stack direction="row" spacing={1}>
        <Button
          size="small"
          variant="outlined"
          startIcon={<DownloadIcon aria-hidden />}
          disabled={pending !== null}
          onClick={() => void run('csv')}
        >
          Export CSV
        </Button>
        <Button
          size="small"
          variant="outlined"
          startIcon={<DownloadIcon aria-hidden />}
          disabled={pending !== null}
          onClick={() => void run('json')}
        >
          Export JSON
        </Button>
      </Stack>
      {error && (
        <Alert severity="error" onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
