import { appendFile, open } from 'node:fs/promises';
import net from 'node:net';
import { StationError, type ErrorCode } from '../../../shared/errors';

export interface SendOptions {
  /** Connecting, and each wait for the printer to take data, may take this long. */
  timeoutMs?: number;
  /**
   * After the job, ask the printer a question it answers only once it has read everything before it
   * (ESC/POS real-time status DLE EOT 1, ZPL ~HS): an answer confirms the label reached the printer.
   */
  confirm?: 'escpos' | 'zpl';
  /** How long to wait for that answer before calling the job "sent, not confirmed". */
  confirmMs?: number;
}

/** Delivered; `confirmed` when the printer answered after reading the whole job. */
export interface SendResult {
  confirmed: boolean;
}

const CONFIRM_QUERY = { escpos: Buffer.from([0x10, 0x04, 0x01]), zpl: Buffer.from('~HS') };

/**
 * Delivers a job's bytes to a printer interface: `tcp://host:port` (raw port 9100), `file:/path`
 * (appended, for capture or a spooler folder) or a device path such as /dev/usb/lp0. Resolves only when
 * every byte was accepted and the connection closed cleanly. A failure says which of two things happened:
 * nothing reached the printer (`printer_unreachable`: safe to try again by itself), or some bytes may
 * have (`print_unconfirmed`: only a person can tell whether a label came out — never retried alone, so a
 * label is printed at most once).
 */
export async function sendToPrinter(target: string, data: Uint8Array, options: SendOptions = {}): Promise<SendResult> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const tcp = /^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(target);
  if (tcp) return sendTcp(tcp[1]!, Number(tcp[2] ?? 9100), data, timeoutMs, options.confirm ? CONFIRM_QUERY[options.confirm] : null, options.confirmMs ?? 1500);
  if (target.startsWith('file:')) {
    const path = target.slice('file:'.length);
    try {
      await appendFile(path, data);
    } catch (err) {
      throw new StationError('printer_file_failed', `Could not write the label to ${path}: ${(err as Error).message}`);
    }
    return { confirmed: false };
  }
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(target, 'a');
  } catch (err) {
    throw new StationError('printer_unreachable', `The printer at ${target} cannot be written to: ${(err as Error).message}. Is it connected and switched on?`);
  }
  // A USB printer out of paper blocks its writes: give up waiting (the bytes may still print later, so
  // a person decides) rather than block the queue or pile up writes that all print when paper is loaded.
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      handle.write(data),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StationError(
                'print_unconfirmed',
                `The printer at ${target} did not take the label within ${timeoutMs / 1000} s (out of paper?). Check whether it printed.`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (err) {
    if (err instanceof StationError) throw err;
    throw new StationError(
      'print_unconfirmed',
      `Writing to the printer at ${target} failed part-way: ${(err as Error).message}. Check whether the label printed.`,
    );
  } finally {
    clearTimeout(timer);
    void handle.close().catch(() => undefined);
  }
  return { confirmed: false };
}

function sendTcp(host: string, port: number, data: Uint8Array, timeoutMs: number, query: Buffer | null, confirmMs: number): Promise<SendResult> {
  return new Promise((resolve, reject) => {
    const where = `${host}:${port}`;
    const socket = net.connect({ host, port, allowHalfOpen: true });
    let connected = false;
    let settled = false;
    let answered = false;
    let weEnded = false;
    let confirmTimer: ReturnType<typeof setTimeout> | undefined;
    const fail = (code: ErrorCode, message: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(confirmTimer);
      socket.destroy();
      reject(new StationError(code, message));
    };
    /** Once connected, bytes may have reached the printer: whatever goes wrong now, a person checks. */
    const unknown = (what: string) =>
      fail(
        'print_unconfirmed',
        `The printer at ${where} ${what} after the label was sent (${socket.bytesWritten} of ${data.length} bytes handed over): check whether it printed, then confirm or print again.`,
      );
    /** Our side is done: close it and resolve once the printer has closed too. */
    const finish = () => {
      clearTimeout(confirmTimer);
      weEnded = true;
      socket.end();
    };
    socket.setTimeout(timeoutMs, () =>
      connected
        ? unknown(`stopped answering for ${timeoutMs / 1000} s`)
        : fail('printer_unreachable', `No printer answers at ${where} within ${timeoutMs / 1000} s: is it switched on and on the network?`),
    );
    socket.once('error', (err: NodeJS.ErrnoException) => {
      if (connected) return unknown(`dropped the connection (${err.code ?? err.message})`);
      if (err.code === 'ECONNREFUSED') fail('printer_unreachable', `No printer answers at ${where}: is it switched on and on the network?`);
      else fail('printer_unreachable', `Could not reach the printer at ${where}: ${err.message}`);
    });
    socket.once('connect', () => {
      connected = true;
      socket.write(Buffer.from(data));
      if (!query) return finish();
      socket.write(query);
      // A printer that never answers status requests: the job was sent, but nothing confirms it.
      confirmTimer = setTimeout(finish, confirmMs);
    });
    socket.on('data', () => {
      if (answered || !query) return;
      answered = true;
      finish();
    });
    // A printer that closes its side before answering (or, without a question, before the job was
    // handed over) did not take the whole job: bytes handed to the kernel are not bytes printed.
    socket.once('end', () => {
      if ((query && !answered && !weEnded) || socket.bytesWritten < data.length) return unknown('closed the connection before confirming the label');
      if (!weEnded) finish();
    });
    socket.once('close', (hadError) => {
      if (hadError || settled) return; // 'error' said why
      if (socket.bytesWritten < data.length) return unknown('closed the connection early');
      settled = true;
      clearTimeout(confirmTimer);
      resolve({ confirmed: answered });
    });
  });
}
