import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_SETTINGS } from '../../shared/settings/schema';
import { startSimulatedDevices, type SimulatedDevices } from '../sim/simulated-devices';

export { startPtyPair } from '../sim/pty-pair';
export { startScaleSim } from '../sim/scale-sim';

export type E2eDevices = SimulatedDevices & { dir: string; settingsJson: string };

/** Simulated devices in a fresh folder, with a settings file (English UI) that configures them. */
export async function startE2eDevices(labels?: { scale: string; scanner: string }): Promise<E2eDevices> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'station-e2e-sim-'));
  const sims = await startSimulatedDevices(dir, labels);
  return Object.assign(sims, { dir, settingsJson: JSON.stringify({ ...DEFAULT_SETTINGS, ui: { language: 'en' }, devices: sims.devices }) });
}
