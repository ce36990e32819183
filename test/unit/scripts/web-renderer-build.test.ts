/** `npm run web` (and the bench's renderer part) builds the renderer only when there is no build or its sources changed since the one there. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decideRendererBuild,
  ensureRendererBuilt,
  newestMtimeMs,
  readStamp,
  rendererBuildDecision,
  writeStamp,
} from '../../../scripts/web-renderer-build.js';

describe('rendererBuildDecision', () => {
  const stamp = { sourcesMtimeMs: 1000 };
  it('builds when there is no build, or no stamp', () => {
    expect(rendererBuildDecision({ built: false, stamp, newestSourceMs: 1000 })).toEqual({ build: true, reason: 'no-build' });
    expect(rendererBuildDecision({ built: true, stamp: null, newestSourceMs: 1000 })).toEqual({
      build: true,
      reason: 'no-stamp',
    });
  });

  it('builds when the newest source time moved either way, and not when it is the one built', () => {
    expect(rendererBuildDecision({ built: true, stamp, newestSourceMs: 1001 }).build).toBe(true);
    expect(rendererBuildDecision({ built: true, stamp, newestSourceMs: 999 })).toEqual({
      build: true,
      reason: 'sources-changed',
    });
    expect(rendererBuildDecision({ built: true, stamp, newestSourceMs: 1000 })).toEqual({ build: false, reason: 'up-to-date' });
  });
});

describe('on disk', () => {
  let project: string;
  let out: string;
  const at = (file: string, seconds: number): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (!fs.existsSync(file)) fs.writeFileSync(file, 'x');
    fs.utimesSync(file, seconds, seconds);
  };
  beforeEach(() => {
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-web-build-'));
    out = path.join(project, 'dist', 'renderer');
    at(path.join(project, 'renderer', 'pages', 'a.tsx'), 100);
    at(path.join(project, 'shared', 'b.ts'), 200);
    at(path.join(project, 'vite.config.ts'), 50);
    at(path.join(project, 'package-lock.json'), 60);
    for (const dir of ['renderer/pages', 'renderer', 'shared']) fs.utimesSync(path.join(project, dir), 10, 10);
  });
  afterEach(() => fs.rmSync(project, { recursive: true, force: true }));

  it('finds the newest time below the source folders, folders included, and skips what is not there', () => {
    expect(newestMtimeMs([path.join(project, 'renderer'), path.join(project, 'shared'), path.join(project, 'nothing')])).toBe(
      200_000,
    );
    at(path.join(project, 'renderer', 'pages', 'a.tsx'), 300);
    expect(newestMtimeMs([path.join(project, 'renderer')])).toBe(300_000);
    fs.utimesSync(path.join(project, 'renderer', 'pages'), 400, 400);
    expect(newestMtimeMs([path.join(project, 'renderer')])).toBe(400_000);
  });

  it('skips the build after one with the same sources, and builds again after a change', () => {
    expect(decideRendererBuild(project, out).reason).toBe('no-build');
    at(path.join(out, 'index.html'), 500);
    const first = decideRendererBuild(project, out);
    expect(first.reason).toBe('no-stamp');
    writeStamp(out, { sourcesMtimeMs: first.newestSourceMs });
    expect(readStamp(out)).toEqual({ sourcesMtimeMs: 200_000 });
    expect(decideRendererBuild(project, out)).toMatchObject({ build: false, reason: 'up-to-date' });
    at(path.join(project, 'package-lock.json'), 700);
    expect(decideRendererBuild(project, out)).toMatchObject({ build: true, reason: 'sources-changed' });
  });

  it('ensureRendererBuilt builds and stamps only when needed, and a failed build leaves no stamp', () => {
    const lines: string[] = [];
    const builds: string[] = [];
    const build = (status: number | null) => (dir: string) => {
      builds.push(dir);
      if (status === 0) at(path.join(out, 'index.html'), 500);
      return status;
    };
    expect(() => ensureRendererBuilt(project, out, (line) => lines.push(line), build(1))).toThrow(
      'The renderer build failed (exit 1).',
    );
    expect(readStamp(out)).toBeNull();
    ensureRendererBuilt(project, out, (line) => lines.push(line), build(0));
    expect(readStamp(out)).toEqual({ sourcesMtimeMs: 200_000 });
    ensureRendererBuilt(project, out, (line) => lines.push(line), build(0));
    expect(builds).toEqual([project, project]);
    expect(lines).toEqual([
      'building the renderer (no-build)',
      'building the renderer (no-build)',
      'renderer up to date, not rebuilt',
    ]);
  });

  it('a damaged stamp counts as none', () => {
    at(path.join(out, 'index.html'), 500);
    fs.writeFileSync(path.join(out, '.build-stamp.json'), '{"sourcesMtimeMs":"soon"}');
    expect(readStamp(out)).toBeNull();
    expect(decideRendererBuild(project, out).reason).toBe('no-stamp');
  });
});
