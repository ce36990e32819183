/**
 * The inventory table in Chromium on the scale data set (25,000 keys), through the web host:
 * - first paint: from the moment the inventory's data has arrived in the page to the first painted row;
 * - filtering: from choosing a status in the filter to the table showing the new rows, painted.
 * The inventory's answer is held back in the page until the Inventory page is open, so that the measurement
 * starts exactly when the data arrives.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebHostApp } from '../electron/web-host/app.js';
import { launchChromium } from '../test/e2e/support/browser.js';
import { median } from './measure.js';

declare global {
  interface Window {
    __releaseInventory?: () => void;
    __dataArrivedAt?: number;
    __firstRowPaintedAt?: number;
  }
}

/** Runs in the page before the app: holds inventory.load until released, and timestamps arrival and first row. */
function instrumentPage(): void {
  const release = new Promise<void>((resolve) => {
    window.__releaseInventory = resolve;
  });
  const original = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await original(input, init);
    if (!String(input).includes('inventory.load')) return response;
    const body = await response.text();
    await release;
    window.__dataArrivedAt = performance.now();
    const observer = new MutationObserver(() => {
      if (document.querySelector('[aria-label="Key inventory"] [role="row"][data-id]')) {
        observer.disconnect();
        requestAnimationFrame(() => requestAnimationFrame(() => (window.__firstRowPaintedAt = performance.now())));
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

export async function benchRender(runs: number): Promise<{ firstPaint: number[]; filter: number[]; keys: number }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-bench-'));
  const app = await startWebHostApp({ dataDir, demo: { seed: 'scale' } });
  const chromium = await launchChromium();
  const firstPaint: number[] = [];
  const filter: number[] = [];
  let keys = 0;
  try {
    keys = (await app.services.inventory.refresh()).inventory?.keys.length ?? 0;
    await app.services.inventory.flush();
    // One browser context for every run: the launch token works once, so the runs share its session cookie.
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
    for (let run = 0; run < runs; run++) {
      const page = await context.newPage();
      // tsx (esbuild, keepNames) wraps named functions in __name(); functions sent to the page need it too.
      await page.addInitScript({ content: 'window.__name = (f) => f;' });
      await page.addInitScript(instrumentPage);
      await page.goto(app.host.url);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Key inventory' }).click();
      await page.waitForFunction(() => typeof window.__releaseInventory === 'function');
      await page.evaluate(() => window.__releaseInventory?.());
      await page.waitForFunction(() => window.__firstRowPaintedAt !== undefined, undefined, { timeout: 60_000 });
      firstPaint.push(await page.evaluate(() => window.__firstRowPaintedAt! - window.__dataArrivedAt!));
      for (const status of ['Expiring soon', 'Legacy', 'Expired', 'All']) {
        filter.push(await timeFilter(page, status));
      }
      await page.close();
    }
  } finally {
    await chromium.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  return { firstPaint, filter, keys };
}

/** Chooses a status in the filter and waits for the key count and the rows to change, then for a paint. */
async function timeFilter(page: Page, status: string): Promise<number> {
  await page.getByRole('combobox', { name: 'Status' }).click();
  const option = page.getByRole('option', { name: new RegExp(`^${status} \\(`) });
  await option.waitFor();
  return option.evaluate(
    (element) =>
      new Promise<number>((resolve) => {
        // The key count ("N keys") and the first row both change once the filtered rows are shown.
        const shown = (): string =>
          [...document.querySelectorAll('[role="status"]')].map((e) => e.textContent).join('|') +
          (document.querySelector('[aria-label="Key inventory"] [role="row"][data-id]')?.getAttribute('data-id') ?? '');
        const before = shown();
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (shown() !== before) {
            observer.disconnect();
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
          }
        });
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
        (element as HTMLElement).click();
      }),
  );
}

export { median };
