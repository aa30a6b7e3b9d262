import { appendFile, open } from 'node:fs/promises';
import net from 'node:net';
import { StationError } from '../../../shared/errors';

export interface SendOptions {
  /** Connecting, and each wait for the printer to take data, may take this long. */
  timeoutMs?: number;
}

/**
 * Delivers a job's bytes to a printer interface: `tcp://host:port` (raw port 9100), `file:/path`
 * (appended, for capture or a spooler folder) or a device path such as /dev/usb/lp0. Resolves only when
 * every byte was accepted and the connection closed cleanly; anything else rejects with a reason a
 * clerk can act on, so the queue can retry without printing the job twice in the good case.
 */
export async function sendToPrinter(target: string, data: Uint8Array, options: SendOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const tcp = /^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(target);
  if (tcp) return sendTcp(tcp[1]!, Number(tcp[2] ?? 9100), data, timeoutMs);
  if (target.startsWith('file:')) {
    const path = target.slice('file:'.length);
    try {
      await appendFile(path, data);
    } catch (err) {
      throw new StationError('printer_file_failed', `Could not write the label to ${path}: ${(err as Error).message}`);
    }
    return;
  }
  let handle;
  try {
    handle = await open(target, 'a');
    await handle.write(data);
  } catch (err) {
    throw new StationError('printer_unreachable', `The printer at ${target} cannot be written to: ${(err as Error).message}. Is it connected and switched on?`);
  } finally {
    await handle?.close();
  }
}

function sendTcp(host: string, port: number, data: Uint8Array, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const where = `${host}:${port}`;
    const socket = net.connect({ host, port });
    let settled = false;
    const fail = (code: string, message: string) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      reject(new StationError(code, message));
    };
    socket.setTimeout(timeoutMs, () => fail('printer_timeout', `The printer at ${where} stopped answering (${timeoutMs / 1000} s). Check paper and power.`));
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED') fail('printer_unreachable', `No printer answers at ${where}: is it switched on and on the network?`);
      else if (err.code === 'ECONNRESET' || err.code === 'EPIPE') fail('printer_reset', `The printer at ${where} dropped the connection while printing; the label may be incomplete.`);
      else fail('printer_unreachable', `Could not reach the printer at ${where}: ${err.message}`);
    });
    socket.once('connect', () => {
      socket.end(Buffer.from(data));
    });
    socket.once('close', (hadError) => {
      if (hadError) return; // 'error' said why
      if (settled) return;
      if (socket.bytesWritten < data.length) {
        fail('printer_reset', `The printer at ${where} took ${socket.bytesWritten} of ${data.length} bytes; the label may be incomplete.`);
        return;
      }
      settled = true;
      resolve();
    });
  });
}
