import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useStation } from '../station-context';

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 15_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Always-visible facts about the station. Only real values; what does not exist yet says so. */
export function StatusBar() {
  const { t, i18n } = useTranslation();
  const { connection, mode, settingsState } = useStation();
  const state = useSyncExternalStore(connection.subscribe, connection.get);
  const devices = settingsState.settings.devices.length;
  const now = useClock();
  return (
    <footer className="status" aria-label={t('status.label')}>
      <span className={`status-item conn-${state}`} data-testid="status-connection">
        <span className="dot" aria-hidden="true" />
        {t('status.connection')}: {t(`status.${state}`)} ({t(mode === 'electron' ? 'status.modeElectron' : 'status.modeBrowser')})
      </span>
      <span className="status-item" data-testid="status-station">
        {t('status.station')}: {settingsState.settings.station.id}
      </span>
      <span className="status-item" data-testid="status-devices">
        {t('status.devices')}: {devices === 0 ? t('status.devicesNone') : t('status.devicesConfigured', { count: devices })}
      </span>
      <span className="status-item muted" data-testid="status-sync">
        {t('status.sync')}: {t('status.syncNotBuilt')}
      </span>
      <time className="status-item clock" dateTime={now.toISOString()} title={t('status.clock')}>
        {now.toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
      </time>
    </footer>
  );
}
