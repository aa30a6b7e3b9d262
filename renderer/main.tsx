import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppServicesProvider } from './app-services';
import { ManagerSessionProvider } from './features/manager/manager-session';
import { openStationDb } from './db/station-db';
import { initI18n, setUiLanguage, systemLanguage } from './i18n';
import { connectStation } from './platform/station';
import { StationProvider } from './station-context';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function start() {
  const i18n = await initI18n(systemLanguage(navigator.languages));
  const platform = connectStation();
  window.addEventListener('error', (e) => void platform.api.logWrite({ level: 'error', message: e.message || 'window error' }).catch(() => undefined));
  window.addEventListener(
    'unhandledrejection',
    (e) => void platform.api.logWrite({ level: 'error', message: `Unhandled rejection: ${String(e.reason)}`.slice(0, 4000) }).catch(() => undefined),
  );
  try {
    const [appInfo, settingsState, { db, persisted }] = await Promise.all([platform.api.appInfo(), platform.api.settingsGet(), openStationDb()]);
    if (!persisted)
      void platform.api
        .logWrite({ level: 'warn', message: 'The browser did not grant persistent storage: the station database could be evicted under storage pressure.' })
        .catch(() => undefined);
    const language = settingsState.settings.ui.language;
    if (language) await setUiLanguage(language);
    root.render(
      <StrictMode>
        <StationProvider platform={platform} appInfo={appInfo} initialSettings={settingsState}>
          <AppServicesProvider db={db} persisted={persisted}>
            <ManagerSessionProvider>
              <App />
            </ManagerSessionProvider>
          </AppServicesProvider>
        </StationProvider>
      </StrictMode>,
    );
  } catch (err) {
    root.render(
      <div className="boot-failed" role="alert">
        <p>{i18n.t('app.startFailed', { message: (err as Error).message })}</p>
        <button type="button" onClick={() => window.location.reload()}>
          {i18n.t('app.retry')}
        </button>
      </div>,
    );
  }
}

void start();
