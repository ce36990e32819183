/**
 * The tray over fakes of Tray and Menu: the menu's items do what they say, "Check now" cannot be started twice,
 * the attention line and tooltip follow the count; and the icon is the 32-pixel PNG embedded in main's bundle.
 */
import fs from 'node:fs';
import zlib from 'node:zlib';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import trayIconDataUrl from '../../../../electron/assets/tray-icon.png?inline';
import { fakeIcon, fakeMenu, FakeTray } from './electron-fakes.js';

vi.mock('electron', () => ({}));

const { attentionLabel, createAppTray, trayIcon, trayTooltip } = await import('../../../../electron/adapters/tray.js');

function setup(platform: NodeJS.Platform = 'linux', checkNow = vi.fn().mockResolvedValue(2)) {
  const actions = { open: vi.fn(), checkNow, quit: vi.fn() };
  const tray = createAppTray({ Tray: FakeTray as never, Menu: fakeMenu, icon: fakeIcon, platform, actions });
  return { tray, actions, fake: FakeTray.created.at(-1)! };
}

/** Lets the promise chain behind "Check now" settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  FakeTray.created = [];
});

describe('the tray', () => {
  it('shows the icon with a menu: open, check now, the attention line (disabled), quit', () => {
    const { fake } = setup();
    expect(fake.image).toBe(fakeIcon);
    expect(fake.template.map((item) => (item.type === 'separator' ? '---' : item.label))).toEqual([
      'Open Keywarden',
      'Check now',
      '---',
      'No key needs attention',
      '---',
      'Quit',
    ]);
    expect(fake.item('attention').enabled).toBe(false);
    expect(fake.tooltip).toBe('Keywarden');
  });

  it('each item calls what it says', async () => {
    const { fake, actions } = setup();
    fake.click('open');
    expect(actions.open).toHaveBeenCalledTimes(1);
    fake.click('check');
    expect(actions.checkNow).toHaveBeenCalledTimes(1);
    await settle();
    fake.click('quit');
    expect(actions.quit).toHaveBeenCalledTimes(1);
    expect(actions.open).toHaveBeenCalledTimes(1);
  });

  it('"Check now" is disabled while a check runs, and comes back after it, even after a failure', async () => {
    let finish: (value: unknown) => void = () => undefined;
    let fail: (error: unknown) => void = () => undefined;
    const checkNow = vi.fn(() => new Promise((resolve, reject) => ((finish = resolve), (fail = reject))));
    const { fake } = setup('linux', checkNow);
    fake.click('check');
    expect(fake.item('check')).toMatchObject({ label: 'Checking…', enabled: false });
    fake.click('check');
    expect(checkNow).toHaveBeenCalledTimes(1);
    finish(3);
    await settle();
    expect(fake.item('check')).toMatchObject({ label: 'Check now', enabled: true });
    fake.click('check');
    fail(new Error('offline'));
    await settle();
    expect(fake.item('check')).toMatchObject({ label: 'Check now', enabled: true });
    expect(checkNow).toHaveBeenCalledTimes(2);
  });

  it('the attention count goes to the tooltip and the menu line', () => {
    const { tray, fake } = setup();
    tray.setAttention(3);
    expect(fake.tooltip).toBe('Keywarden: 3 keys need attention');
    expect(fake.item('attention').label).toBe('3 keys need attention');
    tray.setAttention(1);
    expect(fake.item('attention').label).toBe('1 key needs attention');
  });

  it('a click on the icon opens the app on Windows only (macOS shows the menu)', () => {
    const windows = setup('win32');
    windows.fake.listeners.get('click')!();
    expect(windows.actions.open).toHaveBeenCalled();
    expect(setup('darwin').fake.listeners.has('click')).toBe(false);
  });

  it('destroy removes the icon', () => {
    const { tray, fake } = setup();
    tray.destroy();
    expect(fake.destroyed).toBe(true);
  });
});

describe('the attention text', () => {
  it('says how many keys need attention', () => {
    expect(attentionLabel(0)).toBe('No key needs attention');
    expect(attentionLabel(1)).toBe('1 key needs attention');
    expect(attentionLabel(3)).toBe('3 keys need attention');
    expect(attentionLabel(12000)).toBe('12,000 keys need attention');
    expect(trayTooltip(0)).toBe('Keywarden');
    expect(trayTooltip(12)).toBe('Keywarden: 12 keys need attention');
  });
});

describe('the tray icon', () => {
  const file = new URL('../../../../electron/assets/tray-icon.png', import.meta.url);

  it('is a 32x32 RGBA PNG whose pixels decode', () => {
    const png = fs.readFileSync(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
    expect(png.toString('latin1', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([32, 32, 8, 6]);
    const data: Buffer[] = [];
    for (let at = 8; at < png.length;) {
      const length = png.readUInt32BE(at);
      if (png.toString('latin1', at + 4, at + 8) === 'IDAT') data.push(png.subarray(at + 8, at + 8 + length));
      at += 12 + length;
    }
    const pixels = zlib.inflateSync(Buffer.concat(data));
    expect(pixels.length).toBe(32 * (1 + 32 * 4));
    // Not blank: some pixels are opaque, some transparent.
    const alphas = new Set<number>();
    for (let row = 0; row < 32; row += 1) for (let x = 0; x < 32; x += 1) alphas.add(pixels[row * 129 + 1 + x * 4 + 3]!);
    expect(alphas.has(0) && alphas.has(255)).toBe(true);
  });

  it('is embedded as a data URL (so main.js carries it) and made into a 2x image of 16 points', () => {
    expect(trayIconDataUrl.startsWith('data:image/png;base64,')).toBe(true);
    const createFromBuffer = vi.fn(() => fakeIcon);
    expect(trayIcon({ createFromBuffer }, trayIconDataUrl)).toBe(fakeIcon);
    expect(createFromBuffer).toHaveBeenCalledWith(fs.readFileSync(file), { scaleFactor: 2 });
  });
});
