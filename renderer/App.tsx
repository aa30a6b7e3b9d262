import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanSources } from './devices/ScanSources';
import { DevicesPage } from './features/devices/DevicesPage';
import { LabelsPage } from './features/labels/LabelsPage';
import { ManagerGate } from './features/manager/ManagerGate';
import { ReceivePage } from './features/receive/ReceivePage';
import { SettingsPage } from './features/settings/SettingsPage';
import { LanguageSwitch } from './shell/LanguageSwitch';
import { NavBar } from './shell/NavBar';
import { SettingsWarning } from './shell/SettingsWarning';
import { StatusBar } from './shell/StatusBar';
import { useHashRoute, type RouteId } from './shell/routes';
import { useStation } from './station-context';

// The manager's page (and its chart library) loads when first opened: the clerk's start stays fast.
const ReconcilePage = lazy(() => import('./features/reconcile/ReconcilePage').then((m) => ({ default: m.ReconcilePage })));

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'receive':
      return <ReceivePage />;
    case 'reconcile':
      return (
        <ManagerGate area={route}>
          <Suspense fallback={<p className="muted">…</p>}>
            <ReconcilePage />
          </Suspense>
        </ManagerGate>
      );
    case 'labels':
      return <LabelsPage />;
    case 'devices':
      return (
        <ManagerGate area={route}>
          <DevicesPage />
        </ManagerGate>
      );
    case 'settings':
      return (
        <ManagerGate area={route}>
          <SettingsPage />
        </ManagerGate>
      );
  }
}

export function App() {
  const { t } = useTranslation();
  const route = useHashRoute();
  const { settingsState } = useStation();
  const main = useRef<HTMLElement>(null);
  // Moving focus to the new section keeps keyboard users (and screen readers) where they navigated to.
  useEffect(() => main.current?.focus(), [route]);
  useEffect(() => {
    document.title = `${t(`nav.${route}`)} · ${t('app.title')}`;
  }, [route, t]);

  return (
    <div className="shell">
      <ScanSources />
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        <span className="station-name">{settingsState.settings.station.name || settingsState.settings.station.id}</span>
        <LanguageSwitch />
      </header>
      <NavBar current={route} />
      <main id="main" ref={main} tabIndex={-1} className="main">
        <SettingsWarning />
        <Page route={route} />
      </main>
      <StatusBar />
    </div>
  );
}
