import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent, WebContents } from 'electron';

vi.mock('electron', () => ({ ipcMain: { handle: vi.fn() } }));

const { ipcMain } = await import('electron');
const { isTrustedSender, registerIpc } = await import('../../../../electron/adapters/electron-ipc.js');
const { allChannels } = await import('../../../../shared/ipc-contract.js');

const APP_URL = 'file:///opt/keywarden/dist/renderer/index.html';
const appContents = { id: 1 } as unknown as WebContents;
const otherContents = { id: 2 } as unknown as WebContents;

type Event = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;
const event = (sender: WebContents, frame: { parent: unknown; url: string } | null): Event =>
  ({ sender, senderFrame: frame }) as unknown as Event;
const topFrame = { parent: null, url: APP_URL };

describe('isTrustedSender', () => {
  it('our window, top frame, app URL -> true', () => {
    expect(isTrustedSender(event(appContents, topFrame), appContents, APP_URL)).toBe(true);
    expect(isTrustedSender(event(appContents, { parent: null, url: `${APP_URL}#/keys` }), appContents, APP_URL)).toBe(true);
  });
  it('another webContents -> false', () => {
    expect(isTrustedSender(event(otherContents, topFrame), appContents, APP_URL)).toBe(false);
  });
  it('a subframe (parent not null) -> false', () => {
    expect(isTrustedSender(event(appContents, { parent: topFrame, url: APP_URL }), appContents, APP_URL)).toBe(false);
  });
  it('a different URL -> false', () => {
    expect(isTrustedSender(event(appContents, { parent: null, url: 'https://evil.example/' }), appContents, APP_URL)).toBe(false);
    expect(isTrustedSender(event(appContents, { parent: null, url: 'file:///tmp/index.html' }), appContents, APP_URL)).toBe(
      false,
    );
  });
  it('a null senderFrame (navigated away or destroyed) -> false', () => {
    expect(isTrustedSender(event(appContents, null), appContents, APP_URL)).toBe(false);
  });
  it('no app window -> false', () => {
    expect(isTrustedSender(event(appContents, topFrame), null, APP_URL)).toBe(false);
  });
});

describe('registerIpc', () => {
  const handle = vi.mocked(ipcMain.handle);
  beforeEach(() => handle.mockReset());

  type Listener = (event: IpcMainInvokeEvent, payload: unknown) => unknown;
  const listenerFor = (channel: string): Listener => {
    const call = handle.mock.calls.find(([name]) => name === channel);
    if (!call) throw new Error(`no handler for ${channel}`);
    return call[1] as Listener;
  };

  it('registers exactly the channels of the contract, once each', () => {
    registerIpc(vi.fn(), () => appContents, APP_URL);
    const names = handle.mock.calls.map(([name]) => name);
    expect(names.sort()).toEqual(allChannels().sort());
  });

  it('answers forbidden to a foreign sender without calling dispatch', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'x' }));
    registerIpc(dispatch, () => appContents, APP_URL);
    const foreign = event(otherContents, topFrame) as unknown as IpcMainInvokeEvent;
    const subframe = event(appContents, { parent: topFrame, url: APP_URL }) as unknown as IpcMainInvokeEvent;
    for (const e of [foreign, subframe]) {
      await expect(Promise.resolve(listenerFor('sites.state')(e, undefined))).resolves.toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('answers forbidden when the app window is gone', async () => {
    const dispatch = vi.fn();
    registerIpc(dispatch, () => null, APP_URL);
    const result = await Promise.resolve(
      listenerFor('sites.state')(event(appContents, topFrame) as unknown as IpcMainInvokeEvent, undefined),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('passes a call from our window to dispatch with its channel and payload', async () => {
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 'done' }));
    registerIpc(dispatch, () => appContents, APP_URL);
    const payload = { id: 'abc' };
    const result = await listenerFor('sites.activate')(event(appContents, topFrame) as unknown as IpcMainInvokeEvent, payload);
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(dispatch).toHaveBeenCalledExactlyOnceWith('sites.activate', payload);
  });
});
