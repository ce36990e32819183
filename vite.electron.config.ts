import { defineConfig } from 'vite';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Builds the Electron main process (ES module) or, with `--mode preload`, the preload (CommonJS: sandboxed
 * preloads cannot load ES modules). Run both via `npm run build`.
 */
export default defineConfig(({ mode }) => {
  const preload = mode === 'preload';
  const entry = fileURLToPath(new URL(preload ? './electron/preload.ts' : './electron/main.ts', import.meta.url));
  const external = ['electron', 'electron-store', 'axios', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
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
        fileName: () => (preload ? 'preload.cjs' : 'main.js'),
      },
      rollupOptions: { external: preload ? ['electron'] : external },
    },
  };
});
