// `npm start`: runs the built app in Electron when a binary exists, and says what to do when not.
import { spawn } from 'node:child_process';
import { findElectronBinary } from './electron-binary';

const electron = findElectronBinary();
if (!electron.found) {
  console.error(`Cannot start the desktop app: ${electron.reason}`);
  process.exit(1);
}
const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
