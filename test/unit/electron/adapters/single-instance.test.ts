import { describe, expect, it, vi } from 'vitest';
import { fakeApp, fakeWindow } from './electron-fakes.js';

vi.mock('electron', () => ({}));

const { claimSingleInstance } = await import('../../../../electron/adapters/single-instance.js');
const { revealWindow } = await import('../../../../electron/adapters/app-window.js');

describe('one instance only', () => {
  it('quits at once when the lock is refused, and listens for nothing', () => {
    const app = fakeApp(false);
    const focusApp = vi.fn();
    expect(claimSingleInstance(app as never, focusApp)).toBe(false);
    expect(app.calls).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(app.listeners.has('second-instance')).toBe(false);
  });

  it('keeps running with the lock, and a second launch restores and focuses the window', () => {
    const app = fakeApp(true);
    const window = fakeWindow({ minimized: true });
    expect(claimSingleInstance(app as never, () => revealWindow(window as never))).toBe(true);
    expect(app.calls).toEqual(['requestSingleInstanceLock']);
    app.emit('second-instance', {}, ['/opt/keywarden'], '/home/ada');
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('a second launch from the login item (--hidden) does not pop the window up', () => {
    const app = fakeApp(true);
    const focusApp = vi.fn();
    claimSingleInstance(app as never, focusApp);
    app.emit('second-instance', {}, ['/opt/keywarden', '--hidden'], '/home/ada');
    expect(focusApp).not.toHaveBeenCalled();
  });
});
