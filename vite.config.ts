import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

/**
 * The renderer build. `base: './'` because the desktop app loads it from file://;
 * the web host serves the same files from its root.
 * Two entries: the app itself, and the web host's browser bridge that provides `window.keyAdmin`
 * over HTTP where Electron's preload is absent (never loaded by the desktop app).
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        'web-bridge': fileURLToPath(new URL('./electron/web-host/browser-bridge.ts', import.meta.url)),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'web-bridge' ? 'web-bridge.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
