import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'renderer',
  // Relative asset URLs: the same build is served from app://station/ in Electron and by the browser-mode host.
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
  },
  test: {
    root: '.',
    include: ['{shared,electron,renderer,hq,test}/**/*.test.{ts,tsx}'],
    setupFiles: ['test/setup/vitest.setup.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
