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
import {
  SITE_AUDIT_ACTIONS,
  actionAudit,
  adminKeyString,
  confirm,
  createDeviceKey,
  eachTestOnConnectedDemoSite,
  failCode,
  inDays,
  ok,
} from './support.js';

const NOTES = { location: 'Lab', modality: 'CT', contact: 'x@example.org' };
const ADMIN = DEMO_USER_IDS.admin;

let service: KeyService;
let harness: MainHarness;

eachTestOnConnectedDemoSite((site, app) => {
  service = site;
  harness = app;
});

/** What the test's actions wrote: the harness's connect to the site aside. */
function auditList(limit?: number): Promise<AuditEntry[]> {
  return actionAudit(harness, limit);
}

function auditFile(): string {
  return path.join(harness.dataDir, 'audit', 'audit.jsonl');
}

/** The file's lines, without the entries about connecting and forgetting sites. */
function actionLines(): string[] {
  return fs
    .readFileSync(auditFile(), 'utf8')
    .trim()
    .split('\n')
    .filter((line) => !SITE_AUDIT_ACTIONS.has((JSON.parse(line) as AuditEntry).action));
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
    expect(actionLines()).toHaveLength(9);
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
    // eslint-disable-next-line no-control-regex
    expect(entry.ownerName).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
    expect(actionLines()).toHaveLength(1);
  });

  it('a key label with a newline gives one entry too', async () => {
    await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, `Key\n${forged}`);
    const entries = await auditList();
    expect(entries).toHaveLength(1);
    expect(entries[0]?.targetLabel).not.toContain('\n');
    expect(entries.some((e) => e.actor === 'eve@example.org')).toBe(false);
  });
});

describe('sites and names in the log (issue 10)', () => {
  const everything = () => ok<AuditEntry[]>(harness, 'audit.list', {});

  it('the connect every test starts with is recorded: the site, its name, who; never the key', async () => {
    const connect = (await everything()).find((entry) => entry.action === 'connect-site');
    expect(connect).toMatchObject({
      site: service.baseUrl,
      siteName: 'Demo',
      actor: ADMIN,
      targetType: 'site',
      targetId: service.baseUrl,
      keyId: null,
      outcome: 'ok',
      ownerName: null,
    });
    expect(connect?.detail).toMatch(/^Connected as .+; the key is kept /);
    expect(JSON.stringify(await everything())).not.toContain(ADMIN_CANARY);
  });

  it('a key the site refuses is a failed connect; forgetting the site is recorded too', async () => {
    const wrong = adminKeyString(service).replace(/.{6}$/, 'ZZZZZZ');
    expect(await failCode(harness, 'sites.connect', { keyString: wrong, name: 'Wrong key' })).toBe('unauthorized');
    const { activeId } = await ok<SitesState>(harness, 'sites.state');
    await ok(harness, 'sites.forget', { id: activeId });
    const [forget, refused] = await everything();
    expect(forget).toMatchObject({ action: 'forget-site', outcome: 'ok', site: service.baseUrl, siteName: 'Demo', actor: ADMIN });
    expect(refused).toMatchObject({ action: 'connect-site', outcome: 'failed', site: service.baseUrl, actor: '', keyId: null });
    expect(refused?.detail).toBe('Failed: unauthorized. Nothing was stored.');
    const text = fs.readFileSync(auditFile(), 'utf8');
    expect(text).not.toContain(ADMIN_CANARY);
    expect(text).not.toContain('ZZZZZZ');
  });

  it("names each entry's site and owner: a device's key, a user, a device deleted since", async () => {
    const { inventory } = await ok<{ inventory: { devices: DeviceRecord[]; users: { id: string; name: string }[] } }>(
      harness,
      'inventory.load',
    );
    const cli = inventory.devices.find((device) => device.id === DEMO_DEVICE_IDS.cliNoKeys)!;
    const grace = inventory.users.find((user) => user.id === DEMO_USER_IDS.user)!;
    await createDeviceKey(harness, cli.id, 'Named key');
    const disable = await confirm(harness, 'disable-user', [grace.id]);
    await ok(harness, 'users.setDisabled', { userId: grace.id, disabled: true, confirmationId: disable.id });
    const device = await ok<DeviceRecord>(harness, 'devices.register', { label: 'Short-lived', type: 'cli', notes: NOTES });
    const remove = await confirm(harness, 'delete-device', [device.id]);
    await ok(harness, 'devices.remove', { deviceId: device.id, confirmationId: remove.id, typedLabel: 'Short-lived' });

    const entries = (await auditList()).reverse();
    expect(entries.map((entry) => [entry.action, entry.siteName, entry.ownerName])).toEqual([
      ['create-key', 'Demo', cli.label],
      ['disable-user', 'Demo', grace.name],
      ['register-device', 'Demo', 'Short-lived'],
      ['remove-device', 'Demo', 'Short-lived'],
    ]);
  });
});

describe('audit.export (issue 10)', () => {
  interface AuditFile {
    fileName: string;
    mimeType: string;
    content: string;
    rows: number;
  }

  it('CSV: the header row first, then every entry newest first, cells neutralised, no secret', async () => {
    await ok<DeviceRecord>(harness, 'devices.register', { label: '=HYPERLINK("x")', type: 'reaper', notes: NOTES });
    await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Exported key');
    const file = await ok<AuditFile>(harness, 'audit.export', { format: 'csv' });
    expect(file.mimeType).toBe('text/csv');
    expect(file.fileName).toMatch(/^keywarden-audit-log_\d{4}-\d\d-\d\dT\d{4}Z\.csv$/);
    const lines = file.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time,site,site_name,actor,action,target_type,target_id,target_label,owner,key_id,outcome,detail');
    expect(lines.slice(1).map((line) => line.split(',')[4])).toEqual(['create-key', 'register-device', 'connect-site']);
    expect(file.rows).toBe(3);
    expect(lines[2]).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(lines[2]).not.toMatch(/,"?=/);
    expect(file.content).not.toContain(KEY_CANARY);
    expect(file.content).not.toContain(ADMIN_CANARY);
  });

  it('JSON: the metadata and every entry, with null where there is no value', async () => {
    await createDeviceKey(harness, DEMO_DEVICE_IDS.cliNoKeys, 'Exported key');
    const file = await ok<AuditFile>(harness, 'audit.export', { format: 'json' });
    expect(file.mimeType).toBe('application/json');
    const report = JSON.parse(file.content) as { report: string; rowCount: number; entries: Array<Record<string, unknown>> };
    expect(report).toMatchObject({ report: 'keywarden-audit-log', rowCount: 2 });
    expect(report.entries.map((entry) => entry.action)).toEqual(['create-key', 'connect-site']);
    expect(report.entries[0]).toMatchObject({ site: service.baseUrl, site_name: 'Demo', actor: ADMIN, outcome: 'ok' });
    expect(report.entries[1]).toMatchObject({ key_id: null, owner: null, target_type: 'site' });
    expect(file.content).not.toContain(KEY_CANARY);
  });
});
