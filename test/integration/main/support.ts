/**
 * Shared helpers of the main-process integration tests: a demo key service with canary secrets, a harness
 * connected to it as the demo admin, dispatch helpers that answer the value or the error code, and direct calls
 * to the key service (what the site itself holds, seen without the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { startKeyService, type KeyService, type KeyServiceOptions } from '../../../keyservice/index.js';
import type { AuditEntry, Confirmation, ConfirmedAction, CreatedKey } from '../../../shared/ipc-contract.js';
import type { InventoryView } from '../../../shared/inventory.js';
import { authorizationHeader } from '../../../shared/key-string.js';
import type { Result } from '../../../shared/result.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET, KEY_CANARY, filesContaining } from '../../support/canary.js';
import { createMainHarness, type MainHarness } from '../../support/main-harness.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

export function inDays(days: number, from = new Date()): string {
  return new Date(from.getTime() + days * DAY_MS).toISOString();
}

/** A demo site whose admin key holds ADMINCANARY and whose created secrets hold KEYCANARY. */
export function startDemoSite(options: KeyServiceOptions = {}): Promise<KeyService> {
  return startKeyService({ seed: 'demo', adminSecret: ADMIN_CANARY_SECRET, createdSecretMarker: KEY_CANARY, ...options });
}

export interface Connected {
  readonly harness: MainHarness;
  readonly siteId: string;
}

/** A fresh harness connected to the site with the demo admin key. */
export async function connectAdmin(
  service: KeyService,
  options: Parameters<typeof createMainHarness>[0] = {},
): Promise<Connected> {
  const harness = createMainHarness(options);
  const result = await harness.services.dispatch('sites.connect', { keyString: adminKeyString(service), name: 'Demo' });
  if (!result.ok) throw new Error(`connect failed: ${result.error.code}`);
  // A connect fetches the site and checks its expiries in the background: let that finish, so a test's own
  // refreshes and injected faults meet only the requests the test makes.
  await harness.services.notifications.settled();
  return { harness, siteId: (result.value as { id: string }).id };
}

export function adminKeyString(service: KeyService): string {
  if (!service.keys) throw new Error('the demo seed gave no keys');
  return service.keys.admin;
}

/** Dispatches and expects success; answers the value. */
export async function ok<T>(harness: MainHarness, channel: string, payload?: unknown): Promise<T> {
  const result = await harness.services.dispatch(channel, payload);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}

/** Dispatches and expects a failure; answers its code. */
export async function failCode(harness: MainHarness, channel: string, payload?: unknown): Promise<string> {
  const result: Result<unknown> = await harness.services.dispatch(channel, payload);
  expect(result.ok, `${channel} should fail`).toBe(false);
  return result.ok ? 'ok' : result.error.code;
}

export function refresh(harness: MainHarness): Promise<InventoryView> {
  return ok<InventoryView>(harness, 'inventory.refresh');
}

export function load(harness: MainHarness): Promise<InventoryView> {
  return ok<InventoryView>(harness, 'inventory.load');
}

export function confirm(harness: MainHarness, action: ConfirmedAction, targets: string[]): Promise<Confirmation> {
  return ok<Confirmation>(harness, 'confirmations.request', { action, targets });
}

export function createDeviceKey(harness: MainHarness, deviceId: string, label: string, days = 30): Promise<CreatedKey> {
  return ok<CreatedKey>(harness, 'keys.create', { owner: { type: 'device', id: deviceId }, label, expiresAt: inDays(days) });
}

/** The secret part of a key string. */
export function secretOf(keyString: string): string {
  const secret = keyString.split(':').pop();
  if (!secret) throw new Error('no secret');
  return secret;
}

export interface SiteKey {
  _id: string;
  label: string;
  expires_at: string | null;
  last_used: string | null;
}
export interface SiteDevice {
  _id: string;
  label: string;
  type: string;
  disabled: boolean;
  api_keys?: SiteKey[];
}
export interface SiteUser {
  _id: string;
  disabled: boolean;
  api_keys?: SiteKey[];
}

/** A call to the key service itself, bypassing the app. */
export async function siteCall<T = unknown>(
  service: KeyService,
  method: string,
  apiPath: string,
  options: { secret?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: authorizationHeader(options.secret ?? ADMIN_CANARY_SECRET) };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${service.baseUrl}/api${apiPath}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function siteDevice(service: KeyService, id: string): Promise<SiteDevice | null> {
  const answer = await siteCall<SiteDevice>(service, 'GET', `/devices/${id}?join_keys=true`);
  return answer.status === 200 ? answer.body : null;
}

export async function siteDevices(service: KeyService): Promise<SiteDevice[]> {
  return (await siteCall<SiteDevice[]>(service, 'GET', '/devices?join_keys=true&limit=1000')).body;
}

export async function siteUsers(service: KeyService): Promise<SiteUser[]> {
  return (await siteCall<SiteUser[]>(service, 'GET', '/users?join_keys=true&limit=1000')).body;
}

/** The actions whose audit entries are about a site itself: every harness starts with its connect. */
export const SITE_AUDIT_ACTIONS: ReadonlySet<string> = new Set(['connect-site', 'forget-site']);

/** The audit log without the entries about connecting and forgetting sites: what a test's own actions wrote. */
export async function actionAudit(harness: MainHarness, limit?: number): Promise<AuditEntry[]> {
  const entries = await ok<AuditEntry[]>(harness, 'audit.list', limit === undefined ? {} : { limit });
  return entries.filter((entry) => !SITE_AUDIT_ACTIONS.has(entry.action));
}

/** Every place a secret must never be: answers given, log lines, files under the data folder, the audit log. */
export async function expectNoSecretAnywhere(harness: MainHarness, answers: unknown[], needles = [KEY_CANARY, ADMIN_CANARY]) {
  const audit = await ok<unknown[]>(harness, 'audit.list', {});
  for (const needle of needles) {
    for (const answer of [...answers, audit]) expect(JSON.stringify(answer)).not.toContain(needle);
    expect(harness.logLines.join('\n')).not.toContain(needle);
    expect(filesContaining(harness.dataDir, needle)).toEqual([]);
  }
}

export function snapshotFile(harness: MainHarness, siteId: string): string {
  return path.join(harness.dataDir, 'snapshots', `${siteId}.json`);
}

export function journalFile(harness: MainHarness): string {
  return path.join(harness.dataDir, 'journal.json');
}

export function journalEntries(harness: MainHarness): unknown[] {
  const file = journalFile(harness);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[]) : [];
}

/** Lets the inventory write its snapshot: it may defer the disk copy (coalesced writes). */
export async function settle(harness: MainHarness): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await (harness.services.inventory as { flush?: () => Promise<void> }).flush?.();
}

/**
 * Each test of the file gets a fresh demo site and an app connected to it with a first refresh done; both are
 * closed after the test. `use` receives them (the test files keep them in their own variables).
 */
export function eachTestOnConnectedDemoSite(use: (service: KeyService, harness: MainHarness) => void): void {
  let service: KeyService | undefined;
  let harness: MainHarness | undefined;
  beforeEach(async () => {
    service = await startDemoSite();
    harness = (await connectAdmin(service)).harness;
    await refresh(harness);
    use(service, harness);
  });
  afterEach(async () => {
    harness?.cleanup();
    await service?.close();
  });
}
