/**
 * Start at login, minimised to the tray (issue 8; off by default). Windows and macOS register a login item
 * through Electron; Linux has no such API in Electron, so an XDG autostart entry is written instead
 * (freedesktop.org Desktop Application Autostart Specification). Windows and Linux start the app with
 * `--hidden`; macOS passes no arguments to a login item, so there the app asks whether it was opened at login.
 *
 * Electron 45 has no `openAsHidden` / `wasOpenedAsHidden` any more (macOS 13's SMAppService dropped them):
 * `wasOpenedAtLogin` is what tells a login launch on macOS.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';
import type { Logger } from '../ports.js';
import { writeFileAtomic } from '../services/atomic-file.js';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'keywarden.desktop';

export interface LoginItemDeps {
  readonly app: Pick<App, 'setLoginItemSettings'>;
  readonly platform: NodeJS.Platform;
  /** Linux: `$XDG_CONFIG_HOME/autostart` (app.getPath('appData') + '/autostart'). */
  readonly autostartDir: string;
  /** Linux: what the autostart entry runs (the AppImage's path when run from one, else the executable). */
  readonly execPath: string;
  /** app.isPackaged: a development run (`electron .`) has no executable of its own to register. */
  readonly packaged: boolean;
  readonly logger: Logger;
}

/** Registers or removes the login item; never throws (a failure is logged, the setting stays as the admin chose). */
export function applyStartAtLogin(deps: LoginItemDeps, enabled: boolean): void {
  if (enabled && !deps.packaged) {
    deps.logger.info('login-item.skipped-unpackaged');
    return;
  }
  try {
    if (deps.platform === 'linux') {
      applyLinuxAutostart(deps, enabled);
    } else {
      deps.app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] });
    }
    deps.logger.info('login-item.applied', { enabled });
  } catch {
    deps.logger.warn('login-item.failed', { enabled });
  }
}

/** Whether this launch should show only the tray, not the window. */
export function launchedHidden(
  argv: readonly string[],
  app: Pick<App, 'getLoginItemSettings'>,
  platform: NodeJS.Platform,
): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin === true;
}

function applyLinuxAutostart(deps: LoginItemDeps, enabled: boolean): void {
  const file = path.join(deps.autostartDir, AUTOSTART_FILE);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return;
  }
  writeFileAtomic(file, autostartEntry(deps.execPath), 0o644);
}

/** The autostart entry; the Exec line quotes the path as the Desktop Entry Specification asks. */
export function autostartEntry(execPath: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Keywarden',
    'Comment=Watches the expiry of the API keys of your Flywheel sites',
    `Exec=${execArgument(execPath)} ${HIDDEN_ARG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * A quoted Exec argument: inside double quotes, `"`, `` ` ``, `$` and `\` take a backslash; then, the value
 * being a string, every backslash is doubled; `%` is a field code and is written `%%`.
 */
export function execArgument(value: string): string {
  const quoted = `"${value.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted
    .replace(/\\/g, '\\\\')
    .replace(/%/g, '%%')
    .replace(/[\r\n]/g, '');
}
