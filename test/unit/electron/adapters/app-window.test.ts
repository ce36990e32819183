import { describe, expect, it, vi } from 'vitest';
import { fakeApp, fakeWindow } from './electron-fakes.js';

// The adapter takes Electron's objects as parameters; an accidental value import of electron would get nothing here.
vi.mock('electron', () => ({}));

const { hideOnClose, revealWindow } = await import('../../../../electron/adapters/app-window.js');

describe('revealWindow', () => {
  it('restores a minimised window, shows it and gives it the focus', () => {
    const window = fakeWindow({ minimized: true });
    expect(revealWindow(window as never)).toBe(true);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('shows and focuses a hidden window without restoring it', () => {
    const window = fakeWindow();
    revealWindow(window as never);
    expect(window.calls).toEqual(['show', 'focus']);
  });

  it('does nothing without a window or with a destroyed one', () => {
    expect(revealWindow(null)).toBe(false);
    const destroyed = fakeWindow({ destroyed: true });
    expect(revealWindow(destroyed as never)).toBe(false);
    expect(destroyed.calls).toEqual([]);
  });
});

describe('hideOnClose', () => {
  const close = () => ({ preventDefault: vi.fn() });

  it('in tray mode, closing hides the window instead', () => {
    const window = fakeWindow();
    hideOnClose(window as never, fakeApp() as never, () => true);
    const event = close();
    window.listeners.get('close')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.calls).toEqual(['hide']);
  });

  it('without tray mode, closing closes (and the app quits on window-all-closed)', () => {
    const window = fakeWindow();
    hideOnClose(window as never, fakeApp() as never, () => false);
    const event = close();
    window.listeners.get('close')!(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(window.calls).toEqual([]);
  });

  it('reads the tray mode at the time of closing (the admin may have changed the setting)', () => {
    const window = fakeWindow();
    let keep = false;
    hideOnClose(window as never, fakeApp() as never, () => keep);
    keep = true;
    const event = close();
    window.listeners.get('close')!(event);
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('a real quit (before-quit) or the end of a Windows session closes the window even in tray mode', () => {
    for (const [source, name] of [
      ['app', 'before-quit'],
      ['window', 'session-end'],
    ] as const) {
      const window = fakeWindow();
      const app = fakeApp();
      hideOnClose(window as never, app as never, () => true);
      (source === 'app' ? app.listeners : window.listeners).get(name)!();
      const event = close();
      window.listeners.get('close')!(event);
      expect(event.preventDefault, name).not.toHaveBeenCalled();
      expect(window.calls).toEqual([]);
    }
  });
});
