/** The audit log's export: main builds the file from the whole log (never a secret); the renderer downloads it. */
import type { ExportFormat, InventoryExport } from '../../shared/ipc-contract.js';
import { callKeyAdmin } from './key-admin.js';

export function exportAuditLog(format: ExportFormat): Promise<InventoryExport> {
  return callKeyAdmin((api) => api.audit.export({ format }));
}
