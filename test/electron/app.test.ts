/**
 * The real desktop app (issue 11, "A real-Electron check"): the built main process, preload and renderer in the
 * Electron binary, driven by playwright-core's Electron support, against a local key service, on a fresh user-data
 * folder. Connect; the admin key stays out of the real renderer (DOM, storage, window); a destructive action asks
 * with the native box (stubbed in main to answer yes and record the question); a notification (Electron's
 * Notification, recorded in main); quit and relaunch on the same folder, connected again with the key restored
 * from safeStorage.
 *
 * Where the Electron binary is missing (our build machines cannot download it), the whole file is skipped, with
 * the reason as the name of the skipped suite; the summary reporter prints it in the run's last lines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { build } from 'vite';
import { startKeyService, type KeyService } from '../../keyservice/index.js';
import { DEMO_DEVICE_IDS } from '../../keyservice/seed/demo.js';
import { electronBinary, projectRoot } from '../../scripts/electron-binary.js';
import { ADMIN_CANARY, ADMIN_CANARY_SECRET } from '../support/canary.js';

export const ELECTRON_SKIP_REASON = 'Electron binary not installed: the real-Electron tier did not run';
const binary = electronBinary();

/** What main recorded of the stubbed dialog and of the notifications it showed. */
interface Recorded {
  readonly boxes: string[];
  readonly notifications: string[];
}

async function buildDesktopBundles(): Promise<void> {
  // `npm test` builds the renderer; main and the preload are built here, into dist/electron as `npm run build` does.
  for (const mode of ['production', 'preload']) {
    await build({ configFile: path.join(projectRoot, 'vite.electron.config.ts'), mode, logLevel: 'silent' });
  }
}

async function launch(userData: string): Promise<{ app: ElectronApplication; page: Page }> {
  const env = { ...process.env } as Record<string, string>;
  delete env.KEYWARDEN_DEMO_KEY;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await _electron.launch({
    executablePath: binary!,
    // `.`: the app as `npm start` runs it (package.json's main, name and version). Linux CI runners (Ubuntu 24's
    // AppArmor) refuse Chromium's user-namespace sandbox to unpackaged binaries; the renderer stays sandboxed by its
    // own webPreferences.
    args: ['.', `--user-data-dir=${userData}`, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
    cwd: projectRoot,
    env,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  return { app, page };
}

/** Replaces the native message box with one that answers yes, and records notifications, in main. */
async function stubDesktop(app: ElectronApplication): Promise<void> {
  await app.evaluate(({ dialog, Notification }) => {
    const recorded = { boxes: [] as string[], notifications: [] as string[] };
    (globalThis as unknown as { __recorded: typeof recorded }).__recorded = recorded;
    const answerYes = (...args: unknown[]) => {
      const options = args.at(-1) as { message: string };
      recorded.boxes.push(options.message);
      return Promise.resolve({ response: 0, checkboxChecked: false });
    };
    dialog.showMessageBox = answerYes as typeof dialog.showMessageBox;
    // A CI desktop (Xvfb) has no notification daemon: the app would rightly show none there.
    Notification.isSupported = () => true;
    Notification.prototype.show = function show(this: { title: string }) {
      recorded.notifications.push(this.title);
    };
  });
}

function recorded(app: ElectronApplication): Promise<Recorded> {
  return app.evaluate(() => (globalThis as unknown as { __recorded: Recorded }).__recorded);
}

async function open(page: Page, hash: string, heading: string | RegExp): Promise<void> {
  await page.evaluate((address) => {
    window.location.hash = address;
  }, hash);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe.skipIf(binary === null)(binary === null ? ELECTRON_SKIP_REASON : 'the real desktop app', () => {
  let service: KeyService;
  let userData: string;
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    await buildDesktopBundles();
    service = await startKeyService({ seed: 'demo', adminSecret: ADMIN_CANARY_SECRET });
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-electron-'));
    ({ app, page } = await launch(userData));
    await stubDesktop(app);
  });
  afterAll(async () => {
    await app?.close();
    await service?.close();
    if (userData) fs.rmSync(userData, { recursive: true, force: true });
  });

  it('runs on a fresh user-data folder and shows the renderer from app://keywarden', async () => {
    // Compared as real paths: macOS's temp folder is reached through a symlink.
    const used = await app.evaluate(({ app: electronApp }) => electronApp.getPath('userData'));
    expect(fs.realpathSync(used)).toBe(fs.realpathSync(userData));
    expect(page.url()).toMatch(/^app:\/\/keywarden\/index\.html/);
    expect(await page.evaluate(() => typeof (window as unknown as { keyAdmin?: unknown }).keyAdmin)).toBe('object');
  });

  it('connects with the admin key string', async () => {
    await page.getByLabel('API key string').fill(service.keys!.admin);
    // Without an OS keyring (a CI runner), the key is kept only if the admin opts in to weak storage.
    const weak = page.getByLabel('Store the key with weak protection on this computer');
    if (await weak.isVisible()) await weak.check();
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  });

  it("keeps the admin key out of the renderer: DOM, storage and the window's properties", async () => {
    await open(page, '#/sites', 'Sites');
    const found = await page.evaluate((needle) => {
      const hits: string[] = [];
      if (document.documentElement.outerHTML.includes(needle)) hits.push('DOM');
      if (document.body.innerText.includes(needle)) hits.push('text');
      for (const storage of [window.localStorage, window.sessionStorage]) {
        for (let i = 0; i < storage.length; i += 1) {
          const key = storage.key(i) ?? '';
          if (key.includes(needle) || (storage.getItem(key) ?? '').includes(needle)) hits.push(`storage ${key}`);
        }
      }
      for (const name of Object.getOwnPropertyNames(window)) {
        try {
          const value: unknown = (window as unknown as Record<string, unknown>)[name];
          const text = typeof value === 'string' ? value : value && typeof value === 'object' ? JSON.stringify(value) : '';
          if (text?.includes(needle)) hits.push(`window.${name}`);
        } catch {
          // Cyclic or guarded objects cannot be serialised; they hold nothing the page put there as text.
        }
      }
      return hits;
    }, ADMIN_CANARY);
    expect(found).toEqual([]);
  });

  it('asks with the native dialog before disabling a device, and acts on its yes', async () => {
    await open(page, `#/devices/${DEMO_DEVICE_IDS.importerLegacy}`, /Importer/);
    await page.getByRole('button', { name: 'Disable device' }).click();
    const disable = page.getByRole('dialog', { name: /Disable device/ });
    await disable.getByRole('button', { name: 'Disable device' }).click();
    await page.getByRole('button', { name: 'Enable device' }).waitFor();
    const boxes = (await recorded(app)).boxes;
    expect(boxes).toHaveLength(1);
    expect(boxes[0]).toMatch(/Disable device/);
  });

  it("shows a notification with Electron's Notification for the demo site's expiring keys", async () => {
    await open(page, '#/notifications', 'Notifications');
    await page.getByRole('button', { name: 'Check now' }).click();
    await expect.poll(async () => (await recorded(app)).notifications.length, { timeout: 20_000 }).toBeGreaterThan(0);
  });

  it('quits, and relaunched on the same folder is connected again with the key restored from safeStorage', async () => {
    await app.close();
    ({ app, page } = await launch(userData));
    await open(page, '#/sites', 'Sites');
    const card = page.getByRole('article').first();
    await expect.poll(() => card.textContent(), { timeout: 20_000 }).toContain('Ada Lovelace');
    expect(await card.textContent()).not.toMatch(/session only/i);
    expect(await page.getByLabel('API key string').count()).toBe(0);
  });
});
