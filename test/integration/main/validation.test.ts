/**
 * Invalid payloads on the inventory, device, key, user, confirmation, secret and audit channels (security.md C5):
 * unknown keys, bad ids, huge strings and arrays, __proto__, a missing confirmation id all answer 'validation'
 * and change nothing: not the site, not the snapshot, not the journal, not the audit log.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyService } from '../../../keyservice/index.js';
import { DEMO_DEVICE_IDS, DEMO_USER_IDS } from '../../../keyservice/seed/demo.js';
import type { Inventory } from '../../../shared/inventory.js';
import type { MainHarness } from '../../support/main-harness.js';
import {
  actionAudit,
  confirm,
  connectAdmin,
  failCode,
  inDays,
  journalFile,
  load,
  ok,
  refresh,
  settle,
  siteDevices,
  siteUsers,
  snapshotFile,
  startDemoSite,
} from './support.js';

const NOTES = { location: '', modality: '', contact: '' };
const DEVICE = DEMO_DEVICE_IDS.reaperMissing;
const HUGE = 'x'.repeat(1_000_000);

let service: KeyService;
let harness: MainHarness;
let siteId: string;
let before: { devices: string; users: string; snapshot: string; inventory: Inventory };
let keyId: string;
let confirmationId: string;

beforeAll(async () => {
  service = await startDemoSite();
  const connected = await connectAdmin(service);
  harness = connected.harness;
  siteId = connected.siteId;
  const inventory = (await refresh(harness)).inventory!;
  await settle(harness);
  keyId = inventory.keys.find((k) => k.ownerId === DEVICE)!.id;
  // A valid confirmation exists, so a refusal is due to the payload, not to a missing token.
  confirmationId = (await confirm(harness, 'revoke-key', [keyId])).id;
  before = {
    devices: stable(await siteDevices(service)),
    users: stable(await siteUsers(service)),
    snapshot: fs.readFileSync(snapshotFile(harness, siteId), 'utf8'),
    inventory,
  };
});
afterAll(async () => {
  harness.cleanup();
  await service.close();
});

/** The site's state, without last_used: the admin key's own use changes it on every call. */
function stable(value: unknown): string {
  return JSON.stringify(value, (name, field: unknown) => (name === 'last_used' ? undefined : field));
}

