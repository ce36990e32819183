/**
 * Saves text the admin asked for (an export) through the browser's own download: a Blob behind an <a download>.
 * Works the same in Electron and in the web host, and needs no file system access in the renderer.
 */
export function downloadFile(content: string, fileName: string, mimeType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // Revoked on the next task: the download has taken its copy of the Blob by then.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
