/**
 * Issue 9, "A compromised renderer must not be able to destroy anything on its own": in the desktop composition a
 * destructive or access-changing action needs the admin's yes from outside the renderer (the Confirmer port; a
 * native dialog in Electron). A renderer that asks main for a confirmation token and spends it at once, without the
 * admin's click, changes nothing on the site, leaves no journal intent and no 'ok' audit entry. What the admin is
 * asked is main's own text from its inventory: the keys, their owners, what stops working. One question per action.
 */
import { describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { ConfirmRequest, Confirmer } from '../../../electron/services/confirmations.js';
import type { AuditEntry, Confirmation } from '../../../shared/ipc-contract.js';
import type { Result } from '../../../shared/result.js';
import type { MainHarness } from '../../support/main-harness.js';
import {
  actionAudit,
  confirm,
  connectAdmin,
  failCode,
  inDays,
  journalEntries,
  load,
  ok,
  refresh,
  secretOf,
  siteCall,
  siteDevice,
  siteUsers,
  startDemoSite,
} from './support.js';

/** The admin's side of the native dialog: answers as told, and keeps what it was asked. */
function admin(answer: boolean, onAsk?: (request: ConfirmRequest) => Promise<void>) {
  const asked: ConfirmRequest[] = [];
  const confirmer: Confirmer = {
    confirm: async (request) => {
      asked.push(request);
      await onAsk?.(request);
      return answer;
    },
  };
  return { confirmer, asked };
}

async function withDesktop(
  confirmer: Confirmer,
  run: (service: KeyService, harness: MainHarness) => Promise<void>,
): Promise<void> {
  const service = await startDemoSite();
  const { harness } = await connectAdmin(service, { confirmer });
  try {
    await refresh(harness);
    await run(service, harness);
  } finally {
    harness.cleanup();
    await service.close();
  }
}

async function deviceKeyIds(service: KeyService, id: string): Promise<string[]> {
  return ((await siteDevice(service, id))?.api_keys ?? []).map((key) => key._id);
}

/** What the actions wrote (the harness's connect to the site aside). */
function audit(harness: MainHarness): Promise<AuditEntry[]> {
  return actionAudit(harness);
}

function notConfirmed(result: Result<unknown>): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe('confirmation-required');
  expect(result.error.message).toMatch(/^You did not confirm .*Nothing was changed\.$/);
}

const reaper = { type: 'device', id: DEMO_DEVICE_IDS.reaperOk } as const;

