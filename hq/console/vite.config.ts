import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** HQ's console: built once into dist/hq-console and served by HQ at its root. */
export default defineConfig({
  root: 'hq/console',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/hq-console',
    emptyOutDir: true,
    target: 'chrome120',
    sourcemap: true,
  },
});
