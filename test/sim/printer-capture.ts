import net from 'node:net';

export interface CaptureOptions {
  /** Drop the connection after this many bytes of a job, like a printer that resets mid-job. */
  resetAfterBytes?: number;
  /**
   * Bytes to answer DLE EOT 1 / 2 / 4 status requests with (and ZPL ~HS with a host status), as a real
   * printer does; `null` for a printer that never answers. Default: online, paper in, cover shut.
   */
  status?: [printer: number, offline: number, paper: number] | null;
  /** Listen here (0: any free port). */
  port?: number;
  onJob?: (job: Buffer) => void;
}

/**
 * A network printer on loopback (raw port 9100 style) that keeps every job it receives, so tests and the
 * demo can decode exactly what a real printer would have printed.
 */
export async function startPrinterCapture(options: CaptureOptions = {}) {
  const state = { jobs: [] as Buffer[], bytesReceived: 0 };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let received = 0;
    const status = options.status === undefined ? ([0x16, 0x12, 0x12] as const) : options.status;
    socket.on('data', (chunk) => {
      received += chunk.length;
      state.bytesReceived += chunk.length;
      if (options.resetAfterBytes !== undefined && received >= options.resetAfterBytes) {
        socket.resetAndDestroy();
        return;
      }
      // Real-time status requests are answered, in order, and are not part of the printed job.
      const job: number[] = [];
      for (let i = 0; i < chunk.length; i++) {
        if (chunk[i] === 0x10 && chunk[i + 1] === 0x04 && i + 2 < chunk.length) {
          if (status) socket.write(Buffer.from([status[Math.min(2, Math.max(0, [1, 2, 4].indexOf(chunk[i + 2]!)))]!]));
          i += 2;
        } else if (chunk[i] === 0x7e && chunk.subarray(i, i + 3).toString() === '~HS') {
          if (status) socket.write('\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n');
          i += 2;
        } else job.push(chunk[i]!);
      }
      if (job.length) chunks.push(Buffer.from(job));
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
    /** Bytes received so far, over every connection (a job still open counts). */
    get bytesReceived() {
      return state.bytesReceived;
    },
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
