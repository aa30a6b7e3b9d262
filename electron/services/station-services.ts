import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { EmitEvent, EventName, EventPayload, StationHandlers } from '../../shared/ipc/contract';
import { createStationLogger, type StationLogger } from './logs/logger';
import type { PortLister } from './serial/list-ports';
import { openSettingsStore } from './settings/settings-store';
import { createStationHandlers } from './station-handlers';

export interface StationServicesOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  appName: string;
  appVersion: string;
  listPorts?: PortLister;
}

export type EventListener = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface StationServices {
  handlers: StationHandlers;
  logger: StationLogger;
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
    ...(options.listPorts ? { listPorts: options.listPorts } : {}),
  });
  logger.log.info({ mode: options.mode, version: options.appVersion }, 'station services started');

  return {
    handlers,
    logger,
    onEvent(listener) {
      bus.on('event', listener);
      return () => bus.off('event', listener);
    },
    async close() {
      bus.removeAllListeners();
      logger.log.info('station services stopped');
      await logger.close();
    },
  };
}
