// Bundles the Node-side entries into dist-electron/: Electron main (ESM), the sandboxed preload
// (CommonJS, everything inlined: a sandboxed preload can require only 'electron'), and the
// browser-mode host (ESM). Dependencies stay external for main: electron-builder ships node_modules.
// The host inlines them (resolving ~100 modules from node_modules cost ~0.1 s of every start) except
// serialport, whose native binding must load from disk; `require` is provided for the CommonJS ones.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' } as const;

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.js', format: 'esm', packages: 'external' }),
  build({
    ...common,
    entryPoints: ['electron/host.ts'],
    outfile: 'dist-electron/host.js',
    format: 'esm',
    external: ['serialport', '@serialport/*', 'electron'],
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs', format: 'cjs', external: ['electron'], minify: true }),
]);
console.log('bundled dist-electron/main.js, preload.cjs, host.js');
