/**
 * The desktop's Confirmer (design.md, "Confirmation belongs to main"; security.md C6): before a destructive or
 * access-changing action, main asks the admin with a native message box on the app's window, with main's own text.
 * The renderer cannot answer it: a compromised page can ask main for a confirmation token and spend it at once, but
 * only the admin's click on this box lets the action run.
 *
 * Cancel is the default and the answer to Escape or closing the box; only the confirm button (index 0) is a yes.
 * No window, a destroyed one, a box that cannot be shown, or a second question while one is open: no.
 */
import type { BrowserWindow, Dialog, MessageBoxOptions } from 'electron';
import type { Confirmer, ConfirmRequest } from '../services/confirmations.js';
import { revealWindow } from './app-window.js';

export interface ElectronConfirmerDeps {
  readonly dialog: Pick<Dialog, 'showMessageBox'>;
  /** The app's one window, once it exists. */
  readonly window: () => BrowserWindow | null;
}

/** The message box: the question as its message (macOS shows no title), the consequences as its detail. */
export function messageBoxOptions(request: ConfirmRequest): MessageBoxOptions {
  return {
    type: 'warning',
    title: request.title,
    message: request.title,
    detail: [...request.lines, ...(request.detail ? ['', request.detail] : [])].join('\n'),
    buttons: [request.confirmLabel, 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  };
}

export function createElectronConfirmer(deps: ElectronConfirmerDeps): Confirmer {
  // One question at a time: a second box stacked on the first could be confirmed for the wrong action.
  let asking = false;
  return {
    async confirm(request: ConfirmRequest): Promise<boolean> {
      const window = deps.window();
      if (asking || !window || window.isDestroyed()) return false;
      asking = true;
      try {
        // Modal to the app's window; brought to the front first, so the admin sees what is asked (it may be in the tray).
        revealWindow(window);
        const { response } = await deps.dialog.showMessageBox(window, messageBoxOptions(request));
        return response === 0;
      } catch {
        return false;
      } finally {
        asking = false;
      }
    },
  };
}
