/**
 * One instance only (issue 8): two would share the data folder (settings, snapshots, the notification ledger)
 * and notify twice. A second launch quits at once, before it touches anything, and the first comes to the front.
 */
import type { App } from 'electron';
import { HIDDEN_ARG } from './login-item.js';

/** Answers whether this process is the one instance; when not, it has asked to quit and must do nothing more. */
export function claimSingleInstance(app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>, focusApp: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv) => {
    // A login-item launch (`--hidden`) while the app already runs must not pop the window up.
    if (argv.includes(HIDDEN_ARG)) return;
    focusApp();
  });
  return true;
}
