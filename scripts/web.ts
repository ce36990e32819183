/**
 * `npm run web [-- --demo] [--port N] [--data-dir DIR]`: builds the renderer when its sources changed since the last
 * build (scripts/web-renderer-build.ts), then starts the web host (electron/web-host/cli.ts).
 */
import { fileURLToPath } from 'node:url';
import { DEFAULT_RENDERER_DIR } from '../electron/web-host/app.js';
import { ensureRendererBuilt } from './web-renderer-build.js';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
try {
  ensureRendererBuilt(projectDir, DEFAULT_RENDERER_DIR, (line) => process.stdout.write(`${line}\n`));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
await import('../electron/web-host/cli.js');