describe('the self-confirm sequence fails in the desktop composition', () => {
  it('a renderer that requests a confirmation and spends it at once revokes nothing when the admin did not click', async () => {
    const { confirmer, asked } = admin(false);
    await withDesktop(confirmer, async (service, harness) => {
      const keyIds = await deviceKeyIds(service, reaper.id);
      expect(keyIds).toHaveLength(5);
      for (const keyId of keyIds) {
        const token = await confirm(harness, 'revoke-key', [keyId]);
        notConfirmed(await harness.services.dispatch('keys.revoke', { owner: reaper, keyId, confirmationId: token.id }));
      }
      // The site still has every key, and so has main's inventory.
      expect(await deviceKeyIds(service, reaper.id)).toEqual(keyIds);
      const inventory = (await load(harness)).inventory!;
      expect(keyIds.every((id) => inventory.keys.some((key) => key.id === id))).toBe(true);
      // Nothing was started: no journal intent; the audit log shows the refusals only.
      expect(journalEntries(harness)).toEqual([]);
      const entries = await audit(harness);
      expect(entries.some((entry) => entry.outcome === 'ok')).toBe(false);
      expect(entries.map((entry) => [entry.action, entry.outcome, entry.keyId])).toEqual(
        [...keyIds].reverse().map((id) => ['revoke-key', 'failed', id]),
      );
      expect(entries.every((entry) => entry.detail.startsWith('Not confirmed'))).toBe(true);
      // Each attempt asked the admin once; the spent tokens cannot be tried again.
      expect(asked).toHaveLength(5);
    });
  });

  it('a spent token is gone: trying again does not even ask the admin', async () => {
    const { confirmer, asked } = admin(false);
    await withDesktop(confirmer, async (service, harness) => {
      const [keyId] = await deviceKeyIds(service, reaper.id);
      const token = await confirm(harness, 'revoke-key', [keyId!]);
      notConfirmed(await harness.services.dispatch('keys.revoke', { owner: reaper, keyId, confirmationId: token.id }));
      expect(await failCode(harness, 'keys.revoke', { owner: reaper, keyId, confirmationId: token.id })).toBe(
        'confirmation-required',
      );
      expect(asked).toHaveLength(1);
      expect(await deviceKeyIds(service, reaper.id)).toContain(keyId);
    });
  });

  it('rotate as compromised, delete, disable and enable change nothing without the admin', async () => {
    const { confirmer, asked } = admin(false);
    await withDesktop(confirmer, async (service, harness) => {
      const keysBefore = await deviceKeyIds(service, DEMO_DEVICE_IDS.reaperMissing);
      const [keyId] = keysBefore;
      const owner = { type: 'device', id: DEMO_DEVICE_IDS.reaperMissing } as const;
      const rotate = await confirm(harness, 'rotate-compromised', [keyId!]);
      notConfirmed(
        await harness.services.dispatch('keys.rotate', {
          owner,
          keyId,
          expiresAt: inDays(30),
          compromised: true,
          confirmationId: rotate.id,
        }),
      );
      // No new key either: the question comes before anything is made.
      expect(await deviceKeyIds(service, DEMO_DEVICE_IDS.reaperMissing)).toEqual(keysBefore);

      const remove = await confirm(harness, 'delete-device', [DEMO_DEVICE_IDS.importerMissing]);
      notConfirmed(
        await harness.services.dispatch('devices.remove', {
          deviceId: DEMO_DEVICE_IDS.importerMissing,
          confirmationId: remove.id,
          typedLabel: remove.typeToConfirm,
        }),
      );
      expect(await siteDevice(service, DEMO_DEVICE_IDS.importerMissing)).not.toBeNull();

      const disable = await confirm(harness, 'disable-device', [reaper.id]);
      notConfirmed(
        await harness.services.dispatch('devices.setDisabled', {
          deviceId: reaper.id,
          disabled: true,
          confirmationId: disable.id,
        }),
      );
      expect((await siteDevice(service, reaper.id))?.disabled).toBe(false);

      const enable = await confirm(harness, 'enable-device', [DEMO_DEVICE_IDS.reaperDisabled]);
      notConfirmed(
        await harness.services.dispatch('devices.setDisabled', {
          deviceId: DEMO_DEVICE_IDS.reaperDisabled,
          disabled: false,
          confirmationId: enable.id,
        }),
      );
      expect((await siteDevice(service, DEMO_DEVICE_IDS.reaperDisabled))?.disabled).toBe(true);

      const disableUser = await confirm(harness, 'disable-user', [DEMO_USER_IDS.user]);
      notConfirmed(
        await harness.services.dispatch('users.setDisabled', {
          userId: DEMO_USER_IDS.user,
          disabled: true,
          confirmationId: disableUser.id,
        }),
      );
      const grace = secretOf(service.keys!.user);
      expect((await siteCall(service, 'GET', '/users/self', { secret: grace })).status).toBe(200);
      expect((await siteUsers(service)).find((user) => user._id === DEMO_USER_IDS.user)?.disabled).toBe(false);

      expect(asked.map((request) => request.confirmLabel)).toEqual([
        'Replace and revoke',
        'Delete device',
        'Disable device',
        'Enable device',
        'Disable user',
      ]);
      expect(journalEntries(harness)).toEqual([]);
      expect((await audit(harness)).some((entry) => entry.outcome === 'ok')).toBe(false);
    });
  });

  it("replacing the app's own key changes nothing without the admin", async () => {
    const { confirmer } = admin(false);
    await withDesktop(confirmer, async (service, harness) => {
      const appKey = (await load(harness)).inventory!.keys.find((key) => key.isAppKey)!;
      const ownKeyIds = async () =>
        (await siteUsers(service)).find((user) => user._id === DEMO_USER_IDS.admin)?.api_keys?.map((key) => key._id);
      const ownBefore = await ownKeyIds();
      expect(ownBefore).toContain(appKey.id);
      const token = await confirm(harness, 'rotate-compromised', [appKey.id]);
      const { activeId } = await ok<{ activeId: string }>(harness, 'sites.state');
      notConfirmed(
        await harness.services.dispatch('sites.replaceKey', { id: activeId, expiresAt: inDays(90), confirmationId: token.id }),
      );
      expect(await ownKeyIds()).toEqual(ownBefore);
      expect((await load(harness)).inventory!.keys.find((key) => key.isAppKey)?.id).toBe(appKey.id);
    });
  });
});

