/**
 * The renderer in Chromium, through the web host, driven by its own UI (the navigation, the status filter, the search
 * box, a column header), so it measures whatever the page does: from the admin's event (its timeStamp) to the
 * changed rows painted (the rows in the DOM differ, no loading overlay, then two animation frames).
 *
 * Before each timed step, main's refresh must be over (its progress not running for a while, its snapshot written)
 * and the page quiet, so no background refresh lands inside a measurement. The key service is the benchmark's own
 * process; the web host here plays main.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startWebHostApp, type WebHostApp } from '../electron/web-host/app.js';
import { KEY_STATUS_TEXT } from '../shared/key-status.js';
import { launchChromium } from '../test/e2e/support/browser.js';
import type { KeyServiceProcess } from './keyservice-process.js';
import { figure } from './measure.js';
import type { RenderResults } from './report.js';

declare global {
  interface Window {
    __bench?: {
      arm(kind: 'click' | 'input', requireRows: boolean): void;
      result: number | null;
    };
  }
}

/** Runs in the page before the app: the event's time and the paint of the changed rows. */
function instrumentPage(): void {
  let want: 'click' | 'input' | null = null;
  let eventAt: number | null = null;
  const grid = (): Element | null => document.querySelector('[aria-label="Key inventory"]');
  const signature = (): string => {
    const rows = [...(grid()?.querySelectorAll('[role="row"][data-id]') ?? [])];
    return `${rows.length}#${rows
      .slice(0, 40)
      .map((row) => `${row.getAttribute('data-id')}:${row.textContent}`)
      .join('|')}`;
  };
  for (const kind of ['click', 'input'] as const) {
    document.addEventListener(
      kind,
      (event) => {
        if (want === kind && eventAt === null) eventAt = event.timeStamp;
      },
      true,
    );
  }
  const bench = {
    result: null as number | null,
    arm(kind: 'click' | 'input', requireRows: boolean): void {
      want = kind;
      eventAt = null;
      bench.result = null;
      const before = signature();
      const check = (): boolean => {
        const now = signature();
        const root = grid();
        const loading = root?.querySelector('.MuiDataGrid-overlay, [role="progressbar"]') ?? null;
        if (eventAt === null || now === before || loading !== null || (requireRows && now.startsWith('0#'))) return false;
        observer.disconnect();
        const start = eventAt;
        requestAnimationFrame(() => requestAnimationFrame(() => (bench.result = performance.now() - start)));
        return true;
      };
      const observer = new MutationObserver(() => void check());
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
    },
  };
  window.__bench = bench;
}

/** Main is quiet: no refresh running for `quietMs`, its snapshot written. */
async function mainSettled(app: WebHostApp, quietMs = 400): Promise<void> {
  let quietSince = Date.now();
  while (Date.now() - quietSince < quietMs) {
    if (app.services.inventory.progress().running) quietSince = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await app.services.inventory.flush();
}

async function timed(app: WebHostApp, page: Page, kind: 'click' | 'input', act: () => Promise<void>): Promise<number> {
  await mainSettled(app);
  await page.waitForTimeout(150);
  await page.evaluate(({ k }) => window.__bench?.arm(k, true), { k: kind });
  await act();
  await page.waitForFunction(() => window.__bench?.result !== null, undefined, { timeout: 120_000 });
  return page.evaluate(() => window.__bench!.result!);
}

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name, exact: true });

export async function benchRender(service: KeyServiceProcess, runs: number, log: (line: string) => void): Promise<RenderResults> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-bench-web-'));
  const app = await startWebHostApp({ dataDir });
  const chromium = await launchChromium();
  try {
    await app.services.sites.connect({ keyString: service.adminKey, name: 'Scale site' });
    await app.services.inventory.refresh();
    await mainSettled(app);
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    // tsx (esbuild, keepNames) wraps named functions in __name(); functions sent to the page need it too.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.addInitScript(instrumentPage);
    await page.goto(app.host.url);
    await nav(page, 'Overview').waitFor();

    const open: number[] = [];
    for (let run = 0; run <= runs; run++) {
      await nav(page, 'Overview').click();
      await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
      const ms = await timed(app, page, 'click', () => nav(page, 'Key inventory').click());
      if (run > 0) open.push(ms);
    }
    log(`  open inventory: ${open.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    const statuses = ['expiring-soon', 'legacy', 'expired', 'active', 'owner-disabled'] as const;
    const filter: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const text = run === runs ? 'All' : KEY_STATUS_TEXT[statuses[run % statuses.length]!];
      await page.getByRole('combobox', { name: 'Status' }).click();
      const option = page.getByRole('option', { name: new RegExp(`^${text} \\(`) });
      await option.waitFor();
      const ms = await timed(app, page, 'click', () => option.click());
      if (run > 0) filter.push(ms);
    }
    log(`  status filter: ${filter.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    const terms = ['Primary', 'Backup', 'Laptop', 'Notebook', 'Pipeline', 'Batch', 'runner', 'Upload'];
    const search: number[] = [];
    const box = page.getByRole('searchbox', { name: 'Search keys' });
    for (let run = 0; run <= runs; run++) {
      await box.click();
      const ms = await timed(app, page, 'input', () => box.fill(terms[run % terms.length]!));
      if (run > 0) search.push(ms);
    }
    log(`  search: ${search.map((ms) => ms.toFixed(0)).join(', ')} ms`);
    await box.fill('');
    await mainSettled(app);
    await page.waitForTimeout(1000);

    const headers = ['expires', 'lastUsed', 'label'];
    const sort: number[] = [];
    for (let run = 0; run <= runs; run++) {
      // Twice each column (ascending, then descending), on the header's title as the admin clicks it.
      const field = headers[Math.floor(run / 2) % headers.length]!;
      const header = page.locator(
        `[aria-label="Key inventory"] [role="columnheader"][data-field="${field}"] .MuiDataGrid-columnHeaderTitle`,
      );
      const ms = await timed(app, page, 'click', () => header.click());
      if (run > 0) sort.push(ms);
    }
    log(`  sort: ${sort.map((ms) => ms.toFixed(0)).join(', ')} ms`);

    // The JS heap after a tour of every page, garbage collected first.
    const cdp = await context.newCDPSession(page);
    // Every page of the navigation, by position (their names carry live counts).
    const buttons = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button');
    const pageCount = await buttons.count();
    const heap: number[] = [];
    const slowest = { ms: 0, page: '' };
    for (let run = 0; run < runs; run++) {
      for (let at = 0; at < pageCount; at++) {
        const button = buttons.nth(at);
        const started = Date.now();
        // A page that holds the renderer's thread for long is a finding, not a reason to stop: wait for it.
        await button.click({ timeout: 600_000 });
        await mainSettled(app, 200);
        await page.waitForTimeout(300);
        const ms = Date.now() - started;
        if (ms > slowest.ms) Object.assign(slowest, { ms, page: (await button.textContent())?.trim() ?? String(at) });
      }
      await cdp.send('HeapProfiler.collectGarbage');
      heap.push((await cdp.send('Runtime.getHeapUsage')).usedSize);
    }
    log(`  slowest page to open in the tour: ${slowest.page} (${slowest.ms} ms, settling included)`);
    log(`  heap after every page (${pageCount} pages): ${heap.map((bytes) => (bytes / 1e6).toFixed(1)).join(', ')} MB`);
    await context.close();
    return {
      openInventory: figure(open),
      statusFilter: figure(filter),
      search: figure(search),
      sort: figure(sort),
      heapAfterEveryPage: figure(heap),
    };
  } finally {
    await chromium.close();
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
