/**
 * The tray icon (issue 8, "On the desktop"): the number of keys needing attention in its tooltip and menu, and
 * the menu's actions: open the window, check every site now, quit. Electron's Tray, Menu and nativeImage come in
 * as parameters so the menu is testable with fakes.
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, nativeImage as NativeImageModule, Tray } from 'electron';
import { countText } from '../../shared/count-text.js';

export interface TrayActions {
  readonly open: () => void;
  /** Checks every site now; the item is disabled until the check settles. */
  readonly checkNow: () => Promise<unknown>;
  readonly quit: () => void;
}

export interface TrayDeps {
  readonly Tray: new (image: NativeImage) => Pick<Tray, 'setToolTip' | 'setContextMenu' | 'on' | 'destroy'>;
  readonly Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  readonly icon: NativeImage;
  readonly platform: NodeJS.Platform;
  readonly actions: TrayActions;
}

export interface AppTray {
  setAttention(count: number): void;
  destroy(): void;
}

/** "3 keys need attention", the line shown in the tray's menu and tooltip. */
export function attentionLabel(count: number): string {
  if (count <= 0) return 'No key needs attention';
  return `${countText(count, 'key')} ${count === 1 ? 'needs' : 'need'} attention`;
}

export function trayTooltip(count: number): string {
  return count > 0 ? `Keywarden: ${attentionLabel(count)}` : 'Keywarden';
}

export function trayMenuTemplate(count: number, checking: boolean, actions: Record<keyof TrayActions, () => void>) {
  return [
    { id: 'open', label: 'Open Keywarden', click: () => actions.open() },
    { id: 'check', label: checking ? 'Checking…' : 'Check now', enabled: !checking, click: () => actions.checkNow() },
    { type: 'separator' },
    { id: 'attention', label: attentionLabel(count), enabled: false },
    { type: 'separator' },
    { id: 'quit', label: 'Quit', click: () => actions.quit() },
  ] satisfies MenuItemConstructorOptions[];
}

/**
 * The tray icon from the PNG embedded in main's bundle (a data URL): 32 pixels drawn for a 16-point icon, so it is
 * marked as a 2x image and stays sharp on high-density screens and the macOS menu bar.
 */
export function trayIcon(images: Pick<typeof NativeImageModule, 'createFromBuffer'>, pngDataUrl: string): NativeImage {
  const base64 = pngDataUrl.slice(pngDataUrl.indexOf(',') + 1);
  return images.createFromBuffer(Buffer.from(base64, 'base64'), { scaleFactor: 2 });
}

export function createAppTray(deps: TrayDeps): AppTray {
  const tray = new deps.Tray(deps.icon);
  let count = 0;
  let checking = false;
  const render = (): void => {
    tray.setToolTip(trayTooltip(count));
    // Linux shows a changed menu only when it is set again, so the whole menu is rebuilt on every change.
    tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(count, checking, { ...deps.actions, checkNow })));
  };
  const checkNow = (): void => {
    if (checking) return;
    checking = true;
    render();
    void deps.actions
      .checkNow()
      .catch(() => undefined)
      .finally(() => {
        checking = false;
        render();
      });
  };
  // Windows opens the app on a click of the icon; macOS shows the menu instead, and most Linux trays send no click.
  if (deps.platform === 'win32') tray.on('click', () => deps.actions.open());
  render();
  return {
    setAttention(next) {
      if (next === count) return;
      count = next;
      render();
    },
    destroy: () => tray.destroy(),
  };
}
