// `npm run dist`: packages installers with electron-builder. electron-builder needs an Electron
// distribution to package; where none can be had it would try to download one, so stop first.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findElectronBinary } from './electron-binary';

const electron = findElectronBinary();
if (!electron.found) {
  console.error(`Cannot build installers: ${electron.reason}`);
  process.exit(1);
}
const args = ['electron-builder', '--config', 'build/electron-builder.json', `--config.electronDist=${path.dirname(electron.path)}`, ...process.argv.slice(2)];
const result = spawnSync('npx', args, { stdio: 'inherit' });
process.exit(result.status ?? 1);
