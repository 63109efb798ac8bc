import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Custom roots: the app keeps its three processes in src-main, src-main/electron/preload and src-renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Self-contained (ws, zod and the rest bundled in): the packaged app holds out/ and
      // package.json only, no node_modules (electron-builder.yml excludes them).
      externalizeDeps: false,
      // Named `index`: package.json's main is out/main/index.js.
      lib: { entry: { index: resolve(__dirname, 'src-main/electron/entry.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // electron-vite leaves the renderer unminified by default: 1.4 MB instead of 0.6 MB.
      minify: true,
      rolldownOptions: { input: resolve(__dirname, 'src-renderer/index.html') },
    },
  },
});
