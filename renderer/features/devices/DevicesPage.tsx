import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SerialPortInfo } from '../../../shared/ipc/contract';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';

type PortList = { state: 'loading' } | { state: 'ready'; ports: SerialPortInfo[] } | { state: 'failed'; message: string };

export function DevicesPage() {
  const { t } = useTranslation();
  const { api, settingsState } = useStation();
  const [ports, setPorts] = useState<PortList>({ state: 'loading' });
  const refresh = useCallback(async () => {
    setPorts({ state: 'loading' });
    try {
      setPorts({ state: 'ready', ports: await api.serialList() });
    } catch (err) {
      setPorts({ state: 'failed', message: errorMessage(t, err) });
    }
  }, [api, t]);
  useEffect(() => void refresh(), [refresh]);
  const devices = settingsState.settings.devices;

  return (
    <section className="page">
      <h1>{t('devices.heading')}</h1>
      <p className="notice">{t('devices.notBuilt')}</p>

      <div className="section-head">
        <h2>{t('devices.ports')}</h2>
        <button type="button" onClick={() => void refresh()} disabled={ports.state === 'loading'}>
          {ports.state === 'loading' ? t('devices.refreshing') : t('devices.refresh')}
        </button>
      </div>
      {ports.state === 'failed' && (
        <p className="banner error" role="alert">
          {t('devices.listFailed', { message: ports.message })}
        </p>
      )}
      {ports.state === 'ready' && ports.ports.length === 0 && <p className="empty">{t('devices.noPorts')}</p>}
      {ports.state === 'ready' && ports.ports.length > 0 && (
        <table className="table" data-testid="serial-ports">
          <thead>
            <tr>
              <th scope="col">{t('devices.path')}</th>
              <th scope="col">{t('devices.manufacturer')}</th>
              <th scope="col">{t('devices.ids')}</th>
            </tr>
          </thead>
          <tbody>
            {ports.ports.map((p) => (
              <tr key={p.path}>
                <td className="mono">{p.path}</td>
                <td>{p.manufacturer ?? '—'}</td>
                <td className="mono">{p.vendorId ? `${p.vendorId}:${p.productId ?? '?'}` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('devices.configured')}</h2>
      {devices.length === 0 ? (
        <p className="empty">{t('devices.noneConfigured')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('devices.role')}</th>
              <th scope="col">{t('devices.path')}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr key={d.id}>
                <td>{t(`devices.roles.${d.role}`)}</td>
                <td className="mono">{d.path}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
