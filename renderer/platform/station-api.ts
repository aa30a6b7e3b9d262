import { StationError } from '../../shared/errors';
import {
  CALL_NAMES,
  EVENT_NAMES,
  subscriberName,
  type CallName,
  type EventName,
  type IpcResult,
  type StationApi,
  type Unsubscribe,
} from '../../shared/ipc/contract';

/** How calls and events travel: Electron's preload bridge, or the browser-mode WebSocket. */
export interface StationTransport {
  invoke(name: CallName, input: unknown): Promise<IpcResult>;
  subscribe(name: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** Builds the StationApi from the contract over any transport; failures throw StationError. */
export function createStationApi(transport: StationTransport): StationApi {
  const api: Record<string, unknown> = {};
  for (const name of CALL_NAMES) {
    api[name] = async (input?: unknown) => {
      const result = await transport.invoke(name, input);
      if (!result.ok) throw StationError.fromData(result.error);
      return result.value;
    };
  }
  for (const name of EVENT_NAMES) {
    api[subscriberName(name)] = (listener: (payload: unknown) => void) => transport.subscribe(name, listener);
  }
  return api as StationApi;
}
