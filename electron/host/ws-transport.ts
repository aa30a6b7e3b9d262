import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { toErrorData } from '../../shared/errors';
import { dispatchCall } from '../../shared/ipc/dispatch';
import { WS_PATH, WsRequestSchema, type WsServerMessage } from '../../shared/ipc/ws-protocol';
import type { StationServices } from '../services/station-services';

const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

/**
 * The contract over one WebSocket: every request is answered by the shared dispatcher (the same one
 * Electron main uses) and every service event is sent to every connected page.
 * Only pages served by this host may connect (Origin check), so another site open in the same browser
 * cannot drive the station.
 */
export function attachWsTransport(services: StationServices, isAllowedOrigin: (origin: string | undefined) => boolean) {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
  });
  const send = (socket: WebSocket, message: WsServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };

  wss.on('connection', (socket) => {
    // A malformed frame (bad UTF-8, too large, a bad opcode) ends this connection only: without a
    // listener, ws's error event would take the whole station host down.
    socket.on('error', (err) => {
      services.logger.log.warn({ err: toErrorData(err) }, 'browser-mode connection dropped on a bad frame');
      socket.terminate();
    });
    socket.on('message', async (data, isBinary) => {
      let request: ReturnType<typeof WsRequestSchema.parse>;
      try {
        if (isBinary) throw new Error('binary frames are not part of the protocol');
        request = WsRequestSchema.parse(JSON.parse(data.toString()));
      } catch (err) {
        services.logger.log.warn({ err: toErrorData(err) }, 'unreadable browser-mode request');
        send(socket, { type: 'protocol-error', error: { code: 'bad_request', message: `Unreadable request: ${toErrorData(err).message}` } });
        return;
      }
      const result = await dispatchCall(services.handlers, request.channel, request.input);
      send(socket, { type: 'result', id: request.id, result });
    });
  });

  const unsubscribe = services.onEvent((event, payload) => {
    const message = JSON.stringify({ type: 'event', event, payload } satisfies WsServerMessage);
    for (const socket of wss.clients) if (socket.readyState === socket.OPEN) socket.send(message);
  });

  return {
    /** Hands an HTTP upgrade to the WebSocket server, or refuses it. */
    handleUpgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) {
      const url = new URL(req.url ?? '/', 'http://host');
      if (url.pathname !== WS_PATH || !isAllowedOrigin(req.headers.origin)) {
        services.logger.log.warn({ origin: req.headers.origin, path: url.pathname }, 'refused browser-mode connection');
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    async close() {
      unsubscribe();
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
