import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { EmitEvent, EventName, EventPayload, StationHandlers } from '../../shared/ipc/contract';
import { createDeviceSupervisor, type DeviceSupervisor } from './devices/device-supervisor';
import { createStationLogger, type StationLogger } from './logs/logger';
import { listSerialPorts } from './serial/list-ports';
import type { PortLister } from './serial/list-ports';
import { openSettingsStore } from './settings/settings-store';
import { createStationHandlers } from './station-handlers';
import { createHqLink, type TokenCipher } from './hq/hq-link';
import type { UpdateController } from './updates/update-controller';

export interface StationServicesOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  appName: string;
  appVersion: string;
  listPorts?: PortLister;
  /** Electron's safeStorage, where the OS has a keyring: the HQ token is sealed with it. */
  tokenCipher?: TokenCipher;
  /** Electron: the station window's page as PDF, for the day report. */
  printPagePdf?: () => Promise<Uint8Array>;
  /** Electron: the updater, configured from settings here. */
  updates?: UpdateController;
}

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface StationServices {
  handlers: StationHandlers;
  logger: StationLogger;
  devices: DeviceSupervisor;
  /** Every event any service publishes, for the transport to forward. */
  onEvent(listener: EventListener): () => void;
  close(): Promise<void>;
}

/** Starts everything behind the contract. Electron main and the browser-mode host both call this. */
export async function startStationServices(options: StationServicesOptions): Promise<StationServices> {
  const logger = await createStationLogger(path.join(options.dataDir, 'logs'));
  const settings = await openSettingsStore(options.dataDir);
  const warning = settings.get().warning;
  if (warning) logger.log.warn({ warning }, 'settings fell back to defaults');

  const bus = new EventEmitter();
  const emit: EmitEvent = (name, payload) => bus.emit('event', name, payload);
  const devices = createDeviceSupervisor({ listPorts: async () => (await listSerialPorts(options.listPorts)).ports });
  devices.onEvent((e) => {
    const at = new Date().toISOString();
    if (e.type === 'status') {
      emit('deviceStatus', e.status);
      if (e.status.state !== 'connected') logger.log.warn({ device: e.status.id, state: e.status.state, message: e.status.message }, 'device not connected');
    } else if (e.type === 'reading') emit('scaleReading', { id: e.id, reading: e.reading, at });
    else if (e.type === 'scan') emit('scannerScan', { id: e.id, data: e.data, at });
    else if (e.type === 'moved') {
      // Remember the new path so the next start finds the device at once.
      const moved = settings.get().settings.devices.map((d) => (d.id === e.id ? { ...d, path: e.path } : d));
      void settings
        .update({ devices: moved })
        .then((state) => emit('settingsChanged', state))
        .catch((err) => logger.log.error({ err }, 'could not save a moved device'));
      logger.log.info({ device: e.id, path: e.path }, 'device found on a new path');
    }
  });
  await devices.apply(settings.get().settings.devices);
  const handlers = createStationHandlers({
    info: {
      name: options.appName,
      version: options.appVersion,
      mode: options.mode,
      platform: `${process.platform}-${process.arch}`,
      dataDir: options.dataDir,
      logFile: logger.file,
      startedAt: new Date().toISOString(),
    },
    settings,
    logger,
    emit,
    devices,
    hq: createHqLink({
      dataDir: options.dataDir,
      baseUrl: () => settings.get().settings.hq.url,
      appVersion: options.appVersion,
      ...(options.tokenCipher ? { cipher: options.tokenCipher } : {}),
    }),
    ...(options.listPorts ? { listPorts: options.listPorts } : {}),
    ...(options.printPagePdf ? { printPagePdf: options.printPagePdf } : {}),
    ...(options.updates ? { updates: options.updates } : {}),
  });
  const updates = options.updates;
  let updateTimer: NodeJS.Timeout | undefined;
  if (updates) {
    updates.configure(settings.get().settings.app.updateUrl);
    bus.on('event', (name: EventName, payload: unknown) => {
      if (name === 'settingsChanged') updates.configure((payload as { settings: { app: { updateUrl: string } } }).settings.app.updateUrl);
    });
    updateTimer = setInterval(() => void updates.tick(), 60_000);
    updateTimer.unref();
  }
  logger.log.info({ mode: options.mode, version: options.appVersion }, 'station services started');

  return {
    handlers,
    logger,
    devices,
    onEvent(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    async close() {
      clearInterval(updateTimer);
      await devices.stop();
      bus.removeAllListeners();
      logger.log.info('station services stopped');
      await logger.close();
    },
  };
}
