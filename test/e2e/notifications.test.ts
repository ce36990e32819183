/**
 * Expiry notifications end to end in Chromium through the web host, against the demo key service: the page
 * receives main's notifications over the event stream and shows them with the browser's Notification API (a
 * recording stand-in here, since headless Chromium shows none); clicking one opens the key's owner with the key
 * highlighted; and the app reopened on the same data folder (and the same site) shows none of them again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_DEVICE_IDS } from '../../keyservice/seed/demo.js';
import type { CreatedKey } from '../../shared/ipc-contract.js';
import { KEY_CANARY } from '../support/canary.js';
import { openApp, type E2eSession } from './support/web-app.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Stands in for window.Notification before the app's scripts run, and records what the page shows. */
const RECORDING_NOTIFICATION = `
  window.__shown = [];
  class RecordingNotification {
    static permission = 'granted';
    static requestPermission() { return Promise.resolve('granted'); }
    constructor(title, options = {}) {
      this.title = title;
      this.body = options.body ?? '';
      this.tag = options.tag ?? '';
      this.onclick = null;
      window.__shown.push(this);
    }
    close() {}
  }
  window.Notification = RecordingNotification;
`;

interface Shown {
  readonly title: string;
  readonly body: string;
  readonly tag: string;
}

function shownOf(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    (window as unknown as { __shown: Shown[] }).__shown.map(({ title, body, tag }) => ({ title, body, tag })),
  );
}

/** Clicks the shown notification whose body holds `text`, as the desktop would. */
function clickShown(page: Page, text: string): Promise<void> {
  return page.evaluate((wanted) => {
    const list = (window as unknown as { __shown: (Shown & { onclick: (() => void) | null })[] }).__shown;
    const found = list.find((n) => n.body.includes(wanted));
    if (!found?.onclick) throw new Error(`no clickable notification about ${wanted}`);
    found.onclick();
  }, text);
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: new RegExp(`^${name}`) });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-e2e-notify-'));
const dbFile = path.join(dataDir, 'site.sqlite');
let session: E2eSession;
let page: Page;

beforeAll(async () => {
  session = await openApp({ dataDir, initScript: RECORDING_NOTIFICATION, demo: { dbFile, createdSecretMarker: KEY_CANARY } });
  page = session.page;
});
afterAll(async () => {
  await session?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('expiry notifications in the page', () => {
  it("shows the start check's notifications of the demo site's expiring keys, as main recorded them", async () => {
    const recorded = session.app.services.notifications.overview().history;
    expect(recorded.length).toBeGreaterThan(0);
    await page.waitForFunction((count) => (window as unknown as { __shown: unknown[] }).__shown.length >= count, recorded.length);
    const shown = await shownOf(page);
    expect(shown.map((n) => n.title).sort()).toEqual(recorded.map((r) => r.title).sort());
    expect(shown.map((n) => n.tag).sort()).toEqual(recorded.map((r) => r.id).sort());
    expect(JSON.stringify(shown)).not.toContain(KEY_CANARY);
  });

  it('a key crossing a threshold is notified once by "Check now", and clicking it opens its device with the key highlighted', async () => {
    const expiresAt = new Date(Date.now() + 2 * DAY_MS).toISOString();
    const created = await session.app.services.dispatch('keys.create', {
      owner: { type: 'device', id: DEMO_DEVICE_IDS.cliNoKeys },
      label: 'E2E nightly key',
      expiresAt,
    });
    expect(created.ok).toBe(true);
    const key = (created as { ok: true; value: CreatedKey }).value.key;

    await nav(page, 'Notifications').click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const before = (await shownOf(page)).length;
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Checked every site: 1 notification shown.').waitFor();
    await page.waitForFunction((count) => (window as unknown as { __shown: unknown[] }).__shown.length > count, before);
    const fresh = (await shownOf(page)).slice(before);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]?.title).toBe('Key expires in 2 days');
    expect(fresh[0]?.body).toContain('"E2E nightly key" of Nightly Sync CLI');

    await clickShown(page, 'E2E nightly key');
    await page.getByRole('heading', { level: 1, name: 'Nightly Sync CLI' }).waitFor();
    const table = page.getByRole('table', { name: 'Keys of Nightly Sync CLI' });
    const row = table.getByRole('row').filter({ hasText: 'E2E nightly key' });
    await row.getByText('From notifications').waitFor();
    expect(await row.getByRole('button', { name: /Rotate/ }).evaluate((button) => button === document.activeElement)).toBe(true);

    // A second check finds nothing new: once per key and threshold.
    await nav(page, 'Notifications').click();
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Checked every site: nothing new to notify.').waitFor();
    expect((await shownOf(page)).filter((n) => n.body.includes(key.label))).toHaveLength(1);
  });

  it('reopened on the same data folder and site, the app shows none of them again', async () => {
    const port = session.app.keyService?.port;
    expect(port).toBeDefined();
    const historyBefore = session.app.services.notifications.overview().history.length;
    await session.close();
    session = await openApp({
      dataDir,
      initScript: RECORDING_NOTIFICATION,
      demo: { dbFile, port, createdSecretMarker: KEY_CANARY },
    });
    page = session.page;
    expect(session.app.services.notifications.overview().history).toHaveLength(historyBefore);
    await nav(page, 'Notifications').click();
    await page.getByRole('button', { name: 'Check now' }).click();
    await page.getByText('Checked every site: nothing new to notify.').waitFor();
    expect(await shownOf(page)).toEqual([]);
  });
});
