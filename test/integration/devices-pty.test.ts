import type { SerialPortInfo } from '../../shared/ipc/contract';
/**
 * Scales and scanners through real serial PTYs (socat), the real serialport binding and the real
 * supervisor: what the station does when a clerk puts a parcel on the scale, and when a cable is pulled.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCALE_COMMANDS, SCALE_PROTOCOLS, type ScaleProtocol } from '../../shared/devices/scale';
import type { DeviceStatus } from '../../shared/devices/device-status';
import type { DeviceConfig } from '../../shared/settings/schema';
import { detectScaleProtocol } from '../../electron/services/devices/detect-protocol';
import { createDeviceSupervisor, type DeviceEvent, type DeviceSupervisor } from '../../electron/services/devices/device-supervisor';
import { startPtyPair, type PtyPair } from '../sim/pty-pair';
import { startScaleSim, type ScaleSim } from '../sim/scale-sim';
import { startScannerSim } from '../sim/scanner-sim';

let dir: string;
const cleanups: (() => Promise<unknown>)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'station-pty-'));
});
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function pair(name: string): Promise<PtyPair> {
  const p = await startPtyPair(path.join(dir, `${name}-app`), path.join(dir, `${name}-sim`));
  cleanups.push(() => p.unplug());
  return p;
}
async function scaleSim(p: PtyPair, protocol: ScaleProtocol, grams: number): Promise<ScaleSim> {
  const sim = await startScaleSim(p.simPath, protocol, grams);
  cleanups.push(() => sim.close());
  return sim;
}
function supervisor(): DeviceSupervisor & { events: DeviceEvent[] } {
  const s = createDeviceSupervisor({ listPorts: async () => [], retryDelaysMs: [100, 200], timing: { pollMs: 50, silentAfterMs: 600, errorAfterFrames: 3 } });
  const events: DeviceEvent[] = [];
  s.onEvent((e) => events.push(e));
  cleanups.push(() => s.stop());
  return Object.assign(s, { events });
}
const scale = (p: PtyPair, protocol: ScaleProtocol, extra: Partial<DeviceConfig> = {}): DeviceConfig => ({
  id: 'scale-1',
  role: 'scale',
  label: 'Dock scale',
  path: p.appPath,
  ...SCALE_COMMANDS[protocol].line,
  protocol,
  ...(protocol === 'toledo-8217' ? { unit: 'kg' } : {}),
  ...extra,
});
async function until(check: () => boolean, what: string, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const lastStatus = (s: { events: DeviceEvent[] }) =>
  [...s.events].reverse().find((e): e is { type: 'status'; status: DeviceStatus } => e.type === 'status')?.status;

describe.each(SCALE_PROTOCOLS)('a %s scale on a serial line', (protocol) => {
  it('gives a stable weight, in grams', async () => {
    const p = await pair('s');
    await scaleSim(p, protocol, 1234);
    const s = supervisor();
    await s.apply([scale(p, protocol)]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    expect(await s.captureWeight('scale-1', { timeoutMs: 4000 })).toBe(1234);
  });

  it('is recognised by auto-detection', async () => {
    const p = await pair('d');
    await scaleSim(p, protocol, 500);
    const result = await detectScaleProtocol(p.appPath, { listenMs: 300 });
    expect(result.protocol).toBe(protocol);
    // Toledo scales send no unit: detection reads lb (their usual setting) until the unit is configured.
    expect(result.reading).toMatchObject({ kind: 'weight', grams: protocol === 'toledo-8217' ? 226.8 : 500 });
  });
});

describe('capturing a weight', () => {
  it('waits while the parcel is still moving, then takes the settled weight', async () => {
    const p = await pair('m');
    const sim = await scaleSim(p, 'mt-sics', 800);
    sim.set(800, 'motion');
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    const capture = s.captureWeight('scale-1', { timeoutMs: 4000 });
    await new Promise((r) => setTimeout(r, 500));
    sim.set(2468, 'stable');
    expect(await capture).toBe(2468);
    expect(s.events.some((e) => e.type === 'reading' && e.reading.kind === 'weight' && !e.reading.stable)).toBe(true);
  });

  it('says why it got no weight: overloaded', async () => {
    const p = await pair('o');
    const sim = await scaleSim(p, 'mt-sics', 0);
    sim.set(0, 'overload');
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    await expect(s.captureWeight('scale-1', { timeoutMs: 800 })).rejects.toMatchObject({
      code: 'scale_not_stable',
      message: 'No stable weight within 0.8 s: the scale is overloaded.',
    });
  });

  it('zero and tare reach the scale', async () => {
    const p = await pair('z');
    const sim = await scaleSim(p, 'mt-sics', 300);
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    await s.command('scale-1', 'tare');
    await until(() => sim.commands.includes('T'), 'tare command');
    expect(await s.captureWeight('scale-1', { timeoutMs: 3000 })).toBe(0);
  });

  it('a streaming scale cannot be zeroed from the station, and says so', async () => {
    const p = await pair('c');
    await scaleSim(p, 'cas', 100);
    const s = supervisor();
    await s.apply([scale(p, 'cas')]);
    await expect(s.command('scale-1', 'zero')).rejects.toMatchObject({ code: 'scale_command_unsupported' });
  });
});

describe('when things go wrong', () => {
  it('a scale that keeps dropping is reported as such (a cable, hub or power problem), not as one unplug', async () => {
    const p = await pair('fl');
    let sim = await scaleSim(p, 'mt-sics', 500);
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    for (let i = 0; i < 3; i++) {
      await until(() => lastStatus(s)?.state === 'connected', `connected ${i}`, 8000);
      await sim.close();
      await p.unplug();
      await until(() => lastStatus(s)?.state === 'disconnected', `dropped ${i}`);
      await p.replug();
      sim = await scaleSim(p, 'mt-sics', 500);
    }
    expect(s.events.some((e) => e.type === 'status' && /keeps dropping \(3 times in a minute\)/.test(e.status.message ?? ''))).toBe(true);
  });

  it('unplugged: shows disconnected; plugged back in: readings resume without restarting anything', async () => {
    const p = await pair('u');
    const sim = await scaleSim(p, 'mt-sics', 1000);
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    expect(await s.captureWeight('scale-1', { timeoutMs: 3000 })).toBe(1000);

    await sim.close();
    await p.unplug();
    await until(() => lastStatus(s)?.state === 'disconnected', 'disconnected');
    // When a poll was being written at that instant, the write's I/O error is said with it (seen under load).
    expect(lastStatus(s)?.message).toMatch(/disconnected \(unplugged or switched off(: [^)]+)?\)|Could not open/);
    await expect(s.captureWeight('scale-1', { timeoutMs: 500 })).rejects.toMatchObject({ code: 'scale_unavailable' });

    await p.replug();
    const back = await scaleSim(p, 'mt-sics', 1500);
    await until(() => lastStatus(s)?.state === 'connected', 'reconnected', 8000);
    expect(await s.captureWeight('scale-1', { timeoutMs: 3000 })).toBe(1500);
    await back.close();
  });

  it('unplugged in the middle of writing: an I/O error ends the session, it never crashes the station', async () => {
    const p = await pair('w');
    const sim = await scaleSim(p, 'mt-sics', 10);
    // Poll every 2 ms so a write is in flight when the cable goes: the EIO that follows must be handled.
    const s = createDeviceSupervisor({ listPorts: async () => [], retryDelaysMs: [100], timing: { pollMs: 2, silentAfterMs: 600, errorAfterFrames: 3 } });
    const states: string[] = [];
    s.onEvent((e) => void (e.type === 'status' && states.push(e.status.state)));
    cleanups.push(() => s.stop());
    await s.apply([scale(p, 'mt-sics')]);
    let current = sim;
    // Three pulls: the race between a write and the hang-up does not happen on every one.
    for (let pull = 0; pull < 3; pull++) {
      await until(() => states.at(-1) === 'connected', `connected before pull ${pull + 1}`, 8000);
      await new Promise((r) => setTimeout(r, 100));
      await current.close();
      await p.unplug();
      await until(() => states.at(-1) === 'disconnected', `disconnected after pull ${pull + 1}`);
      await p.replug();
      current = await scaleSim(p, 'mt-sics', 10);
    }
    await until(() => states.at(-1) === 'connected', 'connected again', 8000);
  });

  it('garbage on the line (wrong baud or protocol): a clear error state, no crash, and recovery', async () => {
    const p = await pair('g');
    const sim = await scaleSim(p, 'mt-sics', 700);
    sim.set(700, 'garbage');
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    await until(() => lastStatus(s)?.state === 'error', 'error state');
    expect(lastStatus(s)?.message).toMatch(/cannot be read as mt-sics\. Check the protocol and the line settings/);
    sim.set(700, 'stable');
    await until(() => lastStatus(s)?.state === 'connected', 'recovered');
    expect(await s.captureWeight('scale-1', { timeoutMs: 3000 })).toBe(700);
  });

  it('a silent scale (switched off at the scale, cable still in) shows no data, then recovers', async () => {
    const p = await pair('q');
    const sim = await scaleSim(p, 'mt-sics', 50);
    const s = supervisor();
    await s.apply([scale(p, 'mt-sics')]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    sim.set(50, 'silent');
    await until(() => lastStatus(s)?.state === 'no_data', 'no data');
    expect(lastStatus(s)?.message).toMatch(/No data from the scale/);
    sim.set(50, 'stable');
    await until(() => lastStatus(s)?.state === 'connected', 'recovered');
  });

  it('a path that does not exist yet: keeps retrying and connects when it appears', async () => {
    const appPath = path.join(dir, 'late-app');
    const s = supervisor();
    await s.apply([{ ...scale({ appPath } as PtyPair, 'mt-sics') }]);
    await until(() => lastStatus(s)?.state === 'disconnected', 'disconnected');
    expect(lastStatus(s)?.message).toMatch(/Could not open .*late-app.*Retrying/);
    const p = await startPtyPair(appPath, path.join(dir, 'late-sim'));
    cleanups.push(() => p.unplug());
    await scaleSim(p, 'mt-sics', 42);
    await until(() => lastStatus(s)?.state === 'connected', 'connected', 8000);
    expect(await s.captureWeight('scale-1', { timeoutMs: 3000 })).toBe(42);
  });

  it('a device that comes back on another path is found again by its USB identity', async () => {
    const p = await pair('mv');
    await scaleSim(p, 'mt-sics', 77);
    const s = createDeviceSupervisor({
      listPorts: async () => [{ path: p.appPath, serialNumber: 'MT-0042' }],
      retryDelaysMs: [100],
      timing: { pollMs: 50, silentAfterMs: 600, errorAfterFrames: 3 },
    });
    const moved: string[] = [];
    s.onEvent((e) => void (e.type === 'moved' && moved.push(e.path)));
    cleanups.push(() => s.stop());
    await s.apply([scale(p, 'mt-sics', { path: path.join(dir, 'ttyUSB-old'), serialNumber: 'MT-0042' })]);
    expect(
      await s.captureWeight('scale-1', { timeoutMs: 4000 }).catch(async () => {
        await until(() => moved.length > 0, 'moved');
        return s.captureWeight('scale-1', { timeoutMs: 4000 });
      }),
    ).toBe(77);
    expect(moved).toEqual([p.appPath]);
  });

  const ch340 = { vendorId: '1a86', productId: '7523' };
  /** Two identical adapters (a, b) on PTYs, listed by the system as `listed` says; the supervisor with its moves recorded. */
  async function identicalAdapters(names: [string, string], grams: [number, number], listed: (a: string, b: string) => SerialPortInfo[]) {
    const a = await pair(names[0]);
    const b = await pair(names[1]);
    await scaleSim(a, 'mt-sics', grams[0]);
    await scaleSim(b, 'mt-sics', grams[1]);
    const base = createDeviceSupervisor({
      listPorts: async () => listed(a.appPath, b.appPath),
      retryDelaysMs: [100],
      timing: { pollMs: 50, silentAfterMs: 600, errorAfterFrames: 3 },
    });
    const events: DeviceEvent[] = [];
    base.onEvent((e) => events.push(e));
    const s = Object.assign(base, { events });
    const moved: string[] = [];
    s.onEvent((e) => void (e.type === 'moved' && moved.push(e.path)));
    cleanups.push(() => s.stop());
    return { a, b, s, moved };
  }

  it('two identical adapters without serial numbers (CH340) are never swapped: with two candidates it asks', async () => {
    // Both adapters are listed, neither with a serial number.
    const { a, s, moved } = await identicalAdapters(['ch-a', 'ch-b'], [11, 22], (pa, pb) => [
      { path: pa, ...ch340 },
      { path: pb, ...ch340 },
    ]);
    await s.apply([scale(a, 'mt-sics', { path: path.join(dir, 'ttyUSB-gone'), ...ch340 })]);
    await until(() => /Several adapters of this model \(1a86:7523\)/.test(lastStatus(s)?.message ?? ''), 'asks which adapter');
    expect(lastStatus(s)?.message).toMatch(/Choose its port on the Devices page/);
    expect(moved).toEqual([]);
  });

  it('two identical adapters: the one replugged into the same USB port is found again by that port, never the other one', async () => {
    // Both listed alike; their USB ports differ (as /dev/serial/by-path says).
    const port2 = 'pci-0000:00:14.0-usb-0:2:1.0-port0';
    const port3 = 'pci-0000:00:14.0-usb-0:3:1.0-port0';
    const { b, s, moved } = await identicalAdapters(['loc-a', 'loc-b'], [33, 44], (pa, pb) => [
      { path: pa, ...ch340, usbLocation: port2 },
      { path: pb, ...ch340, usbLocation: port3 },
    ]);
    // Configured on port 3 (adapter b), last seen under a name that is gone.
    await s.apply([scale(b, 'mt-sics', { path: path.join(dir, 'ttyUSB-gone'), ...ch340, usbLocation: port3 })]);
    await until(() => moved.length > 0, 'found on its port');
    expect(moved).toEqual([b.appPath]);
    await until(() => s.events.some((e) => e.type === 'reading' && e.reading.kind === 'weight' && e.reading.grams === 44), 'its own readings');
  });
});

