/** Electron's clipboard as the Clipboard port: written by main only (security.md B2). */
import { clipboard } from 'electron';
import type { Clipboard } from '../services/secret-handles.js';

export const electronClipboard: Clipboard = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  clear: () => clipboard.clear(),
};
