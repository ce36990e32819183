/**
 * Updates with a fake updater, a fake admin and a fake timer (issue 11): off without a feed (never checks), checks at
 * start and on the timer with one; "no" downloads and installs nothing; "yes" downloads, then asks again before
 * installing; never installs without that second yes. Outcomes are logged.
 */
import { describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../../electron/services/logger.js';
import type { Timer } from '../../../../electron/services/notifications.service.js';
import {
  readUpdateSettings,
  UpdateService,
  type UpdateQuestion,
  type Updater,
} from '../../../../electron/services/update.service.js';

const FEED = 'https://updates.example.org/keywarden/';

function setup(
  options: { settings?: unknown; offered?: string | null; answers?: boolean[]; failCheck?: boolean; failDownload?: boolean } = {},
) {
  const calls: string[] = [];
  const asked: UpdateQuestion[] = [];
  const answers = [...(options.answers ?? [])];
  const ticks: { ms: number; task: () => void }[] = [];
  const updater: Updater = {
    useFeed: (url) => calls.push(`feed ${url}`),
    check: () => {
      calls.push('check');
      return options.failCheck ? Promise.reject(new Error('offline')) : Promise.resolve(options.offered ?? null);
    },
    download: () => {
      calls.push('download');
      return options.failDownload ? Promise.reject(new Error('offline')) : Promise.resolve();
    },
    install: () => calls.push('install'),
  };
  const timer: Timer = {
    every: (ms, task) => {
      ticks.push({ ms, task });
      return () => calls.push('timer stopped');
    },
  };
  const lines: string[] = [];
  const service = new UpdateService({
    settings: { get: (key) => (key === 'updates' ? options.settings : undefined) },
    loadUpdater: () => {
      calls.push('load');
      return Promise.resolve(updater);
    },
    asker: {
      ask: (question) => {
        asked.push(question);
        return Promise.resolve(answers.shift() ?? false);
      },
    },
    timer,
    logger: createLogger((line) => lines.push(line)),
    currentVersion: '0.1.0',
  });
  const events = () => lines.map((line) => (JSON.parse(line) as { event: string }).event);
  return { service, calls, asked, ticks, events };
}

describe('UpdateService', () => {
  it('without a feed, never loads the updater, never checks, never asks, sets no timer', async () => {
    const { service, calls, asked, ticks, events } = setup();
    expect(await service.start()).toBe('off');
    expect(await service.check({ manual: true })).toBe('off');
    expect(calls).toEqual([]);
    expect(asked).toEqual([]);
    expect(ticks).toEqual([]);
    expect(service.enabled()).toBe(false);
    expect(events()).toEqual(['updates.off']);
  });

  it.each([
    { feedUrl: 'http://updates.example.org/' },
    { feedUrl: 'https://user:pw@updates.example.org/' },
    { feedUrl: 'not a url' },
    { feedUrl: FEED, checkEveryHours: 0 },
    { feedUrl: FEED, extra: true },
    'https://updates.example.org/',
  ])('an invalid feed setting (%j) is off, and logged as invalid', async (settings) => {
    const { service, calls, events } = setup({ settings, offered: '0.2.0' });
    expect(await service.start()).toBe('invalid-feed');
    expect(calls).toEqual([]);
    expect(events()).toEqual(['updates.invalid-feed']);
  });

  it('with a feed, checks at start and then every checkEveryHours', async () => {
    const { service, calls, ticks } = setup({ settings: { feedUrl: FEED, checkEveryHours: 12 } });
    expect(await service.start()).toBe('current');
    expect(service.enabled()).toBe(true);
    expect(calls).toEqual(['load', `feed ${FEED}`, 'check']);
    expect(ticks.map((tick) => tick.ms)).toEqual([12 * 60 * 60 * 1000]);
    ticks[0]!.task();
    await Promise.resolve();
    expect(calls).toEqual(['load', `feed ${FEED}`, 'check', 'check']);
    service.stop();
    expect(calls.at(-1)).toBe('timer stopped');
    expect(readUpdateSettings({ get: () => ({ feedUrl: FEED }) })).toEqual({ feedUrl: FEED, checkEveryHours: 6 });
  });

  it('"no" to the download: nothing downloaded or installed, and the same version is not asked again until asked by hand', async () => {
    const { service, calls, asked, events } = setup({ settings: { feedUrl: FEED }, offered: '0.2.0', answers: [false] });
    expect(await service.start()).toBe('declined');
    expect(asked).toEqual([{ kind: 'download', version: '0.2.0', current: '0.1.0' }]);
    expect(calls).not.toContain('download');
    expect(calls).not.toContain('install');
    expect(await service.check()).toBe('declined');
    expect(asked).toHaveLength(1);
    expect(await service.check({ manual: true })).toBe('declined');
    expect(asked).toHaveLength(2);
    expect(events()).toContain('updates.download-declined');
  });

  it('"yes" downloads, then asks again; "no" to installing installs nothing', async () => {
    const { service, calls, asked, events } = setup({ settings: { feedUrl: FEED }, offered: '0.2.0', answers: [true, false] });
    expect(await service.start()).toBe('downloaded');
    expect(calls).toEqual(['load', `feed ${FEED}`, 'check', 'download']);
    expect(asked.map((question) => question.kind)).toEqual(['download', 'install']);
    expect(events()).toEqual(['updates.on', 'updates.downloaded', 'updates.install-declined']);
  });

  it('installs only after the second yes', async () => {
    const { service, calls, events } = setup({ settings: { feedUrl: FEED }, offered: '0.2.0', answers: [true, true] });
    expect(await service.start()).toBe('installing');
    expect(calls).toEqual(['load', `feed ${FEED}`, 'check', 'download', 'install']);
    expect(events().at(-1)).toBe('updates.installing');
  });

  it('a feed that cannot be read or a failed download is logged, asks nothing more and installs nothing', async () => {
    const unreadable = setup({ settings: { feedUrl: FEED }, failCheck: true });
    expect(await unreadable.service.start()).toBe('failed');
    expect(unreadable.asked).toEqual([]);
    expect(unreadable.events()).toContain('updates.check-failed');
    const broken = setup({ settings: { feedUrl: FEED }, offered: '0.2.0', answers: [true, true], failDownload: true });
    expect(await broken.service.start()).toBe('failed');
    expect(broken.asked).toHaveLength(1);
    expect(broken.calls).not.toContain('install');
  });

  it('one check at a time: a check while the admin is being asked does nothing', async () => {
    let answer: (yes: boolean) => void = () => undefined;
    const asked: UpdateQuestion[] = [];
    const service = new UpdateService({
      settings: { get: () => ({ feedUrl: FEED }) },
      loadUpdater: () =>
        Promise.resolve({
          useFeed: () => undefined,
          check: () => Promise.resolve('0.2.0'),
          download: () => Promise.resolve(),
          install: () => undefined,
        }),
      asker: {
        ask: (question) => {
          asked.push(question);
          return new Promise<boolean>((resolve) => (answer = resolve));
        },
      },
      timer: { every: () => () => undefined },
      logger: createLogger(() => undefined),
      currentVersion: '0.1.0',
    });
    const first = service.start();
    await vi.waitFor(() => expect(asked).toHaveLength(1));
    expect(await service.check({ manual: true })).toBe('busy');
    answer(false);
    expect(await first).toBe('declined');
    expect(asked).toHaveLength(1);
  });
});
