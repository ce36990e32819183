/**
 * `npm run web [-- --demo] [--port N] [--data-dir DIR]`: builds the renderer when its sources changed since the last
 * build (scripts/web-renderer-build.ts), then starts the web host (electron/web-host/cli.ts).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_RENDERER_DIR } from '../electron/web-host/app.js';
import { decideRendererBuild, writeStamp } from './web-renderer-build.js';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const decision = decideRendererBuild(projectDir, DEFAULT_RENDERER_DIR);
if (decision.build) {
  process.stdout.write(`building the renderer (${decision.reason})\n`);
  const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: projectDir, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  // The newest time of the sources as they were built (read before the build, so a change during it still counts).
  writeStamp(DEFAULT_RENDERER_DIR, { sourcesMtimeMs: decision.newestSourceMs });
} else {
  process.stdout.write('renderer up to date, not rebuilt\n');
}
await import('../electron/web-host/cli.js');
