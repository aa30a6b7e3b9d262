import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from '../../../shared/devices/device-status';
import { useDeviceStatuses } from '../../devices/use-devices';
import type { Receiving } from './use-receiving';

const DEVICE_WORDS: Record<Exclude<DeviceStatus['state'], 'connected'>, string> = {
  connecting: 'receive.scale.connecting',
  disconnected: 'receive.scale.unplugged',
  no_data: 'receive.scale.noData',
  error: 'receive.scale.unreadable',
};

/** The weighing step: what the scale is doing right now, in the clerk's words, and weight by hand. */
export function WeighStep({ r }: { r: Receiving }) {
  const { t } = useTranslation();
  const statuses = useDeviceStatuses();
  const [manual, setManual] = useState({ grams: '', reason: '' });
  const [invalid, setInvalid] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const grams = Number(manual.grams);
    const ok = Number.isInteger(grams) && grams > 0 && grams <= 1_000_000 && manual.reason.trim().length > 0;
    setInvalid(!ok);
    if (ok) void r.manualWeight(grams, manual.reason.trim());
  };
  const s = r.weighing.state;
  // The scale's connection first: unplugged, silent or speaking garbage, said in the clerk's words (never a path or an errno).
  const device = statuses.find((d) => d.id === r.scale?.id);
  const deviceProblem = device && device.state !== 'connected' ? DEVICE_WORDS[device.state] : undefined;
  const unreadable = s.kind === 'waiting' && s.why === 'scale_error' && s.detail?.startsWith('unreadable frame');
  const status = deviceProblem
    ? t(deviceProblem)
    : unreadable
      ? t('receive.scale.unreadable')
      : s.kind === 'place_parcel'
        ? t('receive.scale.placeParcel', { grams: Math.round(s.grams) })
        : s.kind === 'remove_previous'
          ? t('receive.scale.removePrevious', { grams: Math.round(s.grams) })
          : s.kind === 'waiting'
            ? t(`receive.scale.${s.why}`)
            : t('receive.weighing');
  return (
    <div data-testid="weigh">
      {!r.scale && <p>{t('receive.noScale')}</p>}
      {r.scale && (
        <p
          className={r.weighing.problem || (deviceProblem && device?.state !== 'connecting') || unreadable ? 'error-text big-hint' : 'big-hint'}
          data-testid="scale-state"
          data-device-state={device?.state}
        >
          {status}
        </p>
      )}
      {r.scale && <p className="muted">{t('receive.scale.keys')}</p>}
      {r.weighing.failure && <p className="error-text">{r.weighing.failure}</p>}
      <form className="form row" onSubmit={submit} noValidate>
        <label>
          {t('receive.manualGrams')}
          <input inputMode="numeric" value={manual.grams} aria-invalid={invalid} onChange={(e) => setManual({ ...manual, grams: e.target.value })} />
        </label>
        <label>
          {t('receive.manualReason')}
          <input value={manual.reason} aria-invalid={invalid} onChange={(e) => setManual({ ...manual, reason: e.target.value })} />
        </label>
        <button type="submit">{t('receive.useManual')}</button>
        {invalid && (
          <small className="error-text" role="alert">
            {t('receive.manualInvalid')}
          </small>
        )}
      </form>
    </div>
  );
}
