// Bundled to dist-electron/preload.cjs: sandboxed preloads can only require('electron').
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './ipc/preload-bridge';

contextBridge.exposeInMainWorld('station', createPreloadBridge(ipcRenderer));
