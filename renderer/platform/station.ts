import type { StationApi, StationBridge } from '../../shared/ipc/contract';
import { createConnectionStore, type ConnectionStore } from './connection';
import { createStationApi } from './station-api';
import { createBrowserTransport, hostSocketUrl } from './station.browser';
import { createElectronTransport } from './station.electron';

export interface StationPlatform {
  api: StationApi;
  mode: 'electron' | 'browser';
  connection: ConnectionStore;
}

declare global {
  interface Window {
    /** Present only in Electron, exposed by the preload. */
    station?: StationBridge;
  }
}

/** One renderer build serves both: Electron's preload bridge when present, else the host's WebSocket. */
export function connectStation(): StationPlatform {
  if (window.station) {
    return { api: createStationApi(createElectronTransport(window.station)), mode: 'electron', connection: createConnectionStore('connected') };
  }
  const transport = createBrowserTransport(hostSocketUrl(window.location));
  return { api: createStationApi(transport), mode: 'browser', connection: transport.connection };
}
