import net from 'node:net';

export type PrinterStatus = { known: false; reason: string } | { known: true; online: boolean; coverOpen: boolean; paperOut: boolean; paperLow: boolean };

/**
 * Asks an ESC/POS printer on the network for its real-time status (DLE EOT 1, 2 and 4): online, cover,
 * paper. Printers that do not answer (or other interfaces) give `known: false`, and a job that cannot
 * be written stays queued and visible instead.
 */
export function readEscPosStatus(target: string, timeoutMs = 1000): Promise<PrinterStatus> {
  const tcp = /^tcp:\/\/([^/:]+)(?::(\d+))?\/?$/i.exec(target);
  if (!tcp) return Promise.resolve({ known: false, reason: 'status is read over the network only' });
  return new Promise((resolve) => {
    const socket = net.connect({ host: tcp[1]!, port: Number(tcp[2] ?? 9100) });
    const got: number[] = [];
    const done = (status: PrinterStatus) => {
      socket.destroy();
      resolve(status);
    };
    socket.setTimeout(timeoutMs, () => done({ known: false, reason: 'the printer did not answer a status request' }));
    socket.once('error', (err) => done({ known: false, reason: err.message }));
    socket.once('connect', () => socket.write(Buffer.from([0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 4])));
    socket.on('data', (chunk) => {
      got.push(...chunk);
      if (got.length < 3) return;
      const [printer, offline, paper] = got as [number, number, number];
      done({ known: true, online: (printer & 0x08) === 0, coverOpen: (offline & 0x04) !== 0, paperOut: (paper & 0x60) !== 0, paperLow: (paper & 0x0c) !== 0 });
    });
  });
}