describe('a serial scanner', () => {
  it('delivers each scan as a line, AIM prefix and GS kept, Chinese text intact', async () => {
    const p = await pair('sc');
    const sim = await startScannerSim(p.simPath);
    cleanups.push(() => sim.close());
    const s = supervisor();
    await s.apply([{ id: 'scanner-1', role: 'scanner', label: 'Dock scanner', path: p.appPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    for (const code of [']C101095011015300031725123110ABC123\u001d21XYZ001', 'SF1234567890123', '退货 RMA-2026A0001']) await sim.scan(code);
    await until(() => s.events.filter((e) => e.type === 'scan').length === 3, 'three scans');
    expect(s.events.filter((e) => e.type === 'scan').map((e) => (e as { data: string }).data)).toEqual([
      ']C101095011015300031725123110ABC123\u001d21XYZ001',
      'SF1234567890123',
      '退货 RMA-2026A0001',
    ]);
  });

  it('noise on the line (1 MiB of random bytes) is never a scan: dropped, reported on the device, and real scans still come through', async () => {
    const p = await pair('sn');
    const sim = await startScannerSim(p.simPath);
    cleanups.push(() => sim.close());
    const s = supervisor();
    await s.apply([{ id: 'scanner-1', role: 'scanner', label: '', path: p.appPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    let x = 0x2545f491;
    const noise = new Uint8Array(1024 * 1024).map(() => ((x = (x * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
    await sim.raw(noise);
    await until(() => lastStatus(s)?.state === 'error', 'noise reported');
    expect(lastStatus(s)?.message).toMatch(/unreadable line\(s\) from this scanner: check its baud rate and cable/);
    const scans = s.events.filter((e) => e.type === 'scan').map((e) => (e as { data: string }).data);
    for (const d of scans) expect(d.length).toBeLessThanOrEqual(512);
    expect(scans.every((d) => /^[^\u0000-\u001c\u001e\u001f\u007f-\u009f\ufffd]*$/u.test(d))).toBe(true);
    const before = scans.length;
    await sim.scan('\r\n6901234567892');
    await until(() => s.events.filter((e) => e.type === 'scan').length > before, 'a real scan after the noise');
    expect((s.events.filter((e) => e.type === 'scan').at(-1) as { data: string }).data).toBe('6901234567892');
  });

  it('Test waits for one scan and reports it', async () => {
    const p = await pair('st');
    const sim = await startScannerSim(p.simPath);
    cleanups.push(() => sim.close());
    const s = supervisor();
    await s.apply([{ id: 'scanner-1', role: 'scanner', label: '', path: p.appPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }]);
    await until(() => lastStatus(s)?.state === 'connected', 'connected');
    const test = s.test('scanner-1', 3000);
    await sim.scan('4006381333931');
    expect(await test).toEqual({ scan: '4006381333931' });
  });
});
