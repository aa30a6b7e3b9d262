import { CALL_NAMES, EVENT_NAMES, ipcChannel, subscriberName, type IpcResult, type StationBridge } from '../../shared/ipc/contract';

/** The part of Electron's ipcRenderer this needs; structural so it can be tested without Electron. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * What the preload exposes as `window.station`: one function per call and one subscribe function per
 * event stream, built from the contract. ipcRenderer itself never reaches the page.
 */
export function createPreloadBridge(ipc: IpcRendererLike): StationBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    bridge[name] = (input?: unknown) => ipc.invoke(ipcChannel(name), input) as Promise<IpcResult>;
  }
  for (const name of EVENT_NAMES) {
    bridge[subscriberName(name)] = (listener: (payload: unknown) => void) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(ipcChannel(name), forward);
      return () => {
        ipc.removeListener(ipcChannel(name), forward);
      };
    };
  }
  return bridge as StationBridge;
}
