import { toErrorData } from '../../shared/errors';
import { subscriberName, type StationBridge } from '../../shared/ipc/contract';
import type { StationTransport } from './station-api';

/** The transport in Electron: the preload's `window.station` bridge. */
export function createElectronTransport(bridge: StationBridge): StationTransport {
  const calls = bridge as unknown as Record<string, (input: unknown) => Promise<unknown>>;
  const subscribers = bridge as unknown as Record<string, (listener: (payload: unknown) => void) => () => void>;
  return {
    async invoke(name, input) {
      try {
        return (await calls[name]!(input)) as Awaited<ReturnType<StationTransport['invoke']>>;
      } catch (err) {
        // Only reached when IPC itself failed (no handler, window closing): the call was not answered.
        return { ok: false, error: { code: 'transport_failed', message: toErrorData(err).message } };
      }
    },
    subscribe: (name, listener) => subscribers[subscriberName(name)]!(listener),
  };
}
