import { deviceName } from '../i18n/device-name';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import { useDeviceStatuses } from '../devices/use-devices';
import type { SyncStatus } from '../sync/sync-engine';
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
  const { sync } = useAppServices();
  const [syncStatus, setSyncStatus] = useState<SyncStatus | null>(null);
  useEffect(() => sync?.subscribe(setSyncStatus), [sync]);
  const ago = (iso: string | undefined) => (iso ? Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000)) : null);
  // What is waiting is never cut (the state and the counts); how old and when last sent give way first.
  const syncLine = syncStatus
    ? [
        `${t('status.sync')}: ${t(`status.syncState.${syncStatus.state}`)}`,
        syncStatus.state === 'needs_person' && syncStatus.lastError && i18n.exists(`errors.${syncStatus.lastError.code}`)
          ? ` (${t(`errors.${syncStatus.lastError.code}`)})`
          : '',
        ` · ${t('status.syncWaiting', { records: t('status.syncRecords', { count: syncStatus.recordsWaiting }), photos: t('status.syncPhotos', { count: syncStatus.photosWaiting }) })}`,
      ].join('')
    : '';
  const syncMore = syncStatus
    ? [
        ago(syncStatus.oldestWaitingAt) !== null ? t('status.syncOldest', { minutes: ago(syncStatus.oldestWaitingAt) }) : '',
        syncStatus.lastSuccessAt
          ? t('status.syncLast', { time: new Date(syncStatus.lastSuccessAt).toLocaleTimeString(i18n.language, { timeStyle: 'short' }) })
          : '',
        syncStatus.rejected > 0 ? t('status.syncRejected', { count: syncStatus.rejected }) : '',
      ]
        .filter(Boolean)
        .join(' · ')
    : '';
  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the shell's footer is the page's contentinfo landmark, which takes a name
    <footer className="status" aria-label={t('status.label')}>
      {/* Desktop or browser mode is for support, not the dock: said in the tooltip, so the bar fits 1366 px whole. */}
      <span
        className={`status-item conn-${state}`}
        data-testid="status-connection"
        title={t(mode === 'electron' ? 'status.modeElectron' : 'status.modeBrowser')}
      >
        <span className="dot" aria-hidden="true" />
        {t('status.connection')}: {t(`status.${state}`)}
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
                  {deviceName(t, d)}
                  {state !== 'connected' && `: ${t(`devices.states.${state}`)}`}
                </span>
              );
            })}
      </span>
      {syncStatus && (
        // The whole line (or HQ's error) is its tooltip.
        <span
          className={`status-item sync-${syncStatus.state}`}
          data-testid="status-sync"
          data-state={syncStatus.state}
          title={syncStatus.lastError?.message ?? [syncLine, syncMore].filter(Boolean).join(' · ')}
        >
          {syncLine}
        </span>
      )}
      {syncMore && (
        <span className="status-item status-more" data-testid="status-sync-more" title={syncMore}>
          · {syncMore}
        </span>
      )}
      <time className="status-item clock" dateTime={now.toISOString()} title={t('status.clock')}>
        {now.toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' })}
      </time>
    </footer>
  );
}
