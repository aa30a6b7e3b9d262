import { CALL_NAMES, ipcChannel, type IpcResult, type StationHandlers } from '../../shared/ipc/contract';
import { dispatchCall } from '../../shared/ipc/dispatch';

/** The part of Electron's ipcMain this needs; structural so tests can pass a recorder without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<IpcResult>): void;
  removeHandler(channel: string): void;
}
export interface InvokeEventLike {
  senderFrame?: { url: string } | null;
}

/**
 * Registers one `ipcMain.handle` per contract call. Each call is answered only if it comes from a frame
 * showing the app (`isTrusted`), and its input is validated by the shared dispatcher.
 * Returns a function that removes every handler it added.
 */
export function registerMainHandlers(
  ipcMain: IpcMainLike,
  handlers: StationHandlers,
  isTrusted: (frameUrl: string | undefined) => boolean,
  onRejected: (channel: string, frameUrl: string | undefined) => void = () => undefined,
): () => void {
  for (const name of CALL_NAMES) {
    ipcMain.handle(ipcChannel(name), async (event, input) => {
      const frameUrl = event.senderFrame?.url;
      if (!isTrusted(frameUrl)) {
        onRejected(name, frameUrl);
        return { ok: false, error: { code: 'forbidden_sender', message: `Refused ${name} from ${frameUrl ?? 'an unknown frame'}` } };
      }
      return dispatchCall(handlers, name, input);
    });
  }
  return () => {
    for (const name of CALL_NAMES) ipcMain.removeHandler(ipcChannel(name));
  };
}
