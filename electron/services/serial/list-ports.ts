import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import type { SerialPort } from 'serialport';
import { loadSerialport } from './load-serialport';
import type { SerialPortInfo, SerialPortList } from '../../../shared/ipc/contract';

type RawPortInfo = Awaited<ReturnType<typeof SerialPort.list>>[number];
export type PortLister = () => Promise<RawPortInfo[]>;
/** Reads the names in a /dev folder; injectable so the fallback is tested without real devices. */
export type DevReader = (dir: string) => Promise<string[]>;

const readNames: DevReader = async (dir) => readdir(dir).catch(() => []);

/** Serial device files a Linux dock PC may have; `ttyS*` are the motherboard's ports. */
const DEVICE_FILES = /^tty(USB|ACM|S)\d+$/;

/**
 * Without udev (`udevadm` missing, as on a fresh container or a stripped dock PC) serialport cannot
 * enumerate. The device files are still there: list them directly, so a scale can be configured, and
 * say what is missing. By-id links are kept because they survive replugging.
 */
async function listDeviceFiles(read: DevReader): Promise<SerialPortInfo[]> {
  const byId = await read('/dev/serial/by-id');
  const links = await Promise.all(
    byId.map(async (name) => {
      const link = path.join('/dev/serial/by-id', name);
      const target = await readlink(link)
        .then((t) => path.resolve('/dev/serial/by-id', t))
        .catch(() => undefined);
      return { link, target };
    }),
  );
  const files = (await read('/dev')).filter((n) => DEVICE_FILES.test(n)).map((n) => `/dev/${n}`);
  const linked = new Set(links.map((l) => l.target).filter(Boolean));
  return [
    ...links.map((l) => ({ path: l.link, ...(l.target ? { pnpId: l.target } : {}) })),
    // ttyS0…31 exist on every PC whether wired or not; only the ones not reachable by-id are added.
    ...files.filter((f) => !linked.has(f)).map((f) => ({ path: f })),
  ];
}

/**
 * The serial ports the operating system reports, sorted by path. Pseudo-terminals (the simulators) are
 * not reported by the OS; configured device paths are shown from settings instead. When the system
 * list fails, the device files are listed without their details, and `detailsMissing` says why.
 */
/**
 * The USB port each device file sits on, from udev's /dev/serial/by-path links (read directly: no
 * udevadm needed). Stable across replugs into the same port, unlike ttyUSB numbers.
 */
export async function usbLocations(
  read: DevReader = readNames,
  resolveLink: (link: string) => Promise<string | undefined> = (l) =>
    readlink(l)
      .then((t) => path.resolve(path.dirname(l), t))
      .catch(() => undefined),
): Promise<Map<string, string>> {
  const names = await read('/dev/serial/by-path');
  const pairs = await Promise.all(names.map(async (name) => [await resolveLink(path.join('/dev/serial/by-path', name)), name] as const));
  return new Map(pairs.filter((p): p is readonly [string, string] => p[0] !== undefined));
}

export async function listSerialPorts(
  list: PortLister = async () => (await loadSerialport()).SerialPort.list(),
  readDir: DevReader = readNames,
): Promise<SerialPortList> {
  let ports: RawPortInfo[];
  try {
    ports = await list();
  } catch (err) {
    const fallback = process.platform === 'win32' ? [] : await listDeviceFiles(readDir);
    return { ports: fallback.sort((a, b) => a.path.localeCompare(b.path)), detailsMissing: (err as Error).message.slice(0, 300) || 'unknown error' };
  }
  const locations = await usbLocations(readDir);
  return {
    ports: ports
      .map((p) => {
        const info: SerialPortInfo = { path: p.path };
        for (const key of ['manufacturer', 'serialNumber', 'vendorId', 'productId', 'pnpId'] as const) {
          const value = p[key];
          if (typeof value === 'string' && value) info[key] = value;
        }
        const location = locations.get(p.path);
        if (location) info.usbLocation = location;
        return info;
      })
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}
