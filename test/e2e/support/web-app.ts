/**
 * An e2e session: the built renderer served by the web host (the same main-process services as the desktop
 * app), a real key service, and Debian's Chromium. Records every web-host response body and log line so tests
 * can look for canaries in them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHostApp, type WebHostApp, type WebHostAppOptions } from '../../../electron/web-host/app.js';
import { launchChromium } from './browser.js';

export interface E2eSession {
  readonly app: WebHostApp;
  readonly page: Page;
  readonly browser: Browser;
  readonly dataDir: string;
  readonly logLines: string[];
  /** Every response body the web host sent to the browser. */
  readonly responses: string[];
  close(): Promise<void>;
}

export interface OpenAppOptions extends Omit<WebHostAppOptions, 'dataDir' | 'echoLog'> {
  /** Reopen the app on this data folder (kept on close: the caller removes it); a fresh temp folder by default. */
  readonly dataDir?: string;
  /** A script run in the page before any of the app's own (e.g. a stand-in for the browser's Notification). */
  readonly initScript?: string;
}

export async function openApp(options: OpenAppOptions = {}): Promise<E2eSession> {
  const { dataDir: givenDir, initScript, ...hostOptions } = options;
  const dataDir = givenDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-e2e-'));
  const logLines: string[] = [];
  const app = await startWebHostApp({ ...hostOptions, dataDir, echoLog: (line) => logLines.push(line) });
  // The host checks every site's expiries at start (a fetch): let it finish before the test drives the page.
  await app.services.notifications.settled();
  const chromium = await launchChromium();
  const page = await chromium.browser.newPage();
  if (initScript) await page.addInitScript(initScript);
  const responses: string[] = [];
  page.on('response', (response) => {
    if (!response.url().startsWith(app.host.origin)) return;
    void response
      .body()
      .then((body) => responses.push(body.toString('utf8')))
      .catch(() => undefined);
  });
  await page.goto(app.host.url);
  return {
    app,
    page,
    browser: chromium.browser,
    dataDir,
    logLines,
    responses,
    close: async () => {
      await chromium.close();
      await app.close();
      if (!givenDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
