import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useDeviceStatuses } from '../devices/use-devices';
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
  const configured = settingsState.settings.devices.filter((d) => d.role !== 'printer');
  const statuses = useDeviceStatuses();
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
        {t('status.devices')}:{' '}
        {configured.length === 0
          ? t('status.devicesNone')
          : configured.map((d) => {
              const status = statuses.find((x) => x.id === d.id);
              const state = status?.state ?? 'connecting';
              // Connected devices show just their name; anything else says what is wrong.
              return (
                <span key={d.id} className={`device-pill state-${state}`} title={status?.message}>
                  {d.label || d.id}
                  {state !== 'connected' && `: ${t(`devices.states.${state}`)}`}
                </span>
              );
            })}
      </span>
      <span className="status-item muted" data-testid="status-sync" title={t('status.syncNotBuiltDetail')}>
        {t('status.sync')}: {t('status.syncNotBuilt')}
      </span>
      <time className="status-item clock" dateTime={now.toISOString()} title={t('status.clock')}>
        {now.toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' })}
      </time>
    </footer>
  );
}
