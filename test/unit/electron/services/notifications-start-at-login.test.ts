/**
 * The notifications service hands the global start-at-login setting to the host's Notifier: once at start (so the
 * system's login item follows the saved setting) and whenever the admin saves the settings. A host without the
 * hook (the web host) is fine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NotificationsService, type Notifier, type Timer } from '../../../../electron/services/notifications.service.js';
import type { SiteProfile } from '../../../../electron/services/site-profiles.js';
import { DEFAULT_NOTIFY_SETTINGS } from '../../../../shared/expiry-notifications.js';
import { MemoryStore } from '../../support.js';
import { WriteThroughSink } from '../../../support/fake-snapshot-writer.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const profile: SiteProfile = {
  id: 'demo-site',
  name: 'Demo',
  origin: 'https://flywheel.example.org',
  release: '18.4.0',
  userId: 'ada@example.org',
  userName: 'Ada Lovelace',
  isSiteAdmin: true,
  keyKind: 'enhanced',
  storage: 'keychain',
  notices: [],
  features: null,
  connectedAt: NOW.toISOString(),
};

const timer: Timer = { every: () => () => undefined };
let dir: string;
let settings: MemoryStore;

function service(notifier: Notifier): NotificationsService {
  return new NotificationsService({
    dir,
    clock: { now: () => NOW },
    settings,
    notifier,
    publish: () => undefined,
    timer,
    sites: () => [profile],
    activeSite: () => profile,
    snapshot: () => null,
    refreshSite: () => Promise.resolve(true),
    upgradeDate: () => null,
    saver: new WriteThroughSink(),
  });
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-login-item-'));
  settings = new MemoryStore();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('start at login through the Notifier', () => {
  it('start() applies the saved setting once (off by default)', async () => {
    const applyStartAtLogin = vi.fn();
    await service({ show: vi.fn(), setAttention: vi.fn(), applyStartAtLogin }).start();
    expect(applyStartAtLogin.mock.calls).toEqual([[false]]);

    applyStartAtLogin.mockClear();
    settings.set('notifications', { checkEveryHours: 6, startAtLogin: true });
    await service({ show: vi.fn(), setAttention: vi.fn(), applyStartAtLogin }).start();
    expect(applyStartAtLogin.mock.calls).toEqual([[true]]);
  });

  it('updateSettings applies what the admin chose', () => {
    const applyStartAtLogin = vi.fn();
    const notifications = service({ show: vi.fn(), setAttention: vi.fn(), applyStartAtLogin });
    notifications.updateSettings(DEFAULT_NOTIFY_SETTINGS, { checkEveryHours: 6, startAtLogin: true });
    notifications.updateSettings(DEFAULT_NOTIFY_SETTINGS, { checkEveryHours: 12, startAtLogin: false });
    expect(applyStartAtLogin.mock.calls).toEqual([[true], [false]]);
    expect(notifications.globalSettings()).toEqual({ checkEveryHours: 12, startAtLogin: false });
  });

  it('a host without the hook (the web host) starts and saves as before', async () => {
    const notifications = service({ show: vi.fn(), setAttention: vi.fn() });
    await expect(notifications.start()).resolves.toBeUndefined();
    expect(() => notifications.updateSettings(DEFAULT_NOTIFY_SETTINGS, { checkEveryHours: 6, startAtLogin: true })).not.toThrow();
    notifications.stop();
  });
});
