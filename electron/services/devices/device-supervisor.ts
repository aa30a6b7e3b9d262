import { EventEmitter } from 'node:events';
import { StationError } from '../../../shared/errors';
import type { DeviceStatus } from '../../../shared/devices/device-status';
import type { ScaleReading } from '../../../shared/devices/scale';
import { DEFAULT_STABLE_WEIGHT, createStableWeightWatcher, type StableWeightOptions } from '../../../shared/devices/stable-weight';
import type { DeviceConfig } from '../../../shared/settings/schema';
import { DEFAULT_RUNNER_DEPS, DeviceRunner, type RunnerDeps } from './device-runner';

export type DeviceEvent =
  | { type: 'status'; status: DeviceStatus }
  | { type: 'reading'; id: string; reading: ScaleReading }
  | { type: 'scan'; id: string; data: string }
  | { type: 'moved'; id: string; path: string };

const WHY: Record<string, string> = {
  no_readings: 'the scale sent no weight',
  in_motion: 'the weight did not settle (still moving)',
  overload: 'the scale is overloaded',
  underload: 'the scale reads below zero',
  scale_error: 'the scale reports an error',
  busy: 'the scale is busy',
};

/**
 * All configured serial devices (scales and scanners; printers are the print queue's). Applies settings
 * as they change, forwards readings and scans, and offers what the flow needs: a stable weight, zero,
 * tare, and a test reading.
 */
export function createDeviceSupervisor(deps: Pick<RunnerDeps, 'listPorts'> & Partial<RunnerDeps>) {
  const runners = new Map<string, DeviceRunner>();
  // A path another configured device uses is never taken as "this device moved there".
  const runnerDeps: RunnerDeps = { ...DEFAULT_RUNNER_DEPS, isTaken: (path) => [...runners.values()].some((r) => r.currentPath === path), ...deps };
  const bus = new EventEmitter();
  bus.setMaxListeners(100);
  const emit = (e: DeviceEvent) => bus.emit('event', e);

  const runner = (id: string, role?: DeviceConfig['role']) => {
    const r = runners.get(id);
    if (!r) throw new StationError('device_unknown', `No device "${id}" is configured.`);
    if (role && r.config.role !== role) throw new StationError('device_wrong_role', `Device "${id}" is a ${r.config.role}, not a ${role}.`);
    return r;
  };

  function nextEvent<T>(predicate: (e: DeviceEvent) => T | undefined, timeoutMs: number, onTimeout: () => StationError): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = (e: DeviceEvent) => {
        const value = predicate(e);
        if (value !== undefined) finish(() => resolve(value));
      };
      const timer = setTimeout(() => finish(() => reject(onTimeout())), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        bus.off('event', listener);
        then();
      };
      bus.on('event', listener);
    });
  }

  return {
    onEvent(listener: (e: DeviceEvent) => void) {
      bus.on('event', listener);
      return () => void bus.off('event', listener);
    },

    /** Starts, restarts (when changed) and stops runners to match the configured devices. */
    async apply(devices: DeviceConfig[]) {
      const wanted = new Map(devices.filter((d) => d.role !== 'printer').map((d) => [d.id, d]));
      for (const [id, r] of runners) {
        const next = wanted.get(id);
        if (!next || JSON.stringify(next) !== JSON.stringify(r.config)) {
          runners.delete(id);
          await r.stop();
        }
      }
      for (const [id, config] of wanted) {
        if (runners.has(id)) continue;
        const r = new DeviceRunner(config, runnerDeps, {
          status: (status) => emit({ type: 'status', status }),
          reading: (deviceId, reading) => emit({ type: 'reading', id: deviceId, reading }),
          scan: (deviceId, data) => emit({ type: 'scan', id: deviceId, data }),
          moved: (deviceId, path) => emit({ type: 'moved', id: deviceId, path }),
        });
        runners.set(id, r);
        emit({ type: 'status', status: r.status });
      }
    },

    statuses: (): DeviceStatus[] => [...runners.values()].map((r) => r.status),

    /** Waits for a stable weight (N stable readings that agree), or says why there was none. */
    async captureWeight(id: string, options: { timeoutMs?: number } & Partial<StableWeightOptions> = {}): Promise<number> {
      const r = runner(id, 'scale');
      // Connecting is worth waiting for within the timeout; a disconnected scale is said at once.
      if (r.status.state === 'disconnected') {
        throw new StationError('scale_unavailable', `The scale is not connected: ${r.status.message ?? r.status.state}.`);
      }
      const watcher = createStableWeightWatcher({ ...DEFAULT_STABLE_WEIGHT, ...options });
      const timeoutMs = options.timeoutMs ?? 5000;
      return nextEvent(
        (e) => {
          if (e.type !== 'reading' || e.id !== id) return undefined;
          const state = watcher.push(e.reading);
          return state.done ? state.grams : undefined;
        },
        timeoutMs,
        () => {
          const state = watcher.state;
          const why = state.done ? '' : `${WHY[state.why]}${state.detail ? ` (${state.detail})` : ''}`;
          return new StationError('scale_not_stable', `No stable weight within ${timeoutMs / 1000} s: ${why}.`, state);
        },
      );
    },

    async command(id: string, command: 'zero' | 'tare'): Promise<void> {
      const r = runner(id, 'scale');
      if (!(await r.send(command)))
        throw new StationError('scale_command_unsupported', `This scale (${r.config.protocol}) cannot be told to ${command} from the station.`);
    },

    /** One reading from a scale, or one scan from a scanner (someone scans during the wait). */
    async test(id: string, timeoutMs: number): Promise<{ reading?: ScaleReading; scan?: string }> {
      const r = runner(id);
      if (r.config.role === 'scale') {
        void r.send('weight').catch(() => undefined);
        const reading = await nextEvent(
          (e) => (e.type === 'reading' && e.id === id ? e.reading : undefined),
          timeoutMs,
          () => new StationError('device_test_failed', `The scale gave no reading within ${timeoutMs / 1000} s: ${r.status.message ?? r.status.state}.`),
        );
        return { reading };
      }
      const scan = await nextEvent(
        (e) => (e.type === 'scan' && e.id === id ? e.data : undefined),
        timeoutMs,
        () => new StationError('device_test_failed', `Nothing was scanned within ${timeoutMs / 1000} s.`),
      );
      return { scan };
    },

    isOpen: (path: string) => [...runners.values()].some((r) => r.status.path === path && r.status.state !== 'disconnected'),

    async stop() {
      await Promise.all([...runners.values()].map((r) => r.stop()));
      runners.clear();
      bus.removeAllListeners();
    },
  };
}
export type DeviceSupervisor = ReturnType<typeof createDeviceSupervisor>;
