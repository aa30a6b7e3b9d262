import { StationError, describeZodError, toErrorData } from '../errors';
import { calls, isCallName, type IpcResult, type StationHandlers } from './contract';

/**
 * Runs one call from any transport: unknown channel → `unknown_channel`, bad input → `invalid_input`
 * with a readable message, a handler failure → its StationError data. Never throws, so Electron main
 * and the browser-mode host answer every request the same way.
 */
export async function dispatchCall(handlers: StationHandlers, channel: string, input: unknown): Promise<IpcResult> {
  if (!isCallName(channel)) {
    return { ok: false, error: { code: 'unknown_channel', message: `No such call: ${channel}` } };
  }
  const parsed = calls[channel].input.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      error: new StationError('invalid_input', `Invalid input for ${channel}: ${describeZodError(parsed.error)}`, parsed.error.issues).toData(),
    };
  }
  try {
    const handler = handlers[channel] as (arg: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (err) {
    return { ok: false, error: toErrorData(err) };
  }
}
