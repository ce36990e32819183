/**
 * `npm run web [-- --demo] [--port N] [--data-dir DIR]`: starts the web host and prints the address to open.
 */
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { startWebHostApp } from './app.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      demo: { type: 'boolean', default: false },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
    },
    strict: true,
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port takes a number from 0 to 65535.');
  // The demo starts from a clean folder each time; a real site's profiles live in the user's home.
  const dataDir =
    values['data-dir'] ??
    (values.demo ? fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-demo-')) : path.join(os.homedir(), '.keywarden-web'));
  const app = await startWebHostApp({ dataDir, port, demo: values.demo });
  if (app.keyService) process.stdout.write(`demo key service: ${app.keyService.baseUrl}\n`);
  process.stdout.write(`data folder: ${dataDir}\n`);
  process.stdout.write(`open: ${app.host.url}\n`);
  const stop = (): void => {
    void app.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`web host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
