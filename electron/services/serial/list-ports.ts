import { SerialPort } from 'serialport';
import { StationError } from '../../../shared/errors';
import type { SerialPortInfo } from '../../../shared/ipc/contract';

type RawPortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];
export type PortLister = () => Promise<RawPortInfo[]>;

/**
 * The serial ports the operating system reports, sorted by path. Pseudo-terminals (the simulators) are
 * not reported by the OS; configured device paths are shown from settings instead.
 */
export async function listSerialPorts(list: PortLister = () => SerialPort.list()): Promise<SerialPortInfo[]> {
  let ports: RawPortInfo[];
  try {
    ports = await list();
  } catch (err) {
    throw new StationError('serial_list_failed', `Could not list serial ports: ${(err as Error).message}`);
  }
  return ports
    .map((p) => {
      const info: SerialPortInfo = { path: p.path };
      for (const key of ['manufacturer', 'serialNumber', 'vendorId', 'productId', 'pnpId'] as const) {
        const value = p[key];
        if (typeof value === 'string' && value) info[key] = value;
      }
      return info;
    })
    .sort((a, b) => a.path.localeCompare(b.path));
}
