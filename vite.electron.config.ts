import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Builds the Electron main process (ES module) or, with `--mode preload`, the preload (CommonJS: sandboxed
 * preloads cannot load ES modules). Run both via `npm run build`. The main build has a second entry, the snapshot
 * writer's worker thread, emitted beside main.js as snapshot-writer.worker.js, where the adapter looks for it
 * (electron/adapters/worker-snapshot-writer.ts). It imports only Node built-ins, so the two share no chunk.
 */
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  const source = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
  const entry: Record<string, string> = preload
    ? { preload: source('./electron/preload.ts') }
    : { main: source('./electron/main.ts'), 'snapshot-writer.worker': source('./electron/adapters/snapshot-writer.worker.ts') };
  const external = ['electron', 'electron-store', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  return {
    build: {
      outDir: fileURLToPath(new URL('./dist/electron', import.meta.url)),
      emptyOutDir: false,
      target: 'node20',
      ssr: !preload,
      minify: false,
      sourcemap: false,
      lib: {
        entry,
        formats: [preload ? 'cjs' : 'es'],
        fileName: (_format, name) => (preload ? 'preload.cjs' : `${name}.js`),
      },
      rollupOptions: { external: preload ? ['electron'] : external },
    },
  };
});
