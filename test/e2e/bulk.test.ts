/**
 * Issue 10, bulk actions in a real browser through the web host, against the demo key service: three keys of two
 * devices selected in the inventory and revoked with one confirmation, a result per key, and the key service's own
 * lists (read here directly over HTTP) without them; each key one audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { AuditEntry } from '../../shared/ipc-contract.js';
import { openApp, type E2eSession } from './support/web-app.js';

interface WireKey {
  _id: string;
  label: string;
}
interface WireDevice {
  _id: string;
  label: string;
  api_keys?: WireKey[];
}

const MRI = 'MRI Reaper (Bay 1)';
const CT = 'CT Reaper (Bay 2)';
/** The three keys: two of the MRI Reaper, one of the CT Reaper (demo seed). */
const CHOSEN = [
  { device: MRI, label: 'Vendor access' },
  { device: MRI, label: 'Rotation spare' },
  { device: CT, label: 'Primary' },
] as const;

let session: E2eSession;
let page: Page;

/** The key service's own list of devices with their keys. */
async function siteDevices(): Promise<WireDevice[]> {
  const service = session.app.keyService!;
  const secret = service.keys!.admin.split(':').pop()!;
  const answer = await fetch(`${service.baseUrl}/api/devices?join_keys=true`, { headers: { Authorization: `Bearer ${secret}` } });
  return (await answer.json()) as WireDevice[];
}

async function siteKeyId(device: string, label: string): Promise<string> {
  const owner = (await siteDevices()).find((d) => d.label === device);
  const key = owner?.api_keys?.find((k) => k.label === label);
  if (!key) throw new Error(`no key "${label}" of ${device} on the site`);
  return key._id;
}

function grid(): Locator {
  return page.getByRole('grid', { name: 'Key inventory' });
}

beforeAll(async () => {
  session = await openApp({ demo: true });
  page = session.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
});
afterAll(async () => {
  await session?.close();
});

describe('a bulk revoke in the inventory', () => {
  it('revokes three keys of two devices with one confirmation; the key service no longer lists them', async () => {
    const ids = await Promise.all(CHOSEN.map((key) => siteKeyId(key.device, key.label)));
    const auditBefore = ((await session.app.services.dispatch('audit.list', {})) as { value: AuditEntry[] }).value.length;

    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('button', { name: 'Key inventory', exact: true })
      .click();
    await grid().waitFor();
    // The two Reapers' keys, all in view at once.
    await page.getByRole('searchbox', { name: 'Search keys' }).fill('Reaper (Bay');
    await expect.poll(async () => grid().locator('[role="row"][data-id]').count()).toBe(7);
    for (const id of ids) await grid().locator(`[role="row"][data-id="${id}"]`).getByRole('checkbox').check();
    await page.getByText('3 keys selected').waitFor();

    await page.getByRole('button', { name: 'Revoke selected' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke 3 keys?' });
    const said = confirm.getByRole('list', { name: 'What will happen' });
    await said.waitFor();
    const text = (await said.textContent()) ?? '';
    expect(text).toContain(`3 keys of 2 owners: device "${MRI}" (2), device "${CT}" (1).`);
    for (const key of CHOSEN) expect(text).toContain(`"${key.label}" of device "${key.device}"`);
    await confirm.getByRole('button', { name: 'Revoke 3 keys' }).click();

    const results = page.getByRole('dialog', { name: 'Bulk revoke: result per key' });
    await results.getByRole('status').filter({ hasText: '3 revoked.' }).waitFor();
    expect(await results.getByRole('list', { name: 'Result per key' }).getByRole('listitem').count()).toBe(3);
    expect(await results.getByText('Revoked', { exact: true }).count()).toBe(3);
    await results.getByRole('button', { name: 'Close' }).click();
    await results.waitFor({ state: 'detached' });

    // The key service's own lists no longer hold them; the devices' other keys are still there.
    const devices = await siteDevices();
    const listed = devices.flatMap((d) => (d.api_keys ?? []).map((k) => k._id));
    for (const id of ids) expect(listed).not.toContain(id);
    expect(devices.find((d) => d.label === MRI)?.api_keys).toHaveLength(3);
    expect(devices.find((d) => d.label === CT)?.api_keys).toHaveLength(1);
    // The grid shows what is left.
    await expect.poll(async () => grid().locator('[role="row"][data-id]').count()).toBe(4);

    // Each key one audit entry.
    const audit = ((await session.app.services.dispatch('audit.list', {})) as { value: AuditEntry[] }).value;
    const added = audit.slice(0, audit.length - auditBefore);
    expect(added.map((entry) => [entry.action, entry.outcome, entry.keyId]).sort()).toEqual(
      ids.map((id) => ['revoke-key', 'ok', id]).sort(),
    );
  });
});
