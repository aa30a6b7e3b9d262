import type { SerialPort } from 'serialport';
import type { DeviceStatus } from '../../../shared/devices/device-status';
import type { ScaleReading } from '../../../shared/devices/scale';
import type { DeviceConfig } from '../../../shared/settings/schema';
import type { SerialPortInfo } from '../../../shared/ipc/contract';
import { closePort, openPort } from './open-port';
import { DEFAULT_TIMING, startScaleSession, startScannerSession, type Session, type SessionTiming } from './sessions';

export interface RunnerDeps {
  open: typeof openPort;
  listPorts: () => Promise<SerialPortInfo[]>;
  /** Waits between reconnect attempts; the last one repeats. */
  retryDelaysMs: number[];
  timing: SessionTiming;
  /** Whether another configured device holds this path (never taken over as "this device moved"). */
  isTaken?: (path: string) => boolean;
}

export const DEFAULT_RUNNER_DEPS: Omit<RunnerDeps, 'listPorts'> = { open: openPort, retryDelaysMs: [500, 1000, 2000, 5000], timing: DEFAULT_TIMING };

export interface RunnerEvents {
  status(status: DeviceStatus): void;
  reading(id: string, reading: ScaleReading): void;
  scan(id: string, data: string): void;
  /** The device came back on another path (found again by its USB identity). */
  moved(id: string, path: string): void;
}

/**
 * Keeps one configured device open: opens it, runs its session, and when it goes away (unplugged,
 * switched off, a read error) says so and tries again with growing waits, re-listing the ports to find
 * it on a new path. Never gives up while the device is configured.
 */
export class DeviceRunner {
  status: DeviceStatus;
  private path: string;
  /** The path it uses now (its configured one, or where it was found again). */
  get currentPath(): string {
    return this.path;
  }
  private stopped = false;
  private wake: () => void = () => undefined;
  private session: Session | undefined;
  private port: SerialPort | undefined;
  private readonly done: Promise<void>;

  constructor(
    readonly config: DeviceConfig,
    private readonly deps: RunnerDeps,
    private readonly events: RunnerEvents,
  ) {
    this.path = config.path;
    this.status = {
      id: config.id,
      role: config.role,
      label: config.label,
      path: config.path,
      state: 'connecting',
      since: new Date().toISOString(),
      attempts: 0,
    };
    this.done = this.run();
  }

  private set(state: DeviceStatus['state'], message?: string) {
    const next: DeviceStatus = { ...this.status, path: this.path, state, since: new Date().toISOString() };
    if (message) next.message = message;
    else delete next.message;
    if (next.state === this.status.state && next.message === this.status.message && next.path === this.status.path) return;
    this.status = next;
    this.events.status(next);
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run() {
    const { config } = this;
    const line = { baudRate: config.baudRate, dataBits: config.dataBits, parity: config.parity, stopBits: config.stopBits };
    while (!this.stopped) {
      try {
        const port = await this.deps.open(this.path, line);
        if (this.stopped) {
          await closePort(port);
          break;
        }
        this.port = port;
        this.status = { ...this.status, attempts: 0 };
        this.set('connected');
        // A port emits 'error' when a write or read fails as the device goes away; without a listener
        // Node would throw it and take the whole station down. It ends the session like a close does.
        let failure: Error | undefined;
        const closed = new Promise<void>((resolve) => {
          port.once('close', () => resolve());
          port.on('error', (err: Error) => {
            failure = err;
            resolve();
          });
        });
        const sessionEvents = {
          reading: (r: ScaleReading) => this.events.reading(config.id, r),
          scan: (data: string) => this.events.scan(config.id, data),
          health: (state: 'ok' | 'no_data' | 'error', message?: string) => this.set(state === 'ok' ? 'connected' : state, message),
        };
        this.session = config.role === 'scale' ? startScaleSession(port, config, sessionEvents, this.deps.timing) : startScannerSession(port, sessionEvents);
        await Promise.race([closed, new Promise<void>((resolve) => (this.wake = resolve))]);
        this.session.stop();
        this.session = undefined;
        this.port = undefined;
        await closePort(port);
        if (this.stopped) break;
        const now = Date.now();
        this.drops = [...this.drops.filter((t) => now - t < 60_000), now];
        // A device that keeps dropping is a cable, hub or power problem, not a one-off unplug: say so.
        const flapping = this.drops.length >= 3 ? ` It keeps dropping (${this.drops.length} times in a minute): check its cable, USB hub and power.` : '';
        this.set(
          'disconnected',
          `${config.label || config.path} was disconnected (unplugged or switched off${failure ? `: ${failure.message}` : ''}). Reconnecting…${flapping}`,
        );
      } catch (err) {
        if (this.stopped) break;
        const moved = await this.findMoved();
        if (moved) {
          this.path = moved;
          this.events.moved(config.id, moved);
          continue;
        }
        this.set('disconnected', this.unsure ?? `${(err as Error).message}. Retrying…`);
      }
      const attempts = this.status.attempts + 1;
      this.status = { ...this.status, attempts };
      await this.sleep(this.deps.retryDelaysMs[Math.min(attempts - 1, this.deps.retryDelaysMs.length - 1)]!);
    }
  }

  private drops: number[] = [];

  /**
   * A USB device that re-enumerated under another name (ttyUSB0 → ttyUSB1) is the same device — when it
   * can be told apart. By serial number, surely. Without one (CH340 adapters have none), only if exactly
   * one free port of that model is there: with two identical adapters, guessing could swap the scale and
   * the scanner, so the station asks instead.
   */
  private async findMoved(): Promise<string | undefined> {
    const { serialNumber, vendorId, productId } = this.config;
    if (!serialNumber && !(vendorId && productId)) return undefined;
    const ports = await this.deps.listPorts().catch(() => []);
    const free = (p: { path: string }) => p.path !== this.path && !this.deps.isTaken?.(p.path);
    if (serialNumber) return ports.find((p) => p.serialNumber === serialNumber && free(p))?.path;
    if (!(vendorId && productId)) return undefined;
    const alike = ports.filter((p) => p.vendorId === vendorId && p.productId === productId && !p.serialNumber && free(p));
    // Identical adapters: the USB port it was plugged into tells them apart (replugged into the same port).
    const samePort = this.config.usbLocation ? alike.filter((p) => p.usbLocation === this.config.usbLocation) : [];
    if (samePort.length === 1) {
      this.unsure = undefined;
      return samePort[0]!.path;
    }
    if (alike.length > 1) {
      this.unsure = `Several adapters of this model (${vendorId}:${productId}) without serial numbers are plugged in (${alike.map((p) => p.path).join(', ')}): which one is ${this.config.label || this.config.id} cannot be told. Choose its port on the Devices page.`;
      return undefined;
    }
    this.unsure = undefined;
    return alike[0]?.path;
  }

  /** Why the device was not looked for on another port (two identical adapters), if that is why. */
  private unsure: string | undefined;

  async send(command: 'zero' | 'tare' | 'weight'): Promise<boolean> {
    return this.session?.send ? this.session.send(command) : false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    if (this.port) await closePort(this.port);
    await this.done;
  }
}
