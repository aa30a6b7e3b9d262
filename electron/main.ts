// Electron main: wiring only. Policies live in ./security, services in ./services, IPC in ./ipc.
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ipcChannel } from '../shared/ipc/contract';
import { registerMainHandlers } from './ipc/main-handlers';
import { registerAppScheme, serveRenderer } from './main-app-protocol';
import { createStationWindow, lockPermissions } from './main-window';
import { APP_ORIGIN } from './security/app-origin';
import { isTrustedSender } from './security/policies';
import { startStationServices } from './services/station-services';
import { setLinuxAutostart } from './services/autostart';
import { createUpdateController } from './services/updates/update-controller';
import { electronUpdaterAdapter } from './updater';

const here = path.dirname(fileURLToPath(import.meta.url));

registerAppScheme();
// A second instance must not start any service (it would open the serial ports twice): it hands over to
// the first and exits here.
if (!app.requestSingleInstanceLock()) {
  app.quit();
  process.exit(0);
}

app.on('web-contents-created', (_event, contents) => {
  // No window may open another one, whoever created it.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

app.whenReady().then(async () => {
  let logUpdate: (msg: string, extra?: object) => void = () => undefined;
  // Only a packaged app updates itself (a development run has no installer to replace).
  const updates = app.isPackaged
    ? createUpdateController(
        electronUpdaterAdapter((m, x) => logUpdate(m, x)),
        { log: (m, x) => logUpdate(m, x) },
      )
    : undefined;
  const services = await startStationServices({
    ...(updates ? { updates } : {}),
    dataDir: app.getPath('userData'),
    mode: 'electron',
    appName: app.getName(),
    appVersion: app.getVersion(),
    // The HQ token is sealed with the OS keyring where there is one; else it stays in a 0600 file.
    ...(safeStorage.isEncryptionAvailable()
      ? { tokenCipher: { encrypt: (plain: string) => safeStorage.encryptString(plain), decrypt: (sealed: Buffer) => safeStorage.decryptString(sealed) } }
      : {}),
    // The day report: A4 with its print stylesheet (charts are SVG, so the text stays text).
    printPagePdf: async () => {
      const page = BrowserWindow.getAllWindows()[0];
      if (!page) throw new Error('no station window to print');
      return page.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
    },
  });
  logUpdate = (msg, extra) => services.logger.log.info(extra ?? {}, msg);
  const applyAppSettings = (appSettings: { kiosk: boolean; startOnLogin: boolean }) => {
    if (process.platform === 'linux') {
      // An AppImage runs from a temporary mount: its own file is what starts it again.
      const execPath = process.env.APPIMAGE ?? process.execPath;
      void setLinuxAutostart(appSettings.startOnLogin, {
        configHome: process.env.XDG_CONFIG_HOME ?? path.join(app.getPath('home'), '.config'),
        execPath,
        name: app.getName(),
      }).catch((err) => services.logger.log.warn({ err }, 'could not set start on login'));
    } else app.setLoginItemSettings({ openAtLogin: appSettings.startOnLogin });
    for (const w of BrowserWindow.getAllWindows()) w.setKiosk(appSettings.kiosk);
  };
  serveRenderer(path.join(here, '../dist/renderer'));
  lockPermissions();
  registerMainHandlers(
    ipcMain,
    services.handlers,
    (url) => isTrustedSender(url, APP_ORIGIN),
    (channel, url) => services.logger.log.warn({ channel, url }, 'refused IPC from an untrusted frame'),
  );
  services.onEvent((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(ipcChannel(name), payload);
    if (name === 'settingsChanged') applyAppSettings((payload as { settings: { app: { kiosk: boolean; startOnLogin: boolean } } }).settings.app);
  });

  let win = createStationWindow(path.join(here, 'preload.cjs'));
  applyAppSettings((await services.handlers.settingsGet(undefined)).settings.app);
  app.on('second-instance', () => {
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createStationWindow(path.join(here, 'preload.cjs'));
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => void services.close());
});
