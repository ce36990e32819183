/** The readiness report as a self-contained HTML page (no script, no external resource). */
import type { MigrationView } from './migration.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function readinessHtml(view: MigrationView): string {
  const rows = view.keys
    .map((entry) => `<tr><td>${escapeHtml(entry.keyId)}</td><td>${escapeHtml(entry.owner.name)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>19.0 readiness: ${escapeHtml(view.site.name)}</title></head>
<body><h1>${view.ready ? 'Ready' : 'Not ready'}</h1><table>${rows}</table></body></html>
`;
}
