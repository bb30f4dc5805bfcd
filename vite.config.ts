import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer's build: `renderer/` in, `dist-renderer/` out (the web host and
 * the Electron window both load it). Relative asset paths so the same files
 * work from `file://` in the desktop app and from `/` on the web host.
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist-renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // The renderer imports the host contract and pure engine modules from ../engine.
    fs: { allow: ['..'] },
  },
});
