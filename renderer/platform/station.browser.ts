import { WS_PATH, WsServerMessageSchema, type WsRequest } from '../../shared/ipc/ws-protocol';
import type { EventName, IpcResult, Unsubscribe } from '../../shared/ipc/contract';
import { createConnectionStore, type ConnectionStore } from './connection';
import type { StationTransport } from './station-api';

export interface BrowserTransportOptions {
  /** A call not answered within this time fails with `transport_timeout`. */
  callTimeoutMs?: number;
  /** Reconnect delays grow from the first to the last value. */
  retryDelaysMs?: number[];
  /** For tests in Node, which may lack a global WebSocket. */
  WebSocketImpl?: typeof WebSocket;
}

interface Pending {
  resolve(result: IpcResult): void;
  timer: ReturnType<typeof setTimeout>;
  /** The request, kept until it has been handed to an open socket. */
  unsent?: string;
}

/** The URL of the host's WebSocket, from the page's own origin. */
export function hostSocketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${WS_PATH}`;
}

/**
 * Browser mode: the contract over the host's WebSocket. Reconnects on its own; a call sent on a socket
 * that then dropped resolves as `transport_closed` (it may or may not have run), a call made while
 * disconnected waits for the connection until its timeout.
 */
export function createBrowserTransport(url: string, options: BrowserTransportOptions = {}) {
  const WS = options.WebSocketImpl ?? WebSocket;
  const timeoutMs = options.callTimeoutMs ?? 15_000;
  const delays = options.retryDelaysMs ?? [250, 500, 1000, 2000, 5000];
  const connection = createConnectionStore('connecting');
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  let attempt = 0;
  let socket: WebSocket | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const settle = (id: number, result: IpcResult) => {
    const entry = pending.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    pending.delete(id);
    entry.resolve(result);
  };

  const flush = () => {
    for (const entry of pending.values()) {
      if (entry.unsent && socket?.readyState === WS.OPEN) {
        socket.send(entry.unsent);
        delete entry.unsent;
      }
    }
  };

  const onMessage = (event: MessageEvent) => {
    let raw: unknown;
    try {
      raw = JSON.parse(String(event.data));
    } catch {
      return; // Not JSON: nothing in it can be matched to a call.
    }
    const parsed = WsServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      // A reply we cannot read still ends its call at once, rather than by timeout.
      const id = (raw as { id?: unknown } | null)?.id;
      if (typeof id === 'number')
        settle(id, { ok: false, error: { code: 'bad_response', message: 'The station service sent a reply that could not be read.' } });
      return;
    }
    const message = parsed.data;
    if (message.type === 'result') settle(message.id, message.result as IpcResult);
    else if (message.type === 'event') for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
  };

  const connect = () => {
    if (closed) return;
    connection.set(attempt === 0 ? 'connecting' : 'disconnected');
    const ws = new WS(url);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      connection.set('connected');
      flush();
    });
    ws.addEventListener('message', onMessage);
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const [id, entry] of pending) {
        if (!entry.unsent) {
          settle(id, {
            ok: false,
            error: { code: 'transport_closed', message: 'The connection to the station service dropped before it answered.' },
          });
        }
      }
      connection.set('disconnected');
      if (!closed) retryTimer = setTimeout(connect, delays[Math.min(attempt++, delays.length - 1)]);
    });
  };
  connect();

  const transport: StationTransport & { connection: ConnectionStore; close(): void } = {
    connection,
    invoke(name, input) {
      return new Promise<IpcResult>((resolve) => {
        const id = nextId++;
        const request: WsRequest = { type: 'call', id, channel: name, input };
        const timer = setTimeout(
          () => settle(id, { ok: false, error: { code: 'transport_timeout', message: `The station service did not answer ${name} in time.` } }),
          timeoutMs,
        );
        pending.set(id, { resolve, timer, unsent: JSON.stringify(request) });
        flush();
      });
    },
    subscribe(name: EventName, listener): Unsubscribe {
      const set = listeners.get(name) ?? new Set();
      listeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
  return transport;
}
