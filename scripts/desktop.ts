/** Builds and starts the desktop app; without the Electron binary, says so and points to the web host. */
import { spawnSync, spawn } from 'node:child_process';
import { electronBinary, MISSING_ELECTRON_MESSAGE, projectRoot } from './electron-binary.js';

export function startDesktopApp(env: NodeJS.ProcessEnv = process.env): number {
  const binary = electronBinary();
  if (!binary) {
    process.stderr.write(`${MISSING_ELECTRON_MESSAGE}\n`);
    return 1;
  }
  const build = spawnSync('npm', ['run', 'build'], { cwd: projectRoot, stdio: 'inherit' });
  if (build.status !== 0) return build.status ?? 1;
  const child = spawn(binary, ['.'], { cwd: projectRoot, stdio: 'inherit', env });
  child.on('exit', (code) => process.exit(code ?? 0));
  return 0;
}
