import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ScanSources } from './devices/ScanSources';
import { ManagerGate } from './features/manager/ManagerGate';
import { ReceivePage } from './features/receive/ReceivePage';
import { LanguageSwitch } from './shell/LanguageSwitch';
import { NavBar } from './shell/NavBar';
import { SettingsWarning } from './shell/SettingsWarning';
import { StatusBar } from './shell/StatusBar';
import { useHashRoute, type RouteId } from './shell/routes';
import { useStation } from './station-context';

// Every page but Receive loads when first opened (Reconcile's charts, the labels' barcode renderer,
// Settings' backup zip): the clerk's start stays fast.
const ReconcilePage = lazy(() => import('./features/reconcile/ReconcilePage').then((m) => ({ default: m.ReconcilePage })));
const LabelsPage = lazy(() => import('./features/labels/LabelsPage').then((m) => ({ default: m.LabelsPage })));
const DevicesPage = lazy(() => import('./features/devices/DevicesPage').then((m) => ({ default: m.DevicesPage })));
const BenchPage = lazy(() => import('./features/bench/BenchPage').then((m) => ({ default: m.BenchPage })));
const SettingsPage = lazy(() => import('./features/settings/SettingsPage').then((m) => ({ default: m.SettingsPage })));
const loading = <p className="muted">…</p>;

function Page({ route }: { route: RouteId }) {
  switch (route) {
    case 'receive':
      return <ReceivePage />;
    case 'reconcile':
      return (
        <ManagerGate area={route}>
          <Suspense fallback={loading}>
            <ReconcilePage />
          </Suspense>
        </ManagerGate>
      );
    case 'labels':
      return (
        <Suspense fallback={loading}>
          <LabelsPage />
        </Suspense>
      );
    case 'devices':
      return (
        <ManagerGate area={route}>
          <Suspense fallback={loading}>
            <DevicesPage />
          </Suspense>
        </ManagerGate>
      );
    case 'bench':
      return (
        <Suspense fallback={loading}>
          <BenchPage />
        </Suspense>
      );
    case 'settings':
      return (
        <ManagerGate area={route}>
          <Suspense fallback={loading}>
            <SettingsPage />
          </Suspense>
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
  // biome-ignore lint/correctness/useExhaustiveDependencies: it runs because the route changed
  useEffect(() => main.current?.focus(), [route]);
  useEffect(() => {
    document.title = `${t(`nav.${route}`)} · ${t('app.title')}`;
  }, [route, t]);

  return (
    <div className="shell">
      <ScanSources />
      <header className="topbar">
        <span className="brand">{t('app.title')}</span>
        {/* The station, always in view (the status bar leaves it here): its name and its id. */}
        <span className="station-name" data-testid="station-name" title={t('status.station')}>
          {settingsState.settings.station.name
            ? `${settingsState.settings.station.name} · ${settingsState.settings.station.id}`
            : settingsState.settings.station.id}
        </span>
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
