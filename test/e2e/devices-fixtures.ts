import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { SCALE_COMMANDS } from '../../shared/devices/scale';
import { DEFAULT_SETTINGS, type DeviceConfig } from '../../shared/settings/schema';
import { startPtyPair, type PtyPair } from '../sim/pty-pair';
import { startScaleSim, type ScaleSim } from '../sim/scale-sim';
import { startScannerSim } from '../sim/scanner-sim';

export interface SimulatedDevices {
  dir: string;
  scalePair: PtyPair;
  scale: ScaleSim;
  scanner: Awaited<ReturnType<typeof startScannerSim>>;
  devices: DeviceConfig[];
  /** A settings file that configures these devices. */
  settingsJson: string;
  close(): Promise<void>;
}

/** An MT-SICS scale and a serial scanner on socat PTYs, configured as the station's devices. */
export async function startSimulatedDevices(): Promise<SimulatedDevices> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'station-e2e-sim-'));
  await mkdir(dir, { recursive: true });
  const scalePair = await startPtyPair(path.join(dir, 'scale'), path.join(dir, 'scale-sim'));
  const scannerPair = await startPtyPair(path.join(dir, 'scanner'), path.join(dir, 'scanner-sim'));
  const scale = await startScaleSim(scalePair.simPath, 'mt-sics', 1234);
  const scanner = await startScannerSim(scannerPair.simPath);
  const devices: DeviceConfig[] = [
    { id: 'scale-1', role: 'scale', label: 'Dock scale', path: scalePair.appPath, protocol: 'mt-sics', ...SCALE_COMMANDS['mt-sics'].line },
    { id: 'scanner-1', role: 'scanner', label: 'Dock scanner', path: scannerPair.appPath, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
  ];
  const sims: SimulatedDevices = {
    dir,
    scalePair,
    scale,
    scanner,
    devices,
    settingsJson: JSON.stringify({ ...DEFAULT_SETTINGS, ui: { language: 'en' }, devices }),
    async close() {
      await sims.scale.close().catch(() => undefined);
      await scanner.close().catch(() => undefined);
      await scalePair.unplug();
      await scannerPair.unplug();
    },
  };
  return sims;
}

export { startPtyPair, startScaleSim };
export const writeSettings = (dataDir: string, json: string) => writeFile(path.join(dataDir, 'settings.json'), json);
