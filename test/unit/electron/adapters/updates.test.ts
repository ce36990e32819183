/**
 * The update adapters with electron mocked (issue 11): electron-updater is set to do nothing on its own and pointed
 * at a generic feed; the admin's question is a native box where only the first button is a yes.
 */
import { describe, expect, it, vi } from 'vitest';
import { fakeWindow } from './electron-fakes.js';

vi.mock('electron', () => ({}));
const { createElectronUpdater } = await import('../../../../electron/adapters/electron-updater.js');
const { createUpdateAsker } = await import('../../../../electron/adapters/update-dialog.js');

function fakeAutoUpdater(result: unknown) {
  const calls: unknown[][] = [];
  return {
    calls,
    autoDownload: true,
    autoInstallOnAppQuit: true,
    logger: {} as unknown,
    setFeedURL: (options: unknown) => calls.push(['setFeedURL', options]),
    checkForUpdates: () => Promise.resolve(result),
    downloadUpdate: () => {
      calls.push(['downloadUpdate']);
      return Promise.resolve([]);
    },
    quitAndInstall: (...args: unknown[]) => calls.push(['quitAndInstall', ...args]),
  };
}

describe('the electron-updater adapter', () => {
  it('turns automatic download and install-on-quit off, and uses the generic provider', async () => {
    const auto = fakeAutoUpdater({ isUpdateAvailable: true, updateInfo: { version: '0.2.0' } });
    const updater = createElectronUpdater(auto as never);
    expect([auto.autoDownload, auto.autoInstallOnAppQuit, auto.logger]).toEqual([false, false, null]);
    updater.useFeed('https://updates.example.org/');
    expect(await updater.check()).toBe('0.2.0');
    await updater.download();
    updater.install();
    expect(auto.calls).toEqual([
      ['setFeedURL', { provider: 'generic', url: 'https://updates.example.org/' }],
      ['downloadUpdate'],
      ['quitAndInstall', false, true],
    ]);
  });

  it('no newer version, or no check at all (a development run): null', async () => {
    expect(
      await createElectronUpdater(
        fakeAutoUpdater({ isUpdateAvailable: false, updateInfo: { version: '0.1.0' } }) as never,
      ).check(),
    ).toBeNull();
    expect(await createElectronUpdater(fakeAutoUpdater(null) as never).check()).toBeNull();
  });
});

describe('the update question', () => {
  const question = { kind: 'download', version: '0.2.0', current: '0.1.0' } as const;

  it('is a yes only for the first button, asked on the window brought to the front', async () => {
    const window = fakeWindow({ minimized: true });
    const shown: { parent: unknown; options: { buttons: string[]; cancelId: number; defaultId: number } }[] = [];
    let response = 0;
    const dialog = {
      showMessageBox: (parent: unknown, options: never) => {
        shown.push({ parent, options });
        return Promise.resolve({ response, checkboxChecked: false });
      },
    };
    const asker = createUpdateAsker({ dialog: dialog as never, window: () => window as never });
    expect(await asker.ask(question)).toBe(true);
    response = 1;
    expect(await asker.ask({ ...question, kind: 'install' })).toBe(false);
    expect(shown[0]!.parent).toBe(window);
    expect(shown[0]!.options).toMatchObject({ buttons: ['Download', 'Not now'], defaultId: 1, cancelId: 1 });
    expect(shown[1]!.options.buttons).toEqual(['Install and restart', 'Not now']);
    expect(window.calls.slice(0, 3)).toEqual(['restore', 'show', 'focus']);
  });

  it('no window, or a box that fails: no', async () => {
    const failing = { showMessageBox: () => Promise.reject(new Error('gone')) };
    expect(await createUpdateAsker({ dialog: failing as never, window: () => null }).ask(question)).toBe(false);
    expect(await createUpdateAsker({ dialog: failing as never, window: () => fakeWindow() as never }).ask(question)).toBe(false);
  });
});
