/**
 * Finds the Electron binary without `require('electron')`, which tries to download it when missing
 * (and downloads are impossible on our build machines).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export function electronBinary(root = projectRoot): string | null {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(packageDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

export const MISSING_ELECTRON_MESSAGE = [
  'The Electron binary is not installed on this machine (node_modules/electron has no dist/),',
  'so the desktop app cannot start here. Run the same app in a browser instead:',
  '  npm run web -- --demo    (with the demo key service)',
  '  npm run web              (to connect to a real site)',
].join('\n');