const owner = { type: 'device', id: DEVICE };
const cases: Array<[string, string, unknown]> = [
  // inventory
  ['inventory.export: unknown format', 'inventory.export', { format: 'xlsx' }],
  ['inventory.export: unknown key', 'inventory.export', { format: 'csv', extra: 1 }],
  ['inventory.export: a path as an id', 'inventory.export', { format: 'csv', keyIds: ['../x'] }],
  ['inventory.export: too many ids', 'inventory.export', { format: 'csv', keyIds: Array.from({ length: 100_001 }, () => 'a') }],
  ['inventory.export: unknown filter key', 'inventory.export', { format: 'csv', filter: { owner: 'x' } }],
  ['inventory.export: unknown status', 'inventory.export', { format: 'csv', filter: { status: 'soon' } }],
  ['inventory.export: huge search', 'inventory.export', { format: 'csv', filter: { search: HUGE } }],
  ['inventory.export: filter as a string', 'inventory.export', { format: 'json', filter: 'status=expired' }],
  [
    'inventory.export: __proto__ in the filter',
    'inventory.export',
    JSON.parse('{"format":"csv","filter":{"__proto__":{"x":1}}}'),
  ],
  ['inventory.refresh: a payload', 'inventory.refresh', { force: true }],
  // devices
  ['devices.register: unknown key', 'devices.register', { label: 'x', type: 'reaper', notes: NOTES, disabled: true }],
  ['devices.register: empty label', 'devices.register', { label: '   ', type: 'reaper', notes: NOTES }],
  ['devices.register: huge label', 'devices.register', { label: HUGE, type: 'reaper', notes: NOTES }],
  ['devices.register: label of 201 characters', 'devices.register', { label: 'y'.repeat(201), type: 'reaper', notes: NOTES }],
  ['devices.register: huge type', 'devices.register', { label: 'x', type: 't'.repeat(65), notes: NOTES }],
  ['devices.register: notes missing', 'devices.register', { label: 'x', type: 'reaper' }],
  ['devices.register: unknown note', 'devices.register', { label: 'x', type: 'reaper', notes: { ...NOTES, ip: '10.0.0.1' } }],
  ['devices.register: huge note', 'devices.register', { label: 'x', type: 'reaper', notes: { ...NOTES, location: HUGE } }],
  [
    'devices.register: __proto__',
    'devices.register',
    JSON.parse('{"label":"x","type":"reaper","notes":{"location":"","modality":"","contact":""},"__proto__":{"admin":true}}'),
  ],
  ['devices.updateNotes: a path as an id', 'devices.updateNotes', { deviceId: '../x', notes: NOTES }],
  ['devices.updateNotes: an id with a slash', 'devices.updateNotes', { deviceId: `${DEVICE}/key`, notes: NOTES }],
  ['devices.setDisabled: not a boolean', 'devices.setDisabled', { deviceId: DEVICE, disabled: 'yes' }],
  ['devices.setDisabled: a path as an id', 'devices.setDisabled', { deviceId: '../..', disabled: true }],
  [
    'devices.setDisabled: bad confirmation id',
    'devices.setDisabled',
    { deviceId: DEVICE, disabled: false, confirmationId: '../../x' },
  ],
  ['devices.remove: missing confirmationId', 'devices.remove', { deviceId: DEVICE, typedLabel: 'x' }],
  ['devices.remove: huge id', 'devices.remove', { deviceId: 'a'.repeat(257), confirmationId: 'A'.repeat(20), typedLabel: 'x' }],
  ['devices.remove: missing typedLabel', 'devices.remove', { deviceId: DEVICE, confirmationId: 'A'.repeat(20) }],
  [
    'devices.remove: typedLabel not a string',
    'devices.remove',
    { deviceId: DEVICE, confirmationId: 'A'.repeat(20), typedLabel: 1 },
  ],
  ['devices.remove: huge typedLabel', 'devices.remove', { deviceId: DEVICE, confirmationId: 'A'.repeat(20), typedLabel: HUGE }],
  ['confirmations.request: disable-device with a path', 'confirmations.request', { action: 'disable-device', targets: ['a/b'] }],
  // keys
  [
    'keys.create: a path as a device id',
    'keys.create',
    { owner: { type: 'device', id: '../x' }, label: 'k', expiresAt: inDays(5) },
  ],
  [
    'keys.create: unknown owner type',
    'keys.create',
    { owner: { type: 'user', id: DEMO_USER_IDS.user }, label: 'k', expiresAt: inDays(5) },
  ],
  [
    'keys.create: self with an id',
    'keys.create',
    { owner: { type: 'self', id: DEMO_USER_IDS.user }, label: 'k', expiresAt: inDays(5) },
  ],
  ['keys.create: not a date', 'keys.create', { owner, label: 'k', expiresAt: 'next week' }],
  ['keys.create: huge label', 'keys.create', { owner, label: HUGE, expiresAt: inDays(5) }],
  ['keys.create: unknown key', 'keys.create', { owner, label: 'k', expiresAt: inDays(5), secret: 'mine' }],
  ['keys.revoke: missing confirmationId', 'keys.revoke', { owner, keyId: 'k' }],
  ['keys.revoke: a path as a key id', 'keys.revoke', { owner, keyId: '../../users/self', confirmationId: 'A'.repeat(20) }],
  ['keys.rotate: compromised not a boolean', 'keys.rotate', { owner, keyId: 'k', expiresAt: inDays(5), compromised: 'true' }],
  ['keys.rotate: compromised missing', 'keys.rotate', { owner, keyId: 'k', expiresAt: inDays(5) }],
  // users
  ['users.setDisabled: a path as an id', 'users.setDisabled', { userId: '../x', disabled: true }],
  ['users.setDisabled: unknown key', 'users.setDisabled', { userId: DEMO_USER_IDS.user, disabled: true, force: true }],
  // confirmations
  ['confirmations.request: no targets', 'confirmations.request', { action: 'revoke-key', targets: [] }],
  [
    'confirmations.request: 501 targets',
    'confirmations.request',
    { action: 'revoke-key', targets: Array.from({ length: 501 }, (_, i) => `k${i}`) },
  ],
  ['confirmations.request: unknown action', 'confirmations.request', { action: 'revoke-everything', targets: ['k'] }],
  ['confirmations.request: a path as a target', 'confirmations.request', { action: 'revoke-key', targets: ['../x'] }],
  // secrets and audit
  ['secrets.copy: a short handle', 'secrets.copy', { handle: 'abc' }],
  ['secrets.copy: a huge handle', 'secrets.copy', { handle: HUGE }],
  ['secrets.discard: unknown key', 'secrets.discard', { handle: 'A'.repeat(20), all: true }],
  ['audit.list: limit 0', 'audit.list', { limit: 0 }],
  ['audit.list: huge limit', 'audit.list', { limit: 1e9 }],
  ['audit.list: no object', 'audit.list', undefined],
  ['audit.export: unknown format', 'audit.export', { format: 'xlsx' }],
  ['audit.export: unknown key', 'audit.export', { format: 'csv', limit: 5 }],
  ['audit.export: no object', 'audit.export', undefined],
  ['preferences.update: out of range', 'preferences.update', { expiringWithinDays: 0, idleAfterDays: 30 }],
];

