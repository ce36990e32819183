/**
 * The desktop's Confirmer over fakes of Electron's dialog and window: a warning box on the app's window with main's
 * text, the confirm button first and Cancel as the default and the Escape answer, and a yes only for a click on the
 * confirm button (response 0). Without a window, when the box fails, or while another question is open: no.
 */
import { describe, expect, it, vi } from 'vitest';
import type { BrowserWindow, MessageBoxOptions, MessageBoxReturnValue } from 'electron';
import type { ConfirmRequest } from '../../../../electron/services/confirmations.js';
import { fakeWindow } from './electron-fakes.js';

// The adapter takes Electron's dialog as a parameter; an accidental value import of electron would get nothing here.
vi.mock('electron', () => ({}));

const { createElectronConfirmer, messageBoxOptions } = await import('../../../../electron/adapters/electron-confirmer.js');

const request: ConfirmRequest = {
  title: 'Revoke key "Nightly" of device "MR scanner 3"?',
  lines: ['"Nightly" of device "MR scanner 3" (last used 2026-11-20)', 'Anything still using it is rejected from then on.'],
  detail: 'If you did not just ask for it, click Cancel.',
  confirmLabel: 'Revoke key',
  destructive: true,
};

function setup(answer: (options: MessageBoxOptions) => Promise<MessageBoxReturnValue>, window = fakeWindow()) {
  const calls: { parent: unknown; options: MessageBoxOptions }[] = [];
  const showMessageBox = vi.fn((parent: unknown, options: MessageBoxOptions) => {
    calls.push({ parent, options });
    return answer(options);
  });
  const confirmer = createElectronConfirmer({
    dialog: { showMessageBox } as never,
    window: () => window as unknown as BrowserWindow,
  });
  return { confirmer, calls, window, showMessageBox };
}

const answering = (response: number) => () => Promise.resolve({ response, checkboxChecked: false });

describe('the Electron confirmer', () => {
  it("shows a warning box on the app's window: main's question, its lines, Cancel as default and cancel", async () => {
    const { confirmer, calls, window } = setup(answering(0));
    await confirmer.confirm(request);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.parent).toBe(window);
    expect(calls[0]!.options).toEqual({
      type: 'warning',
      title: request.title,
      message: request.title,
      detail: [...request.lines, '', request.detail].join('\n'),
      buttons: ['Revoke key', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
    });
  });

  it('is a yes only when the confirm button (0) was clicked', async () => {
    expect(await setup(answering(0)).confirmer.confirm(request)).toBe(true);
    expect(await setup(answering(1)).confirmer.confirm(request)).toBe(false);
    expect(await setup(answering(-1)).confirmer.confirm(request)).toBe(false);
    expect(await setup(answering(2)).confirmer.confirm(request)).toBe(false);
  });

  it('brings the window to the front before asking (it may be hidden in the tray)', async () => {
    const window = fakeWindow({ minimized: true });
    const { confirmer } = setup(answering(1), window);
    await confirmer.confirm(request);
    expect(window.calls).toEqual(['restore', 'show', 'focus']);
  });

  it('without a window, or a destroyed one, nothing is shown and the answer is no', async () => {
    const showMessageBox = vi.fn(answering(0));
    const none = createElectronConfirmer({ dialog: { showMessageBox } as never, window: () => null });
    expect(await none.confirm(request)).toBe(false);
    const destroyed = setup(answering(0), fakeWindow({ destroyed: true }));
    expect(await destroyed.confirmer.confirm(request)).toBe(false);
    expect(showMessageBox).not.toHaveBeenCalled();
    expect(destroyed.showMessageBox).not.toHaveBeenCalled();
  });

  it('a box that fails to show is a no', async () => {
    const { confirmer } = setup(() => Promise.reject(new Error('no display')));
    expect(await confirmer.confirm(request)).toBe(false);
  });

  it('while one question is open, a second one is answered no without a second box', async () => {
    let click: (response: number) => void = () => undefined;
    const { confirmer, showMessageBox } = setup(
      () => new Promise((resolve) => (click = (response) => resolve({ response, checkboxChecked: false }))),
    );
    const first = confirmer.confirm(request);
    expect(await confirmer.confirm({ ...request, title: 'Delete device "Other"?' })).toBe(false);
    expect(showMessageBox).toHaveBeenCalledTimes(1);
    click(0);
    expect(await first).toBe(true);
    // Answered: the next question gets its own box.
    const next = confirmer.confirm(request);
    click(1);
    expect(await next).toBe(false);
    expect(showMessageBox).toHaveBeenCalledTimes(2);
  });

  it('without a detail, the box lists only the lines', () => {
    const { detail: _detail, ...bare } = request;
    expect(messageBoxOptions(bare).detail).toBe(request.lines.join('\n'));
  });
});
