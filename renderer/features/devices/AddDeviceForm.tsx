import { deviceName } from '../../i18n/device-name';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SCALE_COMMANDS, SCALE_PROTOCOLS, type ScaleProtocol } from '../../../shared/devices/scale';
import type { SerialPortInfo } from '../../../shared/ipc/contract';
import { DeviceConfigSchema, type DeviceConfig } from '../../../shared/settings/schema';
import { errorMessage } from '../../errors';
import { useStation } from '../../station-context';
import { describeReading } from './format';

const BAUDS = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];
type Draft = Omit<DeviceConfig, 'id'>;
const blank = (): Draft => ({ role: 'scale', label: '', path: '', protocol: 'mt-sics', ...SCALE_COMMANDS['mt-sics'].line });

export function AddDeviceForm({ ports }: { ports: SerialPortInfo[] }) {
  const { t } = useTranslation();
  const { api, settingsState } = useStation();
  const [draft, setDraft] = useState<Draft>(blank);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const setProtocol = (protocol: ScaleProtocol) =>
    set({ protocol, ...SCALE_COMMANDS[protocol].line, ...(protocol === 'toledo-8217' ? { unit: 'lb' as const } : { unit: undefined }) });

  const detect = async () => {
    setBusy(true);
    setMessage({ ok: true, text: t('devices.detecting') });
    try {
      const r = await api.devicesDetect({ path: draft.path });
      if (r.protocol) {
        setProtocol(r.protocol);
        setMessage({ ok: true, text: t('devices.detected', { protocol: r.protocol, reading: r.reading ? describeReading(t, r.reading) : '' }) });
      } else {
        setMessage({ ok: false, text: t('devices.notDetected', { tried: r.tried.map((x) => `${x.protocol}: ${x.outcome}`).join('; ') }) });
      }
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const existing = settingsState.settings.devices;
    let n = existing.filter((d) => d.role === draft.role).length + 1;
    while (existing.some((d) => d.id === `${draft.role}-${n}`)) n++;
    const port = ports.find((p) => p.path === draft.path);
    const candidate = {
      ...draft,
      id: `${draft.role}-${n}`,
      ...(draft.role !== 'scale' ? { protocol: undefined, unit: undefined } : {}),
      ...(port?.serialNumber ? { serialNumber: port.serialNumber } : {}),
      ...(port?.vendorId && port.productId ? { vendorId: port.vendorId, productId: port.productId } : {}),
      ...(port?.usbLocation ? { usbLocation: port.usbLocation } : {}),
    };
    const checked = DeviceConfigSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
    if (!checked.success) {
      setMessage({ ok: false, text: checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    setBusy(true);
    try {
      await api.settingsSet({ devices: [...existing, checked.data] });
      setDraft(blank());
      setMessage({ ok: true, text: t('devices.added', { label: deviceName(t, checked.data) }) });
    } catch (err) {
      setMessage({ ok: false, text: errorMessage(t, err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form wide" onSubmit={(e) => void save(e)} data-testid="add-device">
      <div className="row">
        <label>
          {t('devices.role')}
          <select value={draft.role} onChange={(e) => set({ role: e.target.value as Draft['role'] })}>
            <option value="scale">{t('devices.roles.scale')}</option>
            <option value="scanner">{t('devices.roles.scanner')}</option>
          </select>
        </label>
        <label>
          {t('devices.path')}
          <input
            list="serial-ports"
            required
            value={draft.path}
            onChange={(e) => set({ path: e.target.value })}
            placeholder="/dev/ttyUSB0"
            autoComplete="off"
          />
          <datalist id="serial-ports">
            {ports.map((p) => (
              <option key={p.path} value={p.path}>
                {p.manufacturer ?? ''}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          {t('devices.label')}
          <input value={draft.label} maxLength={64} onChange={(e) => set({ label: e.target.value })} autoComplete="off" />
        </label>
      </div>
      {draft.role === 'scale' && (
        <div className="row">
          <label>
            {t('devices.protocol')}
            <select value={draft.protocol} onChange={(e) => setProtocol(e.target.value as ScaleProtocol)}>
              {SCALE_PROTOCOLS.map((p) => (
                <option key={p} value={p}>
                  {t(`devices.protocols.${p}`)}
                </option>
              ))}
            </select>
          </label>
          {draft.protocol === 'toledo-8217' && (
            <label>
              {t('devices.unit')}
              <select value={draft.unit ?? 'lb'} onChange={(e) => set({ unit: e.target.value as Draft['unit'] })}>
                {['lb', 'kg', 'g', 'oz'].map((u) => (
                  <option key={u}>{u}</option>
                ))}
              </select>
            </label>
          )}
          <button type="button" onClick={() => void detect()} disabled={busy || !draft.path}>
            {t('devices.detect')}
          </button>
        </div>
      )}
      <div className="row">
        <label>
          {t('devices.baud')}
          <select value={draft.baudRate} onChange={(e) => set({ baudRate: Number(e.target.value) })}>
            {BAUDS.map((b) => (
              <option key={b}>{b}</option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.dataBits')}
          <select value={draft.dataBits} onChange={(e) => set({ dataBits: Number(e.target.value) as 7 | 8 })}>
            <option>7</option>
            <option>8</option>
          </select>
        </label>
        <label>
          {t('devices.parity')}
          <select value={draft.parity} onChange={(e) => set({ parity: e.target.value as Draft['parity'] })}>
            {(['none', 'even', 'odd'] as const).map((p) => (
              <option key={p} value={p}>
                {t(`devices.parities.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.stopBits')}
          <select value={draft.stopBits} onChange={(e) => set({ stopBits: Number(e.target.value) as 1 | 2 })}>
            <option>1</option>
            <option>2</option>
          </select>
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('devices.add')}
        </button>
        <span role="status" className={message?.ok === false ? 'error-text' : 'ok-text'}>
          {message?.text}
        </span>
      </div>
    </form>
  );
}