describe('invalid payloads answer validation', () => {
  it.each(cases)('%s', async (_name, channel, payload) => {
    expect(await failCode(harness, channel, payload)).toBe('validation');
  });
});

describe('and change nothing', () => {
  it('not the site, not the snapshot, no journal, no audit entry, no clipboard', async () => {
    for (const [, channel, payload] of cases) await harness.services.dispatch(channel, payload);
    await settle(harness);
    expect(stable(await siteDevices(service))).toBe(before.devices);
    expect(stable(await siteUsers(service))).toBe(before.users);
    expect(fs.readFileSync(snapshotFile(harness, siteId), 'utf8')).toBe(before.snapshot);
    expect((await load(harness)).inventory).toEqual(before.inventory);
    expect(fs.existsSync(journalFile(harness)) ? JSON.parse(fs.readFileSync(journalFile(harness), 'utf8')) : []).toEqual([]);
    expect(await actionAudit(harness)).toEqual([]);
    expect(await harness.clipboard.readText()).toBe('');
    expect(harness.logLines.some((line) => line.includes(HUGE.slice(0, 100)))).toBe(false);
  });

  it('the valid confirmation issued before is still usable afterwards', async () => {
    const result = await ok(harness, 'keys.revoke', { owner, keyId, confirmationId });
    expect(result).toEqual({ alreadyGone: false });
  });
});

describe('the ids "." and ".."', () => {
  // The contract's siteId pattern allows dots, so "." and ".." pass it; sitePath refuses them later, after the
  // handler has started, and the refusal is audited as a failed action on a device or user called "..".
  it('are refused by the contract like any other path, with no audit entry', async () => {
    const auditBefore = (await ok<unknown[]>(harness, 'audit.list', {})).length;
    const payloads: Array<[string, unknown]> = [
      ['devices.setDisabled', { deviceId: '..', disabled: true }],
      ['users.setDisabled', { userId: '..', disabled: true }],
      ['devices.updateNotes', { deviceId: '.', notes: NOTES }],
      ['confirmations.request', { action: 'delete-device', targets: ['..'] }],
    ];
    const codes: string[] = [];
    for (const [channel, payload] of payloads) {
      const result = await harness.services.dispatch(channel, payload);
      codes.push(result.ok ? 'ok' : result.error.code);
    }
    expect(codes).toEqual(['validation', 'validation', 'validation', 'validation']);
    expect(await ok<unknown[]>(harness, 'audit.list', {})).toHaveLength(auditBefore);
  });
});
