/**
 * The browser-mode wire format: the contract's calls and events carried as JSON over one WebSocket.
 * Both ends parse what they receive with these schemas.
 */
import { z } from 'zod';
import { StationErrorDataSchema } from '../errors';

export const WS_PATH = '/ipc';

export const WsRequestSchema = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(64),
  input: z.unknown().optional(),
});
export type WsRequest = z.infer<typeof WsRequestSchema>;

const IpcResultSchema = z.union([
  // JSON drops `value: undefined` (calls that return nothing), so the key may be absent.
  z.object({ ok: z.literal(true), value: z.unknown().optional() }),
  z.object({ ok: z.literal(false), error: StationErrorDataSchema }),
]);

export const WsServerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int().nonnegative(), result: IpcResultSchema }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** A request the host could not even read (not JSON, no id): said once, then the client moves on. */
  z.object({ type: z.literal('protocol-error'), error: StationErrorDataSchema }),
]);
export type WsServerMessage = z.infer<typeof WsServerMessageSchema>;
