/**
 * `npm run demo`: starts the key service on loopback with the demo data, then the desktop app pointed at it
 * (the demo admin key is handed over in the environment and removed from it by main at start).
 */
import { startKeyService } from '../keyservice/index.js';
import { startDesktopApp } from './desktop.js';
import { electronBinary, MISSING_ELECTRON_MESSAGE } from './electron-binary.js';

async function main(): Promise<void> {
  const service = await startKeyService({ seed: 'demo' });
  process.stdout.write(`demo key service listening: ${service.baseUrl}\n`);
  if (!electronBinary()) {
    process.stderr.write(`${MISSING_ELECTRON_MESSAGE}\n`);
    await service.close();
    process.exit(1);
  }
  const code = startDesktopApp({ ...process.env, KEYWARDEN_DEMO_KEY: service.keys?.admin ?? '' });
  if (code !== 0) {
    await service.close();
    process.exit(code);
  }
}

void main();
