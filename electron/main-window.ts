import { BrowserWindow, session, type Session } from 'electron';
import { APP_ORIGIN, APP_START_URL } from './security/app-origin';
import { isNavigationAllowed, isPermissionAllowed } from './security/policies';
import { stationWindowOptions } from './security/window-options';

/** Camera for the app's own pages, nothing else, for both permission requests and checks. */
export function lockPermissions(ses: Session = session.defaultSession): void {
  ses.setPermissionRequestHandler((webContents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(isPermissionAllowed(permission, details.requestingUrl ?? webContents.getURL(), APP_ORIGIN, mediaTypes));
  });
  ses.setPermissionCheckHandler((_webContents, permission, requestingOrigin, details) =>
    isPermissionAllowed(permission, requestingOrigin, APP_ORIGIN, details.mediaType ? [details.mediaType] : []),
  );
}

export function createStationWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow(stationWindowOptions(preloadPath));
  const contents = win.webContents;
  contents.on('will-navigate', (event, url) => {
    if (!isNavigationAllowed(url, APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isNavigationAllowed(url, APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_START_URL);
  return win;
}
