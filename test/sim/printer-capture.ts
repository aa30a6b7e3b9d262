import net from 'node:net';

export interface CaptureOptions {
  /** Drop the connection after this many bytes of a job, like a printer that resets mid-job. */
  resetAfterBytes?: number;
  /** Bytes to answer DLE EOT 1 / 2 / 4 status requests with. */
  status?: [printer: number, offline: number, paper: number];
  /** Listen here (0: any free port). */
  port?: number;
  onJob?: (job: Buffer) => void;
}

/**
 * A network printer on loopback (raw port 9100 style) that keeps every job it receives, so tests and the
 * demo can decode exactly what a real printer would have printed.
 */
export async function startPrinterCapture(options: CaptureOptions = {}) {
  const state = { jobs: [] as Buffer[] };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let received = 0;
    socket.on('data', (chunk) => {
      if (options.status && chunk[0] === 0x10 && chunk[1] === 0x04) {
        socket.write(Buffer.from(options.status));
        return;
      }
      chunks.push(chunk);
      received += chunk.length;
      if (options.resetAfterBytes !== undefined && received >= options.resetAfterBytes) socket.resetAndDestroy();
    });
    socket.on('end', () => {
      if (chunks.length) {
        const job = Buffer.concat(chunks);
        state.jobs.push(job);
        options.onJob?.(job);
      }
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    interface: `tcp://127.0.0.1:${port}`,
    /** Every job received, whole. */
    get jobs() {
      return state.jobs;
    },
    set jobs(list: Buffer[]) {
      state.jobs = list;
    },
    options,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
export type PrinterCapture = Awaited<ReturnType<typeof startPrinterCapture>>;
