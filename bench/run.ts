/**
 * `npm run bench`: speed targets measured on the key service's scale data set (5,000 users, 1,000 devices,
 * 25,000 keys), reported side by side and written to bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { startKeyService } from '../keyservice/index.js';
import { benchFetch } from './fetch-inventory.bench.js';
import { median } from './measure.js';
import { benchRender } from './render-inventory.bench.js';

async function main(): Promise<void> {
  const service = await startKeyService({ seed: 'scale' });
  try {
    const fetchResult = await benchFetch(service, 5);
    const render = await benchRender(3);
    const paint = median(render.firstPaint);
    const filter = median(render.filter);
    const lines = [
      `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      `inventory fetch (${fetchResult.keys} keys): app ${fetchResult.app.median.toFixed(0)} ms vs bare paged GETs ${fetchResult.floor.median.toFixed(0)} ms = ${fetchResult.ratio.toFixed(2)}x (target <= 1.30) ${fetchResult.ratio <= 1.3 ? 'MET' : 'MISSED'}`,
      `inventory table first paint after the data arrives (${render.keys} keys, Chromium): ${paint.toFixed(0)} ms median of ${render.firstPaint.length} (target < 500) ${paint < 500 ? 'MET' : 'MISSED'}`,
      `inventory status filter (${render.keys} keys, Chromium): ${filter.toFixed(0)} ms median of ${render.filter.length} (target < 100) ${filter < 100 ? 'MET' : 'MISSED'}`,
    ];
    for (const line of lines) process.stdout.write(`${line}\n`);
    fs.writeFileSync(
      new URL('./results.json', import.meta.url),
      `${JSON.stringify({ date: new Date().toISOString(), machine: lines[0], fetch: fetchResult, render }, null, 2)}\n`,
    );
  } finally {
    await service.close();
  }
}

void main();
