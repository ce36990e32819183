/**
 * The desktop app's main process and preload build (the Electron binary cannot run here, but its bundles can be
 * built and read): main is an ES module that loads only Electron, Node built-ins and the shipped dependencies;
 * the preload is CommonJS (sandboxed preloads cannot load ES modules) and needs nothing but Electron.
 * Neither may carry the key service or the web host.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';

let outDir: string;
let main: string;
let preload: string;

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keywarden-bundle-'));
  for (const mode of ['production', 'preload']) {
    await build({ configFile: 'vite.electron.config.ts', mode, logLevel: 'silent', build: { outDir } });
  }
  main = fs.readFileSync(path.join(outDir, 'main.js'), 'utf8');
  preload = fs.readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
}, 60_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

describe('the Electron bundles', () => {
  it('main imports only electron, node built-ins and the shipped dependencies', () => {
    const imported = [...main.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]!);
    expect(imported.length).toBeGreaterThan(3);
    const shipped = new Set(
      Object.keys((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { dependencies: object }).dependencies),
    );
    for (const name of imported) {
      expect(name === 'electron' || name.startsWith('node:') || shipped.has(name), name).toBe(true);
    }
  });

  it('the preload is CommonJS and requires nothing but electron', () => {
    expect(preload).not.toMatch(/^import /m);
    const required = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
  });

  it("emits the snapshot writer's worker beside main.js, where main looks for it, importing only node built-ins", async () => {
    const file = path.join(outDir, 'snapshot-writer.worker.js');
    const worker = fs.readFileSync(file, 'utf8');
    const imported = [...worker.matchAll(/^import .* from "([^"]+)";$/gm)].map((match) => match[1]!);
    expect(imported.every((name) => name.startsWith('node:'))).toBe(true);
    expect(main).not.toMatch(/from "\.\//);
    const { defaultWorkerUrl, createWorkerSnapshotWriter } = await import('../../../electron/adapters/worker-snapshot-writer.js');
    const url = defaultWorkerUrl(pathToFileURL(path.join(outDir, 'main.js')).href);
    expect(fileURLToPath(url)).toBe(file);
    // The built worker writes a snapshot.
    const writer = createWorkerSnapshotWriter({ workerUrl: url });
    try {
      await writer.write(path.join(outDir, 'written.json'), { keys: [1, 2, 3] });
    } finally {
      await writer.close();
    }
    expect(fs.readFileSync(path.join(outDir, 'written.json'), 'utf8')).toBe('{"keys":[1,2,3]}');
  });

  it('carries neither the key service nor the web host', () => {
    for (const bundle of [main, preload]) {
      expect(bundle).not.toMatch(/better-sqlite3|fastify|startWebHost|keyservice/);
    }
  });
});
