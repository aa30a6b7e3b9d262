import { deviceName } from '../../i18n/device-name';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceConfig } from '../../../shared/settings/schema';
import { useDeviceStatuses, useScaleReadings } from '../../devices/use-devices';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';
import { describeReading, showControls } from './format';

type RowResult = { id: string; ok: boolean; text: string } | null;

export function ConfiguredDevices() {
  const { t } = useTranslation();
  const { api, settingsState } = useStation();
  const statuses = useDeviceStatuses();
  const readings = useScaleReadings();
  const [result, setResult] = useState<RowResult>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const devices = settingsState.settings.devices;

  const run = async (device: DeviceConfig, action: 'test' | 'zero' | 'tare' | 'remove') => {
    setBusy(`${device.id}:${action}`);
    setResult(action === 'test' ? { id: device.id, ok: true, text: t(device.role === 'scanner' ? 'devices.scanNow' : 'devices.testing') } : null);
    try {
      if (action === 'remove') {
        await api.settingsSet({ devices: devices.filter((d) => d.id !== device.id) });
      } else if (action === 'test') {
        const r = await api.devicesTest({ id: device.id, timeoutMs: device.role === 'scanner' ? 15_000 : 5000 });
        setResult({
          id: device.id,
          ok: true,
          text: t('devices.testResult', { result: r.reading ? describeReading(t, r.reading) : t('devices.scanned', { data: showControls(r.scan ?? '') }) }),
        });
      } else {
        await api.scaleCommand({ id: device.id, command: action });
        setResult({ id: device.id, ok: true, text: t(`devices.${action}Done`) });
      }
    } catch (err) {
      setResult({ id: device.id, ok: false, text: errorMessage(t, err) });
    } finally {
      setBusy(null);
    }
  };

  if (devices.length === 0) return <p className="empty">{t('devices.noneConfigured')}</p>;
  return (
    <table className="table devices" data-testid="configured-devices">
      <thead>
        <tr>
          <th scope="col">{t('devices.device')}</th>
          <th scope="col">{t('devices.state')}</th>
          <th scope="col">{t('devices.live')}</th>
          <th scope="col">{t('devices.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {devices.map((d) => {
          const status = statuses.find((s) => s.id === d.id);
          const live = readings[d.id];
          return (
            <tr key={d.id} data-testid={`device-${d.id}`}>
              <td>
                <strong>{deviceName(t, d)}</strong>
                <div className="muted">
                  {t(`devices.roles.${d.role}`)} · <span className="mono">{status?.path ?? d.path}</span>
                  {d.protocol ? ` · ${d.protocol}` : ''} · {d.baudRate} {d.dataBits}
                  {d.parity[0]!.toUpperCase()}
                  {d.stopBits}
                </div>
              </td>
              <td>
                <span className={`badge state-${status?.state ?? 'connecting'}`} data-testid={`device-state-${d.id}`}>
                  {t(`devices.states.${status?.state ?? 'connecting'}`)}
                </span>
                {status?.message && <div className="small">{status.message}</div>}
              </td>
              <td className="live" data-testid={`device-live-${d.id}`} aria-live="polite">
                {d.role === 'scale' ? (live ? describeReading(t, live.reading) : '—') : '—'}
                {result?.id === d.id && <div className={result.ok ? 'ok-text' : 'error-text'}>{result.text}</div>}
              </td>
              <td className="actions">
                <button type="button" onClick={() => void run(d, 'test')} disabled={busy !== null}>
                  {t('devices.test')}
                </button>
                {d.role === 'scale' && (
                  <>
                    <button type="button" onClick={() => void run(d, 'zero')} disabled={busy !== null}>
                      {t('devices.zero')}
                    </button>
                    <button type="button" onClick={() => void run(d, 'tare')} disabled={busy !== null}>
                      {t('devices.tare')}
                    </button>
                  </>
                )}
                <button type="button" onClick={() => void run(d, 'remove')} disabled={busy !== null}>
                  {t('devices.remove')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
