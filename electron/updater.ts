// electron-updater behind the controller's small interface: main wires it; the decisions (when to check,
// when to install) are the controller's, tested without Electron.
import electronUpdater from 'electron-updater';
import type { Updater } from './services/updates/update-controller';

export function electronUpdaterAdapter(log: (msg: string, extra?: object) => void): Updater {
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  // Installing is the controller's decision, at an idle moment, never on a quit mid-parcel.
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = {
    info: (m: unknown) => log(String(m)),
    warn: (m: unknown) => log(String(m)),
    error: (m: unknown) => log(String(m)),
    debug: () => undefined,
  };
  return {
    setFeedURL: (feed) => autoUpdater.setFeedURL(feed),
    async checkAndDownload() {
      const result = await autoUpdater.checkForUpdates();
      if (!result?.isUpdateAvailable) return null;
      await result.downloadPromise;
      return result.updateInfo.version;
    },
    quitAndInstall: () => autoUpdater.quitAndInstall(false, true),
  };
}
