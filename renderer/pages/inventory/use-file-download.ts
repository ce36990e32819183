/**
 * A file main builds (an export, a report) saved as a download: which format is being built, and the error of a
 * failed one, in words for the admin. Shared by every page that exports.
 */
import { useState } from 'react';
import { toKeyAdminError } from '../../api/key-admin.js';
import { downloadFile } from './download-file.js';

export interface BuiltFile {
  readonly content: string;
  readonly fileName: string;
  readonly mimeType: string;
}

export function useFileDownload<F extends string>(build: (format: F) => Promise<BuiltFile>) {
  const [pending, setPending] = useState<F | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (format: F) => {
    setPending(format);
    setError(null);
    try {
      const file = await build(format);
      downloadFile(file.content, file.fileName, file.mimeType);
    } catch (e) {
      setError(toKeyAdminError(e).message);
    } finally {
      setPending(null);
    }
  };

  return { pending, error, run, clearError: () => setError(null) };
}
