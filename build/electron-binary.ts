import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * Where the Electron executable is, found without `require('electron')`: that call tries to download
 * the binary when it is missing, which cannot work on machines without internet access.
 */
export function findElectronBinary(): ElectronBinary {
  let pkgDir: string;
  try {
    pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = path.join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkgDir, 'dist');
  const candidate = path.join(distDir, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'));
  if (existsSync(candidate)) return { found: true, path: candidate };
  return {
    found: false,
    reason:
      `no Electron binary at ${candidate}: it was not downloaded (installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1, ` +
      'or the download is not reachable). Use browser mode (npm run demo), or install on a machine that can download ' +
      'Electron, or point ELECTRON_OVERRIDE_DIST_PATH at an unpacked Electron.',
  };
}
