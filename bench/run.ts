/**
 * `npm run bench -- [--scale N] [--runs N] [--skip-render]`: issue 12's targets on the key service's scale site
 * (N times 5,000 users, 1,000 devices, 25,000 keys), each figure the median of at least 7 runs with its spread, the
 * load average beside them; a table with PASS/MISS per target, also written to bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseBenchArgs, USAGE } from './args.js';
import { benchFetch } from './fetch-inventory.bench.js';
import { startKeyServiceProcess } from './keyservice-process.js';
import { markdownTable, reportRows, type RenderResults } from './report.js';
import { benchRender } from './render-inventory.bench.js';
import { DEFAULT_RENDERER_DIR } from '../electron/web-host/app.js';
import { PROJECT_DIR } from './keyservice-process.js';
import { ensureRendererBuilt } from '../scripts/web-renderer-build.js';

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const load = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`bench: ${args.error}\n${USAGE}\n`);
    process.exit(2);
  }
  // The renderer part measures the renderer as the sources are now, as `npm run web` serves it.
  if (!args.skipRender) ensureRendererBuilt(PROJECT_DIR, DEFAULT_RENDERER_DIR, log);
  const machine = `${os.cpus()[0]?.model.trim() ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`;
  log(`machine: ${machine}`);
  log(`scale ${args.scale}x, ${args.runs} runs per figure; load average at start: ${load()}`);
  const seedStart = Date.now();
  const service = await startKeyServiceProcess(args.scale);
  log(
    `key service (own process, pid ${service.pid}) seeded and listening in ${((Date.now() - seedStart) / 1000).toFixed(0)} s: ${service.baseUrl}`,
  );
  try {
    const loads: Record<string, string> = {};
    log(`fetch, memory and key actions (load ${load()}):`);
    const fetchResults = await benchFetch(service, args.runs, log);
    loads.fetch = load();
    let render: RenderResults | null = null;
    let renderError: string | null = null;
    if (!args.skipRender) {
      log(`renderer in Chromium (load ${load()}):`);
      try {
        render = await benchRender(service, args.runs, log);
      } catch (error) {
        // The main-process figures still stand; the table says the renderer's are missing.
        renderError = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        log(`renderer part failed: ${renderError}`);
      }
      loads.render = load();
    }
    const rows = reportRows(fetchResults, render);
    log('');
    log(`${fetchResults.keys} keys, scale ${args.scale}x; ${machine}`);
    log(
      `load average (1, 5, 15 min) after the main-process part: ${loads.fetch}${loads.render ? `; after the renderer part: ${loads.render}` : ''}`,
    );
    log(markdownTable(rows));
    if (renderError) log(`not measured (the renderer part failed): ${renderError}`);
    fs.writeFileSync(
      new URL(`./results-${args.scale}x.json`, import.meta.url),
      `${JSON.stringify({ date: new Date().toISOString(), machine, scale: args.scale, runs: args.runs, loadAverage: loads, fetch: fetchResults, render, renderError, rows }, null, 2)}\n`,
    );
  } finally {
    await service.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
