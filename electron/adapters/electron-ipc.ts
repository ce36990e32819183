/**
 * Registers one ipcMain handler per contract channel. Each call is answered only when it comes from the app's
 * own window and page (security.md C5); the dispatcher then validates the payload.
 */
import type { IpcMainInvokeEvent, WebContents } from 'electron';
import { ipcMain } from 'electron';
import { allChannels } from '../../shared/ipc-contract.js';
import { fail } from '../../shared/result.js';
import type { Dispatch } from '../ipc/dispatcher.js';
import { isAppUrl } from '../window-options.js';

export function registerIpc(dispatch: Dispatch, appWindow: () => WebContents | null, appIndexUrl: string): void {
  for (const channel of allChannels()) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrustedSender(event, appWindow(), appIndexUrl)) {
        return fail('forbidden', 'The request did not come from the app window.');
      }
      return dispatch(channel, payload);
    });
  }
}

export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>,
  app: WebContents | null,
  appIndexUrl: string,
): boolean {
  if (!app || event.sender !== app) return false;
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url, appIndexUrl);
}
