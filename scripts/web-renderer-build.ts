/**
 * Whether `npm run web` (and the renderer part of `npm run bench`) must build the renderer first: only when there is
 * no build, or its sources changed since the build that is there. A stamp in dist/renderer records the newest time
 * among the sources when it was built.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** What the renderer build reads: its sources, the contract, the web bridge, its config and the locked packages. */
export const RENDERER_SOURCES = [
  'renderer',
  'shared',
  'electron/web-host/browser-bridge.ts',
  'vite.config.ts',
  'package-lock.json',
] as const;
export const STAMP_FILE = '.build-stamp.json';

const stampSchema = z.object({ sourcesMtimeMs: z.number() });
export type RendererStamp = z.infer<typeof stampSchema>;

export interface BuildDecision {
  readonly build: boolean;
  readonly reason: 'no-build' | 'no-stamp' | 'sources-changed' | 'up-to-date';
}

/**
 * Pure. Any change of the newest time counts, later or earlier: a file swapped for an older copy, or removed (its
 * folder's time changes), is a change too.
 */
export function rendererBuildDecision(input: {
  readonly built: boolean;
  readonly stamp: RendererStamp | null;
  readonly newestSourceMs: number;
}): BuildDecision {
  if (!input.built) return { build: true, reason: 'no-build' };
  if (input.stamp === null) return { build: true, reason: 'no-stamp' };
  if (input.stamp.sourcesMtimeMs !== input.newestSourceMs) return { build: true, reason: 'sources-changed' };
  return { build: false, reason: 'up-to-date' };
}

/** The newest modification time among these files and folders, and everything below the folders. */
export function newestMtimeMs(paths: readonly string[]): number {
  let newest = 0;
  const visit = (entry: string): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(entry);
    } catch {
      return;
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const name of fs.readdirSync(entry)) {
      if (name !== 'node_modules') visit(path.join(entry, name));
    }
  };
  for (const entry of paths) visit(entry);
  return newest;
}

export function readStamp(rendererDir: string): RendererStamp | null {
  try {
    const parsed = stampSchema.safeParse(JSON.parse(fs.readFileSync(path.join(rendererDir, STAMP_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeStamp(rendererDir: string, stamp: RendererStamp): void {
  fs.writeFileSync(path.join(rendererDir, STAMP_FILE), `${JSON.stringify(stamp)}\n`);
}

/** The decision for a project folder as it is on disk. */
export function decideRendererBuild(projectDir: string, rendererDir: string): BuildDecision & { newestSourceMs: number } {
  const newestSourceMs = newestMtimeMs(RENDERER_SOURCES.map((entry) => path.join(projectDir, entry)));
  const decision = rendererBuildDecision({
    built: fs.existsSync(path.join(rendererDir, 'index.html')),
    stamp: readStamp(rendererDir),
    newestSourceMs,
  });
  return { ...decision, newestSourceMs };
}

/** Runs vite's renderer build in the project folder; answers its exit status. */
function viteBuild(projectDir: string): number | null {
  const vite = path.join(projectDir, 'node_modules', 'vite', 'bin', 'vite.js');
  return spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: projectDir, stdio: 'inherit' }).status;
}

/**
 * Builds the renderer into `rendererDir` (vite's output, dist/renderer) when the decision says so, and stamps it;
 * says which it did on `log`. Throws when the build fails, leaving no stamp.
 */
export function ensureRendererBuilt(
  projectDir: string,
  rendererDir: string,
  log: (line: string) => void,
  build: (projectDir: string) => number | null = viteBuild,
): void {
  const decision = decideRendererBuild(projectDir, rendererDir);
  if (!decision.build) {
    log('renderer up to date, not rebuilt');
    return;
  }
  log(`building the renderer (${decision.reason})`);
  const status = build(projectDir);
  if (status !== 0) throw new Error(`The renderer build failed (exit ${status ?? 'signal'}).`);
  // The newest time of the sources as they were built (read before the build, so a change during it still counts).
  writeStamp(rendererDir, { sourcesMtimeMs: decision.newestSourceMs });
}
