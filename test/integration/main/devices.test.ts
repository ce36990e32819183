/**
 * The device registry through the dispatcher against a real key service: register with local notes, the
 * five-key limit, expiry checks, disable (a confirmation saying what stops) / enable (a confirmation listing the keys
 * that come back) and delete (a confirmation for exactly that device, single use, and the typed label checked by
 * main against the site's), security.md C6.
 */
import { describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../../keyservice/seed/demo.js';
import type { DeviceRecord } from '../../../shared/inventory.js';
import type { MainHarness } from '../../support/main-harness.js';
import {
  confirm,
  connectAdmin,
  createDeviceKey,
  DAY_MS,
  eachTestOnConnectedDemoSite,
  failCode,
  inDays,
  load,
  ok,
  refresh,
  secretOf,
  siteCall,
  siteDevice,
  startDemoSite,
} from './support.js';

const NOTES = { location: 'Radiology, room 2.14', modality: 'MR', contact: 'pacs-team@example.org' };
const NO_NOTES = { location: '', modality: '', contact: '' };

let service: KeyService;
let harness: MainHarness;

eachTestOnConnectedDemoSite((site, app) => {
  service = site;
  harness = app;
});

function register(label: string, type: string, notes = NOTES): Promise<DeviceRecord> {
  return ok<DeviceRecord>(harness, 'devices.register', { label, type, notes });
}

async function deviceKeyWorks(keyString: string): Promise<number> {
  return (await siteCall(service, 'GET', '/devices/self', { secret: secretOf(keyString) })).status;
}

describe('registering a device', () => {
  it.each(['reaper', 'importer', 'dicom-bridge'])(
    'a %s device is on the site and in the inventory with its notes',
    async (type) => {
      const device = await register(`New ${type}`, type);
      expect(device).toMatchObject({ label: `New ${type}`, type, disabled: false, notes: NOTES });
      expect((await siteDevice(service, device.id))?.type).toBe(type);
      expect((await load(harness)).inventory?.devices.find((d) => d.id === device.id)?.notes).toEqual(NOTES);
      // The notes are the app's own: they survive a full refresh from the site.
      const refreshed = (await refresh(harness)).inventory!;
      expect(refreshed.devices.find((d) => d.id === device.id)).toMatchObject({ type, notes: NOTES });
    },
  );

  it('updateNotes changes the local notes only', async () => {
    const device = await register('Notes device', 'importer', NO_NOTES);
    const changed = { ...NOTES, location: 'Basement' };
    const updated = await ok<DeviceRecord>(harness, 'devices.updateNotes', { deviceId: device.id, notes: changed });
    expect(updated.notes).toEqual(changed);
    expect((await refresh(harness)).inventory?.devices.find((d) => d.id === device.id)?.notes).toEqual(changed);
  });

  it('updateNotes of a device the inventory does not know: not-found', async () => {
    expect(await failCode(harness, 'devices.updateNotes', { deviceId: 'ffffffffffffffffffffffff', notes: NOTES })).toBe(
      'not-found',
    );
  });
});

describe('device keys and their limits', () => {
  it("the sixth key on a device is refused with 'limit-reached' and nothing is made", async () => {
    const before = (await siteDevice(service, DEMO_DEVICE_IDS.reaperOk))!.api_keys!;
    expect(before).toHaveLength(5);
    const code = await failCode(harness, 'keys.create', {
      owner: { type: 'device', id: DEMO_DEVICE_IDS.reaperOk },
      label: 'One too many',
      expiresAt: inDays(30),
    });
    expect(code).toBe('limit-reached');
    expect((await siteDevice(service, DEMO_DEVICE_IDS.reaperOk))!.api_keys).toHaveLength(5);
  });

  it("an expiry in the past is refused by the app with 'validation' before the site is asked", async () => {
    const code = await failCode(harness, 'keys.create', {
      owner: { type: 'device', id: DEMO_DEVICE_IDS.cliNoKeys },
      label: 'Past',
      expiresAt: inDays(-1),
    });
    expect(code).toBe('validation');
    expect((await siteDevice(service, DEMO_DEVICE_IDS.cliNoKeys))!.api_keys).toEqual([]);
  });

  it('the site itself answers 422 for a past expiry', async () => {
    const answer = await siteCall<{ message: string }>(service, 'POST', `/devices/${DEMO_DEVICE_IDS.cliNoKeys}/key`, {
      body: { label: 'Past', expires_at: inDays(-1) },
    });
    expect(answer.status).toBe(422);
  });

  it("an expiry the site sees as past (its clock is ahead) comes back as the site's 422: 'validation'", async () => {
    const ahead = await startDemoSite({ now: () => new Date(Date.now() + 2 * DAY_MS) });
    const other = (await connectAdmin(ahead)).harness;
    try {
      const code = await failCode(other, 'keys.create', {
        owner: { type: 'device', id: DEMO_DEVICE_IDS.cliNoKeys },
        label: 'Past for the site',
        expiresAt: inDays(1),
      });
      expect(code).toBe('validation');
    } finally {
      other.cleanup();
      await ahead.close();
    }
  });
});

describe('disabling and enabling a device', () => {
  it("a disabled device's key is rejected; enabling needs a confirmation, then the key works again", async () => {
    const device = await register('Toggle device', 'reaper');
    const created = await createDeviceKey(harness, device.id, 'Toggle key');
    expect(await deviceKeyWorks(created.secret!)).toBe(200);

    const disable = await confirm(harness, 'disable-device', [device.id]);
    expect(disable.title).toBe('Disable device "Toggle device"?');
    expect(disable.lines.join('\n')).toContain('Its only key is rejected by the site from then on:');
    expect(disable.lines.join('\n')).toContain('"Toggle key"');
    expect(disable.lines.join('\n')).toContain('The device stops sending data to the site');
    const disabled = await ok<DeviceRecord>(harness, 'devices.setDisabled', {
      deviceId: device.id,
      disabled: true,
      confirmationId: disable.id,
    });
    expect(disabled.disabled).toBe(true);
    expect(await deviceKeyWorks(created.secret!)).toBe(401);
    const inventory = (await load(harness)).inventory!;
    expect(inventory.keys.find((k) => k.id === created.key.id)?.ownerDisabled).toBe(true);

    expect(await failCode(harness, 'devices.setDisabled', { deviceId: device.id, disabled: false })).toBe(
      'confirmation-required',
    );
    expect((await siteDevice(service, device.id))?.disabled).toBe(true);

    const confirmation = await confirm(harness, 'enable-device', [device.id]);
    expect(confirmation.lines[0]).toBe('This key will work again:');
    expect(confirmation.lines.join('\n')).toContain('Toggle key');
    expect(confirmation.lines.join('\n')).not.toContain('(s)');
    const enabled = await ok<DeviceRecord>(harness, 'devices.setDisabled', {
      deviceId: device.id,
      disabled: false,
      confirmationId: confirmation.id,
    });
    expect(enabled.disabled).toBe(false);
    expect(await deviceKeyWorks(created.secret!)).toBe(200);
  });

  it('disabling needs a disable-device confirmation for exactly that device: otherwise the device keeps working', async () => {
    const id = DEMO_DEVICE_IDS.reaperOk;
    expect(await failCode(harness, 'devices.setDisabled', { deviceId: id, disabled: true })).toBe('confirmation-required');
    const forOther = await confirm(harness, 'disable-device', [DEMO_DEVICE_IDS.cliNoKeys]);
    const enableToken = await confirm(harness, 'enable-device', [id]);
    for (const confirmation of [forOther, enableToken]) {
      expect(
        await failCode(harness, 'devices.setDisabled', { deviceId: id, disabled: true, confirmationId: confirmation.id }),
      ).toBe('confirmation-required');
    }
    expect((await siteDevice(service, id))?.disabled).toBe(false);
    expect((await load(harness)).inventory?.devices.find((d) => d.id === id)?.disabled).toBe(false);
  });

  it('an enable confirmation for another device or another action is refused', async () => {
    const id = DEMO_DEVICE_IDS.reaperDisabled;
    const forOther = await confirm(harness, 'enable-device', [DEMO_DEVICE_IDS.reaperOk]);
    const otherAction = await confirm(harness, 'delete-device', [id]);
    for (const confirmation of [forOther, otherAction]) {
      const code = await failCode(harness, 'devices.setDisabled', {
        deviceId: id,
        disabled: false,
        confirmationId: confirmation.id,
      });
      expect(code).toBe('confirmation-required');
    }
    expect((await siteDevice(service, id))?.disabled).toBe(true);
  });
});

describe('deleting a device', () => {
  it('needs a delete-device confirmation for exactly that id; a used one cannot be used again', async () => {
    const id = DEMO_DEVICE_IDS.importerMissing;
    const keyIds = (await siteDevice(service, id))!.api_keys!.map((k) => k._id);
    expect(keyIds.length).toBeGreaterThan(0);

    const typedLabel = 'Ultrasound Importer';
    const forOther = await confirm(harness, 'delete-device', [DEMO_DEVICE_IDS.cliNoKeys]);
    expect(await failCode(harness, 'devices.remove', { deviceId: id, confirmationId: forOther.id, typedLabel })).toBe(
      'confirmation-required',
    );
    const wrongAction = await confirm(harness, 'revoke-key', [id]);
    expect(await failCode(harness, 'devices.remove', { deviceId: id, confirmationId: wrongAction.id, typedLabel })).toBe(
      'confirmation-required',
    );
    const two = await confirm(harness, 'delete-device', [id, DEMO_DEVICE_IDS.cliNoKeys]);
    expect(await failCode(harness, 'devices.remove', { deviceId: id, confirmationId: two.id, typedLabel })).toBe(
      'confirmation-required',
    );
    expect(await failCode(harness, 'devices.remove', { deviceId: id, confirmationId: 'A'.repeat(24), typedLabel })).toBe(
      'confirmation-required',
    );
    expect(await siteDevice(service, id)).not.toBeNull();

    const confirmation = await confirm(harness, 'delete-device', [id]);
    expect(confirmation.typeToConfirm).toBe('Ultrasound Importer');
    expect(await ok(harness, 'devices.remove', { deviceId: id, confirmationId: confirmation.id, typedLabel })).toEqual({
      removed: true,
    });
    expect(await siteDevice(service, id)).toBeNull();
    expect(await failCode(harness, 'devices.remove', { deviceId: id, confirmationId: confirmation.id, typedLabel })).toBe(
      'confirmation-required',
    );

    const inventory = (await load(harness)).inventory!;
    expect(inventory.devices.some((d) => d.id === id)).toBe(false);
    expect(inventory.keys.filter((k) => keyIds.includes(k.id))).toEqual([]);
    const refreshed = (await refresh(harness)).inventory!;
    expect(refreshed.keys.filter((k) => keyIds.includes(k.id))).toEqual([]);
  });

  it('the confirmation that did not match is used up: it cannot be retried for its own device', async () => {
    const confirmation = await confirm(harness, 'delete-device', [DEMO_DEVICE_IDS.cliNoKeys]);
    const typedLabel = confirmation.typeToConfirm!;
    expect(
      await failCode(harness, 'devices.remove', {
        deviceId: DEMO_DEVICE_IDS.importerNoKeys,
        confirmationId: confirmation.id,
        typedLabel,
      }),
    ).toBe('confirmation-required');
    expect(
      await failCode(harness, 'devices.remove', {
        deviceId: DEMO_DEVICE_IDS.cliNoKeys,
        confirmationId: confirmation.id,
        typedLabel,
      }),
    ).toBe('confirmation-required');
    expect(await siteDevice(service, DEMO_DEVICE_IDS.cliNoKeys)).not.toBeNull();
  });

  it("the typed label is checked by main against the site's label: a wrong one deletes nothing", async () => {
    const id = DEMO_DEVICE_IDS.importerMissing;
    const label = (await siteDevice(service, id))!.label;
    for (const typedLabel of ['', 'Ultrasound', 'ultrasound importer', `${label}x`]) {
      const confirmation = await confirm(harness, 'delete-device', [id]);
      const result = await harness.services.dispatch('devices.remove', {
        deviceId: id,
        confirmationId: confirmation.id,
        typedLabel,
      });
      expect(result).toMatchObject({ ok: false, error: { code: 'confirmation-required' } });
      expect(result.ok ? '' : result.error.message).toMatch(/label you typed.*Nothing was deleted/);
    }
    expect(await siteDevice(service, id)).not.toBeNull();
    expect((await load(harness)).inventory?.devices.some((d) => d.id === id)).toBe(true);
    const audit = await ok<{ action: string; outcome: string; detail: string }[]>(harness, 'audit.list', {});
    expect(audit.filter((e) => e.action === 'remove-device').every((e) => e.outcome === 'failed')).toBe(true);

    // Spaces around the typed label do not matter; the label itself must be exact.
    const confirmation = await confirm(harness, 'delete-device', [id]);
    expect(
      await ok(harness, 'devices.remove', { deviceId: id, confirmationId: confirmation.id, typedLabel: `  ${label} ` }),
    ).toEqual({ removed: true });
    expect(await siteDevice(service, id)).toBeNull();
  });

  it("the label compared is the site's, not the inventory's: a stale inventory label deletes nothing", async () => {
    const id = DEMO_DEVICE_IDS.cliNoKeys;
    const { activeId } = await ok<{ activeId: string }>(harness, 'sites.state');
    harness.services.inventory.patch(activeId, (current) => ({
      ...current,
      devices: current.devices.map((d) => (d.id === id ? { ...d, label: 'Label the site does not have' } : d)),
    }));
    const confirmation = await confirm(harness, 'delete-device', [id]);
    expect(confirmation.typeToConfirm).toBe('Label the site does not have');
    expect(
      await failCode(harness, 'devices.remove', {
        deviceId: id,
        confirmationId: confirmation.id,
        typedLabel: confirmation.typeToConfirm,
      }),
    ).toBe('confirmation-required');
    expect(await siteDevice(service, id)).not.toBeNull();
  });
});

describe('confirmations expire', () => {
  it('a confirmation older than five minutes is refused', async () => {
    let now = Date.now();
    const clocked = (await connectAdmin(service, { clock: { now: () => new Date(now) } })).harness;
    try {
      await refresh(clocked);
      const confirmation = await confirm(clocked, 'enable-device', [DEMO_DEVICE_IDS.reaperDisabled]);
      now += 6 * 60 * 1000;
      const payload = { deviceId: DEMO_DEVICE_IDS.reaperDisabled, disabled: false, confirmationId: confirmation.id };
      expect(await failCode(clocked, 'devices.setDisabled', payload)).toBe('confirmation-required');
      expect((await siteDevice(service, DEMO_DEVICE_IDS.reaperDisabled))?.disabled).toBe(true);
    } finally {
      clocked.cleanup();
    }
  });
});
