import { describe, expect, it } from 'vitest';
import { listSerialPorts, usbLocations } from './list-ports';

const raw = (path: string, extra: Record<string, string | undefined> = {}) => ({
  path,
  manufacturer: undefined,
  serialNumber: undefined,
  vendorId: undefined,
  productId: undefined,
  pnpId: undefined,
  locationId: undefined,
  ...extra,
});

describe('listSerialPorts', () => {
  it('answers on this machine, with udev or without it (then from device files, saying why)', async () => {
    const list = await listSerialPorts();
    expect(Array.isArray(list.ports)).toBe(true);
    for (const port of list.ports) expect(port.path).toMatch(/^(\/dev\/|COM)/);
    if (list.detailsMissing !== undefined) expect(list.detailsMissing.length).toBeGreaterThan(0);
  });

  it('keeps only the fields the UI shows, sorted by path', async () => {
    const list = await listSerialPorts(
      async () => [
        raw('/dev/ttyUSB1', { manufacturer: 'Mettler Toledo', vendorId: '0eb8', productId: '2200' }),
        raw('/dev/ttyACM0', { manufacturer: '', serialNumber: 'S1' }),
      ],
      async () => [],
    );
    expect(list).toEqual({
      ports: [
        { path: '/dev/ttyACM0', serialNumber: 'S1' },
        { path: '/dev/ttyUSB1', manufacturer: 'Mettler Toledo', vendorId: '0eb8', productId: '2200' },
      ],
    });
  });

  it('when the system list fails, lists the serial device files directly and says why the details are missing', async () => {
    const dev: Record<string, string[]> = {
      '/dev': ['null', 'tty', 'tty0', 'ttyS0', 'ttyS1', 'ttyUSB0', 'ttyACM3', 'ttyUSBx', 'sda'],
      '/dev/serial/by-id': [],
    };
    const list = await listSerialPorts(
      async () => Promise.reject(new Error('spawn udevadm ENOENT')),
      async (dir) => dev[dir] ?? [],
    );
    expect(list.detailsMissing).toBe('spawn udevadm ENOENT');
    expect(list.ports.map((p) => p.path)).toEqual(['/dev/ttyACM3', '/dev/ttyS0', '/dev/ttyS1', '/dev/ttyUSB0']);
  });

  it('without udev and without any device file, says so with an empty list instead of failing', async () => {
    const list = await listSerialPorts(
      async () => Promise.reject(new Error('udev not available')),
      async () => [],
    );
    expect(list).toEqual({ ports: [], detailsMissing: 'udev not available' });
  });
});

describe('usbLocations', () => {
  it('maps each device file to the USB port it sits on, from /dev/serial/by-path (no udevadm needed)', async () => {
    const read = async (dir: string) =>
      dir === '/dev/serial/by-path' ? ['pci-0000:00:14.0-usb-0:2:1.0-port0', 'pci-0000:00:14.0-usb-0:3:1.0-port0', 'broken-link'] : [];
    const targets: Record<string, string> = { 'pci-0000:00:14.0-usb-0:2:1.0-port0': '/dev/ttyUSB1', 'pci-0000:00:14.0-usb-0:3:1.0-port0': '/dev/ttyUSB0' };
    const resolve = async (link: string) => targets[link.split('/').at(-1)!];
    expect(await usbLocations(read, resolve)).toEqual(
      new Map([
        ['/dev/ttyUSB1', 'pci-0000:00:14.0-usb-0:2:1.0-port0'],
        ['/dev/ttyUSB0', 'pci-0000:00:14.0-usb-0:3:1.0-port0'],
      ]),
    );
    expect(await usbLocations(async () => [])).toEqual(new Map());
  });
});
