import path from 'node:path';
import { SCALE_COMMANDS } from '../../shared/devices/scale';
import type { DeviceConfig } from '../../shared/settings/schema';
import { startPtyPair, type PtyPair } from './pty-pair';
import { startScaleSim, type ScaleSim } from './scale-sim';
import { startScannerSim } from './scanner-sim';

export interface SimulatedDevices {
  scalePair: PtyPair;
  /** The scale currently on the line (a new one after `replugScale`). */
  scale: ScaleSim;
  scanner: Awaited<ReturnType<typeof startScannerSim>>;
  /** The station's configuration for them. */
  devices: DeviceConfig[];
  unplugScale(): Promise<void>;
  replugScale(grams?: number): Promise<void>;
  close(): Promise<void>;
}

/** An MT-SICS scale and a serial scanner on socat PTYs under `dir`: for the demo and the e2e tests. */
export async function startSimulatedDevices(dir: string, labels = { scale: 'Dock scale', scanner: 'Dock scanner' }, grams = 1234): Promise<SimulatedDevices> {
  const scalePair = await startPtyPair(path.join(dir, 'scale'), path.join(dir, 'scale-sim'));
  const scannerPair = await startPtyPair(path.join(dir, 'scanner'), path.join(dir, 'scanner-sim'));
  const sims: SimulatedDevices = {
    scalePair,
    scale: await startScaleSim(scalePair.simPath, 'mt-sics', grams),
    scanner: await startScannerSim(scannerPair.simPath),
    devices: [
      { id: 'scale-1', role: 'scale', label: labels.scale, path: scalePair.appPath, protocol: 'mt-sics', ...SCALE_COMMANDS['mt-sics'].line },
      { id: 'scanner-1', role: 'scanner', label: labels.scanner, path: scannerPair.appPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    ],
    async unplugScale() {
      await sims.scale.close();
      await scalePair.unplug();
    },
    async replugScale(g = grams) {
      await scalePair.replug();
      sims.scale = await startScaleSim(scalePair.simPath, 'mt-sics', g);
    },
    async close() {
      await sims.scale.close().catch(() => undefined);
      await sims.scanner.close().catch(() => undefined);
      await scalePair.unplug();
      await scannerPair.unplug();
    },
  };
  return sims;
}
