import { describe, expect, it } from 'vitest';
import { listSerialPorts } from './list-ports';

describe('listSerialPorts', () => {
  it('asks the real serialport binding and returns what the system reports', async () => {
    const ports = await listSerialPorts();
    expect(Array.isArray(ports)).toBe(true);
    for (const port of ports) expect(port.path).toMatch(/^(\/dev\/|COM)/);
  });

  it('keeps only the fields the UI shows, sorted by path', async () => {
    const ports = await listSerialPorts(async () => [
      { path: '/dev/ttyUSB1', manufacturer: 'Mettler Toledo', serialNumber: undefined, vendorId: '0eb8', productId: '2200', pnpId: undefined, locationId: undefined },
      { path: '/dev/ttyACM0', manufacturer: '', serialNumber: 'S1', vendorId: undefined, productId: undefined, pnpId: undefined, locationId: undefined },
    ]);
    expect(ports).toEqual([
      { path: '/dev/ttyACM0', serialNumber: 'S1' },
      { path: '/dev/ttyUSB1', manufacturer: 'Mettler Toledo', vendorId: '0eb8', productId: '2200' },
    ]);
  });

  it('turns a failing binding into a clear error', async () => {
    await expect(listSerialPorts(async () => Promise.reject(new Error('udev not available')))).rejects.toMatchObject({
      code: 'serial_list_failed',
      message: 'Could not list serial ports: udev not available',
    });
  });
});
