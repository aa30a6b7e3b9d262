import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The installer configuration, read as electron-builder reads it. */
const config = JSON.parse(readFileSync('build/electron-builder.json', 'utf8'));
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

function pngSize(file: string) {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString()).toBe('PNG');
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

describe('electron-builder configuration', () => {
  it('builds every dock platform: AppImage and deb, NSIS, dmg', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config.productName).toBe(pkg.productName);
  });

  it('ships the built app only, in an asar: no sources, tests, maps or dev files', () => {
    expect(config.asar).toBe(true);
    expect(pkg.main).toBe('dist-electron/main.js');
    const included = config.files.filter((f: string) => !f.startsWith('!'));
    expect(included.sort()).toEqual(['dist-electron/**', 'dist/**', 'package.json']);
    for (const excluded of ['!**/*.map', '!**/*.test.*', '!**/*.spec.*']) expect(config.files).toContain(excluded);
    // Only the native serial binding is unpacked (it cannot load from inside an asar).
    expect(config.asarUnpack).toEqual(['node_modules/@serialport/bindings-cpp/**']);
    // Dev tooling is never a runtime dependency (electron-builder ships `dependencies`).
    for (const dev of ['electron', 'electron-builder', 'vite', 'vitest', '@playwright/test', 'typescript', 'tsx', 'esbuild']) {
      expect(Object.keys(pkg.dependencies)).not.toContain(dev);
    }
  });

  it('sets the Electron fuses: no run-as-node, no NODE_OPTIONS or inspect flags; cookie encryption and asar integrity on', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('publishes for electron-updater with a generic provider (the station sets the real address in settings)', () => {
    expect(config.publish).toEqual([expect.objectContaining({ provider: 'generic' })]);
    expect(Object.keys(pkg.dependencies)).toContain('electron-updater');
  });

  it('has an icon of at least 512×512 in build/', () => {
    expect(config.icon).toBe('build/icon.png');
    expect(existsSync(config.icon)).toBe(true);
    const { width, height } = pngSize(config.icon);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
  });
});

describe('single instance', () => {
  it('a second instance exits before any service starts (no serial port opened twice)', () => {
    const main = readFileSync('electron/main.ts', 'utf8');
    const lock = main.indexOf('requestSingleInstanceLock()');
    const exit = main.indexOf('process.exit(0)', lock);
    const services = main.indexOf('startStationServices(');
    expect(lock).toBeGreaterThan(0);
    expect(exit).toBeGreaterThan(lock);
    expect(exit).toBeLessThan(services);
    expect(main.slice(lock, exit)).toMatch(/app\.quit\(\);\s*$/);
  });
});
