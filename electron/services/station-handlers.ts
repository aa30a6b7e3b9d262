import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../shared/errors';
import type { AppInfo, EmitEvent, StationHandlers } from '../../shared/ipc/contract';
import { detectScaleProtocol } from './devices/detect-protocol';
import type { DeviceSupervisor } from './devices/device-supervisor';
import { writeFileAtomic } from './files/atomic-write';
import { printLabel } from './printing';
import { readEscPosStatus } from './printing/status';
import type { StationLogger } from './logs/logger';
import type { PortLister } from './serial/list-ports';
import { listSerialPorts } from './serial/list-ports';
import type { SettingsStore } from './settings/settings-store';
import type { HqLink } from './hq/hq-link';
import { diskSpace, logTail, redactSettings } from './diagnostics';
import type { UpdateController } from './updates/update-controller';

export interface HandlerDeps {
  info: AppInfo;
  settings: SettingsStore;
  logger: StationLogger;
  emit: EmitEvent;
  devices: DeviceSupervisor;
  hq: HqLink;
  listPorts?: PortLister;
  /** The window's page as PDF (Electron's printToPDF); absent in browser mode, where the page prints itself. */
  printPagePdf?: () => Promise<Uint8Array>;
  /** Electron only: the updater (browser mode has none). */
  updates?: UpdateController;
}

/** The one handler map both transports serve: Electron IPC in main, the WebSocket in browser mode. */
export function createStationHandlers(deps: HandlerDeps): StationHandlers {
  return {
    appInfo: async () => deps.info,
    settingsGet: async () => deps.settings.get(),
    settingsSet: async (patch) => {
      const state = await deps.settings.update(patch);
      deps.logger.log.info({ sections: Object.keys(patch) }, 'settings changed');
      if (patch.devices) await deps.devices.apply(state.settings.devices);
      deps.emit('settingsChanged', state);
      return state;
    },
    serialList: () => listSerialPorts(deps.listPorts),
    logWrite: async (entry) => {
      deps.logger.write(entry);
      return undefined;
    },
    devicesStatus: async () => deps.devices.statuses(),
    devicesTest: ({ id, timeoutMs }) => deps.devices.test(id, timeoutMs),
    devicesDetect: async ({ path }) => {
      if (deps.devices.isOpen(path)) throw new StationError('device_busy', `${path} is in use by a configured device: remove it first, or test it instead.`);
      return detectScaleProtocol(path);
    },
    scaleCapture: async ({ id, timeoutMs }) => ({ grams: await deps.devices.captureWeight(id, { timeoutMs }) }),
    scaleCommand: async ({ id, command }) => {
      await deps.devices.command(id, command);
      return undefined;
    },
    printerPrint: async ({ printerId, label }) => {
      const config = printerConfig(printerId);
      if (config.interface.startsWith('file:')) await mkdir(path.dirname(config.interface.slice('file:'.length)), { recursive: true });
      return printLabel(label, config);
    },
    reportPdf: async ({ fileName }) => {
      if (!deps.printPagePdf)
        throw new StationError('pdf_unavailable', 'Saving a PDF from here needs the desktop app: use the browser’s print dialog (Save as PDF).');
      const file = path.join(deps.info.dataDir, 'exports', fileName);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, await deps.printPagePdf());
      deps.logger.log.info({ file }, 'report saved as PDF');
      return { path: file };
    },
    updateStatus: async () => ({ supported: !!deps.updates, ...(deps.updates?.status() ?? { phase: 'off' as const, feedUrl: null }) }),
    stationActivity: async ({ busy }) => {
      deps.updates?.reportActivity(busy);
      return undefined;
    },
    diskSpace: () => diskSpace(deps.info.dataDir),
    diagnostics: async () => ({
      app: deps.info,
      node: process.versions.node,
      ...(process.versions.electron ? { electron: process.versions.electron } : {}),
      settings: redactSettings(deps.settings.get().settings),
      logTail: await logTail(deps.logger.file),
      ports: await listSerialPorts(deps.listPorts),
      devices: deps.devices.statuses(),
      hq: await deps.hq.status(),
      disk: await diskSpace(deps.info.dataDir),
      updates: { supported: !!deps.updates, ...(deps.updates?.status() ?? { phase: 'off' as const, feedUrl: null }) },
    }),
    hqStatus: () => deps.hq.status(),
    hqEnrol: async ({ url, code, installId, replace }) => {
      const { station } = deps.settings.get().settings;
      if (!station.warehouseId) throw new StationError('warehouse_not_set', 'Set this station’s warehouse id (Settings → Station) before enrolling.');
      const state = await deps.settings.update({ hq: { url } });
      deps.emit('settingsChanged', state);
      const status = await deps.hq.enrol({ warehouseId: station.warehouseId, stationId: station.id, code, installId, ...(replace ? { replace } : {}) });
      deps.logger.log.info(
        { warehouseId: status.warehouseId, stationId: status.stationId, lpnPrefix: status.lpnPrefix, replaced: replace ?? false },
        'enrolled with HQ',
      );
      return status;
    },
    hqPush: (body) => deps.hq.push(body),
    hqPull: ({ checkpoint }) => deps.hq.pull(checkpoint),
    hqPutBlobPart: (part) => deps.hq.putBlobPart(part),
    printerStatus: async ({ printerId }) => {
      const config = printerConfig(printerId);
      return config.kind === 'escpos' ? readEscPosStatus(config.interface) : { known: false, reason: 'ZPL printers are not asked for status' };
    },
  };

  /**
   * A printer's interface is where label bytes go, so it is checked here, whoever set it: the network,
   * a printer device, or a file inside the station's own spool folder — never any file on the machine.
   */
  function printerConfig(printerId: string) {
    const printer = deps.settings.get().settings.printers.find((p) => p.id === printerId);
    if (!printer) throw new StationError('printer_unknown', `No printer "${printerId}" is configured.`);
    const target = printer.config.interface;
    if (/^tcp:\/\//i.test(target)) return printer.config;
    if (target.startsWith('file:')) {
      const spool = path.join(deps.info.dataDir, 'spool');
      const file = path.resolve(spool, target.slice('file:'.length));
      if (!file.startsWith(`${spool}${path.sep}`))
        throw new StationError('printer_path_refused', `A file printer writes only inside ${spool}; "${target}" is outside it.`);
      return { ...printer.config, interface: `file:${file}` };
    }
    if (!/^(\/dev\/(usb\/lp\d+|lp\d+|tty[A-Za-z0-9]+)|COM\d+|\\\\\.\\[A-Za-z0-9]+)$/.test(target)) {
      throw new StationError(
        'printer_path_refused',
        `"${target}" is not a printer: use tcp://host:port, a printer device such as /dev/usb/lp0, or file: inside the spool folder.`,
      );
    }
    return printer.config;
  }
}
