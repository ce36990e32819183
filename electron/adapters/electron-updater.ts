/**
 * electron-updater as the Updater port (issue 11), with the generic provider (a folder of files on the site's own
 * web server: latest.yml and the installers). Nothing happens on its own: no download after a check, no install on
 * quit; the UpdateService asks the admin before each step. electron-updater's own log is off: our log says what
 * happened, in our words (services/update.service.ts).
 */
import type { AppUpdater } from 'electron-updater';
import type { Updater } from '../services/update.service.js';

export type ElectronAutoUpdater = Pick<
  AppUpdater,
  'autoDownload' | 'autoInstallOnAppQuit' | 'logger' | 'setFeedURL' | 'checkForUpdates' | 'downloadUpdate' | 'quitAndInstall'
>;

export function createElectronUpdater(autoUpdater: ElectronAutoUpdater): Updater {
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = null;
  return {
    useFeed: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
    async check() {
      const result = await autoUpdater.checkForUpdates();
      // null: the app is not packaged (a development run), where electron-updater does not check.
      return result?.isUpdateAvailable ? result.updateInfo.version : null;
    },
    async download() {
      await autoUpdater.downloadUpdate();
    },
    // Not silent (Windows shows the installer's progress); the app starts again afterwards.
    install: () => autoUpdater.quitAndInstall(false, true),
  };
}

/** electron-updater's updater for this platform; loaded only when a feed is configured. */
export async function loadAutoUpdater(): Promise<ElectronAutoUpdater> {
  // CommonJS package: its named exports are reached through the default export from an ES module.
  const module = await import('electron-updater');
  return (module.default ?? module).autoUpdater;
}
