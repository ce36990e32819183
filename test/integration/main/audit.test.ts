/**
 * The audit log (security.md E4): every admin action leaves one entry naming who, what, which id and the
 * outcome, never a secret; labels with newlines or control characters cannot forge a second entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { AuditEntry, CreatedKey, SitesState } from '../../../shared/ipc-contract.js';
import type { DeviceRecord } from '../../../shared/inventory.js';
import { ADMIN_CANARY, KEY_CANARY } from '../../support/canary.js';
import type { MainHarness } from '../../support/main-harness.js';
import { confirm, createDeviceKey, eachTestOnConnectedDemoSite, failCode, inDays, ok } from './support.js';

const NOTES = { location: 'Lab', modality: 'CT', contact: 'x@example.org' };
const ADMIN = DEMO_USER_IDS.admin;

let service: KeyService;
let harness: MainHarness;

eachTestOnConnectedDemoSite((site, app) => {
  service = site;
  harness = app;
});

function auditList(limit?: number): Promise<AuditEntry[]> {
  return ok<AuditEntry[]>(harness, 'audit.list', limit === undefined ? {} : { limit });
}

function auditFile(): string {
  return path.join(harness.dataDir, 'audit', 'audit.jsonl');
}

describe('each action writes one entry', () => {
  it('register, notes, disable, enable, create, rotate, revoke, delete, user disable: who, what, which id, outcome', async () => {
    const device = await ok<DeviceRecord>(harness, 'devices.register', { label: 'Audited', type: 'reaper', notes: NOTES });
    await ok(harness, 'devices.updateNotes', { deviceId: device.id, notes: { ...NOTES, location: 'Moved' } });
    const disable = await confirm(harness, 'disable-device', [device.id]);
    await ok(harness, 'devices.setDisabled', { deviceId: device.id, disabled: true, confirmationId: disable.id });
    const enable = await confirm(harness, 'enable-device', [device.id]);
    await ok(harness, 'devices.setDisabled', { deviceId: device.id, disabled: false, confirmationId: enable.id });
    const created = await createDeviceKey(harness, device.id, 'Audited key');
    const rotated = await ok<{ created: CreatedKey }>(harness, 'keys.rotate', {
      owner: { type: 'device', id: device.id },
      keyId: created.key.id,
      expiresAt: inDays(60),
      compromised: false,
    });
    const revoke = await confirm(harness, 'revoke-key', [created.key.id]);
    await ok(harness, 'keys.revoke', {
      owner: { type: 'device', id: device.id },
      keyId: created.key.id,
      confirmationId: revoke.id,
    });
    const remove = await confirm(harness, 'delete-device', [device.id]);
    await ok(harness, 'devices.remove', { deviceId: device.id, confirmationId: remove.id, typedLabel: 'Audited' });
    const disableUser = await confirm(harness, 'disable-user', [DEMO_USER_IDS.user]);
    await ok(harness, 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true, confirmationId: disableUser.id });

    const entries = (await auditList()).reverse();
    expect(entries.map((e) => e.action)).toEqual([
      'register-device',
      'update-device-notes',
      'disable-device',
      'enable-device',
      'create-key',
      'rotate-key',
      'revoke-key',
      'remove-device',
      'disable-user',
    ]);
    for (const entry of entries) {
      expect(entry.actor).toBe(ADMIN);
      expect(entry.site).toBe(service.baseUrl);
      expect(entry.outcome).toBe('ok');
      expect(Number.isNaN(Date.parse(entry.time))).toBe(false);
    }
    expect(entries.slice(0, 8).every((e) => e.targetId === device.id)).toBe(true);
    expect(entries[0]).toMatchObject({ targetType: 'device', targetLabel: 'Audited' });
    expect(entries[4]).toMatchObject({ keyId: created.key.id, targetType: 'device' });
    expect(entries[4]?.targetLabel).toContain('Audited key');
    expect(entries[5]?.keyId).toBe(rotated.created.key.id);
    expect(entries[6]?.keyId).toBe(created.key.id);
    expect(entries[8]).toMatchObject({ targetType: 'user', targetId: DEMO_USER_IDS.user });

    const text = fs.readFileSync(auditFile(), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(9);
    expect(text).not.toContain(KEY_CANARY);
    expect(text).not.toContain(ADMIN_CANARY);
    expect((await auditList(2)).map((e) => e.action)).toEqual(['disable-user', 'remove-device']);
  });

  it('a refused action writes a failed entry, and one refused before it reached the site writes none', async () => {
    await failCode(harness, 'keys.create', {
      owner: { type: 'device', id: DEMO_DEVICE_IDS.reaperOk },
      label: 'Sixth',
      expiresAt: inDays(30),
    });
    expect(await auditList()).toEqual([
      expect.objectContaining({ action: 'create-key', outcome: 'failed', targetId: DEMO_DEVICE_IDS.reaperOk, keyId: null }),
    ]);
    await failCode(harness, 'devices.remove', {
      deviceId: DEMO_DEVICE_IDS.cliNoKeys,
      confirmationId: 'A'.repeat(20),
      typedLabel: 'CLI host',
    });
    expect(await auditList()).toHaveLength(1);
  });
});

describe('a crash in the middle of an append', () => {
  it('leaves a torn last line: the next entry is still readable, the torn line is reported once, the file kept', async () => {
    await ok<DeviceRecord>(harness, 'devices.register', { label: 'Before the crash', type: 'reaper', notes: NOTES });
    // What a crash mid-append leaves: the start of an entry, without its newline.
    fs.appendFileSync(auditFile(), '{"time":"2026-11-26T10:00:00.000Z","site":"x","actor":"ada@exa');
    const afterCrash = fs.readFileSync(auditFile(), 'utf8');
    await ok<DeviceRecord>(harness, 'devices.register', { label: 'After the crash', type: 'reaper', notes: NOTES });
    const entries = await auditList();
    expect(entries.map((e) => e.targetLabel)).toEqual(['After the crash', 'Before the crash']);
    // Appended to, never rewritten.
    expect(fs.readFileSync(auditFile(), 'utf8').startsWith(afterCrash)).toBe(true);
    const warnings = async () => (await ok<SitesState>(harness, 'sites.state')).warnings.filter((w) => /audit log/i.test(w));
    expect(await warnings()).toHaveLength(1);
    await auditList();
    await ok<DeviceRecord>(harness, 'devices.register', { label: 'Later', type: 'reaper', notes: NOTES });
    expect((await auditList()).map((e) => e.targetLabel)).toEqual(['Later', 'After the crash', 'Before the crash']);
    expect(await warnings()).toHaveLength(1);
  });
});

describe('labels cannot forge entries', () => {
  // A whole entry as a line of its own, short enough for a label (at most 200 characters).
  const forged = JSON.stringify({
    time: '2020-01-01T00:00:00Z',
    site: 'x',
    actor: 'eve@example.org',
    action: 'revoke-key',
    targetType: 'key',
    targetId: 'x',
    targetLabel: '',
    keyId: null,
    outcome: 'ok',
    detail: '',
  });

  it('a device label with a newline and control characters gives one entry with the label cleaned', async () => {
    const label = `Evil\n${forged}\r\u0007\u001b[31m\u2028end`;
    expect(label.length).toBeLessThanOrEqual(200);
    await ok<DeviceRecord>(harness, 'devices.register', { label, type: 'reaper', notes: NOTES });
    const entries = await auditList();
    expect(entries).toHaveLength(1);
    const entry = entries[0]!;
    expect(entry.action).toBe('register-device');
    expect(entry.actor).toBe(ADMIN);
    // eslint-disable-next-line no-control-regex
    expect(entry.targetLabel).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(entry.targetLabel.startsWith('Evil ')).toBe(true);
    expect(fs.readFileSync(auditFile(), 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('a key label with a newline gives one entry too', async () => {
    await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, `Key\n${forged}`);
    const entries = await auditList();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.targetLabel).not.toContain('\n');
    expect(entries.some((e) => e.actor === 'eve@example.org')).toBe(false);
  });
});
