/**
 * The admin's answer about an update (issue 11): a native question on the app's window, outside the renderer.
 * "Not now" is the default and the answer to Escape or closing the box; only the first button is a yes.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { UpdateAsker, UpdateQuestion } from '../services/update.service.js';
import { revealWindow } from './app-window.js';

export function updateMessageBox(question: UpdateQuestion): MessageBoxOptions {
  const download = question.kind === 'download';
  return {
    type: 'question',
    title: 'Keywarden update',
    message: download
      ? `Keywarden ${question.version} is available. Download it?`
      : `Keywarden ${question.version} is downloaded. Install it now?`,
    detail: download
      ? `This is version ${question.current}. Nothing is installed until you say so.`
      : 'Keywarden quits, installs the new version and starts again. Choose "Not now" to keep working with this version.',
    buttons: [download ? 'Download' : 'Install and restart', 'Not now'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export function createUpdateAsker(deps: {
  readonly dialog: Pick<Dialog, 'showMessageBox'>;
  readonly window: () => BrowserWindow | null;
}): UpdateAsker {
  return {
    async ask(question) {
      const window = deps.window();
      // No window to ask on (closed, or not made yet): no.
      if (!window || window.isDestroyed()) return false;
      try {
        revealWindow(window);
        const { response } = await deps.dialog.showMessageBox(window, updateMessageBox(question));
        return response === 0;
      } catch {
        return false;
      }
    },
  };
}
