import { SerialPort } from 'serialport';

/** A serial barcode scanner: each scan is one line, with the suffix it is configured for. */
export async function startScannerSim(path: string, suffix = '\r\n') {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false, hupcl: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  return {
    scan(data: string) {
      return new Promise<void>((resolve, reject) => port.write(`${data}${suffix}`, (e) => (e ? reject(e) : resolve())));
    },
    /** Raw bytes on the line (noise from a wrong baud rate, a loose cable). */
    raw(bytes: Uint8Array) {
      return new Promise<void>((resolve, reject) => port.write(Buffer.from(bytes), (e) => (e ? reject(e) : port.drain(() => resolve()))));
    },
    async close() {
      if (port.isOpen) await new Promise((r) => port.close(r));
    },
  };
}