describe("what the admin is asked: main's own text, once per action, before anything is done", () => {
  it("names the key and its owner from main's inventory, and asks before the site is touched", async () => {
    let service: KeyService | undefined;
    const stillThere: boolean[] = [];
    const { confirmer, asked } = admin(true, async () => {
      stillThere.push((await deviceKeyIds(service!, DEMO_DEVICE_IDS.reaperMissing)).length === 2);
    });
    await withDesktop(confirmer, async (site, harness) => {
      service = site;
      const inventory = (await load(harness)).inventory!;
      const key = inventory.keys.find((k) => k.ownerId === DEMO_DEVICE_IDS.reaperMissing && k.kind === 'legacy')!;
      const device = inventory.devices.find((d) => d.id === DEMO_DEVICE_IDS.reaperMissing)!;
      expect(await deviceKeyIds(site, device.id)).toHaveLength(2);
      // The renderer can send ids only: a text of its own is refused by the contract.
      expect(
        await failCode(harness, 'confirmations.request', { action: 'revoke-key', targets: [key.id], title: 'Harmless' }),
      ).toBe('validation');
      const token = await confirm(harness, 'revoke-key', [key.id]);
      await ok(harness, 'keys.revoke', { owner: { type: 'device', id: device.id }, keyId: key.id, confirmationId: token.id });

      expect(asked).toHaveLength(1);
      const [request] = asked;
      expect(request!.title).toBe(`Revoke key "${key.label}" of device "${device.label}"?`);
      expect(request!.lines.join('\n')).toContain(`"${key.label}" of device "${device.label}"`);
      expect(request!.lines.join('\n')).toContain('rejected from then on');
      expect(request).toMatchObject({ confirmLabel: 'Revoke key', destructive: true });
      expect(request!.detail).toMatch(/If you did not just ask for it, click Cancel/);
      // Asked while the key was still on the site; revoked after the yes.
      expect(stillThere).toEqual([true]);
      expect(await deviceKeyIds(site, device.id)).not.toContain(key.id);
    });
  });

  it('a device delete with five keys, and a rotation as compromised (create and revoke), each ask once', async () => {
    const { confirmer, asked } = admin(true);
    await withDesktop(confirmer, async (service, harness) => {
      const rotateKey = (await deviceKeyIds(service, DEMO_DEVICE_IDS.reaperMissing))[0]!;
      const rotate = await confirm(harness, 'rotate-compromised', [rotateKey]);
      const rotated = await ok<{ oldKeyRevoked: boolean }>(harness, 'keys.rotate', {
        owner: { type: 'device', id: DEMO_DEVICE_IDS.reaperMissing },
        keyId: rotateKey,
        expiresAt: inDays(30),
        compromised: true,
        confirmationId: rotate.id,
      });
      expect(rotated.oldKeyRevoked).toBe(true);
      expect(asked).toHaveLength(1);

      const remove: Confirmation = await confirm(harness, 'delete-device', [reaper.id]);
      await ok(harness, 'devices.remove', { deviceId: reaper.id, confirmationId: remove.id, typedLabel: remove.typeToConfirm });
      expect(asked).toHaveLength(2);
      expect(asked[1]!.title).toBe(`Delete device "${remove.typeToConfirm}"?`);
      expect(asked[1]!.lines.join('\n')).toContain('Its 5 keys are deleted with it and stop working at once.');
      expect(await siteDevice(service, reaper.id)).toBeNull();
    });
  });

  it('a wrong typed label refuses the delete before the admin is asked', async () => {
    const { confirmer, asked } = admin(true);
    await withDesktop(confirmer, async (service, harness) => {
      const token = await confirm(harness, 'delete-device', [reaper.id]);
      const result = await harness.services.dispatch('devices.remove', {
        deviceId: reaper.id,
        confirmationId: token.id,
        typedLabel: 'not the label',
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'confirmation-required' } });
      expect(asked).toEqual([]);
      expect(await siteDevice(service, reaper.id)).not.toBeNull();
    });
  });

  it('disabling a user asks with what stops: their keys, their scripts and the web login', async () => {
    const { confirmer, asked } = admin(true);
    await withDesktop(confirmer, async (service, harness) => {
      const token = await confirm(harness, 'disable-user', [DEMO_USER_IDS.user]);
      await ok(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true, confirmationId: token.id });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatchObject({ title: 'Disable user "Grace Hopper"?', confirmLabel: 'Disable user' });
      const text = asked[0]!.lines.join('\n');
      expect(text).toContain('Their 3 keys are rejected');
      expect(text).toMatch(/cannot log in to the web app/);
      expect((await siteCall(service, 'GET', '/users/self', { secret: secretOf(service.keys!.user) })).status).toBe(402);
    });
  });
});
