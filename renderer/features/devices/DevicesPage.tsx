import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SerialPortList } from '../../../shared/ipc/contract';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';
import { AddDeviceForm } from './AddDeviceForm';
import { ConfiguredDevices } from './ConfiguredDevices';
import { PrintersSection } from './PrintersSection';
import { ScanTester } from './ScanTester';
import { WedgeSettingsForm } from './WedgeSettingsForm';

type PortList = { state: 'loading' } | ({ state: 'ready' } & SerialPortList) | { state: 'failed'; message: string };

export function DevicesPage() {
  const { t } = useTranslation();
  const { api } = useStation();
  const [ports, setPorts] = useState<PortList>({ state: 'loading' });
  const refresh = useCallback(async () => {
    setPorts({ state: 'loading' });
    try {
      setPorts({ state: 'ready', ...(await api.serialList()) });
    } catch (err) {
      setPorts({ state: 'failed', message: errorMessage(t, err) });
    }
  }, [api, t]);
  useEffect(() => void refresh(), [refresh]);

  return (
    <section className="page">
      <h1>{t('devices.heading')}</h1>

      <h2>{t('devices.configured')}</h2>
      <ConfiguredDevices />

      <h2>{t('printers.heading')}</h2>
      <PrintersSection />

      <h2>{t('devices.scanTest')}</h2>
      <WedgeSettingsForm />
      <ScanTester />

      <h2>{t('devices.addHeading')}</h2>
      <AddDeviceForm ports={ports.state === 'ready' ? ports.ports : []} />

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
      {ports.state === 'ready' && ports.detailsMissing !== undefined && (
        <p className="banner warn" role="status" data-testid="ports-details-missing">
          {t('devices.detailsMissing', { reason: ports.detailsMissing })}
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
    </section>
  );
}
