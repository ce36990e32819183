/**
 * `npm run bench`: speed targets measured on the key service's scale data set (5,000 users, 1,000 devices,
 * 25,000 keys), reported side by side and written to bench/results.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { startKeyService } from '../keyservice/index.js';
import { benchFetch } from './fetch-inventory.bench.js';

async function main(): Promise<void> {
  const service = await startKeyService({ seed: 'scale' });
  try {
    const fetchResult = await benchFetch(service, 5);
    const lines = [
      `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
      `inventory fetch (${fetchResult.keys} keys): app ${fetchResult.app.median.toFixed(0)} ms vs bare paged GETs ${fetchResult.floor.median.toFixed(0)} ms = ${fetchResult.ratio.toFixed(2)}x (target <= 1.30) ${fetchResult.ratio <= 1.3 ? 'MET' : 'MISSED'}`,
    ];
    for (const line of lines) process.stdout.write(`${line}\n`);
    fs.writeFileSync(
      new URL('./results.json', import.meta.url),
      `${JSON.stringify({ date: new Date().toISOString(), machine: lines[0], fetch: fetchResult }, null, 2)}\n`,
    );
  } finally {
    await service.close();
  }
}

void main();
