/**
 * The web host's log is the desktop app's: capped and rotated (rotating-log.ts), so a web host left running does not
 * fill its data folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startWebHostApp, type WebHostApp } from '../../../electron/web-host/app.js';

let app: WebHostApp | null = null;
let dir = '';
afterEach(async () => {
  await app?.close();
  app = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

it('rotates its log at the cap and keeps no more files than it is told', async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-web-log-'));
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><title>Keywarden</title><script type="module" src="./app.js"></script>',
  );
  const lines: string[] = [];
  app = await startWebHostApp({
    dataDir: path.join(dir, 'data'),
    rendererDir,
    port: 0,
    echoLog: (line) => lines.push(line),
    logLimits: { maxBytes: 300, keep: 2 },
  });
  // Lines enough for several files: each message of the wrong shape is logged.
  for (let round = 0; round < 20; round += 1) await app.services.dispatch('sites.connect', { keyString: round });
  const logs = fs.readdirSync(path.dirname(app.logFile)).sort();
  expect(lines.length).toBeGreaterThan(10);
  expect(logs).toEqual(['main.1.log', 'main.2.log', 'main.log']);
  for (const log of logs) expect(fs.statSync(path.join(path.dirname(app.logFile), log)).size).toBeLessThanOrEqual(300 + 200);
});
