import type { SerialPort } from 'serialport';
import { loadSerialport } from '../serial/load-serialport';
import { StationError } from '../../../shared/errors';
import type { LineSettings } from '../../../shared/devices/scale-types';

/**
 * Opens a serial port with the given line settings. DTR/RTS are never set and HUPCL is off: pseudo-
 * terminals (the simulators) refuse those ioctls, and the scales and scanners here do not need them.
 */
export async function openPort(path: string, line: LineSettings): Promise<SerialPort> {
  const { SerialPort } = await loadSerialport();
  const port = new SerialPort({ path, ...line, autoOpen: false, hupcl: false, rtscts: false });
  // Until its owner listens, an 'error' must not crash the process (the owner adds its own listener).
  port.on('error', () => undefined);
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(new StationError('device_open_failed', `Could not open ${path}: ${err.message}`)) : resolve())),
  );
  return port;
}

export function writePort(port: SerialPort, data: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => port.write(Buffer.from(data), (err) => (err ? reject(err) : resolve())));
}

export function closePort(port: SerialPort): Promise<void> {
  return new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve()));
}
