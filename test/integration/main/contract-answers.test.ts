/**
 * The harness checks every ok answer against its channel's output schema (test/support/main-harness.ts). The other
 * files of this tier reach most channels; these are the ones they do not, each answered once on a connected site.
 */
import { describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import type { MainHarness } from '../../support/main-harness.js';
import { eachTestOnConnectedDemoSite, ok } from './support.js';

let harness: MainHarness;
eachTestOnConnectedDemoSite((_service: KeyService, connected: MainHarness) => {
  harness = connected;
});

describe('answers of the contract, checked against their output schemas', () => {
  it('preferences.get and preferences.update', async () => {
    const before = await ok<{ expiringWithinDays: number; idleAfterDays: number }>(harness, 'preferences.get');
    const next = { expiringWithinDays: before.expiringWithinDays + 1, idleAfterDays: before.idleAfterDays + 1 };
    expect(await ok(harness, 'preferences.update', next)).toEqual(next);
    expect(await ok(harness, 'preferences.get')).toEqual(next);
  });

  it('sites.activate', async () => {
    const state = await ok<{ activeId: string }>(harness, 'sites.state');
    expect(await ok(harness, 'sites.activate', { id: state.activeId })).toMatchObject({ activeId: state.activeId });
  });

  it('migration.updateSettings', async () => {
    const settings = { quietDays: 21, upgradeDate: null };
    const view = await ok<{ settings: unknown } | null>(harness, 'migration.updateSettings', settings);
    expect(view?.settings).toEqual(settings);
  });

  it('migration.attestUserKeys, recorded and taken back', async () => {
    const recorded = await ok<{ userKeysChecked: unknown } | null>(harness, 'migration.attestUserKeys', {
      note: 'Every user confirmed by mail',
    });
    // The key service lists every user's keys, so the record is kept but has no bearing on the view.
    expect(recorded?.userKeysChecked).toBeNull();
    expect(await ok(harness, 'migration.attestUserKeys', { note: null })).not.toBeNull();
    const audit = await ok<{ action: string }[]>(harness, 'audit.list', {});
    expect(audit.slice(0, 2).map((entry) => entry.action)).toEqual([
      'migration-user-keys-unchecked',
      'migration-user-keys-checked',
    ]);
  });

  it('clipboard.copyText puts a prepared text (never a secret) on the clipboard', async () => {
    const text = 'Flywheel support: please replace the legacy key of MRI Reaper (Bay 1).';
    expect(await ok(harness, 'clipboard.copyText', { text })).toEqual({ copied: true });
    expect(await harness.clipboard.readText()).toBe(text);
  });
});
