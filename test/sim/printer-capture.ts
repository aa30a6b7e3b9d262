import net from 'node:net';

export interface CaptureOptions {
  /** Drop the connection after this many bytes of a job, like a printer that resets mid-job. */
  resetAfterBytes?: number;
  /** Bytes to answer DLE EOT 1 / 2 / 4 status requests with. */
  status?: [printer: number, offline: number, paper: number];
}

/**
 * A network printer on loopback (raw port 9100 style) that keeps every job it receives, so tests and the
 * demo can decode exactly what a real printer would have printed.
 */
export async function startPrinterCapture(options: CaptureOptions = {}) {
  const jobs: Buffer[] = [];
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
      if (chunks.length) jobs.push(Buffer.concat(chunks));
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    interface: `tcp://127.0.0.1:${port}`,
    jobs,
    options,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
export type PrinterCapture = Awaited<ReturnType<typeof startPrinterCapture>>;
