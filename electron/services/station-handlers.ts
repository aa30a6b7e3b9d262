import type { AppInfo, EmitEvent, StationHandlers } from '../../shared/ipc/contract';
import type { StationLogger } from './logs/logger';
import type { PortLister } from './serial/list-ports';
import { listSerialPorts } from './serial/list-ports';
import type { SettingsStore } from './settings/settings-store';

export interface HandlerDeps {
  info: AppInfo;
  settings: SettingsStore;
  logger: StationLogger;
  emit: EmitEvent;
  listPorts?: PortLister;
}

/** The one handler map both transports serve: Electron IPC in main, the WebSocket in browser mode. */
export function createStationHandlers(deps: HandlerDeps): StationHandlers {
  return {
    appInfo: async () => deps.info,
    settingsGet: async () => deps.settings.get(),
    settingsSet: async (patch) => {
      const state = await deps.settings.update(patch);
      deps.logger.log.info({ sections: Object.keys(patch) }, 'settings changed');
      deps.emit('settingsChanged', state);
      return state;
    },
    serialList: () => listSerialPorts(deps.listPorts),
    logWrite: async (entry) => {
      deps.logger.write(entry);
      return undefined;
    },
  };
}
